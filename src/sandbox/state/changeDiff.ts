/**
 * What changed between two versions of the state document, as immer patches
 * (the change log's line format, replayed with immer's `applyPatches`).
 *
 * The store's documents share every untouched subtree (immer's structural
 * sharing), so a subtree that is the same object in both versions is skipped
 * without a look inside: the cost follows the change, not the document.
 * Arrays are compared by element identity, so a push, a splice or a `filter`
 * that drops one role out of 5,000 logs one `add` or `remove`, where immer's
 * own patches would replace the whole array.
 */
import type { Patch } from 'immer';

type Path = Patch['path'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Appends to `out` the patches that turn `before` into `after`. */
export function diffDocuments(before: unknown, after: unknown, out: Patch[] = [], path: Path = []): Patch[] {
  if (before === after) return out;
  if (Array.isArray(before) && Array.isArray(after)) {
    diffArrays(before, after, path, out);
  } else if (isRecord(before) && isRecord(after)) {
    diffRecords(before, after, path, out);
  } else {
    out.push({ op: 'replace', path, value: after });
  }
  return out;
}

/** A key holding `undefined` is absent once written as JSON, so it counts as absent here too. */
function diffRecords(before: Record<string, unknown>, after: Record<string, unknown>, path: Path, out: Patch[]): void {
  for (const key of Object.keys(after)) {
    const next = after[key];
    if (next === undefined) continue;
    const previous = before[key];
    if (previous === undefined) out.push({ op: 'add', path: [...path, key], value: next });
    else diffDocuments(previous, next, out, [...path, key]);
  }
  for (const key of Object.keys(before)) {
    if (before[key] !== undefined && after[key] === undefined) out.push({ op: 'remove', path: [...path, key] });
  }
}

function diffArrays(before: readonly unknown[], after: readonly unknown[], path: Path, out: Patch[]): void {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before[start] === after[start]) start += 1;
  let beforeEnd = before.length;
  let afterEnd = after.length;
  while (beforeEnd > start && afterEnd > start && before[beforeEnd - 1] === after[afterEnd - 1]) {
    beforeEnd -= 1;
    afterEnd -= 1;
  }
  if (beforeEnd - start === afterEnd - start) {
    // Same length in the middle: elements changed in place.
    for (let i = start; i < beforeEnd; i += 1) diffDocuments(before[i], after[i], out, [...path, i]);
    return;
  }
  alignMiddle(before, after, start, beforeEnd, afterEnd, path, out);
}

/**
 * Walks the differing middle of two arrays, matching elements that are the
 * same object in both. Each gap between matches becomes in-place changes
 * (pairing removed with inserted elements) plus `remove`s or `add`s; indexes
 * are those of the array as the patches so far have left it.
 */
function alignMiddle(
  before: readonly unknown[],
  after: readonly unknown[],
  start: number,
  beforeEnd: number,
  afterEnd: number,
  path: Path,
  out: Patch[],
): void {
  const positions = new Map<unknown, number>();
  for (let i = start; i < beforeEnd; i += 1) {
    const element = before[i];
    // Only objects have an identity worth matching; equal strings may repeat.
    if (typeof element === 'object' && element !== null && !positions.has(element)) positions.set(element, i);
  }
  let b = start;
  let pending: unknown[] = [];
  const closeGap = (gapEnd: number, at: number): void => {
    const removed = gapEnd - b;
    const paired = Math.min(removed, pending.length);
    for (let k = 0; k < paired; k += 1) diffDocuments(before[b + k], pending[k], out, [...path, at + k]);
    for (let k = paired; k < removed; k += 1) out.push({ op: 'remove', path: [...path, at + paired] });
    for (let k = paired; k < pending.length; k += 1)
      out.push({ op: 'add', path: [...path, at + k], value: pending[k] });
  };
  let gapStart = start;
  for (let a = start; a < afterEnd; a += 1) {
    const element = after[a];
    const match = positions.get(element);
    if (match === undefined || match < b) {
      pending.push(element);
      continue;
    }
    closeGap(match, gapStart);
    b = match + 1;
    pending = [];
    gapStart = a + 1;
  }
  closeGap(beforeEnd, gapStart);
}
