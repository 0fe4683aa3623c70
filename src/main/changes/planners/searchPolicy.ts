/**
 * UpdateDomainConfig with a new access policy, previewed as the lines it
 * changes. The undo intent carries the previous policy exactly as
 * DescribeDomainConfig returned it, so undoing restores the same bytes.
 */
import { UpdateDomainConfigCommand } from '@aws-sdk/client-opensearch';
import type { ChangeIntent, DiffRow, Plan, Target } from '../../../shared/contract';
import {
  checkPolicyText,
  classifyPolicy,
  exposureOf,
  oneLinePolicy,
  policyDiffRows,
  samePolicy,
} from '../../../shared/search';
import { TrellisError } from '../../aws/errors';
import { describeDomain, exposureContext, readAccessPolicy } from '../../services/searchDomains';
import { cliCommand, type CliTarget } from '../cliCommand';
import type { BuiltPlan, PlannerContext } from '../types';

type UpdatePolicyIntent = Extract<ChangeIntent, { kind: 'search.updateAccessPolicy' }>;

function updateCli(cliTarget: CliTarget, domainName: string, policy: string): string {
  return cliCommand(cliTarget, 'opensearch', 'update-domain-config', {
    'domain-name': domainName,
    'access-policies': policy,
  });
}

/** Bad input gets a specific message before any AWS call; an empty policy (no resource-based access) is allowed. */
function checkIntent(intent: UpdatePolicyIntent): void {
  if (intent.policy.trim() === '') return;
  const check = checkPolicyText(intent.policy);
  if (!check.ok) {
    throw new TrellisError({
      code: 'validation',
      message: `The access policy for ${intent.domainName} is not valid: ${check.problems.join(' ')}`,
      retryable: false,
    });
  }
}

function riskOf(domainName: string, before: string, after: string, context: { vpc: boolean; fineGrained: boolean }) {
  const was = exposureOf(classifyPolicy(before, context));
  const will = exposureOf(classifyPolicy(after, context));
  if (will === 'public') {
    return {
      level: 'high' as const,
      note: `After this change anyone on the internet can send requests to ${domainName}, signed or not: it has no VPC and no fine-grained access control.`,
    };
  }
  if (was === 'public') {
    return {
      level: 'low' as const,
      note: `This closes ${domainName} to anonymous requests; clients that relied on the open statement will get 403 until they are allowed by name.`,
    };
  }
  return {
    level: 'medium' as const,
    note: `Clients that relied on removed or narrowed statements will get 403 from ${domainName}; the change takes effect within a minute or so.`,
  };
}

export async function planSearchPolicy(
  ctx: PlannerContext,
  target: Target,
  intent: UpdatePolicyIntent,
): Promise<BuiltPlan> {
  checkIntent(intent);
  const { domainName } = intent;
  const [status, current] = await Promise.all([
    describeDomain(ctx.aws, target, domainName),
    readAccessPolicy(ctx.aws, target, domainName),
  ]);
  const context = exposureContext(status);
  const diff: DiffRow[] = policyDiffRows(current.text, intent.policy);
  const unchanged = samePolicy(current.text, intent.policy);
  const cliTarget = ctx.cliTarget(target, 'opensearch');
  const previous = current.text;

  const put = async (policy: string) =>
    ctx.aws.call(target, 'opensearch', 'UpdateDomainConfig', async (client) => {
      const out = await client.send(new UpdateDomainConfigCommand({ DomainName: domainName, AccessPolicies: policy }));
      return { requestId: out.$metadata.requestId };
    });

  const resource: Plan['resource'] = { service: 'es', type: 'domain', name: domainName, arn: status.ARN };
  return {
    title: `Update the access policy of ${domainName}`,
    resource,
    diff,
    steps: [
      {
        service: 'opensearch',
        operation: 'UpdateDomainConfig',
        input: { DomainName: domainName, AccessPolicies: intent.policy },
        summary: `Replace the access policy of ${domainName}`,
        run: () => put(intent.policy),
        rollback: async () => {
          await put(previous);
        },
      },
    ],
    cli: [updateCli(cliTarget, domainName, oneLinePolicy(intent.policy))],
    permissions: ['es:UpdateDomainConfig', 'es:DescribeDomainConfig', 'es:DescribeDomain'],
    risk: riskOf(domainName, current.text, intent.policy, context),
    undo: {
      intent: { kind: 'search.updateAccessPolicy', domainName, policy: previous },
      summary: `Put back the previous access policy of ${domainName}, exactly as it was`,
      cli: [updateCli(cliTarget, domainName, previous)],
    },
    unchanged,
    blocked: unchanged ? `Nothing to change: the access policy of ${domainName} already says this.` : undefined,
    verify: async () => {
      const now = await readAccessPolicy(ctx.aws, target, domainName);
      const state = now.state ? `; the domain reports the policy as ${now.state}` : '';
      return samePolicy(now.text, intent.policy)
        ? { verified: true, detail: `Verified: ${domainName} now has the new access policy${state}.` }
        : {
            verified: false,
            detail: `Re-reading ${domainName} shows a different access policy than the one sent${state}.`,
          };
    },
  };
}
