/**
 * MFA profiles through the whole main process (router, registry, client
 * factory) against the sandbox: the lab user's keys, then LabAdminWithMfa,
 * which trusts that user only with a code from its virtual MFA device. Codes
 * come from the sandbox's own TOTP on the sandbox clock.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/main/context';
import { totp } from '../../../src/sandbox';
import { consoleIn } from '../../support/appConsole';
import { dispatch, mustCall } from '../../support/rpc';
import { startTestSandbox, TRAINING_LAB, type TestSandbox } from '../../support/sandbox';

const { signIn: lab, accountId: ACCOUNT } = TRAINING_LAB;
const REGION = 'us-east-1';
const ADMIN_ROLE_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/${lab.roleName}/`;

let sandbox: TestSandbox;
let ctx: AppContext;
let dir: string;
/** The sandbox clock runs with real time plus this shift, which the tests move forward. */
let shift = 0;
const sandboxNow = () => new Date(Date.now() + shift);
const advance = (ms: number) => {
  shift += ms;
  sandbox.advanceClock(ms);
};
/** The code the lab user's authenticator shows now; each sign-in moves on a step first, as codes cannot be reused. */
const nextCode = () => {
  advance(30_000);
  return totp(lab.mfaSecretBase32, sandboxNow());
};

beforeEach(async () => {
  shift = 0;
  sandbox = await startTestSandbox();
  dir = mkdtempSync(join(tmpdir(), 'trellis-mfa-'));
  const endpoint = `endpoint_url = ${sandbox.endpoint}`;
  writeFileSync(
    join(dir, 'config'),
    [
      '[profile lab-user]',
      `region = ${REGION}`,
      endpoint,
      '[profile lab-admin]',
      `role_arn = ${lab.roleArn}`,
      'source_profile = lab-user',
      `mfa_serial = ${lab.mfaSerialNumber}`,
      'role_session_name = trellis-mfa',
      `region = ${REGION}`,
      endpoint,
      '[profile lab-user-mfa]',
      `mfa_serial = ${lab.mfaSerialNumber}`,
      `region = ${REGION}`,
      endpoint,
      '[profile lab-deep]',
      `role_arn = arn:aws:iam::${ACCOUNT}:role/DeepOps`,
      'source_profile = lab-admin',
      'role_session_name = deep',
      `region = ${REGION}`,
      endpoint,
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'credentials'),
    [
      '[lab-user]',
      `aws_access_key_id = ${TRAINING_LAB.userCredentials.accessKeyId}`,
      `aws_secret_access_key = ${TRAINING_LAB.userCredentials.secretAccessKey}`,
      '[lab-user-mfa]',
      `aws_access_key_id = ${TRAINING_LAB.userCredentials.accessKeyId}`,
      `aws_secret_access_key = ${TRAINING_LAB.userCredentials.secretAccessKey}`,
    ].join('\n'),
  );
  ctx = await consoleIn(dir, { sandbox: false, dataDir: join(dir, 'data') });
});

afterEach(async () => {
  await ctx.close();
  await sandbox.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const target = (profile: string) => ({ profile, region: REGION });
const whoAmI = (profile: string) => dispatch(ctx.router, 'sts.getCallerIdentity', { target: target(profile) });

function filesUnder(path: string): string[] {
  return readdirSync(path).flatMap((name) => {
    const full = join(path, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('MFA profiles against the sandbox', () => {
  it('asks for a code, signs in once, and the session serves every client of the profile', async () => {
    const before = await whoAmI('lab-admin');
    expect(before).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'credentials',
        message: `Profile 'lab-admin' needs a code from the MFA device ${lab.mfaSerialNumber}.`,
        signIn: { kind: 'mfa', profile: 'lab-admin', serial: lab.mfaSerialNumber },
      }),
    });
    // Every panel gets the same sign-in request, not a generic failure.
    const iamBefore = await dispatch(ctx.router, 'iam.snapshot', { target: target('lab-admin') });
    expect(iamBefore.ok ? undefined : iamBefore.error.signIn).toEqual(before.ok ? undefined : before.error.signIn);

    const code = nextCode();
    const session = await mustCall(ctx.router, 'profiles.submitMfaCode', { profile: 'lab-admin', code });
    // Only who the profile now is, and until when: no key, secret or token crosses to the renderer.
    expect(Object.keys(session).sort()).toEqual(['expiresAt', 'identity']);
    expect(session.identity).toEqual({
      account: ACCOUNT,
      arn: `${ADMIN_ROLE_ARN}trellis-mfa`,
      userId: expect.stringMatching(/^AROA[0-9A-Z]+:trellis-mfa$/),
    });
    const lifetime = Date.parse(session.expiresAt ?? '') - sandboxNow().getTime();
    expect(lifetime).toBeGreaterThan(3_500_000);
    expect(lifetime).toBeLessThanOrEqual(3_600_000);

    // STS, IAM and Elastic Beanstalk clients, in two regions, all use the one session.
    expect(await mustCall(ctx.router, 'sts.getCallerIdentity', { target: target('lab-admin') })).toEqual(
      session.identity,
    );
    const snapshot = await mustCall(ctx.router, 'iam.snapshot', { target: target('lab-admin') });
    expect(snapshot.roles.map((r) => r.name)).toContain(lab.roleName);
    const environments = await mustCall(ctx.router, 'beanstalk.listEnvironments', { target: target('lab-admin') });
    expect(environments.map((e) => e.name)).toContain(TRAINING_LAB.learnerEnvironment.environmentName);
    const west = await mustCall(ctx.router, 'sts.getCallerIdentity', {
      target: { profile: 'lab-admin', region: 'eu-west-1' },
    });
    expect(west.arn).toBe(session.identity.arn);

    // The code was spent on the one AssumeRole: the same code again is refused, as AWS refuses a replay.
    const replay = await dispatch(ctx.router, 'profiles.submitMfaCode', { profile: 'lab-admin', code });
    expect(replay.ok ? undefined : replay.error.message).toBe(
      'MultiFactorAuthentication failed with invalid MFA one time pass code.',
    );
    // ...and the live session is untouched by the failed attempt.
    expect((await whoAmI('lab-admin')).ok).toBe(true);

    // The code is stored nowhere: not in settings, the journal or any other file main wrote.
    for (const file of filesUnder(join(dir, 'data'))) expect(readFileSync(file, 'utf8')).not.toContain(code);
  });

  it('gives the STS message for a wrong code, keeps asking, and refuses what is not 6 digits', async () => {
    const right = totp(lab.mfaSecretBase32, sandboxNow());
    // A code no step near now would show.
    const near = [-30_000, 0, 30_000].map((d) => totp(lab.mfaSecretBase32, new Date(sandboxNow().getTime() + d)));
    let wrong = '000000';
    for (let n = 0; near.includes(wrong) && n < 10; n++)
      wrong = String((Number(right) + 111_111 * (n + 1)) % 1e6).padStart(6, '0');

    const refused = await dispatch(ctx.router, 'profiles.submitMfaCode', { profile: 'lab-admin', code: wrong });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'access-denied',
        message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
        service: 'sts',
        operation: 'AssumeRole',
        awsCode: 'AccessDenied',
        requestId: expect.any(String),
        httpStatus: 403,
        retryable: false,
        hint: 'Check the code (it changes every 30 seconds) and the device in mfa_serial; the role must trust this user with MFA.',
      },
    });
    const still = await whoAmI('lab-admin');
    expect(still.ok ? undefined : still.error.signIn?.kind).toBe('mfa');

    const malformed = await dispatch(ctx.router, 'profiles.submitMfaCode', { profile: 'lab-admin', code: '12a456' });
    expect(malformed).toEqual({
      ok: false,
      error: {
        code: 'validation',
        message: 'Invalid input for profiles.submitMfaCode: code: an MFA code is 6 digits',
        retryable: false,
      },
    });
    const notMfa = await dispatch(ctx.router, 'profiles.submitMfaCode', { profile: 'lab-user', code: '123456' });
    expect(notMfa.ok ? undefined : notMfa.error.message).toBe(
      "Profile 'lab-user' does not use MFA: neither it nor its role chain has mfa_serial.",
    );
  });

  it('signs in a chain whose middle role needs MFA, on its own code', async () => {
    await createDeepOps(sandbox);
    const asked = await whoAmI('lab-deep');
    expect(asked.ok ? undefined : asked.error.signIn).toEqual({
      kind: 'mfa',
      profile: 'lab-deep',
      serial: lab.mfaSerialNumber,
    });
    const session = await mustCall(ctx.router, 'profiles.submitMfaCode', { profile: 'lab-deep', code: nextCode() });
    expect(session.identity.arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/DeepOps/deep`);
    // The middle profile has a session of its own to buy; the chain's did not sign it in.
    expect((await whoAmI('lab-admin')).ok).toBe(false);
  });

  it('signs a keys profile with its own mfa_serial in through GetSessionToken', async () => {
    expect((await whoAmI('lab-user-mfa')).ok).toBe(false);
    const session = await mustCall(ctx.router, 'profiles.submitMfaCode', { profile: 'lab-user-mfa', code: nextCode() });
    // A session token acts as the user itself, now with MFA present.
    expect(session.identity.arn).toBe(lab.userArn);
    const snapshot = await mustCall(ctx.router, 'iam.snapshot', { target: target('lab-user-mfa') });
    expect(snapshot.users.map((u) => u.name)).toContain(lab.userName);
  });

  it('turns the session expiring on the sandbox clock into the sign-in request again', async () => {
    await mustCall(ctx.router, 'profiles.submitMfaCode', { profile: 'lab-admin', code: nextCode() });
    expect((await whoAmI('lab-admin')).ok).toBe(true);

    advance(3_601_000);
    const expired = await dispatch(ctx.router, 'iam.snapshot', { target: target('lab-admin') });
    expect(expired).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'credentials',
        message: `The MFA session of profile 'lab-admin' has ended; enter a new code from ${lab.mfaSerialNumber} to continue.`,
        awsCode: 'ExpiredToken',
        service: 'iam',
        signIn: { kind: 'mfa', profile: 'lab-admin', serial: lab.mfaSerialNumber },
      }),
    });
    // Every client of the profile now asks, without sending the dead keys again.
    const sts = await whoAmI('lab-admin');
    expect(sts.ok ? undefined : sts.error).toMatchObject({
      message: expect.stringContaining('has ended'),
      signIn: { kind: 'mfa' },
    });
    expect(sts.ok ? undefined : sts.error.awsCode).toBeUndefined();

    const again = await mustCall(ctx.router, 'profiles.submitMfaCode', { profile: 'lab-admin', code: nextCode() });
    expect(again.identity.arn).toBe(`${ADMIN_ROLE_ARN}trellis-mfa`);
    expect((await dispatch(ctx.router, 'iam.snapshot', { target: target('lab-admin') })).ok).toBe(true);
  });
});

/** A role only a LabAdminWithMfa session may assume: the third link of the lab-deep chain. */
async function createDeepOps(sb: TestSandbox): Promise<void> {
  const iam = new IAMClient(sb.clientConfig());
  try {
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'DeepOps',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/${lab.roleName}` },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'DeepOps',
        PolicyName: 'read',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }],
        }),
      }),
    );
  } finally {
    iam.destroy();
  }
}
