/**
 * The series a paged GetMetricData answer is cut from, kept for its
 * continuation. A week of one-minute data for fifty series takes over a
 * second to compute, and a client pages through it with MaxDatapoints: each
 * NextToken page reads the snapshot its first page computed instead of
 * computing every series again. Like CloudWatch, the pages of one answer then
 * agree with each other even when the clock moves between them.
 *
 * Kept per state document (a write makes a new document, so a continuation
 * after a write recomputes), a few per document, each for a short while.
 */

/** One returned query's points in answer order. */
export interface SnapshotSeries {
  readonly times: Float64Array;
  readonly values: Float64Array;
}

export interface Snapshot {
  readonly series: ReadonlyMap<string, SnapshotSeries>;
  /** The offsets the answers cut from it have issued as NextToken. */
  readonly issued: Set<number>;
  expiresAt: number;
}

const MAX_PER_DOCUMENT = 4;
const LIFETIME_MS = 2 * 60_000;

const byDocument = new WeakMap<object, Map<string, Snapshot>>();

function live(document: object, at: number): Map<string, Snapshot> {
  let kept = byDocument.get(document);
  if (!kept) {
    kept = new Map();
    byDocument.set(document, kept);
  }
  for (const [key, snapshot] of kept) if (snapshot.expiresAt <= at) kept.delete(key);
  return kept;
}

/** The snapshot an earlier page of the same request left, when `offset` is a token it issued. */
export function continuationOf(document: object, key: string, offset: number): Snapshot | undefined {
  const at = Date.now();
  const snapshot = live(document, at).get(key);
  if (!snapshot || !snapshot.issued.has(offset)) return undefined;
  snapshot.expiresAt = at + LIFETIME_MS;
  return snapshot;
}

/** Keeps `series` for the request's next pages; the oldest snapshot of the document makes room. */
export function keepForContinuation(
  document: object,
  key: string,
  series: ReadonlyMap<string, SnapshotSeries>,
): Snapshot {
  const at = Date.now();
  const kept = live(document, at);
  kept.delete(key);
  while (kept.size >= MAX_PER_DOCUMENT) {
    const oldest = kept.keys().next().value;
    if (oldest === undefined) break;
    kept.delete(oldest);
  }
  const snapshot: Snapshot = { series, issued: new Set(), expiresAt: at + LIFETIME_MS };
  kept.set(key, snapshot);
  return snapshot;
}
