/**
 * STS sessions through the real SDK: AssumeRole's shapes, trust policies and
 * identity policies both enforced, ExternalId, role chaining, durations, and
 * the session keys acting as the role until they expire on the sandbox clock.
 */
import { DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, ListRolesCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import {
  AssumeRoleCommand,
  type AssumeRoleCommandInput,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src/sandbox';
import { type SandboxCredentials, startTestSandbox, type TestSandbox, TRAINING_LAB } from '../../support/sandbox';
import { awsError } from './awsErrors';
import {
  allowAssume,
  createRole,
  createUser,
  type SessionCredentials,
  sessionCredentials,
  withSts,
} from './stsSupport';

const ACCOUNT = TRAINING_LAB.accountId;
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const NOW = new Date('2026-05-22T12:00:10Z');

let sandbox: TestSandbox;
let admin: IAMClient;

beforeEach(async () => {
  sandbox = await startTestSandbox({ now: () => NOW });
  admin = new IAMClient(sandbox.clientConfig());
});

afterEach(async () => {
  admin.destroy();
  await sandbox.dispose();
});

async function assume(credentials: SandboxCredentials, input: AssumeRoleCommandInput): Promise<SessionCredentials> {
  const out = await withSts(sandbox, credentials, (sts) => sts.send(new AssumeRoleCommand(input)));
  return sessionCredentials(out.Credentials);
}

const refusal = (caller: string, roleArn: string, why = ''): string =>
  `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}${why}`;

describe('AssumeRole', () => {
  it("answers AWS's shape, and the session is the assumed role in GetCallerIdentity", async () => {
    const roleArn = await createRole(admin, 'Deployer', { trust: [allowAssume(ROOT)] });
    const out = await withSts(sandbox, sandbox.clientConfig().credentials, (sts) =>
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'release-42' })),
    );
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials?.SecretAccessKey).toHaveLength(40);
    expect(out.Credentials?.SessionToken?.length).toBeGreaterThan(100);
    // The default is one hour on the sandbox clock, in whole seconds.
    expect(out.Credentials?.Expiration?.toISOString()).toBe('2026-05-22T13:00:10.000Z');
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/release-42`);
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:release-42$/);

    const identity = await withSts(sandbox, sessionCredentials(out.Credentials), (sts) =>
      sts.send(new GetCallerIdentityCommand({})),
    );
    expect(identity).toMatchObject({
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/release-42`,
      UserId: out.AssumedRoleUser?.AssumedRoleId,
      Account: ACCOUNT,
    });
  });

  it("acts with the role's policies, and AccessDenied names the assumed-role ARN", async () => {
    const roleArn = await createRole(admin, 'VpcReader', {
      trust: [allowAssume(ROOT)],
      permissions: [{ Effect: 'Allow', Action: 'ec2:DescribeVpcs', Resource: '*' }],
    });
    const session = await assume(sandbox.clientConfig().credentials, { RoleArn: roleArn, RoleSessionName: 'audit' });
    const ec2 = new EC2Client(sandbox.clientConfig(session));
    const iam = new IAMClient(sandbox.clientConfig(session));
    const caller = `arn:aws:sts::${ACCOUNT}:assumed-role/VpcReader/audit`;
    try {
      expect((await ec2.send(new DescribeVpcsCommand({}))).Vpcs?.length).toBeGreaterThan(0);
      expect(await awsError(ec2.send(new DescribeSubnetsCommand({})))).toMatchObject({
        code: 'UnauthorizedOperation',
        status: 403,
        message: `You are not authorized to perform this operation. User: ${caller} is not authorized to perform: ec2:DescribeSubnets on resource: * because no identity-based policy allows the ec2:DescribeSubnets action`,
      });
      expect(await awsError(iam.send(new ListRolesCommand({})))).toMatchObject({
        code: 'AccessDenied',
        status: 403,
        message: `User: ${caller} is not authorized to perform: iam:ListRoles on resource: * because no identity-based policy allows the iam:ListRoles action`,
      });
    } finally {
      ec2.destroy();
      iam.destroy();
    }
  });

  it('refuses a caller the trust policy does not name, and a role that does not exist, alike', async () => {
    const roleArn = await createRole(admin, 'OpsOnly', { trust: [allowAssume(`arn:aws:iam::${ACCOUNT}:user/ops`)] });
    const dev = await createUser(admin, 'dev', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]);
    const devArn = `arn:aws:iam::${ACCOUNT}:user/dev`;
    expect(await awsError(assume(dev, { RoleArn: roleArn, RoleSessionName: 'try' }))).toEqual({
      name: 'AccessDenied',
      code: 'AccessDenied',
      status: 403,
      message: refusal(devArn, roleArn),
    });
    const missing = `arn:aws:iam::${ACCOUNT}:role/NoSuchRole`;
    expect(await awsError(assume(dev, { RoleArn: missing, RoleSessionName: 'try' }))).toMatchObject({
      code: 'AccessDenied',
      message: refusal(devArn, missing),
    });
  });

  it("requires the caller's own policies when the trust names only the account", async () => {
    const roleArn = await createRole(admin, 'AccountWide', { trust: [allowAssume(ACCOUNT)] });
    const dev = await createUser(admin, 'dev', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]);
    const devArn = `arn:aws:iam::${ACCOUNT}:user/dev`;
    expect(await awsError(assume(dev, { RoleArn: roleArn, RoleSessionName: 'try' }))).toMatchObject({
      code: 'AccessDenied',
      status: 403,
      message: refusal(devArn, roleArn, ' because no identity-based policy allows the sts:AssumeRole action'),
    });
    // An identity policy that allows sts:AssumeRole on the role's ARN (here by wildcard) completes the grant.
    await admin.send(
      new PutUserPolicyCommand({
        UserName: 'dev',
        PolicyName: 'assume',
        PolicyDocument: JSON.stringify({
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/Acc*` }],
        }),
      }),
    );
    await expect(assume(dev, { RoleArn: roleArn, RoleSessionName: 'try' })).resolves.toMatchObject({
      accessKeyId: expect.stringMatching(/^ASIA/) as unknown,
    });
  });

  it('lets a trust that names the user grant on its own, but never past an explicit deny', async () => {
    const roleArn = await createRole(admin, 'Named', { trust: [allowAssume(`arn:aws:iam::${ACCOUNT}:user/dev`)] });
    const dev = await createUser(admin, 'dev', []);
    await expect(assume(dev, { RoleArn: roleArn, RoleSessionName: 'named' })).resolves.toBeDefined();
    await admin.send(
      new PutUserPolicyCommand({
        UserName: 'dev',
        PolicyName: 'no-roles',
        PolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Deny', Action: 'sts:*', Resource: '*' }] }),
      }),
    );
    expect(await awsError(assume(dev, { RoleArn: roleArn, RoleSessionName: 'named' }))).toMatchObject({
      code: 'AccessDenied',
      message: refusal(
        `arn:aws:iam::${ACCOUNT}:user/dev`,
        roleArn,
        ' with an explicit deny in an identity-based policy',
      ),
    });
  });

  it('checks sts:ExternalId with StringEquals: missing and wrong are refused, the right one assumes', async () => {
    const roleArn = await createRole(admin, 'Vendor', {
      trust: [allowAssume(ROOT, { StringEquals: { 'sts:ExternalId': 'lab-42' } })],
    });
    const caller = sandbox.clientConfig().credentials;
    for (const externalId of [undefined, 'lab-43']) {
      const error = await awsError(
        assume(caller, { RoleArn: roleArn, RoleSessionName: 'vendor', ExternalId: externalId }),
      );
      expect(error).toMatchObject({ code: 'AccessDenied', message: refusal(ROOT, roleArn) });
    }
    await expect(
      assume(caller, { RoleArn: roleArn, RoleSessionName: 'vendor', ExternalId: 'lab-42' }),
    ).resolves.toBeDefined();
  });

  it('chains from a role session, named by its role ARN, for at most an hour', async () => {
    const first = await createRole(admin, 'Jump', {
      trust: [allowAssume(ROOT)],
      permissions: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
    });
    const second = await createRole(admin, 'Target', { trust: [allowAssume(first)], maxSessionDuration: 7200 });
    const jump = await assume(sandbox.clientConfig().credentials, { RoleArn: first, RoleSessionName: 'hop-1' });
    expect(
      await awsError(assume(jump, { RoleArn: second, RoleSessionName: 'hop-2', DurationSeconds: 3601 })),
    ).toMatchObject({
      code: 'ValidationError',
      status: 400,
      message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    });
    const target = await assume(jump, { RoleArn: second, RoleSessionName: 'hop-2' });
    const identity = await withSts(sandbox, target, (sts) => sts.send(new GetCallerIdentityCommand({})));
    expect(identity.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Target/hop-2`);
    // The admin, not named by Target's trust, is refused.
    expect(
      await awsError(assume(sandbox.clientConfig().credentials, { RoleArn: second, RoleSessionName: 'x1' })),
    ).toMatchObject({ code: 'AccessDenied', message: refusal(ROOT, second) });
  });

  it('validates durations and session names as AWS does', async () => {
    const roleArn = await createRole(admin, 'Short', { trust: [allowAssume(ROOT)] });
    const caller = sandbox.clientConfig().credentials;
    const cases: Array<[AssumeRoleCommandInput, string]> = [
      [
        { RoleArn: roleArn, RoleSessionName: 'ok', DurationSeconds: 899 },
        "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
      ],
      [
        { RoleArn: roleArn, RoleSessionName: 'ok', DurationSeconds: 43201 },
        "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200",
      ],
      [
        { RoleArn: roleArn, RoleSessionName: 'ok', DurationSeconds: 7200 },
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      ],
      [
        { RoleArn: roleArn, RoleSessionName: 'has space' },
        "1 validation error detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
      ],
    ];
    for (const [input, message] of cases) {
      expect(await awsError(assume(caller, input))).toMatchObject({ code: 'ValidationError', status: 400, message });
    }
    await expect(
      assume(caller, { RoleArn: roleArn, RoleSessionName: 'ok', DurationSeconds: 900 }),
    ).resolves.toBeDefined();
  });
});

describe('session credentials', () => {
  it("expire on the sandbox clock with ExpiredToken, in each protocol's own words", async () => {
    const roleArn = await createRole(admin, 'Brief', {
      trust: [allowAssume(ROOT)],
      permissions: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    const session = await assume(sandbox.clientConfig().credentials, {
      RoleArn: roleArn,
      RoleSessionName: 'brief',
      DurationSeconds: 900,
    });
    const ec2 = new EC2Client(sandbox.clientConfig(session));
    const ssm = new SSMClient(sandbox.clientConfig(session));
    try {
      sandbox.advanceClock(899_000);
      await expect(
        withSts(sandbox, session, (sts) => sts.send(new GetCallerIdentityCommand({}))),
      ).resolves.toBeDefined();
      sandbox.advanceClock(1_000);
      expect(await awsError(withSts(sandbox, session, (sts) => sts.send(new GetCallerIdentityCommand({}))))).toEqual({
        name: 'ExpiredToken',
        code: 'ExpiredToken',
        status: 403,
        message: 'The security token included in the request is expired',
      });
      expect(await awsError(ec2.send(new DescribeVpcsCommand({})))).toMatchObject({
        code: 'RequestExpired',
        status: 400,
      });
      expect(await awsError(ssm.send(new DescribeParametersCommand({})))).toMatchObject({
        name: 'ExpiredTokenException',
        status: 400,
        message: 'The security token included in the request is expired',
      });
    } finally {
      ec2.destroy();
      ssm.destroy();
    }
  });

  it('need their own session token: a missing or wrong one, or an unknown ASIA key, is invalid', async () => {
    const roleArn = await createRole(admin, 'Tokened', { trust: [allowAssume(ROOT)] });
    const session = await assume(sandbox.clientConfig().credentials, { RoleArn: roleArn, RoleSessionName: 'tok' });
    const invalid = {
      name: 'InvalidClientTokenId',
      code: 'InvalidClientTokenId',
      status: 403,
      message: 'The security token included in the request is invalid.',
    };
    const withoutToken = { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey };
    const wrongToken = { ...session, sessionToken: `${session.sessionToken}x` };
    // An ASIA key the sandbox never issued must not fall back to the administrator.
    const madeUp = { ...session, accessKeyId: 'ASIAMADEUPKEY0000000' };
    for (const credentials of [withoutToken, wrongToken, madeUp]) {
      expect(
        await awsError(withSts(sandbox, credentials, (sts) => sts.send(new GetCallerIdentityCommand({})))),
      ).toEqual(invalid);
    }
  });

  it('survive a restart, and the state file keeps neither the secret nor the token', async () => {
    const roleArn = await createRole(admin, 'Durable', { trust: [allowAssume(ROOT)] });
    const session = await assume(sandbox.clientConfig().credentials, { RoleArn: roleArn, RoleSessionName: 'keep' });
    await sandbox.close();
    const saved = await readFile(sandbox.stateFile, 'utf8');
    expect(saved).toContain(session.accessKeyId);
    expect(saved).not.toContain(session.secretAccessKey);
    expect(saved).not.toContain(session.sessionToken);
    const reopened = await startSandbox({ port: 0, stateFile: sandbox.stateFile, now: () => NOW });
    const sts = new STSClient({
      endpoint: reopened.endpoint,
      region: 'us-east-1',
      credentials: session,
      maxAttempts: 1,
    });
    try {
      expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(
        `arn:aws:sts::${ACCOUNT}:assumed-role/Durable/keep`,
      );
    } finally {
      sts.destroy();
      await reopened.close();
    }
  });
});
