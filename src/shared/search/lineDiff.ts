/**
 * A line-level diff of two texts (longest common subsequence), for showing
 * a policy change as the lines it removes and adds. Policies are small, so
 * the quadratic table is fine.
 */

export interface LineChange {
  change: 'add' | 'remove';
  /** 1-based line number in the text the line comes from (before for removals, after for additions). */
  line: number;
  text: string;
}

export function lineDiff(before: string, after: string): LineChange[] {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const changes: LineChange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i += 1;
      j += 1;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // Removals first on a tie, so a changed line reads as old then new.
      changes.push({ change: 'remove', line: i + 1, text: a[i]! });
      i += 1;
    } else {
      changes.push({ change: 'add', line: j + 1, text: b[j]! });
      j += 1;
    }
  }
  return changes;
}
