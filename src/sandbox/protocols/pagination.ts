/**
 * IAM-style paging: `MaxItems` (default 100) and an opaque `Marker`. The
 * marker names the last item returned rather than an offset, so a page stays
 * correct when items before it are created or deleted between calls.
 */
import { invalidInput } from '../errors';

export const DEFAULT_MAX_ITEMS = 100;

export interface Page<T> {
  readonly items: T[];
  readonly isTruncated: boolean;
  /** Present only when there is more to read, as AWS does. */
  readonly marker?: string;
}

/** Case-insensitive first, so `EC2_Role` sorts next to `ec2-role`, then exact for a stable total order. */
export function compareKeys(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export function sortByKey<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
}

export function encodeMarker(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeMarker(marker: string): string {
  const key = Buffer.from(marker, 'base64url').toString('utf8');
  // base64url decoding never throws, so check the round trip to reject markers we did not issue.
  if (key === '' || encodeMarker(key) !== marker) throw invalidInput('Invalid Marker.');
  return key;
}

/** Pages through items already sorted with `compareKeys` on `keyOf`. */
export function paginate<T>(
  sortedItems: readonly T[],
  keyOf: (item: T) => string,
  maxItems: number | undefined,
  marker: string | undefined,
): Page<T> {
  const limit = maxItems ?? DEFAULT_MAX_ITEMS;
  let start = 0;
  if (marker !== undefined) {
    const after = decodeMarker(marker);
    start = sortedItems.findIndex((item) => compareKeys(keyOf(item), after) > 0);
    if (start === -1) start = sortedItems.length;
  }
  const items = sortedItems.slice(start, start + limit);
  const isTruncated = start + limit < sortedItems.length;
  const last = items[items.length - 1];
  return isTruncated && last !== undefined
    ? { items, isTruncated, marker: encodeMarker(keyOf(last)) }
    : { items, isTruncated: false };
}

/** The fields AWS appends to every list result. */
export function pageFields<T>(page: Page<T>): { IsTruncated: boolean; Marker?: string } {
  return page.marker === undefined ? { IsTruncated: false } : { IsTruncated: true, Marker: page.marker };
}
