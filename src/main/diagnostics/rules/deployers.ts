/**
 * F1: the deploying principal cannot create Beanstalk resources or pass roles.
 * It looks only at principals that deploy: the ones the user declared, and the
 * roles of EC2 instances Elastic Beanstalk did not launch (a jumpbox, a Cloud9
 * box), where `eb create` is typically run. Other users are not its business.
 * F1 is account-wide, so a scan scoped to one environment skips it.
 */
import type {
  AtomicChangeIntent,
  Evidence,
  FindingResource,
  IamSnapshot,
  PrincipalRef,
} from '../../../shared/contract';
import type { ScanSource } from '../facts';
import { catalogueRef, check, findingId } from '../findings';
import { principalKey } from '../iam/accessDenied';
import { mergeInlinePolicy, stepsIntent } from '../iam/inlinePolicies';
import { BEANSTALK_ADMIN, BEANSTALK_RETIRED, grantingManagedPolicy, managedPolicyArn } from '../iam/managedPolicies';
import { findPrincipal, nameFromNameOrArn, principalArn } from '../iam/principals';
import { judge, verdictEvidence, verdictMethod, type Verdict } from '../iam/verdicts';
import type { EvaluationContext, FindingDraft, FixDraft, RuleOutput } from '../types';

export const DEPLOYER_ACTIONS = [
  'iam:CreateRole',
  'iam:PassRole',
  'iam:CreateInstanceProfile',
  'iam:AddRoleToInstanceProfile',
  'elasticbeanstalk:CreateApplication',
  'elasticbeanstalk:CreateEnvironment',
] as const;

export const LEAST_PRIVILEGE_POLICY = 'TrellisDeployerLeastPrivilege';

export interface DeployerFacts {
  ref: PrincipalRef;
  arn: string;
  /** Why it is checked: declared, or the instances that run as it. */
  reasons: string[];
  exists?: boolean;
  attachedPolicyNames: string[];
  inlinePolicies: { name: string; document: string }[];
  verdicts: Verdict[];
}

// ---------------------------------------------------------------- F1 collect

export async function collectDeployers(
  source: ScanSource,
  ctx: EvaluationContext,
  snapshot: IamSnapshot | undefined,
): Promise<DeployerFacts[]> {
  const wanted = new Map<string, { ref: PrincipalRef; reasons: string[] }>();
  const want = (ref: PrincipalRef, reason: string) => {
    const key = principalKey(ref);
    const entry = wanted.get(key) ?? { ref, reasons: [] };
    entry.reasons.push(reason);
    wanted.set(key, entry);
  };
  for (const ref of ctx.settings.deployers) want(ref, 'declared as a deployer in the diagnostics settings');

  const instances = (await source.attempt('EC2 instances', ['F1'], () => source.instances())) ?? [];
  for (const instance of instances) {
    if (instance.environmentName || !instance.instanceProfileArn) continue;
    if (instance.state && instance.state !== 'running') continue;
    const profileName = nameFromNameOrArn(instance.instanceProfileArn);
    const profile = await source.attempt(`instance profile ${profileName}`, ['F1'], () =>
      source.instanceProfile(profileName),
    );
    const roleNames =
      profile?.roleNames ??
      snapshot?.roles.filter((r) => r.instanceProfiles.some((p) => p.name === profileName)).map((r) => r.name) ??
      [];
    const label = instance.name ? `${instance.instanceId} (${instance.name})` : instance.instanceId;
    for (const name of roleNames) {
      want(
        { type: 'role', name },
        `instance ${label}, not launched by Elastic Beanstalk, runs with instance profile ${profileName}`,
      );
    }
  }

  const out: DeployerFacts[] = [];
  for (const { ref, reasons } of wanted.values()) {
    const arn = principalArn(snapshot, ref, ctx);
    const principal = findPrincipal(snapshot, ref);
    const verdicts = await judge(source, snapshot, { ref, arn, actions: DEPLOYER_ACTIONS });
    out.push({
      ref,
      arn,
      reasons,
      ...(snapshot ? { exists: principal !== undefined } : {}),
      attachedPolicyNames: principal?.attachedPolicies.map((p) => p.policyName) ?? [],
      inlinePolicies: principal?.inlinePolicies ?? [],
      verdicts,
    });
  }
  return out;
}

// ---------------------------------------------------------------- F1 evaluate

function deployerFixes(d: DeployerFacts, deniedActions: string[], ctx: EvaluationContext): FixDraft[] {
  const fixes: FixDraft[] = [];
  const needed = [...new Set(deniedActions.map((a) => grantingManagedPolicy(a)).filter((p): p is string => !!p))]
    .filter((name) => !d.attachedPolicyNames.includes(name))
    .sort((a, b) => (a === BEANSTALK_ADMIN ? 1 : 0) - (b === BEANSTALK_ADMIN ? 1 : 0));
  if (needed.length) {
    const parts: AtomicChangeIntent[] = needed.map((name) => ({
      kind: 'iam.attachPolicy',
      principal: d.ref,
      policyArn: managedPolicyArn(ctx.partition, name),
    }));
    fixes.push({
      id: 'attach-managed',
      label: `Attach ${needed.join(' and ')}`,
      description: `Attach the AWS managed ${needed.length > 1 ? 'policies' : 'policy'} ${needed.join(', ')} to ${d.ref.type} ${d.ref.name}: what the Elastic Beanstalk console and the EB CLI need to create applications, roles and instance profiles.`,
      recommended: true,
      intent: stepsIntent(`Let ${d.ref.name} deploy to Elastic Beanstalk`, parts),
    });
  }
  const document = mergeInlinePolicy(d.inlinePolicies.find((p) => p.name === LEAST_PRIVILEGE_POLICY)?.document, {
    Sid: 'TrellisDeployer',
    Effect: 'Allow',
    Action: deniedActions,
    Resource: ['*'],
  });
  fixes.push({
    id: 'inline-policy',
    label: `Add inline policy ${LEAST_PRIVILEGE_POLICY}`,
    description: `Least privilege: an inline policy on ${d.ref.name} allowing exactly ${deniedActions.join(', ')}.`,
    recommended: fixes.length === 0,
    intent: { kind: 'iam.putInlinePolicy', principal: d.ref, policyName: LEAST_PRIVILEGE_POLICY, document },
  });
  return fixes;
}

export function evaluateDeployers(deployers: readonly DeployerFacts[], ctx: EvaluationContext): RuleOutput {
  const out: RuleOutput = { findings: [], checks: [] };
  for (const d of deployers) {
    const subject: FindingResource = { type: d.ref.type, name: d.ref.name, arn: d.arn };
    const denied = d.verdicts.filter((v) => v.decision !== 'allowed');
    const method = verdictMethod(d.verdicts[0]);
    if (!denied.length) {
      out.checks.push(check('F1', subject, true, `${d.ref.name} may ${DEPLOYER_ACTIONS.join(', ')} (${method}).`));
      continue;
    }
    const deniedActions = [...new Set(denied.map((v) => v.action))];
    out.checks.push(check('F1', subject, false, `${d.ref.name} may not ${deniedActions.join(', ')} (${method}).`));
    const explicit = denied.some((v) => v.decision === 'explicitDeny');
    const retired = d.attachedPolicyNames.includes(BEANSTALK_RETIRED);
    const evidence: Evidence[] = [
      ...d.reasons.map((r) => ({ source: 'state' as const, label: 'Why it is checked', text: r })),
      {
        source: 'policy',
        label: 'Attached policies',
        text: d.attachedPolicyNames.length ? d.attachedPolicyNames.join(', ') : '(none)',
      },
      ...denied.map(verdictEvidence),
    ];
    const finding: FindingDraft = {
      id: findingId('F1', subject),
      rule: 'F1',
      severity: 'high',
      summary: `${d.ref.type === 'role' ? 'Role' : 'User'} ${d.ref.name} cannot ${deniedActions.join(', ')}, so it cannot create Elastic Beanstalk applications, roles and instance profiles`,
      resource: subject,
      related: [],
      evidence,
      explanation:
        `\`eb init\` and \`eb create\` (and the console's create wizard) create the application, the environment's roles and instance profile, and pass those roles to Elastic Beanstalk; ${d.ref.name} is not allowed ${deniedActions.join(', ')}, so they fail with AccessDenied. ` +
        (explicit
          ? 'An explicit Deny decides at least one of them, which no added permission can override.'
          : `The recommended fix attaches IAMFullAccess and ${BEANSTALK_ADMIN} (the current name of the retired ${BEANSTALK_RETIRED}${retired ? ', which is still attached here' : ''}); the alternative is an inline policy with exactly the missing actions.`),
      catalogue: catalogueRef('F1'),
      fixes: explicit ? [] : deployerFixes(d, deniedActions, ctx),
      ...(explicit
        ? {
            manual: {
              summary: `Remove the explicit Deny that blocks ${deniedActions.join(', ')} for ${d.ref.name}.`,
              steps: [
                {
                  text: `Find the Deny statement in ${denied.flatMap((v) => v.matched).join(', ') || 'its policies or boundary'} and narrow it.`,
                },
              ],
              check: `Simulating ${deniedActions.join(', ')} for ${d.ref.name} is allowed.`,
            },
          }
        : {}),
    };
    out.findings.push(finding);
  }
  return out;
}
