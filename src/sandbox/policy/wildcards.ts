/** IAM's `*` and `?` wildcards, shared by Action/Resource matching and the String/Arn condition operators. */

const patternCache = new Map<string, RegExp>();

/** `*` is any run of characters and `?` exactly one; every other character is literal. */
export function wildcardMatches(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const cacheKey = `${caseInsensitive ? 'i' : 's'}:${pattern}`;
  let regex = patternCache.get(cacheKey);
  if (!regex) {
    const body = pattern
      .split('')
      .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
      .join('');
    regex = new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
    patternCache.set(cacheKey, regex);
  }
  return regex.test(value);
}
