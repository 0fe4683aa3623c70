/**
 * Showing a paged read while it arrives: pages are handed to the store in
 * batches (the first as soon as it lands; later ones at most every interval,
 * so 400 small pages cost a handful of renders, not 400), and lists that
 * grow by pages are merged in order rather than sorted again whole, so no
 * page costs more than its own rows. A batch is always applied in a task of
 * its own, never in the one that read and parsed the page: the store's
 * update renders synchronously, and the two together would be one long task.
 */

export interface PageBatcher<P> {
  /** Takes a page: applied in the next task if the last batch was long enough ago, otherwise with the next batch. */
  add: (page: P) => void;
  /** Drops pages not yet applied (the complete answer has arrived, or the read is no longer wanted). */
  cancel: () => void;
}

export interface BatchClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: BatchClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const PAGE_BATCH_MS = 100;

export function createPageBatcher<P>(
  apply: (pages: P[]) => void,
  intervalMs = PAGE_BATCH_MS,
  clock: BatchClock = realClock,
): PageBatcher<P> {
  let pending: P[] = [];
  let timer: unknown = null;
  let appliedAt = -Infinity;
  const flush = () => {
    timer = null;
    if (pending.length === 0) return;
    const pages = pending;
    pending = [];
    appliedAt = clock.now();
    apply(pages);
  };
  return {
    add: (page) => {
      pending.push(page);
      if (timer !== null) return;
      timer = clock.setTimeout(flush, Math.max(0, appliedAt + intervalMs - clock.now()));
    },
    cancel: () => {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      pending = [];
    },
  };
}

/** True when `next` begins with every element of `previous`, by identity: a list that grew by pages. */
export function extendsList<T>(previous: readonly T[], next: readonly T[]): boolean {
  if (previous.length > next.length) return false;
  for (let i = 0; i < previous.length; i++) if (previous[i] !== next[i]) return false;
  return true;
}

/** Two lists already in `compare` order as one, in one pass; equal items keep `a`'s first. */
export function mergeSorted<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): T[] {
  const out: T[] = new Array<T>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compare(b[j]!, a[i]!) < 0 ? b[j++]! : a[i++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
