/**
 * Searching logs in slices: counts that match a plain scan (matches across
 * chunk edges found once), the marks on one line, next/previous wrapping,
 * and the slice runner keeping each slice within its budget and stopping
 * when cancelled.
 */
import { describe, expect, it } from 'vitest';
import {
  matchesOnLine,
  MAX_KEPT_MATCHES,
  runSliced,
  searchLogs,
  stepMatch,
  type SearchResult,
} from '../../../src/renderer/src/model/logSearch';
import { drain, indexedFile } from './logFixtures';

const file = indexedFile;

/** The reference: every non-overlapping, case-insensitive occurrence. */
function naiveCount(text: string, query: string): number {
  const hay = text.toLowerCase();
  const needle = query.toLowerCase();
  let n = 0;
  for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + needle.length)) n++;
  return n;
}

describe('searchLogs', () => {
  it('counts case-insensitively across files and says where each match is', () => {
    const files = [
      file("KeyError: 'FLASK_SECRET'\nok\nkeyerror again\n", '/a'),
      file('nothing\nTraceback\nKEYERROR\n', '/b'),
    ];
    const result = drain(searchLogs(files, 'keyerror'));
    expect(result.count).toBe(3);
    expect(result.matches.map((m) => [m.file, m.line])).toEqual([
      [0, 0],
      [0, 2],
      [1, 2],
    ]);
    expect(result.offsetsByFile).toEqual([[0, 28], [18]]);
  });

  it('finds a match that straddles a chunk edge exactly once, and takes regex characters literally', () => {
    const text = `${'a'.repeat(14)}needle${'b'.repeat(10)}needle (x.y)\n`;
    for (const chunk of [4, 7, 16, 17, 18, 19, 20, 64]) {
      expect(drain(searchLogs([file(text)], 'needle', chunk)).count).toBe(2);
    }
    expect(drain(searchLogs([file(text)], '(x.y)', 8)).count).toBe(1);
    expect(drain(searchLogs([file(text)], 'x.y', 8)).matches[0]!.offset).toBe(text.indexOf('x.y'));
  });

  it('agrees with a plain scan on generated logs, whatever the chunk size', () => {
    const lines = Array.from({ length: 3000 }, (_, i) =>
      i % 7 === 0 ? `line ${i} ERROR: upstream timed out errorerror` : `line ${i} GET /health 200`,
    );
    const text = `${lines.join('\n')}\n`;
    for (const query of ['error', 'errorerror', '200', 'line 29']) {
      const expected = naiveCount(text, query);
      for (const chunk of [13, 1000, 64 * 1024])
        expect(drain(searchLogs([file(text)], query, chunk)).count).toBe(expected);
    }
  });

  it('yields between chunks, so a slice never scans more than one chunk', () => {
    const gen = searchLogs([file('x'.repeat(10_000))], 'x', 1000);
    let yields = 0;
    while (!gen.next().done) yields++;
    expect(yields).toBe(10);
  });

  it('keeps a bounded number of positions but counts every match', () => {
    const result = drain(searchLogs([file('a\n'.repeat(MAX_KEPT_MATCHES + 5))], 'a'));
    expect(result.count).toBe(MAX_KEPT_MATCHES + 5);
    expect(result.matches).toHaveLength(MAX_KEPT_MATCHES);
  });

  it('matches nothing for an empty query', () => {
    expect(drain(searchLogs([file('abc')], ''))).toMatchObject({ count: 0, matches: [] });
  });
});

describe('marks and stepping', () => {
  it('gives the marks that start on one line, relative to the line', () => {
    expect(matchesOnLine([2, 9, 12, 30], 8, 20, 3)).toEqual([
      [1, 4],
      [4, 7],
    ]);
    expect(matchesOnLine([2, 30], 8, 20, 3)).toEqual([]);
    expect(matchesOnLine([18], 8, 20, 5)).toEqual([[10, 12]]);
  });

  it('steps through matches and wraps at both ends', () => {
    expect(stepMatch(-1, 3, 1)).toBe(0);
    expect(stepMatch(-1, 3, -1)).toBe(2);
    expect(stepMatch(2, 3, 1)).toBe(0);
    expect(stepMatch(0, 3, -1)).toBe(2);
    expect(stepMatch(0, 0, 1)).toBe(-1);
  });
});

describe('runSliced', () => {
  function fakeScheduler() {
    let clock = 0;
    const queue: (() => void)[] = [];
    return {
      queue,
      advance: (ms: number) => (clock += ms),
      scheduler: { now: () => clock, later: (fn: () => void) => queue.push(fn) },
    };
  }

  it('runs until the budget is spent, hands back control, and finishes in later slices', () => {
    const fake = fakeScheduler();
    function* work(): Generator<number, string> {
      for (let i = 1; i <= 10; i++) {
        fake.advance(3); // each step "takes" 3 ms
        yield i;
      }
      return 'done';
    }
    const progress: number[] = [];
    let result: string | undefined;
    runSliced(work(), { onProgress: (v) => progress.push(v), onDone: (r) => (result = r) }, fake.scheduler, 8);
    let slices = 0;
    while (fake.queue.length) {
      fake.queue.shift()!();
      slices++;
    }
    expect(result).toBe('done');
    expect(slices).toBe(4); // 3 steps (9 ms) per slice
    expect(progress).toEqual([3, 6, 9]);
  });

  it('stops at the next slice once cancelled', () => {
    const fake = fakeScheduler();
    let steps = 0;
    function* work(): Generator<number, SearchResult | undefined> {
      for (;;) {
        steps++;
        fake.advance(10);
        yield steps;
      }
    }
    let done = false;
    const run = runSliced(work(), { onDone: () => (done = true) }, fake.scheduler, 8);
    fake.queue.shift()!();
    run.cancel();
    while (fake.queue.length) fake.queue.shift()!();
    expect(steps).toBe(1);
    expect(done).toBe(false);
  });
});
