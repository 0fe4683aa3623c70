/**
 * The rows of a sortable, filterable table, for tables whose rows are the
 * loaded items themselves (databases, environments, domains). Per list of
 * items, each row's search text is lower-cased once and each sort order is
 * built once, with its own filter, so a keystroke is one pass of `includes`
 * and a header click after the first is free. A new load is a new list and
 * starts afresh.
 */
import { compareNaturalKeyed, naturalKey } from './naturalSort';
import { createRowFilter, type RowFilter } from './rowFilter';

/** Text sorts naturally (db-2 before db-10); numbers by value. */
export type SortValue = string | number;

export interface TableSpec<T, C extends string> {
  /** What the filter looks at: every word of a query must be somewhere in it (any case). */
  search: (row: T) => string;
  /** Orders ties in every column, and is the name column's own order. */
  name: (row: T) => string;
  columns: Readonly<Record<C, (row: T) => SortValue>>;
}

export interface TableSort<C extends string> {
  column: C;
  descending: boolean;
}

interface Keyed<T> {
  row: T;
  name: string;
  nameKey: string | null;
}

interface Table<T> {
  spec: object;
  keyed: Keyed<T>[];
  text: Map<T, string>;
  orders: Map<string, { rows: readonly T[]; filter: RowFilter<T> }>;
}

const tables = new WeakMap<readonly unknown[], Table<unknown>>();

function tableOf<T, C extends string>(items: readonly T[], spec: TableSpec<T, C>): Table<T> {
  const cached = tables.get(items) as Table<T> | undefined;
  if (cached && cached.spec === spec) return cached;
  const table: Table<T> = {
    spec,
    keyed: items.map((row) => {
      const name = spec.name(row);
      return { row, name, nameKey: naturalKey(name) };
    }),
    text: new Map(items.map((row) => [row, spec.search(row).toLowerCase()])),
    orders: new Map(),
  };
  tables.set(items, table as Table<unknown>);
  return table;
}

const byName = <T>(a: Keyed<T>, b: Keyed<T>) => compareNaturalKeyed(a.name, a.nameKey, b.name, b.nameKey);

function sortRows<T, C extends string>(keyed: readonly Keyed<T>[], spec: TableSpec<T, C>, column: C): T[] {
  const value = spec.columns[column];
  const valued = keyed.map((k) => {
    const v = value(k.row);
    return { k, v, key: typeof v === 'string' ? naturalKey(v) : null };
  });
  valued.sort((a, b) => {
    const order =
      typeof a.v === 'number' && typeof b.v === 'number'
        ? a.v - b.v
        : compareNaturalKeyed(String(a.v), a.key, String(b.v), b.key);
    return order || byName(a.k, b.k);
  });
  return valued.map((x) => x.k.row);
}

/** `items` in `sort` order that match `query`; `items` is never changed. */
export function tableRows<T, C extends string>(
  items: readonly T[],
  spec: TableSpec<T, C>,
  sort: TableSort<C>,
  query: string,
): readonly T[] {
  const table = tableOf(items, spec);
  const id = `${sort.column}:${sort.descending ? 'desc' : 'asc'}`;
  let order = table.orders.get(id);
  if (!order) {
    const ascending = sortRows(table.keyed, spec, sort.column);
    const rows = sort.descending ? ascending.reverse() : ascending;
    order = { rows, filter: createRowFilter(rows, (row) => table.text.get(row) ?? '') };
    table.orders.set(id, order);
  }
  return order.filter(query);
}

/** The next sort after a header click: the same column turns round, another starts ascending. */
export function nextSort<C extends string>(sort: TableSort<C>, column: C): TableSort<C> {
  return { column, descending: sort.column === column ? !sort.descending : false };
}

/** A sortable column header (a `GridHead` column): its direction while the table is sorted by it, and its click. */
export function sortHeader<C extends string>(
  label: string,
  id: C,
  sort: TableSort<C>,
  onSort: (id: C) => void,
): { label: string; sort: 'ascending' | 'descending' | null; onSort: () => void } {
  return {
    label,
    sort: sort.column === id ? (sort.descending ? 'descending' : 'ascending') : null,
    onSort: () => onSort(id),
  };
}
