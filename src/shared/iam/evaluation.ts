/**
 * One evaluator for IAM policies, shared by the sandbox (enforcement, STS's
 * role trust check, SimulatePrincipalPolicy and SimulateCustomPolicy) and the
 * Doctor's estimates, so "would this be allowed?" and "was it allowed?" agree.
 * It follows AWS's documented policy evaluation logic, without Organizations
 * (SCPs, RCPs) or session policies:
 *
 * 1. An explicit Deny in any applicable policy (identity, permissions
 *    boundary, resource-based) decides.
 * 2. Identity policies (the principal's inline and managed policies, and its
 *    groups') must allow, and so must the permissions boundary when there is one.
 * 3. A resource-based policy (a bucket policy, a domain access policy, a
 *    role's trust policy), when the request has one:
 *    - same account: the union. An Allow that names the caller grants without
 *      any identity policy; a boundary still limits it unless it names the
 *      user or session itself (or everyone). One that names only the account
 *      delegates to the identity policies. A trust policy is stricter: without
 *      a statement naming the caller or its account, identity policies alone
 *      never let anyone assume the role;
 *    - cross-account: the intersection. The resource policy must allow the
 *      caller (or its account) and the identity policies must allow too.
 * 4. Otherwise the request is implicitly denied.
 *
 * What cannot be decided (a condition on a key the context cannot speak for)
 * errs towards refusing: a Deny applies; an Allow grants nothing, unless the
 * caller asks to count it (the Doctor, which estimates without a request).
 */
import type { RequestPrincipal } from './principals';
import type { RequestContext } from './requestContext';
import { applicableStatements, type MatchedStatement, type PolicyInput } from './statements';

export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface ResourcePolicy {
  readonly policy: PolicyInput;
  /**
   * `trust` for a role's trust policy or a KMS key policy: unlike other
   * resource-based policies, it must name the caller or its account even
   * within the account, or identity policies count for nothing.
   */
  readonly kind?: 'trust' | 'resource';
}

export interface AuthorizationRequest {
  readonly action: string;
  /** The resource ARN; undefined asks whether the action is allowed on any resource at all. */
  readonly resource: string | undefined;
  readonly context: RequestContext;
  /** Who asks; needed for a resource-based policy's Principal and to tell a cross-account request. */
  readonly principal?: RequestPrincipal;
  /**
   * The account that owns the resource. When it is not the principal's, the
   * request is cross-account: it needs a resource-based policy that allows it,
   * as well as the identity policies. Undefined means the principal's own.
   */
  readonly resourceAccount?: string;
  readonly identityPolicies: readonly PolicyInput[];
  /** The permissions boundary (IAM allows one; the simulator takes a list). */
  readonly boundaryPolicies?: readonly PolicyInput[];
  readonly resourcePolicy?: ResourcePolicy;
  /** How an Allow whose condition cannot be decided counts: `refuse` (the default) or `grant`. */
  readonly undecidedAllow?: 'refuse' | 'grant';
}

export interface Authorization {
  readonly decision: Decision;
  /** The Deny statements that decided an explicitDeny; the Allow ones behind an allowed; none for implicitDeny. */
  readonly matchedStatements: readonly MatchedStatement[];
  /** Condition keys (and policy variables) that applicable statements read and the request lacked, as written. */
  readonly missingContextKeys: readonly string[];
  /** The identity policies' own verdict, before the boundary and any resource policy. */
  readonly identityDecision: Decision;
  /** The boundary's verdict, when there is one. */
  readonly boundaryDecision?: Decision;
  /** The resource-based policy's own verdict, when there is one: `allowed` when an Allow names the caller or its account. */
  readonly resourceDecision?: Decision;
  /** Whether a statement that counted could not be decided from the context. */
  readonly undecided: boolean;
}

/** Keys in first-seen spelling, once each whatever their case. */
class MissingKeys {
  private readonly seen = new Map<string, string>();
  readonly add = (key: string): void => {
    const lowered = key.toLowerCase();
    if (!this.seen.has(lowered)) this.seen.set(lowered, key);
  };
  list(): string[] {
    return [...this.seen.values()];
  }
}

interface SetVerdict {
  readonly allows: readonly MatchedStatement[];
  readonly denies: readonly MatchedStatement[];
  readonly decision: Decision;
}

function verdict(statements: readonly MatchedStatement[], undecidedAllow: 'refuse' | 'grant'): SetVerdict {
  const denies = statements.filter((s) => s.effect === 'Deny');
  const allows = statements.filter((s) => s.effect === 'Allow' && (!s.undecided || undecidedAllow === 'grant'));
  const decision = denies.length > 0 ? 'explicitDeny' : allows.length > 0 ? 'allowed' : 'implicitDeny';
  return { allows, denies, decision };
}

const DIRECT = new Set(['exact', 'role', 'everyone']);
/** Statements naming the user or session itself (or everyone) are not limited by a boundary. */
const PAST_BOUNDARY = new Set(['exact', 'everyone']);

export function authorize(request: AuthorizationRequest): Authorization {
  const missing = new MissingKeys();
  const undecidedAllow = request.undecidedAllow ?? 'refuse';
  const base = {
    action: request.action,
    resource: request.resource,
    context: request.context,
    principal: request.principal,
    hasBoundary: request.boundaryPolicies !== undefined,
    onMissing: missing.add,
  };
  const identity = verdict(applicableStatements(request.identityPolicies, 'identity', base), undecidedAllow);
  const boundary = request.boundaryPolicies
    ? verdict(applicableStatements(request.boundaryPolicies, 'boundary', base), undecidedAllow)
    : undefined;
  const resourcePolicy = request.resourcePolicy;
  const resource = resourcePolicy
    ? verdict(applicableStatements([resourcePolicy.policy], 'resource', base), undecidedAllow)
    : undefined;

  const finish = (decision: Decision, matched: readonly MatchedStatement[]): Authorization => ({
    decision,
    matchedStatements: decision === 'implicitDeny' ? [] : matched,
    missingContextKeys: missing.list(),
    identityDecision: identity.decision,
    ...(boundary ? { boundaryDecision: boundary.decision } : {}),
    ...(resource ? { resourceDecision: resource.decision } : {}),
    undecided: matched.some((statement) => statement.undecided),
  });

  const denies = [...identity.denies, ...(boundary?.denies ?? []), ...(resource?.denies ?? [])];
  if (denies.length > 0) return finish('explicitDeny', denies);

  const boundaryAllows = boundary === undefined || boundary.allows.length > 0;
  const identityGrant =
    identity.allows.length > 0 && boundaryAllows ? [...identity.allows, ...(boundary?.allows ?? [])] : [];
  const principal = request.principal;
  const crossAccount =
    principal !== undefined && request.resourceAccount !== undefined && principal.accountId !== request.resourceAccount;
  if (!resourcePolicy || !resource) {
    // Another account's resource without a resource policy lets no one in from outside.
    const allowed = identityGrant.length > 0 && !crossAccount;
    return finish(allowed ? 'allowed' : 'implicitDeny', identityGrant);
  }

  const direct = resource.allows.filter((s) => DIRECT.has(s.reach));
  const forAccount = resource.allows.filter((s) => s.reach === 'account');
  // A service acting for itself has no identity policies: only the resource policy can let it in.
  if (principal?.service !== undefined) return finish(direct.length > 0 ? 'allowed' : 'implicitDeny', direct);

  if (crossAccount) {
    const granted = [...direct, ...forAccount];
    const allowed = identityGrant.length > 0 && granted.length > 0;
    return finish(allowed ? 'allowed' : 'implicitDeny', [...identityGrant, ...granted]);
  }
  const resourceGrant = boundaryAllows ? direct : direct.filter((s) => PAST_BOUNDARY.has(s.reach));
  const trustsIdentity = resourcePolicy.kind !== 'trust' || forAccount.length > 0;
  const viaIdentity =
    trustsIdentity && identityGrant.length > 0
      ? [...identityGrant, ...(resourcePolicy.kind === 'trust' ? forAccount : [])]
      : [];
  const matched = [...resourceGrant, ...viaIdentity];
  return finish(matched.length > 0 ? 'allowed' : 'implicitDeny', matched);
}
