/**
 * Reading a policy document into statements, positions kept (the simulator
 * reports which statement matched). A malformed element reads as absent, so
 * a statement that IAM would reject can never widen a grant: without exactly
 * one of Action/NotAction and one of Resource/NotResource it applies to nothing.
 */
import { isObject as isRecord } from '../search/policyText';

export type Effect = 'Allow' | 'Deny';

export interface Statement {
  /** Zero-based position in the policy's Statement list. */
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  readonly action: readonly string[] | undefined;
  readonly notAction: readonly string[] | undefined;
  readonly resource: readonly string[] | undefined;
  readonly notResource: readonly string[] | undefined;
  /** The raw Principal/NotPrincipal elements (resource-based policies only). */
  readonly principal: unknown;
  readonly notPrincipal: unknown;
  /** The raw Condition element; undefined when the statement has none. */
  readonly condition: unknown;
}

export interface ParsedPolicy {
  /** `2012-10-17` enables policy variables; older or missing versions read `${…}` literally. */
  readonly version: string | undefined;
  /** Unreadable statements are undefined, so the others keep their positions. */
  readonly statements: readonly (Statement | undefined)[];
}

export { isObject as isRecord } from '../search/policyText';

/** A string or a list of strings; anything else reads as absent. */
function stringList(value: unknown): readonly string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) return value;
  return undefined;
}

/** One statement object; undefined when it is not one or has no valid Effect (IAM's Effect is case-sensitive). */
function readStatement(raw: unknown, index: number): Statement | undefined {
  if (!isRecord(raw)) return undefined;
  const effect = raw['Effect'];
  if (effect !== 'Allow' && effect !== 'Deny') return undefined;
  const sid = raw['Sid'];
  return {
    index,
    sid: typeof sid === 'string' ? sid : undefined,
    effect,
    action: stringList(raw['Action']),
    notAction: stringList(raw['NotAction']),
    resource: stringList(raw['Resource']),
    notResource: stringList(raw['NotResource']),
    principal: raw['Principal'],
    notPrincipal: raw['NotPrincipal'],
    condition: raw['Condition'],
  };
}

/** A parsed JSON policy; anything that is not an object with statements has none (and grants nothing). */
export function readPolicy(parsed: unknown): ParsedPolicy {
  if (!isRecord(parsed)) return { version: undefined, statements: [] };
  const version = typeof parsed['Version'] === 'string' ? parsed['Version'] : undefined;
  const raw = parsed['Statement'];
  const list: unknown[] = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return { version, statements: list.map(readStatement) };
}

const parsedCache = new Map<string, ParsedPolicy>();
const CACHE_LIMIT = 500;

/** Parses policy text; enforcement reads the same few documents on every request, so results are cached. */
export function parsePolicy(text: string): ParsedPolicy {
  const cached = parsedCache.get(text);
  if (cached) return cached;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const policy = readPolicy(parsed);
  if (parsedCache.size >= CACHE_LIMIT) parsedCache.clear();
  parsedCache.set(text, policy);
  return policy;
}

export function hasVariables(policy: ParsedPolicy): boolean {
  return policy.version === '2012-10-17';
}
