/**
 * The roles and users tables as rows: what every view of the table needs
 * (search text lower-cased, names' natural-sort keys) is computed once per
 * snapshot, what only one sort needs (dates, memberships' keys) when that
 * sort is first asked for, and each sort order once per snapshot, so a
 * keystroke or a scroll costs only the rows on screen. While a snapshot
 * streams in, each list grows by pages: the rows of a new page are sorted
 * alone and merged into the orders already built, never sorted again whole.
 */
import type { Role, User } from '../../../../shared/contract';
import { compareNaturalKeyed, naturalKey } from '../../model/naturalSort';
import { extendsList, mergeSorted } from '../../model/pagedLoad';
import { createRowFilter, type RowFilter } from '../../model/rowFilter';
import type { PrincipalColumn, PrincipalSort } from '../../stores/iam';

export interface PrincipalRow {
  principal: Role | User;
  name: string;
  nameKey: string | null;
  /** Name, ARN and attached policy names, lower case, one per line. */
  search: string;
  attached: number;
  inline: number;
  /** Instance profiles of a role, groups of a user, comma-separated; '' for none. */
  memberships: string;
  /** naturalKey(memberships), computed when that sort is first asked for. */
  membershipsKey?: string | null;
}

function epoch(iso: string | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/** Built by concatenation, not arrays and joins: at 20,000 rows the garbage is most of the cost. */
function rowOf(principal: Role | User): PrincipalRow {
  let search = `${principal.name}\n${principal.arn}`;
  for (const p of principal.attachedPolicies) search += `\n${p.policyName}`;
  let memberships = '';
  const names = 'instanceProfiles' in principal ? principal.instanceProfiles : principal.groups;
  for (const m of names) memberships += `${memberships ? ', ' : ''}${typeof m === 'string' ? m : m.name}`;
  return {
    principal,
    name: principal.name,
    nameKey: naturalKey(principal.name),
    search: search.toLowerCase(),
    attached: principal.attachedPolicies.length,
    inline: principal.inlinePolicies.length,
    memberships,
  };
}

const byName = (a: PrincipalRow, b: PrincipalRow) => compareNaturalKeyed(a.name, a.nameKey, b.name, b.nameKey);

/** Numeric columns by their value: never used counts as the oldest. */
const numbers: Record<Exclude<PrincipalColumn, 'name' | 'memberships'>, (row: PrincipalRow) => number> = {
  attached: (row) => row.attached,
  inline: (row) => row.inline,
  created: (row) => epoch(row.principal.createDate) ?? 0,
  lastUsed: (row) => ('lastUsed' in row.principal ? epoch(row.principal.lastUsed?.date) : null) ?? -Infinity,
};

const membershipsKey = (row: PrincipalRow) =>
  row.membershipsKey === undefined ? (row.membershipsKey = naturalKey(row.memberships)) : row.membershipsKey;

/** The order of every sort, one pair of rows at a time: what merging a page into a sorted list compares with. */
function compareBy(column: PrincipalColumn): (a: PrincipalRow, b: PrincipalRow) => number {
  if (column === 'name') return byName;
  if (column === 'memberships') {
    // No memberships sort last, as an empty cell reads as "nothing to see".
    return (a, b) =>
      (a.memberships === '' ? 1 : 0) - (b.memberships === '' ? 1 : 0) ||
      compareNaturalKeyed(a.memberships, membershipsKey(a), b.memberships, membershipsKey(b)) ||
      byName(a, b);
  }
  const value = numbers[column];
  return (a, b) => value(a) - value(b) || byName(a, b);
}

/** Ascending by `column`, ties by name, so equal counts read alphabetically; each row's value computed once. */
function sortRows(rows: readonly PrincipalRow[], column: PrincipalColumn): PrincipalRow[] {
  if (column === 'name') return [...rows].sort(byName);
  if (column === 'memberships') {
    for (const row of rows) membershipsKey(row);
    return [...rows].sort(compareBy('memberships'));
  }
  const value = numbers[column];
  return rows
    .map((row) => ({ row, n: value(row) }))
    .sort((a, b) => a.n - b.n || byName(a.row, b.row))
    .map((x) => x.row);
}

interface Table {
  source: readonly (Role | User)[];
  rows: PrincipalRow[];
  /** Ascending orders by column, built when first asked for and carried over as the list grows. */
  ascending: Map<PrincipalColumn, PrincipalRow[]>;
  /** Per sort direction: the rows and their filter. */
  sorted: Map<string, { rows: readonly PrincipalRow[]; filter: RowFilter<PrincipalRow> }>;
}

/** Per snapshot list: the snapshot replaces its arrays on every load, so a new load starts afresh. */
const tables = new WeakMap<readonly (Role | User)[], Table>();
/** The last table of each list seen (roles, users), for a list that grew by a page to build on. */
let recent: Table[] = [];

/** `principals` as a table: `previous` (a shorter list it begins with) with the new rows merged in. */
function grown(previous: Table, principals: readonly (Role | User)[]): Table {
  if (previous.source.length === principals.length) return { ...previous, source: principals };
  const added = principals.slice(previous.source.length).map(rowOf);
  const ascending = new Map<PrincipalColumn, PrincipalRow[]>();
  for (const [column, rows] of previous.ascending) {
    ascending.set(column, mergeSorted(rows, sortRows(added, column), compareBy(column)));
  }
  return { source: principals, rows: previous.rows.concat(added), ascending, sorted: new Map() };
}

function tableOf(principals: readonly (Role | User)[]): Table {
  let table = tables.get(principals);
  if (table) return table;
  const previous = recent.find((t) => t.source.length > 0 && extendsList(t.source, principals));
  table = previous
    ? grown(previous, principals)
    : { source: principals, rows: principals.map(rowOf), ascending: new Map(), sorted: new Map() };
  tables.set(principals, table);
  recent = [table, ...recent.filter((t) => t !== previous)].slice(0, 2);
  return table;
}

function ascendingOf(table: Table, column: PrincipalColumn): PrincipalRow[] {
  let rows = table.ascending.get(column);
  if (!rows) {
    rows = sortRows(table.rows, column);
    table.ascending.set(column, rows);
  }
  return rows;
}

/**
 * The rows of `principals` in `sort` order that match `query` (every word
 * somewhere in the name, ARN or attached policy names, any case), and how
 * many there are in all.
 */
export function principalRows(
  principals: readonly (Role | User)[],
  sort: PrincipalSort,
  query: string,
): readonly PrincipalRow[] {
  const table = tableOf(principals);
  const id = `${sort.column}:${sort.descending ? 'desc' : 'asc'}`;
  let order = table.sorted.get(id);
  if (!order) {
    const ascending = ascendingOf(table, sort.column);
    const rows = sort.descending ? [...ascending].reverse() : ascending;
    order = { rows, filter: createRowFilter(rows, (r) => r.search) };
    table.sorted.set(id, order);
  }
  return order.filter(query);
}
