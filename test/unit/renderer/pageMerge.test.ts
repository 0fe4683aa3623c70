/**
 * Merging pages of a streamed read into what is already shown: the batcher
 * that applies the first page at once and later ones together, and the
 * tables and tree that take a list grown by pages and merge the new rows in.
 * Whatever the pages, the result must equal building the whole list at once.
 */
import { describe, expect, it } from 'vitest';
import type { ParameterSummary, Role } from '../../../src/shared/contract';
import {
  createPageBatcher,
  extendsList,
  mergeSorted,
  type BatchClock,
} from '../../../src/renderer/src/model/pagedLoad';
import { principalRows } from '../../../src/renderer/src/views/iam/principalRows';
import type { PrincipalColumn } from '../../../src/renderer/src/stores/iam';
import {
  buildParameterTree,
  extendParameterTree,
  type ParameterFolder,
} from '../../../src/renderer/src/views/parameters/parameterTree';

function fakeClock() {
  let now = 0;
  const timers: { at: number; fn: () => void }[] = [];
  const clock: BatchClock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const timer = { at: now + ms, fn };
      timers.push(timer);
      return timer;
    },
    clearTimeout: (handle) => {
      const i = timers.indexOf(handle as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.filter((x) => x.at <= now)) {
      timers.splice(timers.indexOf(t), 1);
      t.fn();
    }
  };
  return { clock, advance };
}

describe('createPageBatcher', () => {
  it('applies the first page in the next task, then the pages of each interval together', () => {
    const { clock, advance } = fakeClock();
    const applied: number[][] = [];
    const batcher = createPageBatcher<number>((pages) => applied.push(pages), 100, clock);
    batcher.add(1);
    // Never in the task that read the page.
    expect(applied).toEqual([]);
    advance(0);
    expect(applied).toEqual([[1]]);
    advance(10);
    batcher.add(2);
    batcher.add(3);
    expect(applied).toEqual([[1]]);
    advance(90);
    expect(applied).toEqual([[1], [2, 3]]);
    // A page after a quiet spell goes through in the next task again.
    advance(500);
    batcher.add(4);
    advance(0);
    expect(applied).toEqual([[1], [2, 3], [4]]);
  });

  it('drops held pages when cancelled', () => {
    const { clock, advance } = fakeClock();
    const applied: number[][] = [];
    const batcher = createPageBatcher<number>((pages) => applied.push(pages), 100, clock);
    batcher.add(1);
    advance(0);
    batcher.add(2);
    batcher.cancel();
    advance(1000);
    expect(applied).toEqual([[1]]);
  });
});

describe('mergeSorted and extendsList', () => {
  it('merges two ordered lists into one ordered list', () => {
    const byNumber = (a: number, b: number) => a - b;
    expect(mergeSorted([1, 4, 9], [0, 4, 5, 12], byNumber)).toEqual([0, 1, 4, 4, 5, 9, 12]);
    expect(mergeSorted([], [2, 3], byNumber)).toEqual([2, 3]);
    expect(mergeSorted([2, 3], [], byNumber)).toEqual([2, 3]);
  });

  it('recognises a list that grew by pages, by identity', () => {
    const a = { n: 1 };
    const b = { n: 2 };
    expect(extendsList([a], [a, b])).toBe(true);
    expect(extendsList([a, b], [a, b])).toBe(true);
    expect(extendsList([{ n: 1 }], [a, b])).toBe(false);
    expect(extendsList([a, b], [a])).toBe(false);
  });
});

/** A deterministic shuffle of realistic names, with numbers that sort naturally. */
function roleNames(count: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < count; i++) names.push(`${['app', 'App', 'web', 'svc-'][i % 4]}-${(i * 7919) % 1000}-${i}`);
  return names;
}
const role = (name: string, i: number): Role => ({
  name,
  arn: `arn:aws:iam::111122223333:role/${name}`,
  id: `AROA${i}`,
  path: '/',
  createDate: new Date(Date.UTC(2020, 0, 1 + (i % 300))).toISOString(),
  trustPolicy: '{}',
  attachedPolicies: Array.from({ length: i % 4 }, (_, k) => ({ policyName: `P${k}`, policyArn: `arn:p${k}` })),
  inlinePolicies: [],
  instanceProfiles: i % 3 ? [{ name: `ip-${i % 17}`, arn: 'x' }] : [],
  ...(i % 5 ? { lastUsed: { date: new Date(Date.UTC(2026, 0, 1 + (i % 200))).toISOString() } } : {}),
});

describe('principalRows over a list that grows by pages', () => {
  const all = roleNames(600).map(role);
  const columns: PrincipalColumn[] = ['name', 'attached', 'created', 'lastUsed', 'memberships'];

  it('sorts and filters each grown list exactly as the whole list built at once', () => {
    const sorts = columns.flatMap((column) => [false, true].map((descending) => ({ column, descending })));
    // Page by page, every order and a filter asked for at every step, so each is carried over and merged.
    const grown: string[][] = [];
    const lists: Role[][] = [];
    let shown: Role[] = [];
    for (let from = 0; from < all.length; from += 130) {
      shown = shown.concat(all.slice(from, from + 130));
      lists.push(shown);
      for (const sort of sorts) {
        grown.push(principalRows(shown, sort, '').map((r) => r.name));
        grown.push(principalRows(shown, sort, 'app 1').map((r) => r.name));
      }
    }
    // The same lists as new snapshots (new objects), each built whole.
    const whole: string[][] = [];
    for (const list of lists) {
      const copy = list.map((r) => ({ ...r }));
      for (const sort of sorts) {
        whole.push(principalRows(copy, sort, '').map((r) => r.name));
        whole.push(principalRows(copy, sort, 'app 1').map((r) => r.name));
      }
    }
    expect(grown).toEqual(whole);
    expect(grown.at(-2)).toHaveLength(600);
  });

  it('keeps the rows it already built: a page adds rows, it does not rebuild the old ones', () => {
    const first = all.slice(0, 100);
    const before = principalRows(first, { column: 'name', descending: false }, '');
    const after = principalRows(all.slice(0, 200), { column: 'name', descending: false }, '');
    const old = new Set(before);
    expect(after.filter((row) => old.has(row))).toHaveLength(100);
  });
});

function snapshotOf(folder: ParameterFolder): unknown {
  return {
    path: folder.path,
    label: folder.label,
    total: folder.total,
    parameters: folder.parameters.map((p) => p.name),
    keys: folder.keys,
    folders: folder.folders.map(snapshotOf),
  };
}

describe('extendParameterTree', () => {
  const listing: ParameterSummary[] = [];
  for (let i = 0; i < 400; i++) {
    const app = ['billing', 'photos', 'Auth', 'api2', 'api10'][i % 5];
    const env = ['prod', 'dev', 'stage'][i % 3];
    const name = i % 37 === 0 ? `plain-${i}` : `/${app}/${env}/${i % 2 ? 'db' : 'web'}/KEY_${(i * 131) % 997}`;
    listing.push({ name, type: i % 5 ? 'String' : 'SecureString', version: 1 });
  }

  it('gives the same tree, page by page, as building the whole listing', () => {
    let root = buildParameterTree(listing.slice(0, 50));
    for (let from = 50; from < listing.length; from += 50) {
      root = extendParameterTree(root, listing.slice(from, from + 50));
      expect(snapshotOf(root)).toEqual(snapshotOf(buildParameterTree(listing.slice(0, from + 50))));
    }
    expect(root.total).toBe(400);
  });

  it('shares the folders a page does not touch', () => {
    const root = buildParameterTree(listing.slice(0, 200));
    const grown = extendParameterTree(root, [{ name: '/billing/prod/web/NEW', type: 'String', version: 1 }]);
    const untouched = root.folders.find((f) => f.label === 'photos');
    expect(grown.folders.find((f) => f.label === 'photos')).toBe(untouched);
    expect(grown.folders.find((f) => f.label === 'billing')).not.toBe(root.folders.find((f) => f.label === 'billing'));
    expect(grown.total).toBe(201);
    // The tree it grew from is left as it was (a render may still be reading it).
    expect(root.total).toBe(200);
  });
});
