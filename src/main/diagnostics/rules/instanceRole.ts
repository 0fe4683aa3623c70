/**
 * F6 (app permissions on the service role instead of the instance profile) and
 * F10 (the instance profile cannot read the SSM parameters the app needs).
 * Both hinge on the same resolution: the environment's options name a service
 * role and an instance profile (EB's defaults when unset), and the profile
 * names the role the app runs as. Evaluation lives in iam/appPolicies.ts and
 * iam/parameterAccess.ts.
 */
import { logEvidence, type TextTest } from '../beanstalk/eventText';
import type { IamSnapshot, Role } from '../../../shared/contract';
import type { ParameterFact, ScanSource } from '../facts';
import { scopedEnvironmentNames } from '../beanstalk/options';
import {
  evaluateAppPolicies,
  type AppPolicyEnvironment,
  type ClassifiedPolicy,
  type RolePolicies,
} from '../iam/appPolicies';
import { runtimeRoles } from '../beanstalk/runtimeRoles';
import {
  appFamiliesOfActions,
  appFamilyOfManaged,
  appFamilyOfService,
  isAwsManagedArn,
  type AppFamily,
} from '../iam/managedPolicies';
import { parameterArn } from '../beanstalk/parameters';
import { findParameter, isParameterArn } from '../iam/parameterArns';
import {
  evaluateParameterAccess,
  FETCH_POLICY,
  type ParameterAccessEnvironment,
  type ReferencedParameter,
} from '../iam/parameterAccess';
import { allowedActionPatterns, statementsOfDocument } from '../iam/policyEvaluation';
import { findRole, iamArn } from '../iam/principals';
import { judge, readSnapshot } from '../iam/verdicts';
import { runnable, type EvaluationContext, type RuleOutput } from '../types';

export interface InstanceRoleFacts {
  appPolicies: AppPolicyEnvironment[];
  parameterAccess: ParameterAccessEnvironment[];
}

const RULES = ['F6', 'F10'] as const;

async function classifyRole(source: ScanSource, role: Role): Promise<RolePolicies> {
  const attached: ClassifiedPolicy[] = [];
  for (const p of role.attachedPolicies) {
    if (isAwsManagedArn(p.policyArn)) {
      const family = appFamilyOfManaged(p.policyName);
      attached.push({ name: p.policyName, arn: p.policyArn, families: family ? [family] : [] });
      continue;
    }
    const document = await source.attempt(`policy ${p.policyName}`, ['F6'], () =>
      source.managedPolicyDocument(p.policyArn),
    );
    attached.push({
      name: p.policyName,
      arn: p.policyArn,
      families: appFamiliesOfActions(allowedActionPatterns(statementsOfDocument(document ?? undefined))),
    });
  }
  const inline = role.inlinePolicies.map((p) => ({
    name: p.name,
    document: p.document,
    families: appFamiliesOfActions(allowedActionPatterns(statementsOfDocument(p.document))),
  }));
  return { name: role.name, arn: role.arn, attached, inline };
}

async function referencedParameters(
  source: ScanSource,
  ctx: EvaluationContext,
  secrets: Record<string, string>,
  declaredPath: string | undefined,
  listed: () => Promise<ParameterFact[] | undefined>,
): Promise<ReferencedParameter[]> {
  const refs: ReferencedParameter[] = [];
  const all = await listed();
  const describe = (arn: string, known?: ParameterFact): Omit<ReferencedParameter, 'arn' | 'secretName'> => {
    const p = known ?? (all ? findParameter(all, arn) : undefined);
    if (!all && !known) return {};
    return p ? { name: p.name, exists: true, ...(p.keyId ? { keyId: p.keyId } : {}) } : { exists: false };
  };
  for (const [secretName, value] of Object.entries(secrets).sort(([a], [b]) => a.localeCompare(b))) {
    if (isParameterArn(value)) refs.push({ arn: value, secretName, ...describe(value) });
  }
  if (declaredPath) {
    const under =
      (await source.attempt(`SSM parameters under ${declaredPath}`, ['F10'], () => source.parameters(declaredPath))) ??
      [];
    for (const p of under) {
      const arn = p.arn ?? parameterArn(ctx, p.name);
      if (!refs.some((r) => r.arn === arn)) refs.push({ arn, ...describe(arn, p) });
    }
  }
  return refs;
}

/** What an instance logs when it cannot fetch the environment's secrets: EB's own failure, or an SSM denial. */
const secretFetchText: TextTest = (_message, parsed) =>
  parsed.some((p) => p.kind === 'secrets-fetch-failed' || (p.kind === 'access-denied' && /^ssm:/i.test(p.action)));

export async function collectInstanceRole(source: ScanSource, ctx: EvaluationContext): Promise<InstanceRoleFacts> {
  const facts: InstanceRoleFacts = { appPolicies: [], parameterAccess: [] };
  const snapshot: IamSnapshot | undefined = await readSnapshot(source, RULES);
  const names = await scopedEnvironmentNames(source, ctx, RULES);
  const classified = new Map<string, RolePolicies>();
  const classify = async (role: Role | undefined) => {
    if (!role) return undefined;
    const known = classified.get(role.name) ?? (await classifyRole(source, role));
    classified.set(role.name, known);
    return known;
  };
  let allParameters: Promise<ParameterFact[] | undefined> | undefined;
  const listed = () => (allParameters ??= source.attempt('SSM parameters', ['F10'], () => source.parameters()));

  for (const name of names) {
    const detail = await source.attempt(`configuration of ${name}`, RULES, () => source.environment(name));
    if (!detail) continue;
    const roles = runtimeRoles(detail);
    const profile = await source.attempt(`instance profile ${roles.instanceProfile.name}`, RULES, () =>
      source.instanceProfile(roles.instanceProfile.name),
    );
    const instanceRoleName =
      profile?.roleNames[0] ??
      (profile === null
        ? undefined
        : snapshot?.roles.find((r) => r.instanceProfiles.some((p) => p.name === roles.instanceProfile.name))?.name);
    const serviceRole = await classify(findRole(snapshot, roles.serviceRole.name));
    const instanceRole = instanceRoleName ? await classify(findRole(snapshot, instanceRoleName)) : undefined;
    const services = detail.version?.bundle?.awsServices;
    facts.appPolicies.push({
      name,
      serviceRole: roles.serviceRole,
      instanceProfile: roles.instanceProfile,
      ...(services
        ? {
            usedFamilies: [...new Set(services.map(appFamilyOfService).filter((f): f is AppFamily => f !== undefined))],
          }
        : {}),
      ...(serviceRole ? { serviceRolePolicies: serviceRole } : {}),
      ...(instanceRole ? { instanceRolePolicies: instanceRole } : {}),
    });

    if (!instanceRoleName) continue;
    const declaredPath = ctx.settings.parameterPaths[name];
    const parameters = await referencedParameters(source, ctx, detail.secrets, declaredPath, listed);
    if (!parameters.length) continue;
    const role = findRole(snapshot, instanceRoleName);
    const arn = role?.arn ?? iamArn(ctx.partition, ctx.account, 'role', instanceRoleName);
    const verdicts = await judge(source, snapshot, {
      ref: { type: 'role', name: instanceRoleName },
      arn,
      actions: ['ssm:GetParameter'],
      resources: parameters.map((p) => p.arn),
    });
    const existing = role?.inlinePolicies.find((p) => p.name === FETCH_POLICY)?.document;
    facts.parameterAccess.push({
      name,
      instanceProfile: roles.instanceProfile,
      instanceRole: { name: instanceRoleName, arn },
      ...(existing ? { existingPolicy: existing } : {}),
      ...(declaredPath ? { declaredPath } : {}),
      parameters,
      verdicts,
      failing: detail.environment.status === 'Ready' && detail.environment.health !== 'Green',
      logEvidence: logEvidence(detail.logs, secretFetchText),
    });
  }
  return facts;
}

export function evaluateInstanceRole(facts: InstanceRoleFacts, ctx: EvaluationContext): RuleOutput {
  const f6 = evaluateAppPolicies(facts.appPolicies, ctx);
  const f10 = evaluateParameterAccess(facts.parameterAccess, ctx);
  return { findings: [...f6.findings, ...f10.findings], checks: [...f6.checks, ...f10.checks] };
}

export const instanceRoleFamily = runnable<InstanceRoleFacts>({
  name: 'instanceRole',
  rules: RULES,
  collect: collectInstanceRole,
  evaluate: evaluateInstanceRole,
});
