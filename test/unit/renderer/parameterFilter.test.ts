/**
 * The Parameters filter's shortcuts at typing speed: a keystroke that narrows
 * the last filter tests only its matches, and a filter that matches
 * everything shows the tree's cached every-row list. Both must give exactly
 * what a fresh pass gives.
 */
import { describe, expect, it } from 'vitest';
import type { ParameterSummary, ParameterType } from '../../../src/shared/contract';
import {
  buildParameterTree,
  everyRow,
  filterTree,
  visibleRows,
  type FilterMatches,
  type ParameterFilter,
} from '../../../src/renderer/src/views/parameters/parameterTree';
import { matchesOf } from '../../../src/renderer/src/views/parameters/useParameterTree';

const TYPES: ParameterType[] = ['String', 'StringList', 'SecureString'];
const listing: ParameterSummary[] = [];
for (let i = 0; i < 900; i++) {
  const app = ['billing', 'photos', 'inventory-api', 'notify'][i % 4];
  const env = ['prod', 'dev', 'stage'][i % 3];
  listing.push({ name: `/${app}/${env}/svc-${i % 7}/KEY_${i}`, type: TYPES[i % 3]!, version: 1 });
}
const root = buildParameterTree(listing);

const summary = (m: FilterMatches | null) =>
  m && {
    count: m.count,
    folders: [...m.inFolder.entries()]
      .map(([path, f]) => [path, f.count, f.parameters.map((p) => p.name), f.keys] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : 1)),
  };

describe('filterTree narrowing', () => {
  it('gives, keystroke by keystroke and back, what a fresh pass gives', () => {
    const typed = '/inventory-api/dev/svc-3';
    const steps: ParameterFilter[] = [];
    for (let i = 1; i <= typed.length; i++) steps.push({ text: typed.slice(0, i), type: 'any' });
    steps.push({ text: typed, type: 'SecureString' }, { text: typed.slice(0, 5), type: 'SecureString' });
    steps.push({ text: '', type: 'String' }, { text: 'key_1', type: 'String' }, { text: 'KEY_1', type: 'any' });
    let previous: { root: typeof root; filter: ParameterFilter; matches: FilterMatches | null } | undefined;
    for (const filter of steps) {
      const narrowed = filterTree(root, filter, previous);
      expect(summary(narrowed)).toEqual(summary(filterTree(root, filter)));
      previous = { root, filter, matches: narrowed };
    }
  });

  it('does not narrow from the matches of another tree', () => {
    const other = buildParameterTree(listing.slice(0, 10));
    const previous = {
      root: other,
      filter: { text: '/b', type: 'any' } as const,
      matches: filterTree(other, { text: '/b', type: 'any' }),
    };
    expect(filterTree(root, { text: '/bi', type: 'any' }, previous)!.count).toBe(225);
  });
});

describe('everyRow', () => {
  it('is the rows of a filter that matches every parameter', () => {
    const all = filterTree(root, { text: '/', type: 'any' })!;
    expect(all.count).toBe(root.total);
    const rows = visibleRows(root, () => true, all);
    expect(everyRow(root)).toEqual(rows);
    expect(everyRow(root)).toBe(everyRow(root));
  });
});

describe('matchesOf, the filter as the view applies it', () => {
  it('reuses the matches of a filter typed through when Backspace goes back to it, and they stay exact', () => {
    const tree = buildParameterTree(listing);
    const typed = '/notify/dev/svc';
    const forward = new Map<string, FilterMatches | null>();
    for (let i = 1; i <= typed.length; i++) {
      const filter: ParameterFilter = { text: typed.slice(0, i), type: 'any' };
      forward.set(filter.text, matchesOf(tree, filter));
    }
    for (let i = typed.length - 1; i >= 1; i--) {
      const filter: ParameterFilter = { text: typed.slice(0, i), type: 'any' };
      const back = matchesOf(tree, filter);
      // The very result found on the way in: no pass over the parameters again.
      expect(back).toBe(forward.get(filter.text));
      expect(summary(back)).toEqual(summary(filterTree(tree, filter)));
    }
    // Another tree (a new listing) never answers from the old one's results.
    const other = buildParameterTree(listing.slice(0, 10));
    expect(matchesOf(other, { text: '/notify', type: 'any' })).not.toBe(forward.get('/notify'));
  });
});
