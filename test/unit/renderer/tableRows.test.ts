import { describe, expect, it } from 'vitest';
import { nextSort, tableRows, type TableSpec } from '../../../src/renderer/src/model/tableRows';

interface Db {
  id: string;
  engine: string;
  size: number;
}

const spec: TableSpec<Db, 'id' | 'engine' | 'size'> = {
  search: (db) => `${db.id}\n${db.engine}`,
  name: (db) => db.id,
  columns: { id: (db) => db.id, engine: (db) => db.engine, size: (db) => db.size },
};

const items: readonly Db[] = [
  { id: 'orders-db-10', engine: 'postgres', size: 20 },
  { id: 'orders-db-2', engine: 'MySQL', size: 100 },
  { id: 'billing-db-1', engine: 'postgres', size: 20 },
  { id: 'orders-db-1', engine: 'aurora-mysql', size: 5 },
];
const ids = (rows: readonly Db[]) => rows.map((r) => r.id);

describe('table rows', () => {
  it('sorts names naturally, both ways, leaving the loaded list as it came', () => {
    const before = ids(items);
    expect(ids(tableRows(items, spec, { column: 'id', descending: false }, ''))).toEqual([
      'billing-db-1',
      'orders-db-1',
      'orders-db-2',
      'orders-db-10',
    ]);
    expect(ids(tableRows(items, spec, { column: 'id', descending: true }, ''))).toEqual([
      'orders-db-10',
      'orders-db-2',
      'orders-db-1',
      'billing-db-1',
    ]);
    expect(ids(items)).toEqual(before);
  });

  it('sorts numbers by value and text without regard to case, ties by name', () => {
    expect(ids(tableRows(items, spec, { column: 'size', descending: false }, ''))).toEqual([
      'orders-db-1',
      'billing-db-1',
      'orders-db-10',
      'orders-db-2',
    ]);
    expect(ids(tableRows(items, spec, { column: 'engine', descending: false }, ''))).toEqual([
      'orders-db-1',
      'orders-db-2',
      'billing-db-1',
      'orders-db-10',
    ]);
  });

  it('filters by every word in any case, in the sorted order, over every row', () => {
    const sort = { column: 'id', descending: false } as const;
    expect(ids(tableRows(items, spec, sort, 'ORDERS postgres'))).toEqual(['orders-db-10']);
    expect(ids(tableRows(items, spec, sort, 'mysql'))).toEqual(['orders-db-1', 'orders-db-2']);
    expect(ids(tableRows(items, spec, sort, 'nothing-like-it'))).toEqual([]);
    expect(tableRows(items, spec, sort, '  ')).toHaveLength(items.length);
  });

  it('starts afresh for a new load of the same rows', () => {
    const sort = { column: 'id', descending: false } as const;
    expect(ids(tableRows(items, spec, sort, 'billing'))).toEqual(['billing-db-1']);
    const reloaded = [...items, { id: 'billing-db-2', engine: 'postgres', size: 1 }];
    expect(ids(tableRows(reloaded, spec, sort, 'billing'))).toEqual(['billing-db-1', 'billing-db-2']);
  });

  it('turns the same column round, and starts another ascending', () => {
    expect(nextSort({ column: 'id', descending: false }, 'id')).toEqual({ column: 'id', descending: true });
    expect(nextSort({ column: 'id', descending: true }, 'size')).toEqual({ column: 'size', descending: false });
  });
});
