/**
 * The permissions family: F1 (the deploying principals, in deployers.ts) and
 * F2 (a principal is not authorized to perform an action; the evaluation lives
 * in iam/accessDenied.ts), collected and evaluated together.
 */
import type { IamSnapshot, PrincipalRef } from '../../../shared/contract';
import { distinctLogLines } from '../beanstalk/eventText';
import type { ScanSource } from '../facts';
import { scopedEnvironmentNames } from '../beanstalk/options';
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
import { appFamilyOfManaged, type AppFamily } from '../iam/managedPolicies';
import { isParameterArn, parameterPathArn } from '../iam/parameterArns';
import { findPrincipal, nameFromNameOrArn, parsePrincipalArn, principalArn, principalRefOf } from '../iam/principals';
import { judge, readSnapshot } from '../iam/verdicts';
import { parseText, type ParsedText } from '../text/patterns';
import { runnable, type EvaluationContext, type RuleOutput } from '../types';
import { collectDeployers, evaluateDeployers, type DeployerFacts } from './deployers';

export { DEPLOYER_ACTIONS, LEAST_PRIVILEGE_POLICY, evaluateDeployers, type DeployerFacts } from './deployers';

export interface PermissionsFacts {
  deployers: DeployerFacts[];
  accessDenied: AccessDeniedFacts;
}

const RULES = ['F1', 'F2'] as const;

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
