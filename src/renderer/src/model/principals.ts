export interface PolicyChoice {
  name: string;
  arn: string;
}

/** The part of a policy ARN worth searching: path and name (every ARN contains "iam" and "aws"). */
function policyPath(arn: string): string {
  const at = arn.indexOf(':policy/');
  return at === -1 ? arn : arn.slice(at + ':policy/'.length);
}

/** Managed-policy search for the attach dialog: name matches first, then path/description matches. */
export function searchPolicies<T extends PolicyChoice & { description?: string }>(
  policies: readonly T[],
  query: string,
  limit = 50,
): T[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const byName: T[] = [];
  const other: T[] = [];
  for (const p of policies) {
    if (p.name.toLowerCase().includes(q)) byName.push(p);
    else if (policyPath(p.arn).toLowerCase().includes(q) || p.description?.toLowerCase().includes(q)) other.push(p);
  }
  const rank = (p: T) => (p.name.toLowerCase().startsWith(q) ? 0 : 1);
  byName.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  other.sort((a, b) => a.name.localeCompare(b.name));
  return [...byName, ...other].slice(0, limit);
}
