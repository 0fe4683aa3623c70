/**
 * Sets of IPv4 and IPv6 addresses as sorted, merged intervals, so a policy's
 * `aws:SourceIp` lists can be judged by what they admit rather than by how
 * they are written: `0.0.0.0/1` with `128.0.0.0/1` is all of IPv4 as surely
 * as `0.0.0.0/0`, and `NotIpAddress` admits everything its list leaves out.
 */

export type AddressFamily = 4 | 6;

/** Inclusive bounds. */
type Interval = readonly [bigint, bigint];

export interface AddressSet {
  readonly v4: readonly Interval[];
  readonly v6: readonly Interval[];
}

export interface Cidr {
  family: AddressFamily;
  start: bigint;
  end: bigint;
  prefix: number;
}

const BITS: Readonly<Record<AddressFamily, number>> = { 4: 32, 6: 128 };
const SIZE: Readonly<Record<AddressFamily, bigint>> = { 4: 1n << 32n, 6: 1n << 128n };

export const NOWHERE: AddressSet = { v4: [], v6: [] };
export const EVERYWHERE: AddressSet = { v4: [[0n, SIZE[4] - 1n]], v6: [[0n, SIZE[6] - 1n]] };

function ipv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((value, p) => (value << 8n) + BigInt(p), 0n);
}

function ipv6(text: string): bigint | undefined {
  let body = text;
  let tail: bigint[] = [];
  // `::ffff:192.0.2.1`: a trailing dotted quad is the last two groups.
  const dotted = /(?:^|:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(body);
  if (dotted?.[1]) {
    const v4 = ipv4(dotted[1]);
    if (v4 === undefined) return undefined;
    tail = [v4 >> 16n, v4 & 0xffffn];
    body = body.slice(0, body.length - dotted[1].length);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined): string[] => (part === undefined || part === '' ? [] : part.split(':'));
  const head = groups(halves[0]);
  const rest = groups(halves[1]);
  const wanted = 8 - tail.length;
  const missing = wanted - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const all = [...head, ...Array<string>(Math.max(0, missing)).fill('0'), ...rest];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return [...all.map((g) => BigInt(`0x${g}`)), ...tail].reduce((value, g) => (value << 16n) + g, 0n);
}

/** `10.0.0.0/8`, `203.0.113.7` (one address), `::/0`, `2001:db8::/32`; undefined when it is neither. */
export function parseCidr(text: string): Cidr | undefined {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const family: AddressFamily = address.includes(':') ? 6 : 4;
  const value = family === 4 ? ipv4(address) : ipv6(address);
  const bits = BITS[family];
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (value === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  // Host bits are ignored, as IAM ignores them.
  const start = (value >> hostBits) << hostBits;
  return { family, start, end: start + (1n << hostBits) - 1n, prefix };
}

function merge(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: Array<[bigint, bigint]> = [];
  for (const [start, end] of sorted) {
    const last = out[out.length - 1];
    if (last && start <= last[1] + 1n) last[1] = end > last[1] ? end : last[1];
    else out.push([start, end]);
  }
  return out;
}

/** The addresses any of the entries names; entries that are not addresses are left out. */
export function setOf(entries: readonly string[]): AddressSet {
  const cidrs = entries.map(parseCidr).filter((c): c is Cidr => c !== undefined);
  return {
    v4: merge(cidrs.filter((c) => c.family === 4).map((c) => [c.start, c.end] as const)),
    v6: merge(cidrs.filter((c) => c.family === 6).map((c) => [c.start, c.end] as const)),
  };
}

function complementOf(intervals: readonly Interval[], size: bigint): Interval[] {
  const out: Interval[] = [];
  let next = 0n;
  for (const [start, end] of intervals) {
    if (start > next) out.push([next, start - 1n]);
    next = end + 1n;
  }
  if (next < size) out.push([next, size - 1n]);
  return out;
}

function intersectionOf(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aStart, aEnd] = a[i] as Interval;
    const [bStart, bEnd] = b[j] as Interval;
    const start = aStart > bStart ? aStart : bStart;
    const end = aEnd < bEnd ? aEnd : bEnd;
    if (start <= end) out.push([start, end]);
    if (aEnd < bEnd) i += 1;
    else j += 1;
  }
  return out;
}

export function complement(set: AddressSet): AddressSet {
  return { v4: complementOf(set.v4, SIZE[4]), v6: complementOf(set.v6, SIZE[6]) };
}

export function intersect(a: AddressSet, b: AddressSet): AddressSet {
  return { v4: intersectionOf(a.v4, b.v4), v6: intersectionOf(a.v6, b.v6) };
}

export function union(a: AddressSet, b: AddressSet): AddressSet {
  return { v4: merge([...a.v4, ...b.v4]), v6: merge([...a.v6, ...b.v6]) };
}

/** The share of the family's address space the set holds, 0 to 1. */
export function share(set: AddressSet, family: AddressFamily): number {
  const intervals = family === 4 ? set.v4 : set.v6;
  const total = intervals.reduce((sum, [start, end]) => sum + (end - start + 1n), 0n);
  // BigInt division truncates; scaling by 2^52 first keeps a double's precision for IPv6's 2^128 too.
  return Number((total << 52n) / SIZE[family]) / 2 ** 52;
}

export function isEmpty(set: AddressSet): boolean {
  return set.v4.length === 0 && set.v6.length === 0;
}

/** Every address of IPv4 or of IPv6: `0.0.0.0/0`, `::/0`, or entries that add up to one of them. */
export function coversAFamily(set: AddressSet): boolean {
  return share(set, 4) === 1 || share(set, 6) === 1;
}
