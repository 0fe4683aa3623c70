/** Reads and calls shared by the role planners: "absent" as undefined rather than an error, and one call per step. */
import { GetInstanceProfileCommand, type IAMClient } from '@aws-sdk/client-iam';
import type { Role, Target } from '../../../shared/contract';
import { TrellisError } from '../../aws/errors';
import { getRole } from '../../services/iam';
import type { PlannerContext } from '../types';

export const policyName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

function isNotFound(err: unknown): boolean {
  return err instanceof TrellisError && err.appError.code === 'not-found';
}

export async function roleIfAny(ctx: PlannerContext, target: Target, roleName: string): Promise<Role | undefined> {
  try {
    return await getRole(ctx.aws, target, roleName);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export async function instanceProfileRoles(
  ctx: PlannerContext,
  target: Target,
  name: string,
): Promise<string[] | undefined> {
  try {
    return await ctx.aws.call(target, 'iam', 'GetInstanceProfile', async (c) =>
      ((await c.send(new GetInstanceProfileCommand({ InstanceProfileName: name }))).InstanceProfile?.Roles ?? []).map(
        (r) => r.RoleName ?? '',
      ),
    );
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** One IAM call as a step's run or rollback; the SDK command is built by the caller. */
export function iamCall(
  ctx: PlannerContext,
  target: Target,
  operation: string,
  send: (c: IAMClient) => Promise<{ $metadata: { requestId?: string } }>,
) {
  return ctx.aws.call(target, 'iam', operation, async (c) => ({ requestId: (await send(c)).$metadata.requestId }));
}
