/**
 * Deleting an Elastic Beanstalk role: out of its instance profiles, policies
 * off, then the role, the order IAM insists on. Each step but the last can be
 * taken back if a later one fails.
 */
import { DeleteRoleCommand } from '@aws-sdk/client-iam';
import type { ChangeIntent, Target } from '../../../shared/contract';
import { cliCommand, type CliTarget } from '../cliCommand';
import type { BuiltPlan, ExecutableStep, PlannerContext } from '../types';
import { deleteInline, deleteInlineCli, putInline } from './iamInlinePolicies';
import { iamCall, instanceProfileRoles, roleIfAny } from './iamRoleCalls';
import { instanceProfileStep, policyAttachmentStep, profileMembershipStep } from './iamRoleSteps';

type DeleteIntent = Extract<ChangeIntent, { kind: 'iam.deleteEnvironmentRole' }>;

interface Deletion {
  removeFrom: string[];
  deleteProfile?: string;
  attached: string[];
  inline: string[];
}

/** The CLI commands for deleting a role, in the order IAM requires: profiles, policies, then the role. */
export function deletionCli(cliTarget: CliTarget, roleName: string, d: Deletion): string[] {
  const cli = d.removeFrom.map((p) =>
    cliCommand(cliTarget, 'iam', 'remove-role-from-instance-profile', {
      'instance-profile-name': p,
      'role-name': roleName,
    }),
  );
  if (d.deleteProfile !== undefined) {
    cli.push(cliCommand(cliTarget, 'iam', 'delete-instance-profile', { 'instance-profile-name': d.deleteProfile }));
  }
  for (const arn of d.attached) {
    cli.push(cliCommand(cliTarget, 'iam', 'detach-role-policy', { 'role-name': roleName, 'policy-arn': arn }));
  }
  for (const name of d.inline) cli.push(deleteInlineCli(cliTarget, { type: 'role', name: roleName }, name));
  cli.push(cliCommand(cliTarget, 'iam', 'delete-role', { 'role-name': roleName }));
  return cli;
}

export async function planDeleteEnvironmentRole(
  ctx: PlannerContext,
  target: Target,
  intent: DeleteIntent,
): Promise<BuiltPlan> {
  const { roleName, instanceProfileName } = intent;
  const [role, profileRoles] = await Promise.all([
    roleIfAny(ctx, target, roleName),
    instanceProfileName === undefined
      ? Promise.resolve(undefined)
      : instanceProfileRoles(ctx, target, instanceProfileName),
  ]);
  const cliTarget = ctx.cliTarget(target, 'iam');
  const principal = { type: 'role' as const, name: roleName };
  const attached = role?.attachedPolicies.map((p) => p.policyArn) ?? [];
  const inline = role?.inlinePolicies ?? [];
  // Profiles other than the named one keep existing; the role must still leave them, or DeleteRole fails.
  const otherProfiles = (role?.instanceProfiles ?? []).map((p) => p.name).filter((n) => n !== instanceProfileName);
  const inNamed = profileRoles?.includes(roleName) ?? false;

  let blocked: string | undefined;
  if (!role) blocked = `Role ${roleName} does not exist.`;
  else if (instanceProfileName !== undefined && profileRoles === undefined) {
    blocked = `Instance profile ${instanceProfileName} does not exist.`;
  } else if (instanceProfileName !== undefined && profileRoles!.some((r) => r !== roleName)) {
    blocked = `Instance profile ${instanceProfileName} holds ${profileRoles!.filter((r) => r !== roleName).join(', ')}, not only ${roleName}; Trellis will not delete it.`;
  }

  const steps: ExecutableStep[] = [];
  const removeFrom = (p: string): ExecutableStep => profileMembershipStep(ctx, target, 'remove', p, roleName);
  if (instanceProfileName !== undefined) {
    if (inNamed) steps.push(removeFrom(instanceProfileName));
    steps.push(instanceProfileStep(ctx, target, 'delete', instanceProfileName));
  }
  steps.push(...otherProfiles.map(removeFrom));
  for (const arn of attached) steps.push(policyAttachmentStep(ctx, target, 'detach', roleName, arn));
  for (const p of inline) {
    steps.push({
      service: 'iam',
      operation: 'DeleteRolePolicy',
      input: { RoleName: roleName, PolicyName: p.name },
      summary: `Delete inline policy ${p.name} from ${roleName}`,
      run: () => deleteInline(ctx, target, principal, p.name),
      rollback: async () => {
        await putInline(ctx, target, principal, p.name, p.document);
      },
    });
  }
  steps.push({
    service: 'iam',
    operation: 'DeleteRole',
    input: { RoleName: roleName },
    summary: `Delete role ${roleName}`,
    run: () => iamCall(ctx, target, 'DeleteRole', (c) => c.send(new DeleteRoleCommand({ RoleName: roleName }))),
  });

  return {
    title: `Delete role ${roleName}${instanceProfileName === undefined ? '' : ` and instance profile ${instanceProfileName}`}`,
    resource: { service: 'iam', type: 'role', name: roleName },
    diff: [
      ...(instanceProfileName === undefined
        ? []
        : [{ change: 'remove' as const, label: 'Instance profile', before: instanceProfileName }]),
      ...otherProfiles.map((p) => ({ change: 'remove' as const, label: 'Member of instance profile', before: p })),
      ...attached.map((arn) => ({ change: 'remove' as const, label: 'Attached managed policy', before: arn })),
      ...inline.map((p) => ({ change: 'remove' as const, label: `Inline policy ${p.name}`, before: p.document })),
      { change: 'remove', label: 'Role', before: role ? `${roleName} (${role.arn})` : roleName },
    ],
    steps,
    cli: deletionCli(cliTarget, roleName, {
      removeFrom: [...(inNamed ? [instanceProfileName!] : []), ...otherProfiles],
      ...(instanceProfileName === undefined ? {} : { deleteProfile: instanceProfileName }),
      attached,
      inline: inline.map((p) => p.name),
    }),
    permissions: [
      'iam:GetRole',
      'iam:ListAttachedRolePolicies',
      'iam:ListRolePolicies',
      'iam:GetRolePolicy',
      'iam:ListInstanceProfilesForRole',
      'iam:DetachRolePolicy',
      'iam:DeleteRolePolicy',
      'iam:RemoveRoleFromInstanceProfile',
      'iam:DeleteRole',
      ...(instanceProfileName === undefined ? [] : ['iam:GetInstanceProfile', 'iam:DeleteInstanceProfile']),
    ],
    risk: {
      level: 'high',
      note: `Environments and instances that use ${roleName}${instanceProfileName === undefined ? '' : ` or ${instanceProfileName}`} lose its permissions at once and fail their next deployment. This cannot be undone from the journal: the role's ID and ARN would change if recreated.`,
    },
    undo: null,
    blocked,
    unchanged: !role,
    async verify() {
      const [now, profile] = await Promise.all([
        roleIfAny(ctx, target, roleName),
        instanceProfileName === undefined
          ? Promise.resolve(undefined)
          : instanceProfileRoles(ctx, target, instanceProfileName),
      ]);
      const left = [
        ...(now ? [`role ${roleName}`] : []),
        ...(profile !== undefined ? [`instance profile ${instanceProfileName}`] : []),
      ];
      return left.length
        ? { verified: false, detail: `Re-reading shows ${left.join(' and ')} still there.` }
        : {
            verified: true,
            detail: `Verified: ${roleName}${instanceProfileName === undefined ? '' : ` and ${instanceProfileName}`} no longer exist.`,
          };
    },
  };
}
