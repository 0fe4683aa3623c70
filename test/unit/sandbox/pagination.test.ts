import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/sandbox/errors';
import { compareKeys, pageFields, paginate, sortByKey } from '../../../src/sandbox/protocols/pagination';

const names = sortByKey(['delta', 'Alpha', 'charlie', 'bravo', 'echo'], (name) => name);
const key = (name: string): string => name;

describe('pagination', () => {
  it('sorts case-insensitively with a stable tie-break', () => {
    expect(names).toEqual(['Alpha', 'bravo', 'charlie', 'delta', 'echo']);
    expect(sortByKey(['b', 'B', 'a'], key)).toEqual(['a', 'B', 'b']);
    expect(compareKeys('ec2-x', 'EC2_x')).toBeLessThan(0);
  });

  it('defaults to 100 items and gives no marker when everything fits', () => {
    const many = Array.from({ length: 150 }, (_, i) => `item${String(i).padStart(3, '0')}`);
    const first = paginate(many, key, undefined, undefined);
    expect(first.items).toHaveLength(100);
    expect(first.isTruncated).toBe(true);
    const rest = paginate(many, key, undefined, first.marker);
    expect(rest.items).toHaveLength(50);
    expect(rest.isTruncated).toBe(false);
    expect(rest.marker).toBeUndefined();
  });

  it('walks every item exactly once across pages of two', () => {
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = paginate(names, key, 2, marker);
      seen.push(...page.items);
      marker = page.marker;
      pages += 1;
      expect(page.isTruncated).toBe(marker !== undefined);
    } while (marker !== undefined);
    expect(seen).toEqual(names);
    expect(pages).toBe(3);
  });

  it('has no marker on a page that ends exactly at the last item', () => {
    const page = paginate(names, key, 5, undefined);
    expect(page.items).toHaveLength(5);
    expect(page.marker).toBeUndefined();
    expect(pageFields(page)).toEqual({ IsTruncated: false });
  });

  it('resumes after the marked item even when earlier items disappear', () => {
    const first = paginate(names, key, 2, undefined);
    expect(first.items).toEqual(['Alpha', 'bravo']);
    const shrunk = names.filter((name) => name !== 'Alpha');
    expect(paginate(shrunk, key, 2, first.marker).items).toEqual(['charlie', 'delta']);
  });

  it('rejects a marker it did not issue', () => {
    try {
      paginate(names, key, 2, 'not a marker!');
      throw new Error('expected InvalidInput');
    } catch (error: unknown) {
      expect(error).toBeInstanceOf(AwsError);
      expect((error as AwsError).code).toBe('InvalidInput');
    }
  });
});
