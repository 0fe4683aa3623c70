/**
 * The roles and users tables as rows: what every view of the table needs
 * (search text lower-cased, names' natural-sort keys) is computed once per
 * snapshot, what only one sort needs (dates, memberships' keys) when that
 * sort is first asked for, and each sort order once per snapshot, so a
 * keystroke or a scroll costs only the rows on screen.
 */
import type { Role, User } from '../../../../shared/contract';
import { compareNaturalKeyed, naturalKey } from '../../model/naturalSort';
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

/** Ascending by `column`, ties by name, so equal counts read alphabetically; each row's value computed once. */
function sortRows(rows: readonly PrincipalRow[], column: PrincipalColumn): PrincipalRow[] {
  if (column === 'name') return [...rows].sort(byName);
  if (column === 'memberships') {
    // No memberships sort last, as an empty cell reads as "nothing to see".
    return rows
      .map((row) => ({ row, key: naturalKey(row.memberships) }))
      .sort(
        (a, b) =>
          (a.row.memberships === '' ? 1 : 0) - (b.row.memberships === '' ? 1 : 0) ||
          compareNaturalKeyed(a.row.memberships, a.key, b.row.memberships, b.key) ||
          byName(a.row, b.row),
      )
      .map((x) => x.row);
  }
  const value = numbers[column];
  return rows
    .map((row) => ({ row, n: value(row) }))
    .sort((a, b) => a.n - b.n || byName(a.row, b.row))
    .map((x) => x.row);
}

interface Table {
  rows: PrincipalRow[];
  sorted: Map<string, { rows: readonly PrincipalRow[]; filter: RowFilter<PrincipalRow> }>;
}

/** Per snapshot list: the snapshot replaces its arrays on every load, so a new load starts afresh. */
const tables = new WeakMap<readonly (Role | User)[], Table>();

function tableOf(principals: readonly (Role | User)[]): Table {
  let table = tables.get(principals);
  if (!table) {
    table = { rows: principals.map(rowOf), sorted: new Map() };
    tables.set(principals, table);
  }
  return table;
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
    const ascending = sortRows(table.rows, sort.column);
    const rows = sort.descending ? ascending.reverse() : ascending;
    order = { rows, filter: createRowFilter(rows, (r) => r.search) };
    table.sorted.set(id, order);
  }
  return order.filter(query);
}
