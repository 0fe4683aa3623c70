/**
 * UpdateAssumeRolePolicy: who may assume a role. The previous trust policy is
 * captured at plan time exactly as IAM returns it (decoded, not reformatted),
 * so the undo puts back the same text.
 */
import { GetRoleCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import type { ChangeIntent, Target } from '../../../shared/contract';
import { POLICY_SIZE_LIMITS, policySize } from '../../../shared/policyLint/size';
import { checkPolicyText, oneLinePolicy, parseJson, policyDiffRows, samePolicy } from '../../../shared/search';
import { TrellisError } from '../../aws/errors';
import { cliCommand, type CliTarget } from '../cliCommand';
import type { BuiltPlan, PlannerContext } from '../types';
import { decodeDocumentText } from './iamInlinePolicies';
import { iamCall } from './iamRoleCalls';

type TrustIntent = Extract<ChangeIntent, { kind: 'iam.updateAssumeRolePolicy' }>;

/** Bad JSON or a shapeless document gets a message with its line and column before any AWS call. */
function checkDocument(intent: TrustIntent): void {
  const parsed = parseJson(intent.document);
  let problem: string | undefined;
  if (!parsed.ok) problem = parsed.message;
  else {
    const check = checkPolicyText(intent.document);
    // A trust policy names principals instead of resources; the shared check insists on Resource, so that one is waived.
    const rest = check.ok ? [] : check.problems.filter((p) => !p.includes('Resource or NotResource'));
    if (rest.length > 0) problem = rest.join(' ');
  }
  if (problem) {
    throw new TrellisError({
      code: 'validation',
      message: `The trust policy for role ${intent.roleName} is not valid: ${problem}`,
      retryable: false,
    });
  }
}

export async function readTrustPolicy(ctx: PlannerContext, target: Target, roleName: string): Promise<string> {
  const raw = await ctx.aws.call(
    target,
    'iam',
    'GetRole',
    async (c) => (await c.send(new GetRoleCommand({ RoleName: roleName }))).Role?.AssumeRolePolicyDocument,
  );
  return decodeDocumentText(raw);
}

function updateCli(cliTarget: CliTarget, roleName: string, document: string): string {
  return cliCommand(cliTarget, 'iam', 'update-assume-role-policy', {
    'role-name': roleName,
    'policy-document': oneLinePolicy(document),
  });
}

/** A statement that lets anyone assume the role, with no condition to narrow it. */
function opensToEveryone(document: string): boolean {
  const parsed = parseJson(document);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return false;
  const raw = (parsed.value as { Statement?: unknown }).Statement;
  const statements = Array.isArray(raw) ? raw : [raw];
  return statements.some((s) => {
    if (typeof s !== 'object' || s === null) return false;
    const st = s as { Effect?: unknown; Principal?: unknown; Condition?: unknown };
    if (st.Effect !== 'Allow' || st.Condition !== undefined) return false;
    if (st.Principal === '*') return true;
    const aws = (st.Principal as { AWS?: unknown } | undefined)?.AWS;
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  });
}

export async function planUpdateTrustPolicy(
  ctx: PlannerContext,
  target: Target,
  intent: TrustIntent,
): Promise<BuiltPlan> {
  checkDocument(intent);
  const { roleName, document } = intent;
  const previous = await readTrustPolicy(ctx, target, roleName);
  const cliTarget = ctx.cliTarget(target, 'iam');
  const unchanged = samePolicy(previous, document);
  const size = policySize(document);
  const open = opensToEveryone(document);

  const put = (doc: string) =>
    iamCall(ctx, target, 'UpdateAssumeRolePolicy', (c) =>
      c.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: doc })),
    );

  const sizeNote =
    size > POLICY_SIZE_LIMITS.trust
      ? ` The document has ${size} characters without whitespace; IAM's default quota for a trust policy is ${POLICY_SIZE_LIMITS.trust} (it can be raised to 8,192), so IAM may refuse it.`
      : '';
  return {
    title: `Update the trust policy of ${roleName}`,
    resource: { service: 'iam', type: 'role', name: roleName },
    diff: policyDiffRows(previous, document),
    steps: [
      {
        service: 'iam',
        operation: 'UpdateAssumeRolePolicy',
        input: { RoleName: roleName, PolicyDocument: document },
        summary: `Replace the trust policy of role ${roleName}`,
        run: () => put(document),
        rollback: async () => {
          await put(previous);
        },
      },
    ],
    cli: [updateCli(cliTarget, roleName, document)],
    permissions: ['iam:UpdateAssumeRolePolicy', 'iam:GetRole'],
    risk: open
      ? {
          level: 'high',
          note: `After this change any AWS principal, in any account, may assume ${roleName} and act with its permissions: a statement allows Principal "*" with no condition.${sizeNote}`,
        }
      : {
          level: 'medium',
          note: `Who may assume ${roleName} changes within seconds. Principals no longer named cannot start new sessions (sessions already issued last until they expire); services such as EC2 or Elastic Beanstalk lose the role if their principal is removed. Undo puts the previous trust policy back.${sizeNote}`,
        },
    undo: {
      intent: { kind: 'iam.updateAssumeRolePolicy', roleName, document: previous },
      summary: `Put back the previous trust policy of ${roleName}, exactly as it was`,
      cli: [updateCli(cliTarget, roleName, previous)],
    },
    unchanged,
    blocked: unchanged ? `Nothing to change: the trust policy of ${roleName} already says this.` : undefined,
    verify: async () => {
      const now = await readTrustPolicy(ctx, target, roleName);
      return samePolicy(now, document)
        ? { verified: true, detail: `Verified: role ${roleName} has the new trust policy.` }
        : { verified: false, detail: `Re-reading role ${roleName} shows a different trust policy than the one sent.` };
    },
  };
}
