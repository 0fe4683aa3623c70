import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
} from '@aws-sdk/client-iam';
import type { ChangeIntent, PrincipalRef, Target } from '../../../shared/contract';
import { inPartition } from '../../../shared/aws/partitions';
import { curatedPolicies } from '../../../shared/iam/curatedPolicies';
import { listAttachedPolicies } from '../../services/iam';
import { cliCommand } from '../cliCommand';
import type { BuiltPlan, ExecutableStep, PlannerContext } from '../types';
import { policyName } from './iamRoleCalls';

type AttachmentIntent = Extract<ChangeIntent, { kind: 'iam.attachPolicy' | 'iam.detachPolicy' }>;

// Policies that amount to administrator access, or to the power to grant it.
const ESCALATING = new Set(['AdministratorAccess', 'IAMFullAccess', 'PowerUserAccess']);

function riskOf(intent: AttachmentIntent): BuiltPlan['risk'] {
  const name = policyName(intent.policyArn);
  const who = `${intent.principal.type} ${intent.principal.name}`;
  if (intent.kind === 'iam.detachPolicy') {
    return {
      level: 'medium',
      note: `Anything running as ${who} loses what ${name} granted, immediately. Undo re-attaches it.`,
    };
  }
  // The curated list is written in the commercial partition; the same policy in aws-cn or aws-us-gov is the same risk.
  const curated = curatedPolicies.find((p) => p.arn === inPartition(intent.policyArn, 'aws'));
  if (ESCALATING.has(name)) {
    return { level: 'high', note: curated?.broad ?? `${name} lets ${who} grant itself any permission.` };
  }
  if (curated?.broad) return { level: 'medium', note: curated.broad };
  return { level: 'low', note: `Adds the permissions in ${name} to ${who}. Undo detaches it.` };
}

function operationFor(kind: AttachmentIntent['kind'], principal: PrincipalRef) {
  const verb = kind === 'iam.attachPolicy' ? 'Attach' : 'Detach';
  const noun = principal.type === 'role' ? 'Role' : 'User';
  return {
    operation: `${verb}${noun}Policy`,
    cli: `${verb.toLowerCase()}-${principal.type}-policy`,
    nameParam: principal.type === 'role' ? 'RoleName' : 'UserName',
  };
}

function sendAttachment(
  ctx: PlannerContext,
  target: Target,
  kind: AttachmentIntent['kind'],
  principal: PrincipalRef,
  policyArn: string,
) {
  const { operation } = operationFor(kind, principal);
  return ctx.aws.call(target, 'iam', operation, async (c) => {
    const out =
      principal.type === 'role'
        ? await c.send(
            kind === 'iam.attachPolicy'
              ? new AttachRolePolicyCommand({ RoleName: principal.name, PolicyArn: policyArn })
              : new DetachRolePolicyCommand({ RoleName: principal.name, PolicyArn: policyArn }),
          )
        : await c.send(
            kind === 'iam.attachPolicy'
              ? new AttachUserPolicyCommand({ UserName: principal.name, PolicyArn: policyArn })
              : new DetachUserPolicyCommand({ UserName: principal.name, PolicyArn: policyArn }),
          );
    return { requestId: out.$metadata.requestId };
  });
}

/** Attach or detach one managed policy on a role or user. Each is the other's undo. */
export async function planPolicyAttachment(
  ctx: PlannerContext,
  target: Target,
  intent: AttachmentIntent,
): Promise<BuiltPlan> {
  const { principal, policyArn } = intent;
  const attach = intent.kind === 'iam.attachPolicy';
  const name = policyName(policyArn);
  const { operation, cli, nameParam } = operationFor(intent.kind, principal);
  const inverseKind = attach ? 'iam.detachPolicy' : 'iam.attachPolicy';
  const inverse = operationFor(inverseKind, principal);
  const cliTarget = ctx.cliTarget(target, 'iam');
  const cliArgs = { [`${principal.type}-name`]: principal.name, 'policy-arn': policyArn };

  // Reading the current attachments first makes the diff true and lets a no-op say so instead of "succeeding".
  const current = await listAttachedPolicies(ctx.aws, target, principal);
  const isAttached = current.some((p) => p.policyArn === policyArn);
  let blocked: string | undefined;
  if (attach && isAttached) blocked = `${name} is already attached to ${principal.type} ${principal.name}.`;
  if (!attach && !isAttached) blocked = `${name} is not attached to ${principal.type} ${principal.name}.`;
  if (attach && !isAttached && current.length >= 10) {
    blocked = `${principal.type} ${principal.name} already has ${current.length} managed policies attached, the IAM default quota; detach one first or request a quota increase.`;
  }

  const step: ExecutableStep = {
    service: 'iam',
    operation,
    input: { [nameParam]: principal.name, PolicyArn: policyArn },
    summary: `${attach ? 'Attach' : 'Detach'} ${name} ${attach ? 'to' : 'from'} ${principal.type} ${principal.name}`,
    run: () => sendAttachment(ctx, target, intent.kind, principal, policyArn),
    rollback: async () => {
      await sendAttachment(ctx, target, inverseKind, principal, policyArn);
    },
  };

  return {
    title: `${attach ? 'Attach' : 'Detach'} ${name} ${attach ? 'to' : 'from'} ${principal.name}`,
    resource: { service: 'iam', type: principal.type, name: principal.name },
    diff: [
      attach
        ? { change: 'add', label: 'Attached managed policy', after: `${name} (${policyArn})` }
        : { change: 'remove', label: 'Attached managed policy', before: `${name} (${policyArn})` },
    ],
    steps: [step],
    cli: [cliCommand(cliTarget, 'iam', cli, cliArgs)],
    permissions: [`iam:${operation}`, `iam:ListAttached${principal.type === 'role' ? 'Role' : 'User'}Policies`],
    risk: riskOf(intent),
    undo: {
      intent: { kind: inverseKind, principal, policyArn },
      summary: `${attach ? 'Detach' : 'Re-attach'} ${name} ${attach ? 'from' : 'to'} ${principal.name}`,
      cli: [cliCommand(cliTarget, 'iam', inverse.cli, cliArgs)],
    },
    blocked,
    unchanged: attach === isAttached,
    async verify() {
      const after = await listAttachedPolicies(ctx.aws, target, principal);
      const present = after.some((p) => p.policyArn === policyArn);
      const ok = present === attach;
      const where = `${principal.type} ${principal.name}`;
      return {
        verified: ok,
        detail: ok
          ? `Verified: ${name} is ${attach ? 'attached to' : 'no longer attached to'} ${where} (${after.length} attached).`
          : `Re-reading ${where} shows ${name} ${present ? 'still attached' : 'not attached'}; IAM may still be propagating the change.`,
      };
    },
  };
}
