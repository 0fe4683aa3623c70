/**
 * The SSO portal through the real SDK client, with a token from the device
 * flow: the lab account and its permission sets, and role credentials that
 * act as the permission set's AWSReservedSSO_ role everywhere else.
 */
import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand } from '@aws-sdk/client-sso';
import { CreateRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TRAINING_LAB_SSO } from '../../../src/sandbox';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { awsError } from './awsErrors';
import { signIn, ssoClients } from './ssoSupport';

const NOW = new Date('2026-05-22T12:00:00Z');
const ACCOUNT = TRAINING_LAB_SSO.accountId;

let sandbox: TestSandbox;
let clients: ReturnType<typeof ssoClients>;
let accessToken: string;

beforeEach(async () => {
  sandbox = await startTestSandbox({ now: () => NOW });
  clients = ssoClients(sandbox);
  accessToken = (await signIn(sandbox, clients.oidc)).accessToken ?? '';
});

afterEach(async () => {
  clients.destroy();
  await sandbox.dispose();
});

interface PortalKeys {
  readonly keys: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  readonly expiration: number;
}

async function roleCredentials(roleName: string): Promise<PortalKeys> {
  const out = await clients.portal.send(new GetRoleCredentialsCommand({ accessToken, accountId: ACCOUNT, roleName }));
  const creds = out.roleCredentials;
  if (!creds?.accessKeyId || !creds.secretAccessKey || !creds.sessionToken || creds.expiration === undefined) {
    throw new Error('GetRoleCredentials returned incomplete credentials');
  }
  return {
    keys: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken },
    expiration: creds.expiration,
  };
}

describe('ListAccounts and ListAccountRoles', () => {
  it('lists the lab account and its two permission sets', async () => {
    const accounts = await clients.portal.send(new ListAccountsCommand({ accessToken }));
    expect(accounts.accountList).toEqual([
      { accountId: ACCOUNT, accountName: 'edX Training Lab', emailAddress: TRAINING_LAB_SSO.emailAddress },
    ]);
    const roles = await clients.portal.send(new ListAccountRolesCommand({ accessToken, accountId: ACCOUNT }));
    expect(roles.roleList).toEqual([
      { roleName: 'AdministratorAccess', accountId: ACCOUNT },
      { roleName: 'ReadOnlyAccess', accountId: ACCOUNT },
    ]);
  });

  it('pages by max_result and next_token, and refuses a page size outside 1 to 100', async () => {
    const first = await clients.portal.send(
      new ListAccountRolesCommand({ accessToken, accountId: ACCOUNT, maxResults: 1 }),
    );
    expect(first.roleList?.map((r) => r.roleName)).toEqual(['AdministratorAccess']);
    expect(first.nextToken).toBeTruthy();
    const second = await clients.portal.send(
      new ListAccountRolesCommand({ accessToken, accountId: ACCOUNT, maxResults: 1, nextToken: first.nextToken }),
    );
    expect(second.roleList?.map((r) => r.roleName)).toEqual(['ReadOnlyAccess']);
    expect(second.nextToken).toBeUndefined();
    expect(
      await awsError(clients.portal.send(new ListAccountsCommand({ accessToken, maxResults: 101 }))),
    ).toMatchObject({ name: 'InvalidRequestException', status: 400 });
    expect(
      await awsError(clients.portal.send(new ListAccountsCommand({ accessToken, nextToken: 'not-ours' }))),
    ).toMatchObject({ name: 'InvalidRequestException', message: 'Invalid next_token.' });
  });

  it('refuses an unknown token and one past its expiry with UnauthorizedException', async () => {
    expect(
      await awsError(clients.portal.send(new ListAccountsCommand({ accessToken: 'aoa-not-a-token' }))),
    ).toMatchObject({
      name: 'UnauthorizedException',
      status: 401,
      message: 'Session token not found or invalid',
    });
    sandbox.advanceClock(3600_000);
    expect(await awsError(clients.portal.send(new ListAccountsCommand({ accessToken })))).toMatchObject({
      name: 'UnauthorizedException',
      status: 401,
    });
    expect(
      await awsError(
        clients.portal.send(
          new GetRoleCredentialsCommand({ accessToken, accountId: ACCOUNT, roleName: 'ReadOnlyAccess' }),
        ),
      ),
    ).toMatchObject({ name: 'UnauthorizedException' });
  });
});

describe('GetRoleCredentials', () => {
  it("gives keys that act as the permission set's role, named after the directory user", async () => {
    const creds = await roleCredentials('ReadOnlyAccess');
    expect(creds.keys.accessKeyId).toMatch(/^ASIA/);
    // Epoch milliseconds, one hour on the sandbox clock.
    expect(creds.expiration).toBe(NOW.getTime() + 3600_000);
    const config = sandbox.clientConfig(creds.keys);
    const sts = new STSClient(config);
    const iam = new IAMClient(config);
    const caller = `arn:aws:sts::${ACCOUNT}:assumed-role/${TRAINING_LAB_SSO.permissionSets.ReadOnlyAccess.roleName}/${TRAINING_LAB_SSO.userName}`;
    try {
      expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(caller);
      expect((await iam.send(new ListRolesCommand({}))).Roles?.map((role) => role.RoleName)).toContain(
        TRAINING_LAB_SSO.permissionSets.ReadOnlyAccess.roleName,
      );
      expect(
        await awsError(iam.send(new CreateRoleCommand({ RoleName: 'sneaky', AssumeRolePolicyDocument: '{}' }))),
      ).toMatchObject({
        name: 'AccessDenied',
        status: 403,
        message: `User: ${caller} is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::${ACCOUNT}:role/sneaky because no identity-based policy allows the iam:CreateRole action`,
      });
      // The keys stop working when the portal said they would.
      sandbox.advanceClock(3600_000);
      expect(await awsError(sts.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'ExpiredToken' });
    } finally {
      sts.destroy();
      iam.destroy();
    }
  });

  it('lets the administrator permission set write', async () => {
    const iam = new IAMClient(sandbox.clientConfig((await roleCredentials('AdministratorAccess')).keys));
    try {
      const created = await iam.send(
        new CreateRoleCommand({
          RoleName: 'made-by-sso',
          AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}',
        }),
      );
      expect(created.Role?.RoleName).toBe('made-by-sso');
    } finally {
      iam.destroy();
    }
  });

  it('refuses a permission set the user is not assigned with ForbiddenException', async () => {
    expect(
      await awsError(
        clients.portal.send(new GetRoleCredentialsCommand({ accessToken, accountId: ACCOUNT, roleName: 'Billing' })),
      ),
    ).toMatchObject({ name: 'ForbiddenException', status: 403, message: 'No access' });
    expect(
      await awsError(
        clients.portal.send(
          new GetRoleCredentialsCommand({ accessToken, accountId: '111122223333', roleName: 'ReadOnlyAccess' }),
        ),
      ),
    ).toMatchObject({ name: 'ForbiddenException' });
  });
});
