/**
 * A pure evaluator for IAM identity-based policies, shared by enforcement
 * (a scenario user's calls) and SimulatePrincipalPolicy, so the simulator can
 * never disagree with what the sandbox actually lets a user do.
 *
 * Supported: Effect Allow/Deny; Action/NotAction and Resource/NotResource as a
 * string or a list, with `*` and `?` wildcards (case-insensitive for actions,
 * case-sensitive for resources); explicit Deny beats Allow; no Allow is an
 * implicit deny.
 *
 * Not evaluated: Condition blocks. The sandbox has no request context (source
 * IP, MFA, tags), so it errs towards refusing: an Allow statement with a
 * Condition never grants, and a Deny statement with a Condition always applies.
 * Resource-based policies, permissions boundaries, groups, SCPs and session
 * policies are not part of this evaluation either.
 */

export type EvalDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface PolicySource {
  /** What AWS reports as SourcePolicyId: the managed policy's or the inline policy's name. */
  readonly id: string;
  /** The policy document as JSON text. */
  readonly document: string;
}

export interface MatchedStatement {
  readonly sourcePolicyId: string;
  readonly sourcePolicyType: 'IAM Policy';
  /** Zero-based position of the statement in its policy's Statement list. */
  readonly statementIndex: number;
}

export interface Evaluation {
  readonly decision: EvalDecision;
  /** The Deny statements that matched for explicitDeny, the Allow ones for allowed, none for implicitDeny. */
  readonly matchedStatements: readonly MatchedStatement[];
}

interface Statement {
  readonly effect: 'Allow' | 'Deny' | undefined;
  readonly action: readonly string[] | undefined;
  readonly notAction: readonly string[] | undefined;
  readonly resource: readonly string[] | undefined;
  readonly notResource: readonly string[] | undefined;
  readonly hasCondition: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string or list of strings; anything else reads as absent, so a malformed element cannot widen a grant. */
function stringList(value: unknown): readonly string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) return value;
  return undefined;
}

function readStatement(raw: unknown): Statement | undefined {
  if (!isRecord(raw)) return undefined;
  const effect = raw['Effect'] === 'Allow' || raw['Effect'] === 'Deny' ? raw['Effect'] : undefined;
  return {
    effect,
    action: stringList(raw['Action']),
    notAction: stringList(raw['NotAction']),
    resource: stringList(raw['Resource']),
    notResource: stringList(raw['NotResource']),
    hasCondition: raw['Condition'] !== undefined,
  };
}

/** The statements of a document, positions preserved; unreadable documents have none (they grant nothing). */
export function readStatements(document: string): readonly (Statement | undefined)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    return [];
  }
  if (!isRecord(parsed)) return [];
  const statement = parsed['Statement'];
  if (Array.isArray(statement)) return statement.map(readStatement);
  return [readStatement(statement)];
}

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

function anyMatches(patterns: readonly string[], value: string, caseInsensitive: boolean): boolean {
  return patterns.some((pattern) => wildcardMatches(pattern, value, caseInsensitive));
}

/** Exactly one of the element and its Not form must be present, as IAM requires; otherwise the statement is void. */
function elementApplies(
  positive: readonly string[] | undefined,
  negative: readonly string[] | undefined,
  value: string,
  caseInsensitive: boolean,
): boolean {
  if (positive !== undefined && negative === undefined) return anyMatches(positive, value, caseInsensitive);
  if (negative !== undefined && positive === undefined) return !anyMatches(negative, value, caseInsensitive);
  return false;
}

function statementApplies(statement: Statement, action: string, resource: string): boolean {
  return (
    elementApplies(statement.action, statement.notAction, action, true) &&
    elementApplies(statement.resource, statement.notResource, resource, false)
  );
}

/** Evaluates one action on one resource against a principal's identity policies. */
export function evaluate(policies: readonly PolicySource[], action: string, resource: string): Evaluation {
  const allows: MatchedStatement[] = [];
  const denies: MatchedStatement[] = [];
  for (const policy of policies) {
    readStatements(policy.document).forEach((statement, statementIndex) => {
      if (!statement || statement.effect === undefined) return;
      if (!statementApplies(statement, action, resource)) return;
      const matched: MatchedStatement = { sourcePolicyId: policy.id, sourcePolicyType: 'IAM Policy', statementIndex };
      if (statement.effect === 'Deny') denies.push(matched);
      // Conditions are not evaluated (see the module comment): a conditional Allow never grants.
      else if (!statement.hasCondition) allows.push(matched);
    });
  }
  if (denies.length > 0) return { decision: 'explicitDeny', matchedStatements: denies };
  if (allows.length > 0) return { decision: 'allowed', matchedStatements: allows };
  return { decision: 'implicitDeny', matchedStatements: [] };
}
