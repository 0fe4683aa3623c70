/**
 * Proof that a rollback put things back: the plan is built again from the
 * same intent, and since planners read the current state into each diff
 * row's `before`, the rebuilt preview must show the same prior values as the
 * original one. Any row that does not is reported as it was and as found.
 */
import type { DiffRow, Rollback, RollbackDifference } from '../../shared/contract';

type RollbackVerification = Rollback['verification'];

/** The state a row says was there before the change: nothing, for an addition. */
function priorState(row: DiffRow): string {
  return row.change === 'add' ? '(absent)' : (row.before ?? '(none)');
}

/** Rows keyed by label and occurrence, so two rows with one label are compared in order. */
function keyed(rows: DiffRow[]): Map<string, DiffRow> {
  const seen = new Map<string, number>();
  const out = new Map<string, DiffRow>();
  for (const row of rows) {
    const n = seen.get(row.label) ?? 0;
    seen.set(row.label, n + 1);
    out.set(`${row.label}\u0000${n}`, row);
  }
  return out;
}

/** Pure: the rows whose prior value differs between the original preview and the one built after the rollback. */
export function priorStateDifferences(
  original: DiffRow[],
  reread: DiffRow[],
  rereadBlocked?: string,
): RollbackDifference[] {
  const before = keyed(original);
  const now = keyed(reread);
  const differences: RollbackDifference[] = [];
  for (const [key, row] of before) {
    const found = now.get(key);
    if (!found) {
      differences.push({
        label: row.label,
        expected: priorState(row),
        found: rereadBlocked ? `nothing left to change: ${rereadBlocked}` : 'no longer in the plan',
      });
    } else if (found.change !== row.change || priorState(found) !== priorState(row)) {
      differences.push({ label: row.label, expected: priorState(row), found: priorState(found) });
    }
  }
  for (const [key, row] of now) {
    if (!before.has(key)) differences.push({ label: row.label, expected: 'not in the plan', found: priorState(row) });
  }
  return differences;
}

export function rollbackVerification(differences: RollbackDifference[], rows: number): RollbackVerification {
  if (rows === 0 && !differences.length) {
    return { verified: false, detail: 'Nothing to compare: the preview listed no values.', differences };
  }
  if (!differences.length) {
    return {
      verified: true,
      detail: `Re-read: ${rows === 1 ? 'the row' : `all ${rows} rows`} of the preview show the state from before the change.`,
      differences,
    };
  }
  return {
    verified: false,
    detail: `Re-read: ${differences.length} of ${rows} row${rows === 1 ? '' : 's'} of the preview ${differences.length === 1 ? 'differs' : 'differ'} from the state before the change.`,
    differences,
  };
}
