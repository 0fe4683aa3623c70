/**
 * Case-insensitive lookups over the IAM service reference, built once per
 * data load: IAM matches service prefixes, action names and condition keys
 * without regard to case, and so must the lint.
 */
import type { IamData, IamServiceData } from './iamData';

export interface IamAction {
  service: string;
  name: string;
  accessLevel: string;
  resourceTypes: readonly string[];
}

export interface IamService {
  prefix: string;
  data: IamServiceData;
  /** lower-case name → action */
  actions: Map<string, IamAction>;
  conditionKeys: ConditionKeyMatcher[];
}

interface ConditionKeyMatcher {
  key: string;
  matches: (lowerKey: string) => boolean;
}

export interface IamIndex {
  data: IamData;
  services: Map<string, IamService>;
  /** Every action of every service, for "*" and "*:*". */
  allActions: IamAction[];
  globalKeys: ConditionKeyMatcher[];
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A condition key with a variable part matches any non-empty value there. */
function keyMatcher(key: string): ConditionKeyMatcher {
  const lower = key.toLowerCase();
  // The reference writes variables three ways: ${TagKey}, <key> and a trailing tag-key.
  const variable = /\$\{[^}]+\}|<[^>]+>|(?<=\/)tag-key$/;
  if (!variable.test(lower)) return { key, matches: (k) => k === lower };
  const pattern = new RegExp(
    `^${lower
      .split(/\$\{[^}]+\}|<[^>]+>|(?<=\/)tag-key$/)
      .map(escapeRegex)
      .join('.+')}$`,
  );
  return { key, matches: (k) => pattern.test(k) };
}

export function indexIamData(data: IamData): IamIndex {
  const services = new Map<string, IamService>();
  const allActions: IamAction[] = [];
  for (const [prefix, service] of Object.entries(data.services)) {
    const actions = new Map<string, IamAction>();
    for (const [name, [level, ...resourceTypes]] of Object.entries(service.actions)) {
      const action = { service: prefix, name, accessLevel: data.accessLevels[level] ?? 'Unknown', resourceTypes };
      actions.set(name.toLowerCase(), action);
      allActions.push(action);
    }
    services.set(prefix, { prefix, data: service, actions, conditionKeys: service.conditionKeys.map(keyMatcher) });
  }
  return { data, services, allActions, globalKeys: data.globalConditionKeys.map(keyMatcher) };
}

/** A glob of IAM's (`*` any run, `?` one character) as a case-insensitive regular expression. */
export function globRegex(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : escapeRegex(c)))
      .join('')}$`,
    'i',
  );
}

export const hasWildcard = (s: string) => /[*?]/.test(s);

/** The actions a pattern such as `s3:Get*`, `*:*` or `*` covers. */
export function expandAction(index: IamIndex, pattern: string): IamAction[] {
  if (pattern === '*') return index.allActions;
  const colon = pattern.indexOf(':');
  if (colon < 0) return [];
  const servicePattern = globRegex(pattern.slice(0, colon));
  const actionPattern = globRegex(pattern.slice(colon + 1));
  const out: IamAction[] = [];
  for (const service of index.services.values()) {
    if (!servicePattern.test(service.prefix)) continue;
    for (const action of service.actions.values()) if (actionPattern.test(action.name)) out.push(action);
  }
  return out;
}

/** The condition key as AWS spells it when it is known, globally or for its service. */
export function findConditionKey(index: IamIndex, key: string): string | undefined {
  const lower = key.toLowerCase();
  const global = index.globalKeys.find((m) => m.matches(lower));
  if (global) return global.key;
  const prefix = lower.slice(0, lower.indexOf(':'));
  const own = index.services.get(prefix)?.conditionKeys.find((m) => m.matches(lower));
  if (own) return own.key;
  // aws:RequestTag/… and friends are listed under each service that supports them rather than globally.
  if (prefix === 'aws') {
    for (const service of index.services.values()) {
      const found = service.conditionKeys.find((m) => m.matches(lower));
      if (found) return found.key;
    }
  }
  return undefined;
}

/** Edit distance, for "did you mean" on a misspelt name; policies are short, so the simple table is fine. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The closest candidate within a small distance, for a suggestion in an "unknown" message. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 4)));
  let best: { name: string; d: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d <= limit && (!best || d < best.d)) best = { name: c, d };
  }
  return best?.name;
}
