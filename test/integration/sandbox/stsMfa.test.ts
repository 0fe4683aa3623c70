/**
 * MFA through the real SDK, against the lab's virtual device: codes computed
 * with the exported TOTP function on the sandbox clock, LabAdminWithMfa's
 * trust policy, GetSessionToken sessions that carry MFA, and the SDK's own
 * assume-role chain (`mfa_serial` in a config file, the code from a callback).
 */
import { fromIni } from '@aws-sdk/credential-providers';
import { IAMClient, ListMFADevicesCommand, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  type AssumeRoleCommandInput,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_REGION, totp } from '../../../src/sandbox';
import { type SandboxCredentials, startTestSandbox, type TestSandbox, TRAINING_LAB } from '../../support/sandbox';
import { awsError } from './awsErrors';
import { type SessionCredentials, sessionCredentials, withSts } from './stsSupport';

const ACCOUNT = TRAINING_LAB.accountId;
const LAB = TRAINING_LAB.signIn;
const USER = TRAINING_LAB.userCredentials;
/** 10 s into a 30 s step, so the clock moves within a step or across one only when a test says so. */
const START = new Date('2026-05-22T12:00:10Z');
const ADMIN_SESSION_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/${LAB.roleName}`;

let sandbox: TestSandbox;
let elapsedMs = 0;
const sandboxNow = (): Date => new Date(START.getTime() + elapsedMs);
const advance = (ms: number): void => {
  elapsedMs += ms;
  sandbox.advanceClock(ms);
};
const code = (): string => totp(LAB.mfaSecretBase32, sandboxNow());

beforeEach(async () => {
  elapsedMs = 0;
  sandbox = await startTestSandbox({ now: () => START });
});

afterEach(async () => {
  await sandbox.dispose();
});

function assumeLabAdmin(credentials: SandboxCredentials, extra: Partial<AssumeRoleCommandInput> = {}) {
  return withSts(sandbox, credentials, (sts) =>
    sts.send(new AssumeRoleCommand({ RoleArn: LAB.roleArn, RoleSessionName: 'learner', ...extra })),
  );
}

async function whoAmI(credentials: SessionCredentials): Promise<string | undefined> {
  return (await withSts(sandbox, credentials, (sts) => sts.send(new GetCallerIdentityCommand({})))).Arn;
}

const mfaFailed = (message: string) => ({ code: 'AccessDenied', status: 403, message });
const INVALID_CODE = 'MultiFactorAuthentication failed with invalid MFA one time pass code.';

describe('LabAdminWithMfa', () => {
  it('refuses the course user without MFA, with the trust refusal AWS gives', async () => {
    expect(await awsError(assumeLabAdmin(USER))).toMatchObject({
      code: 'AccessDenied',
      status: 403,
      message: `User: ${LAB.userArn} is not authorized to perform: sts:AssumeRole on resource: ${LAB.roleArn}`,
    });
  });

  it('assumes with the current code, and the session is the admin role', async () => {
    const out = await assumeLabAdmin(USER, { SerialNumber: LAB.mfaSerialNumber, TokenCode: code() });
    expect(out.AssumedRoleUser?.Arn).toBe(`${ADMIN_SESSION_ARN}/learner`);
    const session = sessionCredentials(out.Credentials);
    expect(await whoAmI(session)).toBe(`${ADMIN_SESSION_ARN}/learner`);
    // The role's policy allows everything: IAM writes are open to the session.
    const iam = new IAMClient(sandbox.clientConfig(session));
    try {
      expect((await iam.send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices).toHaveLength(1);
    } finally {
      iam.destroy();
    }
  });

  it('refuses a wrong code, a reused code, and accepts the next step after the clock moves', async () => {
    const current = code();
    const wrong = String((Number(current) + 1) % 1_000_000).padStart(6, '0');
    const mfa = { SerialNumber: LAB.mfaSerialNumber };
    expect(await awsError(assumeLabAdmin(USER, { ...mfa, TokenCode: wrong }))).toMatchObject(mfaFailed(INVALID_CODE));
    await expect(assumeLabAdmin(USER, { ...mfa, TokenCode: current })).resolves.toBeDefined();
    expect(await awsError(assumeLabAdmin(USER, { ...mfa, TokenCode: current }))).toMatchObject(mfaFailed(INVALID_CODE));
    advance(30_000);
    expect(code()).not.toBe(current);
    await expect(assumeLabAdmin(USER, { ...mfa, TokenCode: code() })).resolves.toBeDefined();
  });

  it("accepts the previous step's code for drift, but not one two steps old", async () => {
    const previous = code();
    advance(30_000);
    await expect(
      assumeLabAdmin(USER, { SerialNumber: LAB.mfaSerialNumber, TokenCode: previous }),
    ).resolves.toBeDefined();
    const stale = code();
    advance(60_000);
    expect(await awsError(assumeLabAdmin(USER, { SerialNumber: LAB.mfaSerialNumber, TokenCode: stale }))).toMatchObject(
      mfaFailed(INVALID_CODE),
    );
  });

  it('refuses a device that is not the caller’s, and a serial or code alone', async () => {
    const notMine = `arn:aws:iam::${ACCOUNT}:mfa/someone-else`;
    expect(await awsError(assumeLabAdmin(USER, { SerialNumber: notMine, TokenCode: code() }))).toMatchObject(
      mfaFailed(
        'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
      ),
    );
    expect(await awsError(assumeLabAdmin(USER, { SerialNumber: LAB.mfaSerialNumber }))).toMatchObject(
      mfaFailed('MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.'),
    );
    expect(await awsError(assumeLabAdmin(USER, { TokenCode: '12345' }))).toMatchObject({
      code: 'ValidationError',
      message:
        "1 validation error detected: Value '12345' at 'tokenCode' failed to satisfy constraint: Member must have length greater than or equal to 6",
    });
  });
});

describe('GetSessionToken', () => {
  it('acts as the user, and with MFA satisfies the role without a second code', async () => {
    const out = await withSts(sandbox, USER, (sts) =>
      sts.send(new GetSessionTokenCommand({ SerialNumber: LAB.mfaSerialNumber, TokenCode: code() })),
    );
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    // Twelve hours by default.
    expect(out.Credentials?.Expiration?.toISOString()).toBe('2026-05-23T00:00:10.000Z');
    const session = sessionCredentials(out.Credentials);
    expect(await whoAmI(session)).toBe(LAB.userArn);
    const admin = await assumeLabAdmin(session);
    expect(await whoAmI(sessionCredentials(admin.Credentials))).toBe(`${ADMIN_SESSION_ARN}/learner`);
  });

  it('without MFA does not satisfy the role, and session credentials cannot call it again', async () => {
    const out = await withSts(sandbox, USER, (sts) => sts.send(new GetSessionTokenCommand({ DurationSeconds: 900 })));
    const session = sessionCredentials(out.Credentials);
    expect((await awsError(assumeLabAdmin(session))).code).toBe('AccessDenied');
    expect(await awsError(withSts(sandbox, session, (sts) => sts.send(new GetSessionTokenCommand({}))))).toMatchObject({
      code: 'AccessDenied',
      status: 403,
      message: 'Cannot call GetSessionToken with session credentials',
    });
    advance(900_000);
    expect((await awsError(withSts(sandbox, session, (sts) => sts.send(new GetCallerIdentityCommand({}))))).code).toBe(
      'ExpiredToken',
    );
  });
});

describe('IAM MFA devices', () => {
  it('lists the course user’s virtual device without its seed', async () => {
    const iam = new IAMClient(sandbox.clientConfig());
    try {
      const listed = await iam.send(new ListMFADevicesCommand({ UserName: LAB.userName }));
      expect(listed.MFADevices?.map((device) => [device.UserName, device.SerialNumber])).toEqual([
        [LAB.userName, LAB.mfaSerialNumber],
      ]);
      const virtual = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
      expect(virtual.VirtualMFADevices?.map((device) => [device.SerialNumber, device.User?.Arn])).toEqual([
        [LAB.mfaSerialNumber, LAB.userArn],
      ]);
      expect(virtual.VirtualMFADevices?.[0]?.Base32StringSeed).toBeUndefined();
      const unassigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
      expect(unassigned.VirtualMFADevices).toEqual([]);
    } finally {
      iam.destroy();
    }
  });
});

describe("the SDK's own role chain", () => {
  it('assumes LabAdminWithMfa from a config file with mfa_serial, asking the callback for the code', async () => {
    // The SDK checks expiry against the real clock, so this sandbox runs on it.
    const live = await startTestSandbox();
    try {
      const configFile = join(live.dir, 'config');
      const credentialsFile = join(live.dir, 'credentials');
      await writeFile(
        configFile,
        [
          '[profile lab-admin]',
          `role_arn = ${LAB.roleArn}`,
          'source_profile = lab-user',
          `mfa_serial = ${LAB.mfaSerialNumber}`,
          'role_session_name = console',
          '',
        ].join('\n'),
      );
      await writeFile(
        credentialsFile,
        [
          '[lab-user]',
          `aws_access_key_id = ${USER.accessKeyId}`,
          `aws_secret_access_key = ${USER.secretAccessKey}`,
          '',
        ].join('\n'),
      );
      const asked: string[] = [];
      const credentials = fromIni({
        profile: 'lab-admin',
        filepath: credentialsFile,
        configFilepath: configFile,
        mfaCodeProvider: (serial) => {
          asked.push(serial);
          return Promise.resolve(totp(LAB.mfaSecretBase32, new Date()));
        },
        clientConfig: { endpoint: live.endpoint, region: SANDBOX_REGION },
      });
      const sts = new STSClient({ endpoint: live.endpoint, region: SANDBOX_REGION, credentials, maxAttempts: 1 });
      try {
        expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`${ADMIN_SESSION_ARN}/console`);
        // One code serves every later call until the session expires.
        expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`${ADMIN_SESSION_ARN}/console`);
        expect(asked).toEqual([LAB.mfaSerialNumber]);
      } finally {
        sts.destroy();
      }
    } finally {
      await live.dispose();
    }
  });
});
