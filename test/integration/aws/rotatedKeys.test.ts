/**
 * A static key rotated under a running console, against the sandbox through
 * the router and the client factory: while the key works every call does;
 * once it is deleted every service's refusal (each protocol words it its own
 * way) becomes the one "replace the key" request naming the file and the
 * key's last four characters, a role chain over it names its source, and
 * "Check again" (profiles.reload) with the new key in the file brings it back.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/main/context';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../../src/sandbox';
import type { Channel, ChannelInput } from '../../../src/shared/contract';
import { consoleIn } from '../../support/appConsole';
import { dispatch, mustCall } from '../../support/rpc';

const ACCOUNT = '570589970431';
const USER = 'rotating-user';
const ROLE = 'RotationReader';

let ctx: AppContext;
let dir: string;
let admin: IAMClient;
let credentialsFile: string;

const target = (profile: string) => ({ profile, region: SANDBOX_REGION });
const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => dispatch(ctx.router, channel, input);
const errorOf = async <C extends Channel>(channel: C, input: ChannelInput<C>) => {
  const result = await call(channel, input);
  if (result.ok) throw new Error(`${channel} should have failed`);
  return result.error;
};

async function newKey(): Promise<{ id: string; secret: string }> {
  const { AccessKey: key } = await admin.send(new CreateAccessKeyCommand({ UserName: USER }));
  if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error('no key created');
  return { id: key.AccessKeyId, secret: key.SecretAccessKey };
}

function writeKey(key: { id: string; secret: string }): void {
  writeFileSync(
    credentialsFile,
    ['[rotating]', `aws_access_key_id = ${key.id}`, `aws_secret_access_key = ${key.secret}`, ''].join('\n'),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trellis-rotate-'));
  credentialsFile = join(dir, 'credentials');
  // The files are not watched: only "Check again" (profiles.reload) makes the console read them again.
  ctx = await consoleIn(dir, { sandbox: true, dataDir: join(dir, 'data') });
  const endpoint = ctx.sandbox?.endpoint ?? '';
  admin = new IAMClient({ endpoint, region: SANDBOX_REGION, credentials: SANDBOX_ADMIN_CREDENTIALS, maxAttempts: 1 });
  await admin.send(new CreateUserCommand({ UserName: USER }));
  await admin.send(
    new AttachUserPolicyCommand({ UserName: USER, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
  );
  await admin.send(
    new CreateRoleCommand({
      RoleName: ROLE,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/${USER}` }, Action: 'sts:AssumeRole' },
        ],
      }),
    }),
  );
  writeFileSync(
    join(dir, 'config'),
    [
      '[profile rotating]',
      `region = ${SANDBOX_REGION}`,
      `endpoint_url = ${endpoint}`,
      '[profile rotating-role]',
      `role_arn = arn:aws:iam::${ACCOUNT}:role/${ROLE}`,
      'source_profile = rotating',
      'role_session_name = rotation',
      `region = ${SANDBOX_REGION}`,
      `endpoint_url = ${endpoint}`,
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  admin?.destroy();
  await ctx?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a static key rotated while the console runs', () => {
  it('works, then asks for the new key in every panel, names the source behind a chain, and recovers on Check again', async () => {
    const first = await newKey();
    writeKey(first);
    const listed = await mustCall(ctx.router, 'profiles.reload', {});
    expect(listed.profiles.map((p) => p.name)).toEqual(expect.arrayContaining(['rotating', 'rotating-role']));

    expect((await mustCall(ctx.router, 'sts.getCallerIdentity', { target: target('rotating') })).arn).toBe(
      `arn:aws:iam::${ACCOUNT}:user/${USER}`,
    );
    expect((await mustCall(ctx.router, 'sts.getCallerIdentity', { target: target('rotating-role') })).arn).toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE}/rotation`,
    );
    await mustCall(ctx.router, 'ssm.listParameters', { target: target('rotating'), path: '/', recursive: true });

    await admin.send(new DeleteAccessKeyCommand({ UserName: USER, AccessKeyId: first.id }));

    const replaceFirst = {
      kind: 'replace-keys',
      profile: 'rotating',
      file: credentialsFile,
      accessKeyHint: first.id.slice(-4),
    };
    const identityError = await errorOf('sts.getCallerIdentity', { target: target('rotating') });
    expect(identityError).toEqual({
      code: 'credentials',
      message: `AWS rejected the access key ending in ${first.id.slice(-4)} of profile 'rotating': it was deleted, deactivated or replaced.`,
      retryable: false,
      hint: `Put the profile's new key pair (aws_access_key_id, aws_secret_access_key) in ${credentialsFile}, then choose "Replace access key" and "Check again".`,
      signIn: replaceFirst,
      service: 'sts',
      operation: 'GetCallerIdentity',
      awsCode: 'InvalidClientTokenId',
      requestId: expect.any(String),
      httpStatus: 403,
    });
    expect(JSON.stringify(identityError)).not.toContain(first.id);
    // IAM (awsQuery), SSM (JSON) and EC2 each word the refusal their own way; every panel gets the same one action.
    for (const [error, awsCode] of [
      [await errorOf('iam.snapshot', { target: target('rotating') }), 'InvalidClientTokenId'],
      [
        await errorOf('ssm.listParameters', { target: target('rotating'), path: '/', recursive: true }),
        'UnrecognizedClientException',
      ],
      [await errorOf('ec2.securityGroupChoices', { target: target('rotating') }), 'AuthFailure'],
    ] as const) {
      expect(error).toMatchObject({ awsCode, signIn: replaceFirst });
    }

    // "Check again" with the file unchanged: the same key, refused again, so the dialog can say the file still holds it.
    await mustCall(ctx.router, 'profiles.reload', {});
    expect((await errorOf('sts.getCallerIdentity', { target: target('rotating') })).signIn).toEqual(replaceFirst);
    // The role chain's clients were rebuilt too: assuming the role again with the deleted key names the source profile.
    expect(await errorOf('sts.getCallerIdentity', { target: target('rotating-role') })).toMatchObject({
      operation: 'AssumeRole',
      awsCode: 'InvalidClientTokenId',
      signIn: replaceFirst,
    });

    const second = await newKey();
    writeKey(second);
    const reloaded = await mustCall(ctx.router, 'profiles.reload', {});
    expect(reloaded.profiles.find((p) => p.name === 'rotating')?.problem).toBeUndefined();
    expect((await mustCall(ctx.router, 'sts.getCallerIdentity', { target: target('rotating') })).arn).toBe(
      `arn:aws:iam::${ACCOUNT}:user/${USER}`,
    );
    const snapshot = await mustCall(ctx.router, 'iam.snapshot', { target: target('rotating') });
    expect(snapshot.users.map((u) => u.name)).toContain(USER);
    expect((await mustCall(ctx.router, 'sts.getCallerIdentity', { target: target('rotating-role') })).arn).toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE}/rotation`,
    );
  });
});
