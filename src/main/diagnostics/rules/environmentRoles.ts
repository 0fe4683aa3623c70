/**
 * F16: the instance profile and the service role an environment's options name
 * (EB's defaults when unset) must exist, the profile must hold a role, and each
 * role must trust its service: ec2.amazonaws.com for the instance role,
 * elasticbeanstalk.amazonaws.com for the service role. A missing role is
 * created with AWS's defaults and the environment rebuilt, as one plan; a
 * wrong trust policy gets manual steps with the exact document.
 */
import type { AtomicChangeIntent, Evidence, FindingResource, HealthColor, IamSnapshot } from '../../../shared/contract';
import { trustPolicyFor } from '../../changes/planners/iamEnvironmentRoles';
import type { EventFact, ScanSource } from '../facts';
import { scopedEnvironmentNames } from '../beanstalk/options';
import { catalogueRef, check, findingId } from '../findings';
import { describeOption, NS_ENVIRONMENT, NS_LAUNCH, type NamedByOption } from '../iam/environmentPrincipals';
import { stepsIntent } from '../iam/inlinePolicies';
import { runtimeRoles } from '../beanstalk/runtimeRoles';
import { trustedPrincipals, trustsService } from '../iam/policyEvaluation';
import { findRole } from '../iam/principals';
import { readSnapshot } from '../iam/verdicts';
import { parseText } from '../text/patterns';
import { runnable, type EvaluationContext, type FindingDraft, type FixDraft, type RuleOutput } from '../types';

export const EC2_SERVICE = 'ec2.amazonaws.com';
export const BEANSTALK_SERVICE = 'elasticbeanstalk.amazonaws.com';

export interface RoleState {
  name: string;
  arn: string;
  trustPolicy: string;
}

export interface EnvironmentRolesEnvironment {
  name: string;
  health: HealthColor;
  status: string;
  instanceProfile: NamedByOption & {
    /** null: the profile does not exist; undefined: it could not be read. */
    roleNames?: string[] | null;
    /** The profile's role, when IAM could be read and the role exists. */
    role?: RoleState;
    /** A role with the profile's name, when the profile is missing but the role is not. */
    sameNameRole?: RoleState;
  };
  serviceRole: NamedByOption & {
    /** null: the role does not exist; undefined: IAM could not be read. */
    role?: RoleState | null;
  };
  /** "Unable to assume role …" and "instance profile … does not exist" texts, verbatim. */
  texts: { origin: 'event' | 'health'; text: string; at?: string; severity?: string; names: string[] }[];
}

export interface EnvironmentRolesFacts {
  environments: EnvironmentRolesEnvironment[];
}

const RULES = ['F16'] as const;

const roleState = (snapshot: IamSnapshot | undefined, name: string): RoleState | null | undefined => {
  if (!snapshot) return undefined;
  const role = findRole(snapshot, name);
  return role ? { name: role.name, arn: role.arn, trustPolicy: role.trustPolicy } : null;
};

function roleTexts(events: readonly EventFact[], causes: readonly string[]): EnvironmentRolesEnvironment['texts'] {
  const out: EnvironmentRolesEnvironment['texts'] = [];
  const seen = new Set<string>();
  const consider = (origin: 'event' | 'health', text: string, at?: string, severity?: string) => {
    if (seen.has(text)) return;
    const names = parseText(text).flatMap((p) =>
      p.kind === 'assume-role-failed' ? [p.roleName] : p.kind === 'instance-profile-missing' ? [p.profileName] : [],
    );
    if (!names.length) return;
    seen.add(text);
    out.push({ origin, text, names, ...(at ? { at } : {}), ...(severity ? { severity } : {}) });
  };
  for (const e of events) consider('event', e.message, e.at, e.severity);
  for (const c of causes) consider('health', c);
  return out;
}

export async function collectEnvironmentRoles(
  source: ScanSource,
  ctx: EvaluationContext,
): Promise<EnvironmentRolesFacts> {
  const snapshot = await readSnapshot(source, RULES);
  const names = await scopedEnvironmentNames(source, ctx, RULES);
  const environments: EnvironmentRolesEnvironment[] = [];
  for (const name of names) {
    const detail = await source.attempt(`configuration and events of ${name}`, RULES, () => source.environment(name));
    if (!detail) continue;
    const roles = runtimeRoles(detail);
    const profile = await source.attempt(`instance profile ${roles.instanceProfile.name}`, RULES, () =>
      source.instanceProfile(roles.instanceProfile.name),
    );
    const profileRoleName = profile?.roleNames[0];
    const profileRole = profileRoleName ? roleState(snapshot, profileRoleName) : undefined;
    const sameName = profile === null ? roleState(snapshot, roles.instanceProfile.name) : undefined;
    const serviceRole = roleState(snapshot, roles.serviceRole.name);
    environments.push({
      name,
      health: detail.environment.health,
      status: detail.environment.status,
      instanceProfile: {
        ...roles.instanceProfile,
        ...(profile !== undefined ? { roleNames: profile ? profile.roleNames : null } : {}),
        ...(profileRole ? { role: profileRole } : {}),
        ...(sameName ? { sameNameRole: sameName } : {}),
      },
      serviceRole: { ...roles.serviceRole, ...(serviceRole !== undefined ? { role: serviceRole } : {}) },
      texts: roleTexts(detail.events, detail.environment.causes),
    });
  }
  return { environments };
}

function textEvidence(env: EnvironmentRolesEnvironment, name: string): Evidence[] {
  return env.texts
    .filter((t) => t.names.some((n) => n === name || n.endsWith(`/${name}`)))
    .slice(0, 2)
    .map((t) =>
      t.origin === 'health'
        ? { source: 'health' as const, label: `Health cause (${env.health})`, text: t.text }
        : {
            source: 'event' as const,
            label: `${t.severity ?? ''} event`.trim(),
            text: t.text,
            ...(t.at ? { at: t.at } : {}),
          },
    );
}

function createFixes(env: EnvironmentRolesEnvironment, create: AtomicChangeIntent, what: string): FixDraft[] {
  const rebuild: AtomicChangeIntent = { kind: 'beanstalk.rebuild', environmentName: env.name };
  return [
    {
      id: 'create-and-rebuild',
      label: `Create ${what} and rebuild ${env.name}`,
      description: `Create ${what} with AWS's trust policy and default managed policies, then rebuild ${env.name} so it launches with it.`,
      recommended: true,
      intent: stepsIntent(`Create ${what} for ${env.name}`, [create, rebuild]),
    },
    {
      id: 'create-only',
      label: `Create ${what}`,
      description: `Create ${what} only; rebuild or update ${env.name} yourself afterwards.`,
      recommended: false,
      intent: create,
    },
  ];
}

function trustManual(role: RoleState, service: string, purpose: 'instance' | 'service') {
  const document = trustPolicyFor(purpose);
  return {
    summary: `Make ${role.name} trust ${service}.`,
    steps: [
      {
        text: `Replace the trust policy of ${role.name} with this document:\n${JSON.stringify(JSON.parse(document), null, 2)}`,
      },
      {
        text: 'Or from the CLI:',
        command: `aws iam update-assume-role-policy --role-name ${role.name} --policy-document '${document}'`,
      },
    ],
    check: `The trust policy of ${role.name} allows ${service} to call sts:AssumeRole.`,
  };
}

function base(env: EnvironmentRolesEnvironment, resource: FindingResource, id: string) {
  return {
    id,
    rule: 'F16' as const,
    severity: 'critical' as const,
    resource,
    environmentName: env.name,
    related: [{ type: 'environment' as const, name: env.name }],
    catalogue: catalogueRef('F16'),
  };
}

function instanceProfileOutput(env: EnvironmentRolesEnvironment, out: RuleOutput): void {
  const p = env.instanceProfile;
  // Unknown state (a read failed) is no verdict either way; the scan lists the failed read.
  if (p.roleNames === undefined || (p.roleNames !== null && p.roleNames.length > 0 && !p.role)) return;
  const resource: FindingResource = { type: 'instance-profile', name: p.name };
  const opts = { qualifier: env.name, environmentName: env.name };
  const id = findingId('F16', resource, env.name);
  const setting: Evidence = {
    source: 'setting',
    label: 'Instance profile',
    text: describeOption(NS_LAUNCH, 'IamInstanceProfile', p),
  };
  const evidence = (...more: Evidence[]) => [
    setting,
    ...more,
    ...textEvidence(env, p.name),
    ...(p.role ? textEvidence(env, p.role.name) : []),
  ];
  let finding: FindingDraft | undefined;
  if (p.roleNames === null) {
    const create: AtomicChangeIntent = {
      kind: 'iam.createEnvironmentRole',
      purpose: 'instance',
      roleName: p.name,
      instanceProfileName: p.name,
    };
    finding = {
      ...base(env, resource, id),
      summary: `${env.name} uses the instance profile ${p.name}, which does not exist`,
      evidence: evidence({ source: 'state', label: 'IAM', text: `GetInstanceProfile ${p.name}: NoSuchEntity` }),
      explanation:
        `Elastic Beanstalk launches ${env.name}'s instances with the instance profile ${p.name}; it does not exist, so instances cannot launch (or run without credentials). ` +
        (p.sameNameRole
          ? `A role named ${p.name} exists, so the profile has to be created around it by hand.`
          : `The fix creates the role and profile ${p.name} with the default instance policies and rebuilds the environment.`),
      fixes: p.sameNameRole ? [] : createFixes(env, create, `instance profile ${p.name}`),
      ...(p.sameNameRole
        ? {
            manual: {
              summary: `Create the instance profile ${p.name} and put the existing role in it.`,
              steps: [
                {
                  text: 'Create the instance profile.',
                  command: `aws iam create-instance-profile --instance-profile-name ${p.name}`,
                },
                {
                  text: 'Add the role.',
                  command: `aws iam add-role-to-instance-profile --instance-profile-name ${p.name} --role-name ${p.name}`,
                },
                {
                  text: `Rebuild ${env.name}.`,
                  command: `aws elasticbeanstalk rebuild-environment --environment-name ${env.name}`,
                },
              ],
              check: `Instance profile ${p.name} exists with a role that trusts ${EC2_SERVICE}.`,
            },
          }
        : {}),
    };
  } else if (p.roleNames.length === 0) {
    finding = {
      ...base(env, resource, id),
      summary: `The instance profile ${p.name} of ${env.name} holds no role`,
      evidence: evidence({ source: 'state', label: 'IAM', text: `Instance profile ${p.name}: no role` }),
      explanation: `An instance profile is only a container for a role; with none in it the instances get no credentials and the app's AWS calls fail.`,
      fixes: [],
      manual: {
        summary: `Put a role that trusts ${EC2_SERVICE} into ${p.name}.`,
        steps: [
          {
            text: 'Add the role (create it first if needed, with the default instance policies).',
            command: `aws iam add-role-to-instance-profile --instance-profile-name ${p.name} --role-name <role>`,
          },
        ],
        check: `Instance profile ${p.name} holds a role that trusts ${EC2_SERVICE}.`,
      },
    };
  } else if (p.role && !trustsService(p.role.trustPolicy, EC2_SERVICE)) {
    finding = {
      ...base(env, resource, id),
      summary: `The role ${p.role.name} in instance profile ${p.name} of ${env.name} does not trust ${EC2_SERVICE}`,
      evidence: evidence({ source: 'policy', label: `Trust policy of ${p.role.name}`, text: p.role.trustPolicy }),
      explanation: `EC2 can only hand the role's credentials to the instances when the role's trust policy lets ${EC2_SERVICE} assume it; it trusts ${trustedPrincipals(p.role.trustPolicy).join(', ') || 'nobody'} instead.`,
      fixes: [],
      manual: trustManual(p.role, EC2_SERVICE, 'instance'),
    };
  }
  out.checks.push(
    check(
      'F16',
      resource,
      !finding,
      finding ? finding.summary : `${p.name} exists and its role trusts ${EC2_SERVICE}.`,
      opts,
    ),
  );
  if (finding) out.findings.push(finding);
}

function serviceRoleOutput(env: EnvironmentRolesEnvironment, out: RuleOutput): void {
  const s = env.serviceRole;
  if (s.role === undefined) return;
  const resource: FindingResource = { type: 'role', name: s.name, ...(s.role ? { arn: s.role.arn } : {}) };
  const id = findingId('F16', resource, env.name);
  const setting: Evidence = {
    source: 'setting',
    label: 'Service role',
    text: describeOption(NS_ENVIRONMENT, 'ServiceRole', s),
  };
  let finding: FindingDraft | undefined;
  if (s.role === null) {
    const create: AtomicChangeIntent = { kind: 'iam.createEnvironmentRole', purpose: 'service', roleName: s.name };
    finding = {
      ...base(env, resource, id),
      summary: `${env.name} uses the service role ${s.name}, which does not exist`,
      evidence: [
        setting,
        { source: 'state', label: 'IAM', text: `GetRole ${s.name}: NoSuchEntity` },
        ...textEvidence(env, s.name),
      ],
      explanation: `Elastic Beanstalk assumes the service role to manage ${env.name} (health, managed updates, scaling); without it the environment cannot be monitored or updated. The fix creates it with AWS's trust policy and default policies and rebuilds the environment.`,
      fixes: createFixes(env, create, `service role ${s.name}`),
    };
  } else if (!trustsService(s.role.trustPolicy, BEANSTALK_SERVICE)) {
    finding = {
      ...base(env, resource, id),
      summary: `The service role ${s.name} of ${env.name} does not trust ${BEANSTALK_SERVICE}`,
      evidence: [
        setting,
        { source: 'policy', label: `Trust policy of ${s.name}`, text: s.role.trustPolicy },
        ...textEvidence(env, s.name),
      ],
      explanation: `Elastic Beanstalk can only use the role when its trust policy lets ${BEANSTALK_SERVICE} assume it; it trusts ${trustedPrincipals(s.role.trustPolicy).join(', ') || 'nobody'} instead.`,
      fixes: [],
      manual: trustManual(s.role, BEANSTALK_SERVICE, 'service'),
    };
  }
  out.checks.push(
    check('F16', resource, !finding, finding ? finding.summary : `${s.name} exists and trusts ${BEANSTALK_SERVICE}.`, {
      qualifier: env.name,
      environmentName: env.name,
    }),
  );
  if (finding) out.findings.push(finding);
}

export function evaluateEnvironmentRoles(facts: EnvironmentRolesFacts, _ctx: EvaluationContext): RuleOutput {
  const out: RuleOutput = { findings: [], checks: [] };
  for (const env of facts.environments) {
    instanceProfileOutput(env, out);
    serviceRoleOutput(env, out);
  }
  return out;
}

export const environmentRolesFamily = runnable<EnvironmentRolesFacts>({
  name: 'environmentRoles',
  rules: RULES,
  collect: collectEnvironmentRoles,
  evaluate: evaluateEnvironmentRoles,
});
