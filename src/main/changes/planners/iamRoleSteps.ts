/**
 * The IAM calls that build an Elastic Beanstalk role and take it apart come
 * in pairs, each the other's undo. Creating and deleting a role use the same
 * pairs in opposite directions, so a step rolls back with its pair's other half.
 */
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  DeleteInstanceProfileCommand,
  DetachRolePolicyCommand,
  RemoveRoleFromInstanceProfileCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { Target } from '../../../shared/contract';
import type { ExecutableStep, PlannerContext } from '../types';
import { iamCall, policyName } from './iamRoleCalls';

interface IamCall {
  operation: string;
  send(c: IAMClient): Promise<{ $metadata: { requestId?: string } }>;
}

function reversible(
  ctx: PlannerContext,
  target: Target,
  input: Record<string, unknown>,
  summary: string,
  forward: IamCall,
  back: IamCall,
): ExecutableStep {
  return {
    service: 'iam',
    operation: forward.operation,
    input,
    summary,
    run: () => iamCall(ctx, target, forward.operation, (c) => forward.send(c)),
    rollback: async () => {
      await iamCall(ctx, target, back.operation, (c) => back.send(c));
    },
  };
}

export function policyAttachmentStep(
  ctx: PlannerContext,
  target: Target,
  action: 'attach' | 'detach',
  roleName: string,
  arn: string,
): ExecutableStep {
  const input = { RoleName: roleName, PolicyArn: arn };
  const attach: IamCall = {
    operation: 'AttachRolePolicy',
    send: (c) => c.send(new AttachRolePolicyCommand({ ...input })),
  };
  const detach: IamCall = {
    operation: 'DetachRolePolicy',
    send: (c) => c.send(new DetachRolePolicyCommand({ ...input })),
  };
  return action === 'attach'
    ? reversible(ctx, target, input, `Attach ${policyName(arn)} to ${roleName}`, attach, detach)
    : reversible(ctx, target, input, `Detach ${policyName(arn)} from ${roleName}`, detach, attach);
}

export function profileMembershipStep(
  ctx: PlannerContext,
  target: Target,
  action: 'add' | 'remove',
  profileName: string,
  roleName: string,
): ExecutableStep {
  const input = { InstanceProfileName: profileName, RoleName: roleName };
  const add: IamCall = {
    operation: 'AddRoleToInstanceProfile',
    send: (c) => c.send(new AddRoleToInstanceProfileCommand({ ...input })),
  };
  const remove: IamCall = {
    operation: 'RemoveRoleFromInstanceProfile',
    send: (c) => c.send(new RemoveRoleFromInstanceProfileCommand({ ...input })),
  };
  return action === 'add'
    ? reversible(ctx, target, input, `Put ${roleName} in instance profile ${profileName}`, add, remove)
    : reversible(ctx, target, input, `Take ${roleName} out of instance profile ${profileName}`, remove, add);
}

export function instanceProfileStep(
  ctx: PlannerContext,
  target: Target,
  action: 'create' | 'delete',
  profileName: string,
): ExecutableStep {
  const input = { InstanceProfileName: profileName };
  const create: IamCall = {
    operation: 'CreateInstanceProfile',
    send: (c) => c.send(new CreateInstanceProfileCommand({ ...input })),
  };
  const remove: IamCall = {
    operation: 'DeleteInstanceProfile',
    send: (c) => c.send(new DeleteInstanceProfileCommand({ ...input })),
  };
  return action === 'create'
    ? reversible(ctx, target, input, `Create instance profile ${profileName}`, create, remove)
    : reversible(ctx, target, input, `Delete instance profile ${profileName}`, remove, create);
}
