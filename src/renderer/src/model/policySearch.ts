/**
 * Search over every managed policy for the attach dialog: the lab's curated
 * policies first, then name matches (prefix before substring), then matches
 * in the path or description. Only the first `limit` are returned with the
 * total, so the list stays short while the count says how much was left out.
 * Each policy's text is lower-cased and sorted once per pool, not on every keystroke.
 */

export interface SearchablePolicy {
  readonly name: string;
  readonly arn: string;
  readonly description?: string;
  /** Curated lab policies rank above everything else. */
  readonly curated?: boolean;
}

export interface PolicySearchIndex<T extends SearchablePolicy> {
  readonly entries: ReadonlyArray<{ readonly policy: T; readonly name: string; readonly rest: string }>;
}

export interface PolicySearchResult<T> {
  readonly shown: readonly T[];
  /** Every match, including those not shown. */
  readonly total: number;
}

/** The policy's path: what sits between `policy` and its name in the ARN. */
function pathOf(arn: string): string {
  const start = arn.indexOf(':policy/');
  return start === -1 ? '' : arn.slice(start + ':policy'.length, arn.lastIndexOf('/') + 1);
}

/** Later entries with an ARN already seen are dropped, so a curated entry wins over the listed one. */
export function policySearchIndex<T extends SearchablePolicy>(pool: readonly T[]): PolicySearchIndex<T> {
  const seen = new Set<string>();
  const entries: Array<{ policy: T; name: string; rest: string }> = [];
  for (const policy of pool) {
    if (seen.has(policy.arn)) continue;
    seen.add(policy.arn);
    const rest = `${pathOf(policy.arn)}\n${policy.description ?? ''}`.toLowerCase();
    entries.push({ policy, name: policy.name.toLowerCase(), rest });
  }
  // Sorted once here, so a search keeps name order by walking the entries and never sorts.
  entries.sort((a, b) => a.policy.name.localeCompare(b.policy.name));
  return { entries };
}

export function searchPolicyIndex<T extends SearchablePolicy>(
  index: PolicySearchIndex<T>,
  query: string,
  limit: number,
): PolicySearchResult<T> {
  const q = query.trim().toLowerCase();
  if (!q) return { shown: [], total: 0 };
  // Rank buckets: 0 curated, 1 name starts with the query, 2 name contains it, 3 path or description does.
  const buckets: T[][] = [[], [], [], []];
  for (const entry of index.entries) {
    const inName = entry.name.includes(q);
    if (!inName && !entry.rest.includes(q)) continue;
    const bucket = entry.policy.curated ? 0 : !inName ? 3 : entry.name.startsWith(q) ? 1 : 2;
    buckets[bucket]!.push(entry.policy);
  }
  const ranked = buckets.flat();
  return { shown: ranked.slice(0, limit), total: ranked.length };
}
