/**
 * IPv4 containment for "does this CIDR cover the instance's private address".
 * Instances' private addresses are IPv4, so IPv6 ranges never cover them here.
 */
function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.trim().split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** True when `cidr` (IPv4, host bits tolerated) contains the IPv4 address `ip`. */
export function cidrCovers(cidr: string, ip: string): boolean {
  const [base, prefixText] = cidr.trim().split('/');
  if (base === undefined || prefixText === undefined || base.includes(':')) return false;
  const prefix = Number(prefixText);
  const network = ipv4ToNumber(base);
  const address = ipv4ToNumber(ip);
  if (network === undefined || address === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
    return false;
  }
  if (prefix === 0) return true;
  const size = 2 ** (32 - prefix);
  return Math.floor(network / size) === Math.floor(address / size);
}
