import { describe, expect, it } from 'vitest';
import type { ParameterSummary, ParameterType } from '../../../src/shared/contract';
import { parseRoute, routeHref } from '../../../src/renderer/src/model/route';
import {
  ancestorPaths,
  buildParameterTree,
  compareNames,
  filterTree,
  folderPaths,
  leafName,
  parentRowIndex,
  visibleRows,
  type FilterMatches,
  type TreeRow,
} from '../../../src/renderer/src/views/parameters/parameterTree';

const p = (name: string, type: ParameterType = 'String'): ParameterSummary => ({ name, type, version: 1 });
const ids = (rows: readonly TreeRow[]) => rows.map((r) => r.id);
const matchedNames = (matches: FilterMatches) =>
  [...matches.inFolder.values()].flatMap((f) => f.parameters.map((x) => x.name)).sort();
const all = () => true;

const LISTING = [
  p('/flaskapp/flaskenv/RDS_PORT'),
  p('/flaskapp/config/LOG_LEVEL'),
  p('/flaskapp/flaskenv/RDS_PASSWORD', 'SecureString'),
  p('/flaskapp/flaskenv/APP_SECRET', 'SecureString'),
  p('/photos/dev/DB_PASSWORD', 'SecureString'),
  p('/photos/dev/HOSTS', 'StringList'),
  p('plain-name'),
];

describe('parameter tree', () => {
  it('nests parameters under their path folders, sorted', () => {
    const root = buildParameterTree(LISTING);
    expect(root.parameters.map((x) => x.name)).toEqual(['plain-name']);
    const flaskapp = root.folders[0]!;
    expect(flaskapp.path).toBe('/flaskapp/');
    expect(flaskapp.folders.map((f) => f.label)).toEqual(['config', 'flaskenv']);
    expect(flaskapp.folders[1]!.parameters.map((x) => leafName(x.name))).toEqual([
      'APP_SECRET',
      'RDS_PASSWORD',
      'RDS_PORT',
    ]);
    expect(root.total).toBe(7);
    expect(flaskapp.total).toBe(4);
    expect(flaskapp.folders[1]!.keys).toEqual([
      '/flaskapp/flaskenv/app_secret',
      '/flaskapp/flaskenv/rds_password',
      '/flaskapp/flaskenv/rds_port',
    ]);
  });

  it('puts a top-level hierarchical name at the root', () => {
    const root = buildParameterTree([p('/toplevel')]);
    expect(root.folders).toEqual([]);
    expect(root.parameters.map((x) => x.name)).toEqual(['/toplevel']);
  });

  it('keeps a parameter and a folder of the same name apart', () => {
    const root = buildParameterTree([p('/app'), p('/app/key')]);
    expect(root.parameters.map((x) => x.name)).toEqual(['/app']);
    expect(root.folders.map((f) => f.path)).toEqual(['/app/']);
    expect(ids(visibleRows(root, all, null))).toEqual(['/app/', '/app/key', '/app']);
  });

  it('sorts names naturally: KEY_2 < KEY_10 < KEY_280 < KEY_1120', () => {
    const root = buildParameterTree(['KEY_1120', 'KEY_280', 'KEY_10', 'KEY_2'].map((k) => p(`/svc/${k}`)));
    expect(root.folders[0]!.parameters.map((x) => leafName(x.name))).toEqual([
      'KEY_2',
      'KEY_10',
      'KEY_280',
      'KEY_1120',
    ]);
    const folders = buildParameterTree(['/env10/a', '/env9/a', '/env100/a'].map((n) => p(n)));
    expect(folders.folders.map((f) => f.label)).toEqual(['env9', 'env10', 'env100']);
    expect(compareNames('KEY_2', 'KEY_10')).toBeLessThan(0);
  });

  it('lists folders and ancestors', () => {
    const root = buildParameterTree(LISTING);
    expect(folderPaths(root)).toEqual([
      '/flaskapp/',
      '/flaskapp/config/',
      '/flaskapp/flaskenv/',
      '/photos/',
      '/photos/dev/',
    ]);
    expect(ancestorPaths('/a/b/c/NAME')).toEqual(['/a/', '/a/b/', '/a/b/c/']);
    expect(ancestorPaths('/top')).toEqual([]);
    expect(ancestorPaths('plain')).toEqual([]);
  });

  it('routes #/parameters', () => {
    expect(parseRoute('#/parameters')).toEqual({ section: 'parameters' });
    expect(routeHref({ section: 'parameters' })).toBe('#/parameters');
  });
});

describe('visible rows', () => {
  const root = buildParameterTree(LISTING);

  it('descends only into open folders, folders before parameters', () => {
    expect(ids(visibleRows(root, () => false, null))).toEqual(['/flaskapp/', '/photos/', 'plain-name']);
    const open = new Set(['/flaskapp/', '/flaskapp/flaskenv/']);
    const rows = visibleRows(root, (path) => open.has(path), null);
    expect(ids(rows)).toEqual([
      '/flaskapp/',
      '/flaskapp/config/',
      '/flaskapp/flaskenv/',
      '/flaskapp/flaskenv/APP_SECRET',
      '/flaskapp/flaskenv/RDS_PASSWORD',
      '/flaskapp/flaskenv/RDS_PORT',
      '/photos/',
      'plain-name',
    ]);
    const config = rows[1]!;
    expect(config).toMatchObject({ kind: 'folder', open: false, count: 1, level: 2, setSize: 2, posInSet: 1 });
    expect(rows[0]).toMatchObject({ kind: 'folder', open: true, count: 4, level: 1, setSize: 3, posInSet: 1 });
    expect(rows[5]).toMatchObject({ kind: 'parameter', level: 3, setSize: 3, posInSet: 3 });
    expect(rows[7]).toMatchObject({ kind: 'parameter', level: 1, setSize: 3, posInSet: 3 });
  });

  it('finds each row’s parent folder', () => {
    const rows = visibleRows(root, all, null);
    const at = (id: string) => rows.findIndex((r) => r.id === id);
    expect(parentRowIndex(rows, at('/flaskapp/flaskenv/RDS_PORT'))).toBe(at('/flaskapp/flaskenv/'));
    expect(parentRowIndex(rows, at('/flaskapp/flaskenv/'))).toBe(at('/flaskapp/'));
    expect(parentRowIndex(rows, at('/photos/'))).toBe(-1);
  });
});

describe('filter', () => {
  const root = buildParameterTree(LISTING);

  it('lets everything through when empty', () => {
    expect(filterTree(root, { text: '  ', type: 'any' })).toBeNull();
  });

  it('matches name and path text without regard to case, and counts per folder', () => {
    const matches = filterTree(root, { text: 'PassWord', type: 'any' })!;
    expect(matchedNames(matches)).toEqual(['/flaskapp/flaskenv/RDS_PASSWORD', '/photos/dev/DB_PASSWORD']);
    expect(matches.count).toBe(2);
    expect(matches.inFolder.get('/flaskapp/')?.count).toBe(1);
    expect(matches.inFolder.get('/')?.count).toBe(2);
    expect(matches.inFolder.has('/flaskapp/config/')).toBe(false);
    const byPath = filterTree(root, { text: '/photos/dev', type: 'any' })!;
    expect(byPath.count).toBe(2);
  });

  it('filters by type, alone or with text', () => {
    expect(matchedNames(filterTree(root, { text: '', type: 'StringList' })!)).toEqual(['/photos/dev/HOSTS']);
    expect(filterTree(root, { text: 'flask', type: 'SecureString' })!.count).toBe(2);
    expect(filterTree(root, { text: 'nothing-like-this', type: 'any' })!.count).toBe(0);
  });

  it('keeps the folders that lead to matches, with match counts, and drops the rest', () => {
    const matches = filterTree(root, { text: 'password', type: 'any' })!;
    const rows = visibleRows(root, all, matches);
    expect(ids(rows)).toEqual([
      '/flaskapp/',
      '/flaskapp/flaskenv/',
      '/flaskapp/flaskenv/RDS_PASSWORD',
      '/photos/',
      '/photos/dev/',
      '/photos/dev/DB_PASSWORD',
    ]);
    expect(rows[0]).toMatchObject({ count: 1, setSize: 2, posInSet: 1 });
    expect(rows[2]).toMatchObject({ setSize: 1, posInSet: 1, level: 3 });
    // A folder closed while filtering hides its matches but stays in the tree.
    expect(ids(visibleRows(root, (path) => path !== '/photos/', matches)).slice(3)).toEqual(['/photos/']);
  });

  it('filters 20,000 parameters in one pass, in order', () => {
    const many: ParameterSummary[] = [];
    for (let i = 0; i < 20_000; i++)
      many.push(p(`/app${i % 40}/env${i % 7}/KEY_${i}`, i % 5 === 0 ? 'SecureString' : 'String'));
    const big = buildParameterTree(many);
    expect(big.total).toBe(20_000);
    const matches = filterTree(big, { text: 'key_12', type: 'any' })!;
    const expected = many.filter((x) => x.name.toLowerCase().includes('key_12')).length;
    expect(matches.count).toBe(expected);
    const rows = visibleRows(big, all, matches);
    expect(rows.filter((r) => r.kind === 'parameter')).toHaveLength(expected);
    // /app0/env0/ holds every 280th key; its matches come in numeric order.
    const inFolder = rows.filter((r) => r.kind === 'parameter' && r.id.startsWith('/app0/env0/')).map((r) => r.id);
    expect(inFolder).toEqual([
      '/app0/env0/KEY_12040',
      '/app0/env0/KEY_12320',
      '/app0/env0/KEY_12600',
      '/app0/env0/KEY_12880',
    ]);
    expect(visibleRows(big, all, null)).toHaveLength(20_000 + 40 + 40 * 7);
  });
});
