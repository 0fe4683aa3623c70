import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAccessKeyCommand,
  CreateInstanceProfileCommand,
  CreateUserCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleIn } from '../../support/appConsole';
import { dispatch, mustCall } from '../../support/rpc';
import { type AppContext } from '../../../src/main/context';
import type { Channel, ChannelInput, ChangeIntent } from '../../../src/shared/contract';

// The IAM write intents behind the guided fixes, through the whole main
// process (router → ChangeService → planners → real SDK) against the sandbox,
// each re-read afterwards with an SDK client of its own.
let ctx: AppContext;
let iam: IAMClient;
const target = { profile: 'sandbox', region: 'us-east-1' };
const ROLE = { type: 'role' as const, name: 'EC2_Can_Use_Services' };
const USER = 'edXProjectUser3';
const CLI_TAIL = String.raw`--region us-east-1 --endpoint-url http://127\.0\.0\.1:\d+$`;

const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => mustCall(ctx.router, channel, input);
const plan = (intent: ChangeIntent) => call('changes.plan', { target, intent });

async function applied(intent: ChangeIntent) {
  const p = await plan(intent);
  expect(p.blocked).toBeUndefined();
  const out = await call('changes.apply', { planId: p.id });
  expect(out.entry.status).toBe('applied');
  expect(out.entry.verification?.verified).toBe(true);
  return out;
}

async function undo(entryId: string) {
  const p = await call('journal.planUndo', { entryId });
  expect(p.blocked).toBeUndefined();
  const out = await call('changes.apply', { planId: p.id });
  expect(out.entry.verification?.verified).toBe(true);
  return { plan: p, out };
}

async function rolePolicyText(roleName: string, policyName: string): Promise<string | undefined> {
  try {
    const out = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
    return decodeURIComponent(out.PolicyDocument ?? '');
  } catch (err) {
    if (
      (err as { name?: string }).name === 'NoSuchEntityException' ||
      (err as { name?: string }).name === 'NoSuchEntity'
    )
      return undefined;
    throw err;
  }
}

async function exists(read: () => Promise<unknown>): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (err) {
    if (/NoSuchEntity/.test((err as { name?: string }).name ?? '')) return false;
    throw err;
  }
}

const keyStatus = async (id: string, userName = USER) =>
  (await iam.send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata?.find(
    (k) => k.AccessKeyId === id,
  )?.Status;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-fix-iam-'));
  ctx = await consoleIn(dir, { sandbox: true, dataDir: join(dir, 'data') });
  if (!ctx.sandbox) throw new Error('the practice sandbox did not start');
  iam = new IAMClient({
    endpoint: ctx.sandbox.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIATESTREADER000001', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});
afterAll(() => {
  iam?.destroy();
  return ctx?.close();
});

const FIRST = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "ReadParams", "Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "arn:aws:ssm:us-east-1:570589970431:parameter/app/*" }
  ]
}`;
const SECOND = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ReadParams',
      Effect: 'Allow',
      Action: ['ssm:GetParameter', 'ssm:GetParameters'],
      Resource: 'arn:aws:ssm:us-east-1:570589970431:parameter/app/*',
    },
  ],
});

describe('iam.putInlinePolicy and iam.deleteInlinePolicy', () => {
  it('adds, replaces with a line diff, refuses an identical document, and undoes back to the exact previous text', async () => {
    const intent: ChangeIntent = {
      kind: 'iam.putInlinePolicy',
      principal: ROLE,
      policyName: 'FetchParams',
      document: FIRST,
    };
    const first = await plan(intent);
    expect(first.blocked).toBeUndefined();
    expect(first.diff).toHaveLength(1);
    expect(first.diff[0]).toMatchObject({ change: 'add', label: 'Inline policy FetchParams' });
    expect(JSON.parse(first.diff[0]!.after!).Statement[0].Sid).toBe('ReadParams');
    expect(first.cli[0]).toMatch(
      new RegExp(
        `^AWS_ACCESS_KEY_ID=sandbox AWS_SECRET_ACCESS_KEY=sandbox aws iam put-role-policy --role-name EC2_Can_Use_Services --policy-name FetchParams --policy-document '\\{"Version":"2012-10-17","Statement":\\[.*\\]\\}' ${CLI_TAIL}`,
      ),
    );
    expect(first.permissions).toContain('iam:PutRolePolicy');
    expect(first.undo?.summary).toMatch(/^Delete inline policy FetchParams/);
    const created = await call('changes.apply', { planId: first.id });
    expect(created.entry.verification).toMatchObject({ verified: true });
    expect(await rolePolicyText(ROLE.name, 'FetchParams')).toBe(FIRST);

    const same = await plan({ ...intent, document: JSON.stringify(JSON.parse(FIRST)) });
    expect(same.blocked).toBe(
      'Nothing to change: inline policy FetchParams on role EC2_Can_Use_Services already has this document.',
    );
    await call('changes.discard', { planId: same.id });

    const second = await plan({ ...intent, document: SECOND });
    expect(second.blocked).toBeUndefined();
    expect(second.diff).toEqual(
      expect.arrayContaining([
        { change: 'remove', label: expect.stringMatching(/^Line \d+$/), before: '      "Action": "ssm:GetParameter",' },
        { change: 'add', label: expect.stringMatching(/^Line \d+$/), after: '        "ssm:GetParameters"' },
      ]),
    );
    const replaced = await call('changes.apply', { planId: second.id });
    expect(replaced.entry.verification?.verified).toBe(true);
    expect(JSON.parse((await rolePolicyText(ROLE.name, 'FetchParams'))!)).toEqual(JSON.parse(SECOND));

    const back = await undo(replaced.entry.id);
    expect(back.plan.intent).toEqual({ ...intent, document: FIRST });
    // Exactly the bytes that were there, line breaks and spacing included.
    expect(await rolePolicyText(ROLE.name, 'FetchParams')).toBe(FIRST);

    await undo(created.entry.id);
    expect(await rolePolicyText(ROLE.name, 'FetchParams')).toBeUndefined();
  });

  it('rejects a document that is not JSON with the line and column, and one without Statement', async () => {
    const bad = await dispatch(ctx.router, 'changes.plan', {
      target,
      intent: {
        kind: 'iam.putInlinePolicy',
        principal: ROLE,
        policyName: 'Broken',
        document: '{\n  "Version": "2012-10-17",\n  Statement: []\n}',
      },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation' } });
    if (!bad.ok) expect(bad.error.message).toMatch(/line 3, column 3/);
    const empty = await dispatch(ctx.router, 'changes.plan', {
      target,
      intent: {
        kind: 'iam.putInlinePolicy',
        principal: ROLE,
        policyName: 'Broken',
        document: '{"Version":"2012-10-17"}',
      },
    });
    expect(empty).toMatchObject({ ok: false, error: { code: 'validation' } });
    if (!empty.ok) expect(empty.error.message).toContain('no Statement');
    const badName = await dispatch(ctx.router, 'changes.plan', {
      target,
      intent: { kind: 'iam.putInlinePolicy', principal: ROLE, policyName: 'has space', document: FIRST },
    });
    expect(badName.ok).toBe(false);
  });

  it("blocks a user's inline policy over IAM's 2,048-character limit, naming the figure", async () => {
    const resources = Array.from({ length: 40 }, (_, i) => `arn:aws:s3:::bucket-number-${i}/some/long/prefix/*`);
    const document = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resources }],
    });
    const p = await plan({
      kind: 'iam.putInlinePolicy',
      principal: { type: 'user', name: USER },
      policyName: 'Big',
      document,
    });
    expect(p.blocked).toMatch(/would total \d{4} characters .* over IAM's limit of 2048 for a user/);
    const res = await dispatch(ctx.router, 'changes.apply', { planId: p.id });
    expect(res).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('deletes an inline policy, and undo puts the captured document back; an absent one is blocked', async () => {
    const roleName = 'ec2-webserver-role';
    // Put there by someone else, with their own formatting, which the undo must keep.
    const before = `{"Version": "2012-10-17",\n "Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}}`;
    await iam.send(
      new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'PhotosDevParameters', PolicyDocument: before }),
    );
    const principal = { type: 'role' as const, name: roleName };
    const p = await plan({ kind: 'iam.deleteInlinePolicy', principal, policyName: 'PhotosDevParameters' });
    expect(p.diff).toEqual([
      { change: 'remove', label: 'Inline policy PhotosDevParameters', before: expect.any(String) },
    ]);
    expect(p.cli[0]).toMatch(
      new RegExp(`aws iam delete-role-policy --role-name ${roleName} --policy-name PhotosDevParameters ${CLI_TAIL}`),
    );
    const out = await call('changes.apply', { planId: p.id });
    expect(out.entry.verification?.verified).toBe(true);
    expect(await rolePolicyText(roleName, 'PhotosDevParameters')).toBeUndefined();

    const again = await plan({ kind: 'iam.deleteInlinePolicy', principal, policyName: 'PhotosDevParameters' });
    expect(again.blocked).toBe(`role ${roleName} has no inline policy named PhotosDevParameters.`);
    await call('changes.discard', { planId: again.id });

    const back = await undo(out.entry.id);
    expect(back.plan.intent.kind).toBe('iam.putInlinePolicy');
    expect(await rolePolicyText(roleName, 'PhotosDevParameters')).toBe(before);
  });
});

describe('iam.updateAccessKey and iam.deleteAccessKey', () => {
  it('deactivates a key, blocks a repeat, and undo reactivates it', async () => {
    const key = 'AKIAYLQ4JS7XBWP3RE5M';
    const p = await plan({ kind: 'iam.updateAccessKey', userName: USER, accessKeyId: key, status: 'Inactive' });
    expect(p.diff).toEqual([{ change: 'modify', label: `Access key ${key}`, before: 'Active', after: 'Inactive' }]);
    expect(p.cli[0]).toMatch(
      new RegExp(`aws iam update-access-key --user-name ${USER} --access-key-id ${key} --status Inactive ${CLI_TAIL}`),
    );
    const out = await call('changes.apply', { planId: p.id });
    expect(out.entry.verification).toMatchObject({ verified: true });
    expect(await keyStatus(key)).toBe('Inactive');

    const again = await plan({ kind: 'iam.updateAccessKey', userName: USER, accessKeyId: key, status: 'Inactive' });
    expect(again.blocked).toBe(`Access key ${key} of ${USER} is already Inactive.`);
    await call('changes.discard', { planId: again.id });
    const missing = await plan({
      kind: 'iam.updateAccessKey',
      userName: USER,
      accessKeyId: 'AKIAYLQ4JS7XNOTTHERE',
      status: 'Inactive',
    });
    expect(missing.blocked).toBe(`User ${USER} has no access key AKIAYLQ4JS7XNOTTHERE.`);
    await call('changes.discard', { planId: missing.id });

    const back = await undo(out.entry.id);
    expect(back.plan.intent).toMatchObject({ kind: 'iam.updateAccessKey', status: 'Active' });
    expect(await keyStatus(key)).toBe('Active');
  });

  it('deletes only an inactive key, with no undo', async () => {
    // The lab user already has two keys, IAM's quota; a user of its own keeps the lab intact.
    const owner = 'trellis-key-owner';
    await iam.send(new CreateUserCommand({ UserName: owner }));
    const created = await iam.send(new CreateAccessKeyCommand({ UserName: owner }));
    const key = created.AccessKey!.AccessKeyId!;
    const active = await plan({ kind: 'iam.deleteAccessKey', userName: owner, accessKeyId: key });
    expect(active.blocked).toBe(
      `Access key ${key} is Active: deactivate it first; Trellis deletes only inactive keys.`,
    );
    await call('changes.discard', { planId: active.id });

    await applied({ kind: 'iam.updateAccessKey', userName: owner, accessKeyId: key, status: 'Inactive' });
    const p = await plan({ kind: 'iam.deleteAccessKey', userName: owner, accessKeyId: key });
    expect(p).toMatchObject({ blocked: undefined, undo: null, risk: { level: 'high' } });
    expect(p.risk.note).toContain('cannot be undone: a deleted key cannot be restored');
    expect(p.cli[0]).toMatch(
      new RegExp(`aws iam delete-access-key --user-name ${owner} --access-key-id ${key} ${CLI_TAIL}`),
    );
    const out = await call('changes.apply', { planId: p.id });
    expect(out.undoAvailable).toBe(false);
    expect(out.entry.verification?.verified).toBe(true);
    expect(await keyStatus(key, owner)).toBeUndefined();
    const res = await dispatch(ctx.router, 'journal.planUndo', { entryId: out.entry.id });
    expect(res).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('iam.createEnvironmentRole and iam.deleteEnvironmentRole', () => {
  it('creates an instance role with its profile and default policies, blocks a second time, and undo deletes both', async () => {
    const intent: ChangeIntent = {
      kind: 'iam.createEnvironmentRole',
      purpose: 'instance',
      roleName: 'trellis-eb-ec2-role',
    };
    const p = await plan(intent);
    expect(p.blocked).toBeUndefined();
    expect(p.steps.map((s) => s.operation)).toEqual([
      'CreateRole',
      'AttachRolePolicy',
      'AttachRolePolicy',
      'AttachRolePolicy',
      'CreateInstanceProfile',
      'AddRoleToInstanceProfile',
    ]);
    expect(p.cli).toHaveLength(6);
    expect(p.cli[0]).toMatch(
      new RegExp(
        `aws iam create-role --role-name trellis-eb-ec2-role --assume-role-policy-document '\\{"Version":"2012-10-17","Statement":\\[\\{"Effect":"Allow","Principal":\\{"Service":"ec2.amazonaws.com"\\},"Action":"sts:AssumeRole"\\}\\]\\}' --description`,
      ),
    );
    expect(p.cli[5]).toMatch(
      new RegExp(
        `aws iam add-role-to-instance-profile --instance-profile-name trellis-eb-ec2-role --role-name trellis-eb-ec2-role ${CLI_TAIL}`,
      ),
    );
    const out = await call('changes.apply', { planId: p.id });
    expect(out.entry.verification).toMatchObject({ verified: true });

    const role = (await iam.send(new GetRoleCommand({ RoleName: 'trellis-eb-ec2-role' }))).Role!;
    expect(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement[0].Principal.Service).toBe(
      'ec2.amazonaws.com',
    );
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'trellis-eb-ec2-role' }));
    expect(attached.AttachedPolicies?.map((a) => a.PolicyName).sort()).toEqual([
      'AWSElasticBeanstalkMulticontainerDocker',
      'AWSElasticBeanstalkWebTier',
      'AWSElasticBeanstalkWorkerTier',
    ]);
    const profile = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'trellis-eb-ec2-role' }));
    expect(profile.InstanceProfile?.Roles?.map((r) => r.RoleName)).toEqual(['trellis-eb-ec2-role']);

    const again = await plan(intent);
    expect(again.blocked).toBe(
      'Cannot create: role trellis-eb-ec2-role already exists and instance profile trellis-eb-ec2-role already exists (holding trellis-eb-ec2-role). Pick another name, or fix the existing one.',
    );
    await call('changes.discard', { planId: again.id });

    const back = await undo(out.entry.id);
    expect(back.plan.intent).toEqual({
      kind: 'iam.deleteEnvironmentRole',
      roleName: 'trellis-eb-ec2-role',
      instanceProfileName: 'trellis-eb-ec2-role',
    });
    expect(back.plan.undo).toBeNull();
    expect(await exists(() => iam.send(new GetRoleCommand({ RoleName: 'trellis-eb-ec2-role' })))).toBe(false);
    expect(
      await exists(() => iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'trellis-eb-ec2-role' }))),
    ).toBe(false);
  });

  it('creates a service role trusting Elastic Beanstalk with the ExternalId condition and no instance profile', async () => {
    const out = await applied({
      kind: 'iam.createEnvironmentRole',
      purpose: 'service',
      roleName: 'trellis-eb-service-role',
    });
    expect(out.entry.steps.map((s) => s.operation)).toEqual(['CreateRole', 'AttachRolePolicy', 'AttachRolePolicy']);
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'trellis-eb-service-role' }))).Role!;
    expect(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement[0]).toEqual({
      Effect: 'Allow',
      Principal: { Service: 'elasticbeanstalk.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'elasticbeanstalk' } },
    });
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'trellis-eb-service-role' }));
    expect(attached.AttachedPolicies?.map((a) => a.PolicyArn).sort()).toEqual([
      'arn:aws:iam::aws:policy/AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy',
      'arn:aws:iam::aws:policy/service-role/AWSElasticBeanstalkEnhancedHealth',
    ]);
  });

  it('stops when a later step fails (the instance profile name was taken after planning), and its rollback deletes the role it created', async () => {
    const p = await plan({
      kind: 'iam.createEnvironmentRole',
      purpose: 'instance',
      roleName: 'trellis-doomed-role',
      instanceProfileName: 'trellis-contested-profile',
    });
    expect(p.blocked).toBeUndefined();
    // Someone else takes the name between preview and apply.
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'trellis-contested-profile' }));
    const out = await call('changes.apply', { planId: p.id });
    expect(out.entry.status).toBe('partial');
    expect(out.undoAvailable).toBe(false);
    expect(out.entry.steps.map((s) => `${s.operation}:${s.status}`)).toEqual([
      'CreateRole:ok',
      'AttachRolePolicy:ok',
      'AttachRolePolicy:ok',
      'AttachRolePolicy:ok',
      'CreateInstanceProfile:failed',
      'AddRoleToInstanceProfile:skipped',
    ]);
    expect(out.entry.steps[4]?.error?.awsCode).toBe('EntityAlreadyExists');
    expect(await exists(() => iam.send(new GetRoleCommand({ RoleName: 'trellis-doomed-role' })))).toBe(true);
    const rolled = await call('changes.rollback', { entryId: out.entry.id });
    expect(rolled.entry.rollback?.steps.map((s) => `${s.operation}:${s.status}`)).toEqual([
      'CreateRole:rolled-back',
      'AttachRolePolicy:rolled-back',
      'AttachRolePolicy:rolled-back',
      'AttachRolePolicy:rolled-back',
    ]);
    expect(await exists(() => iam.send(new GetRoleCommand({ RoleName: 'trellis-doomed-role' })))).toBe(false);
    // The other party's profile is left alone.
    const theirs = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'trellis-contested-profile' }));
    expect(theirs.InstanceProfile?.Roles).toEqual([]);
  });

  it('deletes a role with inline and managed policies in the order IAM requires, with no undo', async () => {
    await applied({ kind: 'iam.createEnvironmentRole', purpose: 'instance', roleName: 'trellis-old-role' });
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'trellis-old-role', PolicyName: 'Extra', PolicyDocument: SECOND }),
    );
    const blockedPlan = await plan({
      kind: 'iam.deleteEnvironmentRole',
      roleName: 'trellis-old-role',
      instanceProfileName: 'aws-elasticbeanstalk-ec2-role',
    });
    expect(blockedPlan.blocked).toBe(
      'Instance profile aws-elasticbeanstalk-ec2-role holds aws-elasticbeanstalk-ec2-role, not only trellis-old-role; Trellis will not delete it.',
    );
    await call('changes.discard', { planId: blockedPlan.id });

    const p = await plan({
      kind: 'iam.deleteEnvironmentRole',
      roleName: 'trellis-old-role',
      instanceProfileName: 'trellis-old-role',
    });
    expect(p).toMatchObject({ blocked: undefined, undo: null, risk: { level: 'high' } });
    expect(p.steps.map((s) => s.operation)).toEqual([
      'RemoveRoleFromInstanceProfile',
      'DeleteInstanceProfile',
      'DetachRolePolicy',
      'DetachRolePolicy',
      'DetachRolePolicy',
      'DeleteRolePolicy',
      'DeleteRole',
    ]);
    expect(p.cli.at(-1)).toMatch(new RegExp(`aws iam delete-role --role-name trellis-old-role ${CLI_TAIL}`));
    const out = await call('changes.apply', { planId: p.id });
    expect(out.entry.verification).toMatchObject({ verified: true });
    expect(await exists(() => iam.send(new GetRoleCommand({ RoleName: 'trellis-old-role' })))).toBe(false);

    const gone = await plan({ kind: 'iam.deleteEnvironmentRole', roleName: 'trellis-old-role' });
    expect(gone.blocked).toBe('Role trellis-old-role does not exist.');
    await call('changes.discard', { planId: gone.id });
  });
});
