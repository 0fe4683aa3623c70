/**
 * Runs a generated case through both evaluators: ours (src/shared/iam) and
 * @cloud-copilot/iam-simulate, an independent implementation. That package is
 * AGPL-3.0: it is a devDependency used here, in tests, and never from src/.
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { authorize, type Decision } from '../../../../src/shared/iam/evaluation';
import { contextOf } from '../../../../src/shared/iam/requestContext';
import type { PolicyCase } from './policyCases';

export interface Outcome {
  readonly ours: Decision;
  readonly theirs: Decision | 'error';
  /** Their validation errors, or context keys they dropped as not applying to the action. */
  readonly problems: readonly string[];
}

const THEIR_DECISIONS: Readonly<Record<string, Decision>> = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny',
};

/** Role trust policies and KMS key policies must name the caller or its account for identity policies to count. */
function resourceKind(action: string): 'trust' | 'resource' {
  return /^(sts:assumerole|kms:)/i.test(action) ? 'trust' : 'resource';
}

export function ourDecision(c: PolicyCase): Decision {
  return authorize({
    action: c.action,
    resource: c.resource,
    context: contextOf(c.context, 'all'),
    principal: c.principal,
    resourceAccount: c.resourceAccount,
    identityPolicies: c.identity.map((p) => ({ id: p.name, document: JSON.stringify(p.policy) })),
    ...(c.boundary ? { boundaryPolicies: [{ id: 'boundary', document: JSON.stringify(c.boundary) }] } : {}),
    ...(c.resourcePolicy
      ? {
          resourcePolicy: {
            policy: { id: 'resource', document: JSON.stringify(c.resourcePolicy) },
            kind: resourceKind(c.action),
          },
        }
      : {}),
  }).decision;
}

export async function theirDecision(c: PolicyCase): Promise<{ decision: Decision | 'error'; problems: string[] }> {
  const simulation: Simulation = {
    request: {
      principal: c.principal.arn,
      action: c.action,
      resource: { resource: c.resource, accountId: c.resourceAccount },
      contextVariables: c.context,
    },
    identityPolicies: c.identity.map((p) => ({ name: p.name, policy: p.policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(c.boundary ? { permissionBoundaryPolicies: [{ name: 'boundary', policy: c.boundary }] } : {}),
    ...(c.resourcePolicy ? { resourcePolicy: c.resourcePolicy } : {}),
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') return { decision: 'error', problems: [JSON.stringify(result.errors)] };
  const ignored = result.resultType === 'single' ? (result.result.ignoredContextKeys ?? []) : [];
  return {
    decision: THEIR_DECISIONS[result.overallResult] ?? 'error',
    problems: ignored.map((key) => `ignored context key ${key}`),
  };
}

export async function compare(c: PolicyCase): Promise<Outcome> {
  const theirs = await theirDecision(c);
  return { ours: ourDecision(c), theirs: theirs.decision, problems: theirs.problems };
}
