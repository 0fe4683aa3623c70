/**
 * Which statements of a set of policies apply to one request: Action or
 * NotAction, Resource or NotResource (policy variables substituted), the
 * Principal or NotPrincipal of a resource-based policy, then the Condition.
 */
import { evaluateCondition, type Tristate } from './conditions';
import { hasVariables, parsePolicy, type Effect, type ParsedPolicy, type Statement } from './policyDocument';
import { isLoneStar, resolveTemplate, type MissingKeySink } from './policyVariables';
import { principalReach, type PrincipalMatch, type RequestPrincipal } from './principals';
import type { RequestContext } from './requestContext';
import { actionMatches, arnPiecesMatch } from './wildcards';

export type PolicyType = 'identity' | 'boundary' | 'resource';

export interface PolicyInput {
  /** What AWS reports as SourcePolicyId: the policy's name, or `PolicyInputList.1` for a custom policy. */
  readonly id: string;
  /** The document as JSON text, or already read. */
  readonly document: string | ParsedPolicy;
}

export interface MatchedStatement {
  readonly policyId: string;
  readonly policyType: PolicyType;
  readonly statementIndex: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  /** Its condition (or a variable in its Resource) could not be decided from the context. */
  readonly undecided: boolean;
  /** How a resource-based policy's statement named the caller; `exact` for identity policies. */
  readonly reach: PrincipalMatch;
}

export interface StatementRequest {
  readonly action: string;
  /** Undefined asks about any resource: every Resource and NotResource element applies. */
  readonly resource: string | undefined;
  readonly context: RequestContext;
  readonly principal: RequestPrincipal | undefined;
  /** Whether the principal has a permissions boundary (see reachOf). */
  readonly hasBoundary: boolean;
  readonly onMissing: MissingKeySink;
}

function and(a: Tristate, b: Tristate): Tristate {
  if (a === 'false' || b === 'false') return 'false';
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'true';
}

function actionApplies(statement: Statement, action: string): boolean {
  const { action: listed, notAction } = statement;
  if (listed !== undefined && notAction === undefined) return listed.some((pattern) => actionMatches(pattern, action));
  if (notAction !== undefined && listed === undefined)
    return !notAction.some((pattern) => actionMatches(pattern, action));
  return false;
}

/** One Resource entry against the request's resource. */
function entryMatches(entry: string, resource: string, variables: boolean, request: StatementRequest): Tristate {
  const resolved = resolveTemplate(entry, { variables, context: request.context, onMissing: request.onMissing });
  if (resolved.kind === 'unknown') return 'unknown';
  if (resolved.kind === 'unmatchable') return 'false';
  if (isLoneStar(resolved.pieces)) return 'true';
  return arnPiecesMatch(resolved.pieces, resource) ? 'true' : 'false';
}

function resourceApplies(
  statement: Statement,
  type: PolicyType,
  variables: boolean,
  request: StatementRequest,
): Tristate {
  const { resource: listed, notResource } = statement;
  const { resource } = request;
  // A resource-based policy is attached to its resource; a role trust policy has no Resource at all.
  if (listed === undefined && notResource === undefined) return type === 'resource' ? 'true' : 'false';
  if (listed !== undefined && notResource !== undefined) return 'false';
  if (resource === undefined) return 'true';
  if (listed !== undefined) {
    const results = listed.map((entry) => entryMatches(entry, resource, variables, request));
    return results.includes('true') ? 'true' : results.includes('unknown') ? 'unknown' : 'false';
  }
  // NotResource: an entry that cannot be resolved makes the statement apply to nothing.
  const results = (notResource ?? []).map((entry) => {
    const resolved = resolveTemplate(entry, { variables, context: request.context, onMissing: request.onMissing });
    return resolved.kind === 'unmatchable' ? 'true' : entryMatches(entry, resource, variables, request);
  });
  return results.includes('true') ? 'false' : results.includes('unknown') ? 'unknown' : 'true';
}

function reachOf(statement: Statement, type: PolicyType, request: StatementRequest): PrincipalMatch {
  // Identity policies have no Principal: they belong to the principal they are attached to.
  if (type !== 'resource') return 'exact';
  // AWS documents that a Deny with NotPrincipal in a resource policy denies any principal with a boundary.
  if (statement.effect === 'Deny' && statement.notPrincipal !== undefined && request.hasBoundary) return 'everyone';
  return request.principal ? principalReach(statement.principal, statement.notPrincipal, request.principal) : 'none';
}

/** Every statement of the policies that applies, with whether its condition was decided. */
export function applicableStatements(
  policies: readonly PolicyInput[],
  type: PolicyType,
  request: StatementRequest,
): MatchedStatement[] {
  const out: MatchedStatement[] = [];
  for (const policy of policies) {
    const parsed = typeof policy.document === 'string' ? parsePolicy(policy.document) : policy.document;
    const variables = hasVariables(parsed);
    for (const statement of parsed.statements) {
      if (!statement || !actionApplies(statement, request.action)) continue;
      const reach = reachOf(statement, type, request);
      if (reach === 'none') continue;
      const where = resourceApplies(statement, type, variables, request);
      if (where === 'false') continue;
      const condition = evaluateCondition(statement.condition, {
        context: request.context,
        variables,
        onMissing: request.onMissing,
      });
      const applies = and(where, condition);
      if (applies === 'false') continue;
      out.push({
        policyId: policy.id,
        policyType: type,
        statementIndex: statement.index,
        sid: statement.sid,
        effect: statement.effect,
        undecided: applies === 'unknown',
        reach,
      });
    }
  }
  return out;
}
