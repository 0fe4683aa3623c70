/**
 * Finding text in instance logs without freezing the viewer: the search walks
 * each file in chunks and yields between them, and `runSliced` runs such a
 * generator a few milliseconds at a time, so no task gets near the 50 ms
 * that makes a page feel stuck, even across a 50 MiB bundle.
 */
import { lineAt, type IndexedFile } from './logText';

export interface LogMatch {
  file: number;
  line: number;
  /** Offset of the match in the file's text. */
  offset: number;
}

export interface SearchResult {
  query: string;
  /** Every match, including those past the ones kept. */
  count: number;
  /** In file and text order; at most MAX_KEPT_MATCHES. */
  matches: LogMatch[];
  /** Per file, the kept matches' offsets, sorted, for highlighting the lines on screen. */
  offsetsByFile: number[][];
}

/** Positions kept for next/previous; counting goes on past it. */
export const MAX_KEPT_MATCHES = 100_000;
/** Characters searched between yields: a case-insensitive scan of this many stays around a millisecond. */
const CHUNK_CHARS = 256 * 1024;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Case-insensitive, plain-text search over the files. Yields after every
 * chunk with the count so far; returns the whole result. A match that
 * straddles two chunks is found once, in the chunk where it starts.
 */
export function* searchLogs(
  files: readonly IndexedFile[],
  query: string,
  chunkChars = CHUNK_CHARS,
): Generator<number, SearchResult> {
  const result: SearchResult = { query, count: 0, matches: [], offsetsByFile: files.map(() => []) };
  if (query === '') return result;
  const pattern = new RegExp(escapeRegExp(query), 'gi');
  const overlap = query.length - 1;
  for (let f = 0; f < files.length; f++) {
    const file = files[f]!;
    const offsets = result.offsetsByFile[f]!;
    let lastEnd = 0;
    for (let start = 0; start < file.text.length; start += chunkChars) {
      const end = Math.min(file.text.length, start + chunkChars);
      const chunk = file.text.slice(start, Math.min(file.text.length, end + overlap));
      pattern.lastIndex = 0;
      for (let m = pattern.exec(chunk); m !== null; m = pattern.exec(chunk)) {
        const at = start + m.index;
        if (at >= end) break;
        if (at < lastEnd) continue;
        lastEnd = at + m[0].length;
        result.count++;
        if (result.matches.length < MAX_KEPT_MATCHES) {
          result.matches.push({ file: f, line: lineAt(file, at), offset: at });
          offsets.push(at);
        }
        if (m[0].length === 0) pattern.lastIndex++;
      }
      yield result.count;
    }
  }
  return result;
}

/** The kept matches that start on one line, as [start, end) offsets within that line. */
export function matchesOnLine(
  offsets: readonly number[],
  lineStart: number,
  lineEnd: number,
  queryLength: number,
): [number, number][] {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((offsets[mid] ?? 0) < lineStart) lo = mid + 1;
    else hi = mid;
  }
  const out: [number, number][] = [];
  for (let i = lo; i < offsets.length && (offsets[i] ?? 0) < lineEnd; i++) {
    const from = (offsets[i] ?? 0) - lineStart;
    out.push([from, Math.min(lineEnd - lineStart, from + queryLength)]);
  }
  return out;
}

/** The match to move to from `current`, wrapping at both ends. */
export function stepMatch(current: number, count: number, direction: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0) return direction === 1 ? 0 : count - 1;
  return (current + direction + count) % count;
}

export interface SliceScheduler {
  now(): number;
  /** Runs `fn` soon, after the browser has had a chance to paint and handle input. */
  later(fn: () => void): void;
}

export interface SlicedRun {
  cancel(): void;
}

/**
 * Steps `work` for at most `budgetMs` at a time, handing control back in
 * between, until it returns; `onProgress` sees the last value each slice
 * yielded (once per slice, so a view re-renders per slice, not per chunk).
 * Cancelling stops it before the next slice.
 */
export function runSliced<Y, R>(
  work: Generator<Y, R>,
  handlers: { onProgress?: (value: Y) => void; onDone: (result: R) => void },
  scheduler: SliceScheduler,
  budgetMs = 8,
): SlicedRun {
  let cancelled = false;
  const slice = () => {
    if (cancelled) return;
    const started = scheduler.now();
    for (;;) {
      const step = work.next();
      if (step.done) {
        handlers.onDone(step.value);
        return;
      }
      if (scheduler.now() - started >= budgetMs) {
        handlers.onProgress?.(step.value);
        break;
      }
    }
    scheduler.later(slice);
  };
  scheduler.later(slice);
  return {
    cancel: () => {
      cancelled = true;
    },
  };
}

let shared: SliceScheduler | undefined;

/** The browser's scheduler: a MessageChannel message runs after pending input, without setTimeout's 4 ms clamp. */
export function browserScheduler(): SliceScheduler {
  if (shared) return shared;
  const channel = new MessageChannel();
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => queue.shift()?.();
  shared = {
    now: () => performance.now(),
    later: (fn) => {
      queue.push(fn);
      channel.port2.postMessage(null);
    },
  };
  return shared;
}
