/**
 * F1 (the deploying principal cannot create Beanstalk resources or pass roles)
 * and F2 (a principal is not authorized to perform an action; the evaluation
 * lives in iam/accessDenied.ts).
 *
 * F1 looks only at principals that deploy: the ones the user declared, and the
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
import { distinctLogLines } from '../beanstalk/eventText';
import type { ScanSource } from '../facts';
import { scopedEnvironmentNames } from '../beanstalk/options';
import { catalogueRef, check, findingId } from '../findings';
import {
  evaluateAccessDenied,
  lastOperationFailed,
  principalKey,
  type AccessDeniedFacts,
  type DeniedPrincipal,
  type DenialSighting,
  type EnvironmentRoleFacts,
} from '../iam/accessDenied';
import { runtimeRoles } from '../beanstalk/runtimeRoles';
import { mergeInlinePolicy, stepsIntent } from '../iam/inlinePolicies';
import {
  appFamilyOfManaged,
  BEANSTALK_ADMIN,
  BEANSTALK_RETIRED,
  grantingManagedPolicy,
  managedPolicyArn,
  type AppFamily,
} from '../iam/managedPolicies';
import { isParameterArn, parameterPathArn } from '../iam/parameterArns';
import { findPrincipal, nameFromNameOrArn, parsePrincipalArn, principalArn, principalRefOf } from '../iam/principals';
import { describeVerdict, judge, readSnapshot, type Verdict } from '../iam/verdicts';
import { parseText, type ParsedText } from '../text/patterns';
import { runnable, type EvaluationContext, type FindingDraft, type FixDraft, type RuleOutput } from '../types';

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

export interface PermissionsFacts {
  deployers: DeployerFacts[];
  accessDenied: AccessDeniedFacts;
}

const RULES = ['F1', 'F2'] as const;

// ---------------------------------------------------------------- F1 collect

async function collectDeployers(
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
    const method =
      d.verdicts[0]?.method === 'policies' ? 'estimated from its attached policies' : 'SimulatePrincipalPolicy';
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
      ...denied.map((v) => ({
        source: v.method === 'simulation' ? ('simulation' as const) : ('policy' as const),
        label: v.method === 'simulation' ? 'Simulated decision' : 'Estimated decision (simulation unavailable)',
        text: describeVerdict(v),
      })),
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

// ---------------------------------------------------------------- F2 collect

function refOfParsed(p: Extract<ParsedText, { kind: 'access-denied' }>): PrincipalRef | undefined {
  if (p.principalArn) {
    const parsed = parsePrincipalArn(p.principalArn);
    return parsed ? principalRefOf(parsed) : undefined;
  }
  if ((p.principalType === 'user' || p.principalType === 'role') && p.principalName) {
    return { type: p.principalType, name: nameFromNameOrArn(p.principalName.split('/').pop() ?? p.principalName) };
  }
  return undefined;
}

function deniedPrincipal(
  ref: PrincipalRef,
  writtenAs: string,
  snapshot: IamSnapshot | undefined,
  ctx: EvaluationContext,
): DeniedPrincipal {
  const principal = findPrincipal(snapshot, ref);
  // A written IAM ARN keeps its path; an assumed-role ARN does not, so ask IAM for the role's real ARN.
  const written = writtenAs.startsWith('arn:') && writtenAs.includes(':iam::') ? writtenAs : undefined;
  return {
    key: principalKey(ref),
    ref,
    arn: principal?.arn ?? written ?? principalArn(snapshot, ref, ctx),
    writtenAs,
    ...(snapshot ? { exists: principal !== undefined } : {}),
    attachedPolicyNames: principal?.attachedPolicies.map((a) => a.policyName) ?? [],
    inlinePolicies: principal?.inlinePolicies ?? [],
  };
}

async function environmentRoles(
  source: ScanSource,
  ctx: EvaluationContext,
  snapshot: IamSnapshot | undefined,
  name: string,
): Promise<
  { env: EnvironmentRoleFacts; texts: Omit<DenialSighting, 'principalKey' | 'action' | 'resource'>[] } | undefined
> {
  const detail = await source.attempt(`configuration and events of ${name}`, ['F2'], () => source.environment(name));
  if (!detail) return undefined;
  const roles = runtimeRoles(detail);
  const profile = await source.attempt(`instance profile ${roles.instanceProfile.name}`, ['F2'], () =>
    source.instanceProfile(roles.instanceProfile.name),
  );
  const instanceRoleName =
    profile?.roleNames[0] ??
    snapshot?.roles.find((r) => r.instanceProfiles.some((p) => p.name === roles.instanceProfile.name))?.name;
  const path = ctx.settings.parameterPaths[name];
  const env: EnvironmentRoleFacts = {
    name,
    health: detail.environment.health,
    status: detail.environment.status,
    serviceRole: roles.serviceRole,
    instanceProfile: roles.instanceProfile,
    ...(instanceRoleName ? { instanceRoleName } : {}),
    parameterArns: Object.values(detail.secrets).filter(isParameterArn),
    ...(path ? { parameterPathArn: parameterPathArn(ctx, path) } : {}),
    lastOperationFailed: lastOperationFailed(detail.events),
    serviceRoleFamilies: [
      ...new Set(
        (snapshot?.roles.find((r) => r.name === roles.serviceRole.name)?.attachedPolicies ?? [])
          .map((p) => appFamilyOfManaged(p.policyName))
          .filter((f): f is AppFamily => f !== undefined),
      ),
    ],
  };
  const texts = [
    ...detail.events
      .filter((e) => /^(WARN|ERROR|FATAL)$/i.test(e.severity))
      .map((e) => ({
        origin: 'event' as const,
        environmentName: name,
        at: e.at,
        severity: e.severity,
        text: e.message,
      })),
    ...detail.environment.causes.map((c) => ({ origin: 'health' as const, environmentName: name, text: c })),
    // The app's own SDK calls are denied on the instance, so only its log says which principal and action.
    ...distinctLogLines(detail.logs, (text) => /not authorized to perform/i.test(text)).map((line) => ({
      origin: 'log' as const,
      environmentName: name,
      where: `${line.file} on ${line.instanceId}`,
      text: line.text,
    })),
  ];
  return { env, texts };
}

async function collectAccessDenied(
  source: ScanSource,
  ctx: EvaluationContext,
  snapshot: IamSnapshot | undefined,
  pasted?: string,
): Promise<AccessDeniedFacts> {
  const facts: AccessDeniedFacts = { sightings: [], principals: {}, environments: {}, verdicts: [] };
  const names = await scopedEnvironmentNames(source, ctx, ['F2']);
  const texts: Omit<DenialSighting, 'principalKey' | 'action' | 'resource'>[] = [];
  for (const name of names) {
    const found = await environmentRoles(source, ctx, snapshot, name);
    if (!found) continue;
    facts.environments[name] = found.env;
    if (pasted === undefined) texts.push(...found.texts);
  }
  if (pasted !== undefined) texts.push({ origin: 'text', text: pasted });

  for (const t of texts) {
    for (const p of parseText(t.text)) {
      if (p.kind !== 'access-denied') continue;
      const ref = refOfParsed(p);
      if (!ref) continue;
      const principal =
        facts.principals[principalKey(ref)] ?? deniedPrincipal(ref, p.principalArn || p.principalName, snapshot, ctx);
      facts.principals[principal.key] = principal;
      facts.sightings.push({
        ...t,
        // Pasted text may be a whole log; the evidence is the matched passage.
        text: t.origin === 'text' ? p.match : t.text,
        principalKey: principal.key,
        action: p.action,
        ...(p.resource ? { resource: p.resource } : {}),
      });
    }
  }

  const ids = new Map(
    ((await source.attempt('Elastic Beanstalk environments', ['F2'], () => source.environments())) ?? []).map((e) => [
      e.name,
      e.id,
    ]),
  );
  const asked = new Map<
    string,
    { principal: DeniedPrincipal; action: string; resources: Set<string>; implied: Set<string> }
  >();
  for (const s of facts.sightings) {
    const principal = facts.principals[s.principalKey];
    if (!principal) continue;
    const key = `${s.principalKey}|${s.action.toLowerCase()}`;
    const entry = asked.get(key) ?? {
      principal,
      action: s.action,
      resources: new Set<string>(),
      implied: new Set<string>(),
    };
    if (s.resource?.startsWith('arn:')) entry.resources.add(s.resource);
    const implied = s.environmentName ? impliedResource(s.action, ids.get(s.environmentName), ctx) : undefined;
    if (implied) entry.implied.add(implied);
    asked.set(key, entry);
  }
  for (const { principal, action, resources, implied } of asked.values()) {
    const verdicts = await judge(source, snapshot, {
      ref: principal.ref,
      arn: principal.arn,
      actions: [action],
      // Judged on what the call would have touched; the fix still grants what the text named.
      resources: resources.size > 0 ? [...resources] : [...implied],
    });
    facts.verdicts.push(...verdicts.map((verdict) => ({ principalKey: principal.key, verdict })));
  }
  return facts;
}

/**
 * EB's Auto Scaling denials name no resource, but the call was for the
 * environment's own launch configuration or group, which EB names
 * `awseb-<environment id>-stack-…`. AWS's Beanstalk policy grants these
 * actions only on such names, so simulating on `*` would call a fixed
 * principal still denied.
 */
export function impliedResource(
  action: string,
  environmentId: string | undefined,
  ctx: Pick<EvaluationContext, 'partition' | 'region' | 'account'>,
): string | undefined {
  if (!environmentId) return undefined;
  const match = /^autoscaling:(?:Create|Update|Delete)(LaunchConfiguration|AutoScalingGroup)$/i.exec(action);
  if (!match) return undefined;
  const base = `arn:${ctx.partition}:autoscaling:${ctx.region}:${ctx.account}`;
  const stack = `awseb-${environmentId}-stack`;
  return match[1]?.toLowerCase() === 'launchconfiguration'
    ? `${base}:launchConfiguration:*:launchConfigurationName/${stack}-AWSEBAutoScalingLaunchConfiguration`
    : `${base}:autoScalingGroup:*:autoScalingGroupName/${stack}-AWSEBAutoScalingGroup`;
}

// ---------------------------------------------------------------- family

export async function collectPermissions(source: ScanSource, ctx: EvaluationContext): Promise<PermissionsFacts> {
  const snapshot = await readSnapshot(source, RULES);
  const deployers = ctx.environmentName ? [] : await collectDeployers(source, ctx, snapshot);
  return { deployers, accessDenied: await collectAccessDenied(source, ctx, snapshot) };
}

export function evaluatePermissions(facts: PermissionsFacts, ctx: EvaluationContext): RuleOutput {
  const f1 = evaluateDeployers(facts.deployers, ctx);
  const f2 = evaluateAccessDenied(facts.accessDenied, ctx);
  return { findings: [...f1.findings, ...f2.findings], checks: [...f1.checks, ...f2.checks] };
}

export const deployerPermissionsFamily = runnable<PermissionsFacts>({
  name: 'permissions',
  rules: RULES,
  collect: collectPermissions,
  evaluate: evaluatePermissions,
});

/** F2 on text the user pasted: the principal and action come from the text, the verdict from live IAM. */
export async function explainAccessDenied(
  source: ScanSource,
  ctx: EvaluationContext,
  text: string,
): Promise<RuleOutput> {
  const snapshot = await readSnapshot(source, ['F2']);
  return evaluateAccessDenied(await collectAccessDenied(source, ctx, snapshot, text), ctx);
}
