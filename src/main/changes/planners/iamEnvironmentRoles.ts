/**
 * The two roles an Elastic Beanstalk environment runs with (catalogue F16):
 * the instance role with its instance profile, and the service role. Created
 * with AWS's trust policies and default managed policies; each step knows how
 * to take itself back, so a failure half-way leaves nothing behind.
 */
import { CreateRoleCommand, DeleteRoleCommand } from '@aws-sdk/client-iam';
import { awsManagedPolicyArn, partitionOf } from '../../../shared/aws/partitions';
import type { ChangeIntent, Target } from '../../../shared/contract';
import { cliCommand, type CliTarget } from '../cliCommand';
import type { BuiltPlan, ExecutableStep, PlannerContext } from '../types';
import { deletionCli } from './iamEnvironmentRoleDeletion';
import { iamCall, instanceProfileRoles, policyName, roleIfAny } from './iamRoleCalls';
import { instanceProfileStep, policyAttachmentStep, profileMembershipStep } from './iamRoleSteps';

type CreateIntent = Extract<ChangeIntent, { kind: 'iam.createEnvironmentRole' }>;
type Purpose = CreateIntent['purpose'];

const SERVICE_PRINCIPAL: Record<Purpose, string> = {
  instance: 'ec2.amazonaws.com',
  service: 'elasticbeanstalk.amazonaws.com',
};

/** AWS's defaults for each role, by path and name: the ARN takes the target account's partition. */
const DEFAULT_ROLE_POLICY_NAMES: Record<Purpose, readonly string[]> = {
  instance: ['AWSElasticBeanstalkWebTier', 'AWSElasticBeanstalkWorkerTier', 'AWSElasticBeanstalkMulticontainerDocker'],
  service: ['service-role/AWSElasticBeanstalkEnhancedHealth', 'AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy'],
};

export function defaultRolePolicies(purpose: Purpose, target: Pick<Target, 'region'>): string[] {
  const partition = partitionOf(target.region);
  return DEFAULT_ROLE_POLICY_NAMES[purpose].map((name) => awsManagedPolicyArn(partition, name));
}

/** The trust policy AWS gives each role; the service role's ExternalId is what the EB console sets. */
export function trustPolicyFor(purpose: Purpose): string {
  const statement: Record<string, unknown> = {
    Effect: 'Allow',
    Principal: { Service: SERVICE_PRINCIPAL[purpose] },
    Action: 'sts:AssumeRole',
  };
  if (purpose === 'service') statement['Condition'] = { StringEquals: { 'sts:ExternalId': 'elasticbeanstalk' } };
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
}

interface RoleSteps {
  steps: ExecutableStep[];
  cli: string[];
}

function creationSteps(
  ctx: PlannerContext,
  target: Target,
  cliTarget: CliTarget,
  purpose: Purpose,
  roleName: string,
  profileName: string | undefined,
): RoleSteps {
  const trust = trustPolicyFor(purpose);
  const description =
    purpose === 'instance'
      ? 'Elastic Beanstalk instance role (created by Trellis)'
      : 'Elastic Beanstalk service role (created by Trellis)';
  const steps: ExecutableStep[] = [
    {
      service: 'iam',
      operation: 'CreateRole',
      input: { RoleName: roleName, AssumeRolePolicyDocument: trust, Description: description },
      summary: `Create role ${roleName} trusted by ${SERVICE_PRINCIPAL[purpose]}`,
      run: () =>
        iamCall(ctx, target, 'CreateRole', (c) =>
          c.send(
            new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: trust, Description: description }),
          ),
        ),
      rollback: async () => {
        await iamCall(ctx, target, 'DeleteRole', (c) => c.send(new DeleteRoleCommand({ RoleName: roleName })));
      },
    },
  ];
  const cli = [
    cliCommand(cliTarget, 'iam', 'create-role', {
      'role-name': roleName,
      'assume-role-policy-document': trust,
      description,
    }),
  ];
  for (const arn of defaultRolePolicies(purpose, target)) {
    steps.push(policyAttachmentStep(ctx, target, 'attach', roleName, arn));
    cli.push(cliCommand(cliTarget, 'iam', 'attach-role-policy', { 'role-name': roleName, 'policy-arn': arn }));
  }
  if (profileName !== undefined) {
    steps.push(
      instanceProfileStep(ctx, target, 'create', profileName),
      profileMembershipStep(ctx, target, 'add', profileName, roleName),
    );
    cli.push(
      cliCommand(cliTarget, 'iam', 'create-instance-profile', { 'instance-profile-name': profileName }),
      cliCommand(cliTarget, 'iam', 'add-role-to-instance-profile', {
        'instance-profile-name': profileName,
        'role-name': roleName,
      }),
    );
  }
  return { steps, cli };
}

export async function planCreateEnvironmentRole(
  ctx: PlannerContext,
  target: Target,
  intent: CreateIntent,
): Promise<BuiltPlan> {
  const { purpose, roleName } = intent;
  const profileName = purpose === 'instance' ? (intent.instanceProfileName ?? roleName) : undefined;
  const [role, profileRoles] = await Promise.all([
    roleIfAny(ctx, target, roleName),
    profileName === undefined ? Promise.resolve(undefined) : instanceProfileRoles(ctx, target, profileName),
  ]);
  const cliTarget = ctx.cliTarget(target, 'iam');
  const { steps, cli } = creationSteps(ctx, target, cliTarget, purpose, roleName, profileName);

  const taken: string[] = [];
  if (role) taken.push(`role ${roleName} already exists`);
  if (profileRoles !== undefined) {
    taken.push(
      `instance profile ${profileName} already exists${profileRoles.length ? ` (holding ${profileRoles.join(', ')})` : ''}`,
    );
  }
  const blocked = taken.length
    ? `Cannot create: ${taken.join(' and ')}. Pick another name, or fix the existing one.`
    : undefined;

  const what = purpose === 'instance' ? 'instance role' : 'service role';
  const policies = defaultRolePolicies(purpose, target);
  return {
    title: `Create the Elastic Beanstalk ${what} ${roleName}`,
    resource: { service: 'iam', type: 'role', name: roleName },
    diff: [
      { change: 'add', label: 'Role', after: `${roleName}, trusted by ${SERVICE_PRINCIPAL[purpose]}` },
      ...policies.map((arn) => ({ change: 'add' as const, label: 'Attached managed policy', after: arn })),
      ...(profileName === undefined
        ? []
        : [{ change: 'add' as const, label: 'Instance profile', after: `${profileName} with role ${roleName}` }]),
    ],
    steps,
    cli,
    permissions: [
      'iam:CreateRole',
      'iam:AttachRolePolicy',
      'iam:GetRole',
      ...(profileName === undefined
        ? []
        : ['iam:CreateInstanceProfile', 'iam:AddRoleToInstanceProfile', 'iam:GetInstanceProfile']),
    ],
    risk: {
      level: 'low',
      note: `Creates a new ${what} with AWS's default Elastic Beanstalk policies; nothing uses it until an environment names it${profileName === undefined ? '' : ` (IamInstanceProfile ${profileName})`}.`,
    },
    undo: {
      intent: {
        kind: 'iam.deleteEnvironmentRole',
        roleName,
        ...(profileName === undefined ? {} : { instanceProfileName: profileName }),
      },
      summary: `Delete ${roleName}${profileName === undefined ? '' : ` and instance profile ${profileName}`}`,
      cli: deletionCli(cliTarget, roleName, {
        removeFrom: profileName === undefined ? [] : [profileName],
        ...(profileName === undefined ? {} : { deleteProfile: profileName }),
        attached: [...policies],
        inline: [],
      }),
    },
    blocked,
    async verify() {
      const now = await roleIfAny(ctx, target, roleName);
      if (!now) return { verified: false, detail: `Role ${roleName} does not exist after creating it.` };
      const problems: string[] = [];
      if (!now.trustPolicy.includes(SERVICE_PRINCIPAL[purpose]))
        problems.push(`its trust policy does not name ${SERVICE_PRINCIPAL[purpose]}`);
      const attached = new Set(now.attachedPolicies.map((p) => p.policyArn));
      const missing = policies.filter((arn) => !attached.has(arn)).map(policyName);
      if (missing.length) problems.push(`${missing.join(', ')} not attached`);
      if (profileName !== undefined && !now.instanceProfiles.some((p) => p.name === profileName)) {
        problems.push(`it is not in instance profile ${profileName}`);
      }
      return problems.length
        ? { verified: false, detail: `Re-reading ${roleName}: ${problems.join('; ')}.` }
        : {
            verified: true,
            detail: `Verified: ${roleName} exists, trusted by ${SERVICE_PRINCIPAL[purpose]}, with ${policies.length} policies attached${profileName === undefined ? '' : ` and in instance profile ${profileName}`}.`,
          };
    },
  };
}
