/**
 * IPv4 and IPv6 addresses and CIDR blocks, for the IpAddress and
 * NotIpAddress condition operators. A plain address in a policy means that
 * one address (/32 or /128). An address never falls in a block of the other
 * family, so an IPv6 caller is outside every IPv4 range.
 */

export interface IpBlock {
  readonly family: 4 | 6;
  readonly base: bigint;
  readonly prefix: number;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const groups: number[] = [];
  for (const group of text.split(':')) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
    groups.push(parseInt(group, 16));
  }
  return groups;
}

function parseIpv6(text: string): bigint | undefined {
  let body = text;
  const tail: number[] = [];
  // An embedded IPv4 tail (::ffff:192.0.2.1) is two more groups.
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.') && lastColon !== -1) {
    const v4 = parseIpv4(body.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
    body = body.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (!head || !rest) return undefined;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return undefined;
  const groups = [...head, ...Array<number>(8 - known).fill(0), ...rest, ...tail];
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

/** An address as a /32 or /128 block. */
export function parseAddress(text: string): IpBlock | undefined {
  const v4 = parseIpv4(text.trim());
  if (v4 !== undefined) return { family: 4, base: v4, prefix: 32 };
  const v6 = text.includes(':') ? parseIpv6(text.trim()) : undefined;
  return v6 === undefined ? undefined : { family: 6, base: v6, prefix: 128 };
}

/** `203.0.113.0/24`, `2001:db8::/32`, or a bare address. */
export function parseCidr(text: string): IpBlock | undefined {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const block = parseAddress(address);
  if (!block) return undefined;
  if (prefixText === undefined) return block;
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix > block.prefix ? undefined : { ...block, prefix };
}

function masked(value: bigint, width: number, prefix: number): bigint {
  return value >> BigInt(width - prefix);
}

export function blockContains(block: IpBlock, address: IpBlock): boolean {
  if (block.family !== address.family) return false;
  const width = block.family === 4 ? 32 : 128;
  return masked(block.base, width, block.prefix) === masked(address.base, width, block.prefix);
}
