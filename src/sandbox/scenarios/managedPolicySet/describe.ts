/**
 * Descriptions for AWS managed policies, derived from their documents: the
 * data package has none, and an honest summary of what a policy allows is
 * more use in a search list than no description at all. Build time only.
 */

/** AWS's access levels, in the order a description names them. */
const LEVELS = ['Read', 'List', 'Write', 'Permissions management', 'Tagging'] as const;
export type AccessLevel = (typeof LEVELS)[number];

export interface ServiceCatalogue {
  /** The service's display name ("Amazon S3"), or undefined when the catalogue does not know it. */
  serviceName(prefix: string): string | undefined;
  /** Lower-cased action name to access level, for every action the service has. */
  actions(prefix: string): ReadonlyMap<string, AccessLevel>;
}

const MAX_DESCRIPTION = 1000;
const NAMED_SERVICES = 3;
const NAMED_PHRASES = 3;

interface Grant {
  /** Access levels granted; 'Full' when every action of the service is. */
  readonly levels: Set<AccessLevel | 'Full'>;
}

function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function statementsOf(document: unknown): Array<Record<string, unknown>> {
  if (typeof document !== 'object' || document === null) return [];
  const statement = (document as Record<string, unknown>)['Statement'];
  const list = Array.isArray(statement) ? statement : [statement];
  return list.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null);
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** What `prefix:pattern` grants in the catalogue's terms; an unknown service or action counts as unknown (empty). */
function grantFor(catalogue: ServiceCatalogue, prefix: string, pattern: string, grant: Grant): void {
  const actions = catalogue.actions(prefix);
  if (pattern === '*') {
    grant.levels.add('Full');
    return;
  }
  const matcher = globToRegExp(pattern);
  for (const [action, level] of actions) if (matcher.test(action)) grant.levels.add(level);
}

function levelPhrase(levels: ReadonlySet<AccessLevel | 'Full'>): string {
  if (levels.has('Full')) return 'Full';
  const named = LEVELS.filter((level) => levels.has(level)).map((level) => level.toLowerCase());
  if (named.length === 0) return 'Limited';
  if (named.length === 1) return named[0]!;
  return `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
}

function serviceList(names: readonly string[]): string {
  const sorted = [...names].sort((a, b) => a.localeCompare(b));
  if (sorted.length > NAMED_SERVICES + 1) {
    return `${sorted.length} services, including ${sorted.slice(0, NAMED_SERVICES).join(', ')} and others`;
  }
  if (sorted.length === 1) return sorted[0]!;
  return `${sorted.slice(0, -1).join(', ')} and ${sorted[sorted.length - 1]}`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A one-sentence summary of what the document allows, by service and access level. */
export function describePolicyDocument(document: unknown, catalogue: ServiceCatalogue): string {
  const grants = new Map<string, Grant>();
  let everything = false;
  let allExcept = false;
  let denies = false;
  for (const statement of statementsOf(document)) {
    if (statement['Effect'] === 'Deny') {
      denies = true;
      continue;
    }
    if (statement['NotAction'] !== undefined) allExcept = true;
    for (const action of asList(statement['Action'])) {
      if (action === '*') {
        everything = true;
        continue;
      }
      const colon = action.indexOf(':');
      if (colon <= 0) continue;
      const prefix = action.slice(0, colon).toLowerCase();
      const grant = grants.get(prefix) ?? { levels: new Set() };
      grants.set(prefix, grant);
      grantFor(catalogue, prefix, action.slice(colon + 1), grant);
    }
  }
  const parts: string[] = [];
  if (everything) parts.push('full access to all AWS services and resources');
  else if (allExcept) parts.push('access to all AWS services except the actions it names');
  if (!everything) {
    const byPhrase = new Map<string, string[]>();
    for (const [prefix, grant] of grants) {
      const phrase = levelPhrase(grant.levels);
      byPhrase.set(phrase, [...(byPhrase.get(phrase) ?? []), catalogue.serviceName(prefix) ?? prefix]);
    }
    // The broadest grants first; past a few kinds of access, a count says more than a longer sentence.
    const size = (phrase: string): number => byPhrase.get(phrase)!.length;
    const phrases = [...byPhrase.keys()].sort((a, b) => size(b) - size(a) || a.localeCompare(b));
    for (const phrase of phrases.slice(0, NAMED_PHRASES)) {
      parts.push(`${phrase.toLowerCase()} access to ${serviceList(byPhrase.get(phrase)!)}`);
    }
    const rest = phrases.slice(NAMED_PHRASES).reduce((sum, phrase) => sum + size(phrase), 0);
    if (rest > 0) parts.push(`other access to ${rest} more service${rest === 1 ? '' : 's'}`);
  }
  const body =
    parts.length === 0
      ? 'allows nothing by itself'
      : `${parts.join('; ')}${denies ? ', with some actions explicitly denied' : ''}`;
  const sentence = `${capitalised(body)}.`;
  return sentence.length <= MAX_DESCRIPTION ? sentence : `${sentence.slice(0, MAX_DESCRIPTION - 1)}…`;
}
