/**
 * A real four-part change against the practice sandbox, through the whole
 * main process: an operator previews it, loses iam:PutRolePolicy before
 * applying (an explicit deny added in between), and the plan stops at step 3.
 * Steps 1–2 stay applied until the rollback, which is then checked twice: by
 * main re-planning the same intent, and here by reading the sandbox directly.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetRoleCommand,
  CreateRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../../src/main/changes/journal';
import { type AppContext } from '../../../src/main/context';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../../src/sandbox';
import type { ChangeIntent, Channel, ChannelInput } from '../../../src/shared/contract';
import { consoleIn } from '../../support/appConsole';
import { dispatch, mustCall } from '../../support/rpc';
import { createUserWithKey } from '../../support/sandboxUsers';

let dir: string;
let ctx: AppContext;
let iam: IAMClient;
let ssm: SSMClient;
const target = { profile: 'operator', region: SANDBOX_REGION };
const ROLE = 'trellis-rollback-role';
const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => mustCall(ctx.router, channel, input);

const intent: ChangeIntent = {
  kind: 'composite',
  title: 'Give the app its settings and its role',
  parts: [
    { kind: 'ssm.putParameter', name: '/rollback/app/NEW', type: 'String', value: 'added', overwrite: false },
    { kind: 'ssm.putParameter', name: '/rollback/app/EXISTING', type: 'String', value: 'changed', overwrite: true },
    {
      kind: 'iam.putInlinePolicy',
      principal: { type: 'role', name: ROLE },
      policyName: 'ReadAppParams',
      document: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*' }],
      }),
    },
    {
      kind: 'iam.attachPolicy',
      principal: { type: 'role', name: ROLE },
      policyArn: 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess',
    },
  ],
};

async function parameter(name: string): Promise<string | undefined> {
  try {
    return (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
  } catch (err) {
    if ((err as { name?: string }).name === 'ParameterNotFound') return undefined;
    throw err;
  }
}

async function roleState() {
  const inline = await iam.send(new ListRolePoliciesCommand({ RoleName: ROLE }));
  const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: ROLE }));
  return { inline: inline.PolicyNames ?? [], attached: (attached.AttachedPolicies ?? []).map((p) => p.PolicyArn) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trellis-plan-rollback-'));
  ctx = await consoleIn(dir, { sandbox: { scenario: 'empty' }, dataDir: join(dir, 'data') });
  if (!ctx.sandbox) throw new Error('the practice sandbox did not start');
  const admin = { endpoint: ctx.sandbox.endpoint, region: SANDBOX_REGION, credentials: SANDBOX_ADMIN_CREDENTIALS };
  iam = new IAMClient({ ...admin, maxAttempts: 1 });
  ssm = new SSMClient({ ...admin, maxAttempts: 1 });
  await iam.send(
    new CreateRoleCommand({
      RoleName: ROLE,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  await ssm.send(new PutParameterCommand({ Name: '/rollback/app/EXISTING', Value: 'before', Type: 'String' }));
  // An operator who may do everything, for now.
  const key = await createUserWithKey(iam, 'operator', [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  writeFileSync(
    join(dir, 'config'),
    `[profile operator]\nregion = ${SANDBOX_REGION}\nendpoint_url = ${ctx.sandbox.endpoint}\n` +
      `aws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`,
  );
  await call('profiles.reload', {});
});

afterAll(async () => {
  iam?.destroy();
  ssm?.destroy();
  await ctx?.close();
});

describe('a composite change that fails at step 3 of 4 in the sandbox', () => {
  let entryId: string;

  it('stops at the denied step, runs nothing after it, and leaves steps 1–2 applied', async () => {
    const plan = await call('changes.plan', { target, intent });
    expect(plan.blocked).toBeUndefined();
    expect(plan.steps.map((s) => s.operation)).toEqual([
      'PutParameter',
      'PutParameter',
      'PutRolePolicy',
      'AttachRolePolicy',
    ]);
    // Between the preview and Apply, someone takes away the third step's permission.
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'operator',
        PolicyName: 'no-inline-role-policies',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 'iam:PutRolePolicy', Resource: '*' }],
        }),
      }),
    );
    const out = await call('changes.apply', { planId: plan.id });
    entryId = out.entry.id;
    expect(out.entry.status).toBe('partial');
    expect(out.entry.steps.map((s) => `${s.operation}:${s.status}`)).toEqual([
      'PutParameter:ok',
      'PutParameter:ok',
      'PutRolePolicy:failed',
      'AttachRolePolicy:skipped',
    ]);
    expect(out.entry.steps[0]?.requestId).toBeTruthy();
    expect(out.entry.steps[2]?.error).toMatchObject({ code: 'access-denied', awsCode: 'AccessDenied' });
    expect(out.entry.rollback).toBeUndefined();

    // The sandbox, read directly: exactly steps 1–2 happened.
    expect(await parameter('/rollback/app/NEW')).toBe('added');
    expect(await parameter('/rollback/app/EXISTING')).toBe('changed');
    expect(await roleState()).toEqual({ inline: [], attached: [] });
  });

  it('rolls back steps 1–2 when asked, and the re-read shows the state from before', async () => {
    const out = await call('changes.rollback', { entryId });
    const rollback = out.entry.rollback!;
    expect(rollback.status).toBe('rolled-back');
    expect(rollback.steps.map((s) => `${s.step} ${s.operation}:${s.status}`)).toEqual([
      '1 PutParameter:rolled-back',
      '2 PutParameter:rolled-back',
    ]);
    expect(rollback.verification).toMatchObject({ verified: true, differences: [] });

    // Main's verification re-planned the intent; the sandbox agrees when read by hand.
    expect(await parameter('/rollback/app/NEW')).toBeUndefined();
    expect(await parameter('/rollback/app/EXISTING')).toBe('before');
    expect(await roleState()).toEqual({ inline: [], attached: [] });
    await iam.send(new GetRoleCommand({ RoleName: ROLE }));

    // Journalled append-only, and read back from disk.
    const journal = new Journal(join(dir, 'data', 'journal.jsonl'));
    expect(journal.get(entryId)?.entry).toMatchObject({ status: 'partial', rollback: { status: 'rolled-back' } });
    expect(journal.unreadableLines).toEqual([]);

    const again = await dispatch(ctx.router, 'changes.rollback', { entryId });
    expect(again.ok ? undefined : again.error.message).toMatch(/already rolled back/);
  });

  it('after a restart, refuses to roll back a stopped change and points to the journal', async () => {
    const plan = await call('changes.plan', { target, intent });
    const stopped = await call('changes.apply', { planId: plan.id });
    expect(stopped.entry.status).toBe('partial');
    await ctx.close();
    ctx = await consoleIn(dir, { sandbox: { scenario: 'empty' }, dataDir: join(dir, 'data') });
    const refused = await dispatch(ctx.router, 'changes.rollback', { entryId: stopped.entry.id });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('plan-expired');
    expect(refused.error.message).toMatch(
      /^Trellis cannot roll back “Give the app its settings and its role” any more: .* Trellis has restarted .* Steps 1–2 \(PutParameter, PutParameter\) are still applied\.$/,
    );
    expect(refused.error.hint).toMatch(/journal entry lists each applied step/);
    const listed = await call('journal.list', { limit: 10 });
    expect(listed.find((e) => e.id === stopped.entry.id)?.cli).toHaveLength(4);
  });
});
