/**
 * A pure evaluator for IAM policies, shared by enforcement (users' and role
 * sessions' calls), STS (role trust policies) and SimulatePrincipalPolicy, so
 * the simulator can never disagree with what the sandbox actually lets a
 * principal do.
 *
 * Supported: Effect Allow/Deny; Action/NotAction and Resource/NotResource as a
 * string or a list, with `*` and `?` wildcards (case-insensitive for actions,
 * case-sensitive for resources); Principal/NotPrincipal in trust policies;
 * Condition blocks against a request context (conditions.ts); explicit Deny
 * beats Allow; no Allow is an implicit deny.
 *
 * What cannot be decided errs towards refusing: an Allow whose Condition is
 * not proven true never grants, and a Deny whose Condition is not proven false
 * applies. Without a request context (the simulator, the Doctor's estimates)
 * no condition can be proven, so a conditional Allow never grants and a
 * conditional Deny always applies.
 *
 * Not part of this evaluation: permissions boundaries, groups, SCPs and
 * session policies.
 */
import { type ConditionContext, evaluateCondition } from './conditions';
import { matchPrincipal, type PolicyCaller } from './principals';
import { wildcardMatches } from './wildcards';

export { wildcardMatches } from './wildcards';
export type { ConditionContext } from './conditions';

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
  /** The raw Condition element; undefined when the statement has none. */
  readonly condition: unknown;
  readonly principal: unknown;
  readonly notPrincipal: unknown;
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
    condition: raw['Condition'],
    principal: raw['Principal'],
    notPrincipal: raw['NotPrincipal'],
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

/** Evaluates one action on one resource against a principal's identity policies, in a request's context when given. */
export function evaluate(
  policies: readonly PolicySource[],
  action: string,
  resource: string,
  context?: ConditionContext,
): Evaluation {
  const allows: MatchedStatement[] = [];
  const denies: MatchedStatement[] = [];
  for (const policy of policies) {
    readStatements(policy.document).forEach((statement, statementIndex) => {
      if (!statement || statement.effect === undefined) return;
      if (!statementApplies(statement, action, resource)) return;
      const condition = evaluateCondition(statement.condition, context);
      const matched: MatchedStatement = { sourcePolicyId: policy.id, sourcePolicyType: 'IAM Policy', statementIndex };
      if (statement.effect === 'Deny') {
        if (condition !== 'false') denies.push(matched);
      } else if (condition === 'true') allows.push(matched);
    });
  }
  if (denies.length > 0) return { decision: 'explicitDeny', matchedStatements: denies };
  if (allows.length > 0) return { decision: 'allowed', matchedStatements: allows };
  return { decision: 'implicitDeny', matchedStatements: [] };
}

export interface TrustEvaluation {
  readonly decision: EvalDecision;
  /**
   * Whether an Allow that applied names the caller itself (its user, role or
   * session ARN). In the same account that grants on its own; an Allow that
   * names only the account or `*` leaves the decision to the caller's own
   * identity policies.
   */
  readonly namesCaller: boolean;
}

function principalMatch(statement: Statement, caller: PolicyCaller): 'named' | 'broad' | 'none' {
  if (statement.principal !== undefined && statement.notPrincipal === undefined) {
    return matchPrincipal(statement.principal, caller);
  }
  if (statement.notPrincipal !== undefined && statement.principal === undefined) {
    return matchPrincipal(statement.notPrincipal, caller) === 'none' ? 'broad' : 'none';
  }
  return 'none';
}

/** Evaluates a resource-based policy (a role's trust policy) for one caller and action. */
export function evaluateTrustPolicy(
  document: string,
  action: string,
  caller: PolicyCaller,
  context: ConditionContext,
): TrustEvaluation {
  let allowed = false;
  let namesCaller = false;
  for (const statement of readStatements(document)) {
    if (!statement || statement.effect === undefined) continue;
    if (!elementApplies(statement.action, statement.notAction, action, true)) continue;
    const match = principalMatch(statement, caller);
    if (match === 'none') continue;
    const condition = evaluateCondition(statement.condition, context);
    if (statement.effect === 'Deny') {
      if (condition !== 'false') return { decision: 'explicitDeny', namesCaller: false };
    } else if (condition === 'true') {
      allowed = true;
      namesCaller ||= match === 'named';
    }
  }
  return { decision: allowed ? 'allowed' : 'implicitDeny', namesCaller };
}
