/**
 * Access keys: deactivate or reactivate, and delete. Deletion is allowed only
 * for a key that is already inactive, so a key still in use is never lost in
 * one step: deactivating first shows who breaks while it can still be undone.
 */
import { DeleteAccessKeyCommand, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import type { ChangeIntent, Target } from '../../../shared/contract';
import { cliCommand } from '../cliCommand';
import type { BuiltPlan, PlannerContext } from '../types';

type UpdateIntent = Extract<ChangeIntent, { kind: 'iam.updateAccessKey' }>;
type DeleteIntent = Extract<ChangeIntent, { kind: 'iam.deleteAccessKey' }>;
type KeyStatus = UpdateIntent['status'];

async function keyStatus(
  ctx: PlannerContext,
  target: Target,
  userName: string,
  accessKeyId: string,
): Promise<string | undefined> {
  const keys = await ctx.aws.call(
    target,
    'iam',
    'ListAccessKeys',
    async (c) => (await c.send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata ?? [],
  );
  return keys.find((k) => k.AccessKeyId === accessKeyId)?.Status;
}

function setStatus(ctx: PlannerContext, target: Target, userName: string, accessKeyId: string, status: KeyStatus) {
  return ctx.aws.call(target, 'iam', 'UpdateAccessKey', async (c) => {
    const out = await c.send(
      new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: status }),
    );
    return { requestId: out.$metadata.requestId };
  });
}

export async function planUpdateAccessKey(
  ctx: PlannerContext,
  target: Target,
  intent: UpdateIntent,
): Promise<BuiltPlan> {
  const { userName, accessKeyId, status } = intent;
  const current = await keyStatus(ctx, target, userName, accessKeyId);
  const reverse: KeyStatus = status === 'Active' ? 'Inactive' : 'Active';
  const cliTarget = ctx.cliTarget(target, 'iam');
  const cliFor = (s: KeyStatus) =>
    cliCommand(cliTarget, 'iam', 'update-access-key', {
      'user-name': userName,
      'access-key-id': accessKeyId,
      status: s,
    });
  const verb = status === 'Inactive' ? 'Deactivate' : 'Reactivate';

  let blocked: string | undefined;
  if (current === undefined) blocked = `User ${userName} has no access key ${accessKeyId}.`;
  else if (current === status) blocked = `Access key ${accessKeyId} of ${userName} is already ${status}.`;

  return {
    title: `${verb} access key ${accessKeyId} of ${userName}`,
    resource: { service: 'iam', type: 'user', name: userName },
    diff: [{ change: 'modify', label: `Access key ${accessKeyId}`, before: current ?? 'not found', after: status }],
    steps: [
      {
        service: 'iam',
        operation: 'UpdateAccessKey',
        input: { UserName: userName, AccessKeyId: accessKeyId, Status: status },
        summary: `${verb} access key ${accessKeyId} of ${userName}`,
        run: () => setStatus(ctx, target, userName, accessKeyId, status),
        rollback: async () => {
          await setStatus(ctx, target, userName, accessKeyId, reverse);
        },
      },
    ],
    cli: [cliFor(status)],
    permissions: ['iam:UpdateAccessKey', 'iam:ListAccessKeys'],
    risk:
      status === 'Inactive'
        ? {
            level: 'medium',
            note: `Every request signed with ${accessKeyId} fails from now on, wherever the key is configured (CLI profiles, CI, apps). Undo reactivates it.`,
          }
        : {
            level: 'low',
            note: `Requests signed with ${accessKeyId} work again; if the key may have leaked, rotate it instead.`,
          },
    undo: {
      intent: { kind: 'iam.updateAccessKey', userName, accessKeyId, status: reverse },
      summary: `${reverse === 'Active' ? 'Reactivate' : 'Deactivate'} access key ${accessKeyId} of ${userName}`,
      cli: [cliFor(reverse)],
    },
    blocked,
    unchanged: current === status,
    async verify() {
      const now = await keyStatus(ctx, target, userName, accessKeyId);
      return now === status
        ? { verified: true, detail: `Verified: access key ${accessKeyId} of ${userName} is ${status}.` }
        : { verified: false, detail: `Re-reading ${userName}'s keys shows ${accessKeyId} as ${now ?? 'missing'}.` };
    },
  };
}

export async function planDeleteAccessKey(
  ctx: PlannerContext,
  target: Target,
  intent: DeleteIntent,
): Promise<BuiltPlan> {
  const { userName, accessKeyId } = intent;
  const current = await keyStatus(ctx, target, userName, accessKeyId);
  let blocked: string | undefined;
  if (current === undefined) blocked = `User ${userName} has no access key ${accessKeyId}.`;
  else if (current === 'Active') {
    blocked = `Access key ${accessKeyId} is Active: deactivate it first; Trellis deletes only inactive keys.`;
  }
  return {
    title: `Delete access key ${accessKeyId} of ${userName}`,
    resource: { service: 'iam', type: 'user', name: userName },
    diff: current ? [{ change: 'remove', label: `Access key ${accessKeyId}`, before: current }] : [],
    steps: [
      {
        service: 'iam',
        operation: 'DeleteAccessKey',
        input: { UserName: userName, AccessKeyId: accessKeyId },
        summary: `Delete access key ${accessKeyId} of ${userName}`,
        run: () =>
          ctx.aws.call(target, 'iam', 'DeleteAccessKey', async (c) => {
            const out = await c.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId }));
            return { requestId: out.$metadata.requestId };
          }),
      },
    ],
    cli: [
      cliCommand(ctx.cliTarget(target, 'iam'), 'iam', 'delete-access-key', {
        'user-name': userName,
        'access-key-id': accessKeyId,
      }),
    ],
    permissions: ['iam:DeleteAccessKey', 'iam:ListAccessKeys'],
    risk: {
      level: 'high',
      note: `This cannot be undone: a deleted key cannot be restored. Anything still configured with ${accessKeyId} needs a new key.`,
    },
    undo: null,
    blocked,
    // An already-deleted key is as asked; a composite may skip it.
    unchanged: current === undefined,
    async verify() {
      const now = await keyStatus(ctx, target, userName, accessKeyId);
      return now === undefined
        ? { verified: true, detail: `Verified: ${userName} no longer has access key ${accessKeyId}.` }
        : { verified: false, detail: `Re-reading ${userName}'s keys still lists ${accessKeyId} (${now}).` };
    },
  };
}
