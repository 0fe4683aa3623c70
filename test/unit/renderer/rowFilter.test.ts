import { describe, expect, it } from 'vitest';
import { createRowFilter, queryWords } from '../../../src/renderer/src/model/rowFilter';

const rows = ['orders-api-role', 'orders-worker-role', 'payments-api-role', 'search-etl-role', 'Ingest-API'].map(
  (name) => ({ name, text: name.toLowerCase() }),
);

/** The plain definition: every word of the query somewhere in the text. */
const naive = (query: string) => rows.filter((r) => queryWords(query).every((w) => r.text.includes(w)));

describe('createRowFilter', () => {
  it('keeps rows containing every word, in their order, whatever the case and spacing', () => {
    const filter = createRowFilter(rows, (r) => r.text);
    expect(filter('  API  Orders ').map((r) => r.name)).toEqual(['orders-api-role']);
    expect(filter('api').map((r) => r.name)).toEqual(['orders-api-role', 'payments-api-role', 'Ingest-API']);
    expect(filter('nothing-like-this')).toEqual([]);
  });

  it('answers the rows themselves for an empty query', () => {
    const filter = createRowFilter(rows, (r) => r.text);
    expect(filter('   ')).toBe(rows);
  });

  it('narrows from the previous matches while the query only grows, and starts over when it shrinks', () => {
    let reads = 0;
    const filter = createRowFilter(rows, (r) => {
      reads++;
      return r.text;
    });
    filter('role');
    expect(reads).toBe(rows.length);
    reads = 0;
    filter('role o'); // "role" still holds: only its 4 matches are read again
    expect(reads).toBe(4);
    reads = 0;
    filter('rol'); // wider: every row again
    expect(reads).toBe(rows.length);
  });

  it('gives the same answer as the plain definition for any sequence of queries', () => {
    const filter = createRowFilter(rows, (r) => r.text);
    const typed = [
      'o',
      'or',
      'ord',
      'orders',
      'orders ',
      'orders a',
      'orders ap',
      'orders',
      'r',
      'ro api',
      'api ro',
      'x',
    ];
    for (const q of typed) expect(filter(q)).toEqual(naive(q));
  });
});
