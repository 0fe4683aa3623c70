/**
 * Pure checks for security-group ingress input, shared by main (before any
 * AWS call) and the renderer (inline form errors), so both say the same thing.
 * Each check returns a specific message or undefined; nothing here throws.
 */

export const INGRESS_PROTOCOLS = ['tcp', 'udp', 'icmp', '-1'] as const;
export type IngressProtocol = (typeof INGRESS_PROTOCOLS)[number];

export const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;

export function checkProtocol(protocol: string): string | undefined {
  return (INGRESS_PROTOCOLS as readonly string[]).includes(protocol)
    ? undefined
    : `Protocol "${protocol}" is not supported: use tcp, udp, icmp or -1 (all traffic).`;
}

export function checkPort(port: number, label = 'Port'): string | undefined {
  if (!Number.isInteger(port)) return `${label} ${String(port)} is not a whole number.`;
  if (port < 1 || port > 65535) return `${label} ${port} is out of range: ports run from 1 to 65535.`;
  return undefined;
}

/** Ports only mean something for tcp and udp; icmp and -1 carry none to check. */
export function checkPortRange(protocol: string, fromPort: number, toPort: number): string | undefined {
  if (protocol !== 'tcp' && protocol !== 'udp') return undefined;
  const bad = checkPort(fromPort, 'From port') ?? checkPort(toPort, 'To port');
  if (bad) return bad;
  if (fromPort > toPort) return `From port ${fromPort} is greater than to port ${toPort}.`;
  return undefined;
}

export function checkSecurityGroupId(groupId: string): string | undefined {
  return SECURITY_GROUP_ID.test(groupId)
    ? undefined
    : `"${groupId}" is not a security group id: expected sg- followed by 8 to 17 hex digits.`;
}

export interface ParsedCidr {
  readonly version: 4 | 6;
  /** The canonical form: network address with host bits zero, IPv6 compressed and lower case. */
  readonly canonical: string;
  /** True for 0.0.0.0/0 and ::/0, which admit the whole internet. */
  readonly isWorld: boolean;
}

export type CidrResult = { ok: true; cidr: ParsedCidr } | { ok: false; message: string };

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const octets = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return octets.every((o) => Number.isInteger(o) && o <= 255) ? octets : undefined;
}

function parseIpv6(text: string): number[] | undefined {
  const halves = text.toLowerCase().split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return all.map((g) => parseInt(g, 16));
}

/** Zeroes the bits past the prefix in a list of fixed-width words. */
function maskWords(words: readonly number[], width: number, prefix: number): number[] {
  return words.map((word, index) => {
    const keep = Math.max(0, Math.min(width, prefix - index * width));
    const mask = keep === 0 ? 0 : ((2 ** width - 1) >> (width - keep)) << (width - keep);
    return word & mask;
  });
}

function formatIpv6(words: readonly number[]): string {
  // RFC 5952: compress the longest run (2+) of zero groups, first one on a tie.
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j += 1;
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i };
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best.start === -1) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}

/** Parses an IPv4 or IPv6 CIDR; a CIDR with host bits set is refused with its canonical form, as EC2 does. */
export function parseCidr(text: string): CidrResult {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  if (slash === -1) return { ok: false, message: `"${text}" is not a CIDR: add a prefix length, e.g. ${trimmed}/32.` };
  const address = trimmed.slice(0, slash);
  const prefixText = trimmed.slice(slash + 1);
  const isV6 = address.includes(':');
  const maxPrefix = isV6 ? 128 : 32;
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > maxPrefix) {
    return { ok: false, message: `"${text}" has prefix length "${prefixText}": it must be 0 to ${maxPrefix}.` };
  }
  const prefix = Number(prefixText);
  if (isV6) {
    const words = parseIpv6(address);
    if (!words) return { ok: false, message: `"${address}" is not an IPv6 address.` };
    const canonical = `${formatIpv6(maskWords(words, 16, prefix))}/${prefix}`;
    if (canonical !== `${formatIpv6(words)}/${prefix}`) {
      return { ok: false, message: `"${text}" has host bits set: the network is ${canonical}.` };
    }
    return { ok: true, cidr: { version: 6, canonical, isWorld: prefix === 0 } };
  }
  const octets = parseIpv4(address);
  if (!octets) return { ok: false, message: `"${address}" is not an IPv4 address (four numbers 0-255).` };
  const masked = maskWords(octets, 8, prefix);
  const canonical = `${masked.join('.')}/${prefix}`;
  if (masked.some((o, i) => o !== octets[i])) {
    return { ok: false, message: `"${text}" has host bits set: the network is ${canonical}.` };
  }
  return { ok: true, cidr: { version: 4, canonical, isWorld: prefix === 0 } };
}

export function checkCidr(text: string): string | undefined {
  const result = parseCidr(text);
  return result.ok ? undefined : result.message;
}

export interface IngressRuleInput {
  readonly groupId: string;
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly source: { readonly groupId: string } | { readonly cidr: string };
  readonly description?: string;
}

/** Every problem with a rule, keyed by field, so a form can show each next to its input. */
export function ingressRuleProblems(
  rule: IngressRuleInput,
): Partial<Record<'groupId' | 'protocol' | 'ports' | 'source' | 'description', string>> {
  const problems: Partial<Record<'groupId' | 'protocol' | 'ports' | 'source' | 'description', string>> = {};
  const group = checkSecurityGroupId(rule.groupId);
  if (group) problems.groupId = group;
  const protocol = checkProtocol(rule.protocol);
  if (protocol) problems.protocol = protocol;
  const ports = checkPortRange(rule.protocol, rule.fromPort, rule.toPort);
  if (ports) problems.ports = ports;
  const source = 'cidr' in rule.source ? checkCidr(rule.source.cidr) : checkSecurityGroupId(rule.source.groupId);
  if (source) problems.source = source;
  if (rule.description !== undefined && rule.description.length > 255) {
    problems.description = `The description is ${rule.description.length} characters; EC2 allows 255.`;
  } else if (rule.description !== undefined && !/^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/.test(rule.description)) {
    problems.description = 'The description may use only letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*';
  }
  return problems;
}

/** A short human summary such as "tcp 3306 from sg-0123… " used in labels and plans. */
export function portLabel(protocol: string, fromPort?: number, toPort?: number): string {
  if (protocol === '-1') return 'all traffic';
  if (fromPort === undefined || protocol === 'icmp') return protocol;
  return fromPort === toPort || toPort === undefined ? `${protocol} ${fromPort}` : `${protocol} ${fromPort}-${toPort}`;
}
