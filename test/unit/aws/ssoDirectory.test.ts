/**
 * The account and role listing over a fake portal: every page is read, a
 * portal that never stops paging is cut off, a token the portal refuses
 * becomes the sign-in request, and only a profile's own SSO sign-in is used.
 */
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrellisError } from '../../../src/main/aws/errors';
import { ProfileRegistry } from '../../../src/main/aws/profiles';
import type { OidcApi, PortalApi, SsoApis } from '../../../src/main/aws/sso/ssoApi';
import { listSsoAccountRoles, listSsoAccounts } from '../../../src/main/aws/sso/ssoDirectory';
import { tokenCachePath } from '../../../src/main/aws/sso/ssoProfile';
import { writeToken } from '../../../src/main/aws/sso/tokenCache';
import { lines, tempAws, type TempAws } from './fixtures';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const START_URL = 'https://corp.awsapps.com/start';
const CONFIG = lines(
  '[profile corp-dev]',
  'sso_session = corp',
  'sso_account_id = 111122223333',
  'sso_role_name = Developer',
  '[profile corp-admin]',
  'sso_session = corp',
  'sso_account_id = 111122223333',
  'sso_role_name = Admin',
  '[profile on-top]',
  'role_arn = arn:aws:iam::111122223333:role/Deployer',
  'source_profile = corp-dev',
  '[sso-session corp]',
  `sso_start_url = ${START_URL}`,
  'sso_region = eu-west-1',
);

/** 250 accounts served 100 a page, and roles two a page; `endless` keeps answering with a next token. */
class FakePortal implements SsoApis {
  pages: string[] = [];
  endless = false;
  refuse = false;

  oidc(): OidcApi {
    throw new Error('listing never signs in');
  }

  portal(region: string): PortalApi {
    const guard = (token: string) => {
      if (this.refuse)
        throw Object.assign(new Error('Session token not found or invalid'), { name: 'UnauthorizedException' });
      expect(token).toBe('live-token');
      expect(region).toBe('eu-west-1');
    };
    return {
      getRoleCredentials: async (): Promise<AwsCredentialIdentity> => {
        throw new Error('listing never buys credentials');
      },
      listAccounts: async ({ accessToken, nextToken }) => {
        guard(accessToken);
        this.pages.push(`accounts ${nextToken ?? 'first'}`);
        const start = nextToken ? Number(nextToken) : 0;
        const accounts = Array.from({ length: Math.min(100, 250 - start) }, (_, i) => ({
          accountId: String(100000000000 + start + i),
          accountName: `acct-${String(249 - start - i).padStart(3, '0')}`,
        }));
        const next = this.endless ? String(start + 1) : start + 100 < 250 ? String(start + 100) : undefined;
        return { accounts, ...(next ? { nextToken: next } : {}) };
      },
      listAccountRoles: async ({ accessToken, accountId, nextToken }) => {
        guard(accessToken);
        this.pages.push(`roles ${accountId} ${nextToken ?? 'first'}`);
        return nextToken
          ? { roleNames: ['Developer', 'ReadOnly'] }
          : { roleNames: ['Admin', 'Billing'], nextToken: 'p2' };
      },
    };
  }
}

let aws: TempAws;
let fake: FakePortal;
let registry: ProfileRegistry;

beforeEach(() => {
  aws = tempAws({ config: CONFIG });
  fake = new FakePortal();
  registry = new ProfileRegistry({ env: {}, homeDir: aws.home, watch: false, now: () => T0, ssoApis: fake });
  writeToken(tokenCachePath(aws.home, { sessionName: 'corp', startUrl: START_URL }), {
    startUrl: START_URL,
    region: 'eu-west-1',
    accessToken: 'live-token',
    expiresAt: new Date(T0 + 3_600_000).toISOString(),
  });
});

afterEach(() => {
  registry.close();
  aws.cleanup();
});

describe('listSsoAccounts', () => {
  it('reads every page and sorts by account name', async () => {
    const list = await listSsoAccounts(registry, 'corp-dev');
    expect(fake.pages).toEqual(['accounts first', 'accounts 100', 'accounts 200']);
    expect(list.accounts).toHaveLength(250);
    expect(list.accounts[0]?.accountName).toBe('acct-000');
    expect(list.accounts.at(-1)?.accountName).toBe('acct-249');
    expect(list).toMatchObject({
      profile: 'corp-dev',
      startUrl: START_URL,
      ssoRegion: 'eu-west-1',
      sessionName: 'corp',
    });
  });

  it('stops a portal that never stops paging, with a message that says so', async () => {
    fake.endless = true;
    const err = await listSsoAccounts(registry, 'corp-dev').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrellisError);
    expect((err as TrellisError).appError.message).toBe(
      'IAM Identity Center kept paging accounts past 200 pages; Trellis stopped.',
    );
    expect(fake.pages).toHaveLength(200);
  });

  it('turns a refused token into the sign-in request for that session', async () => {
    fake.refuse = true;
    const err = await listSsoAccounts(registry, 'corp-dev').catch((e: unknown) => e);
    expect((err as TrellisError).appError).toMatchObject({
      code: 'credentials',
      signIn: { kind: 'sso', profile: 'corp-dev', startUrl: START_URL },
    });
  });

  it('refuses a profile that is not itself an SSO profile, even when its chain ends in one', async () => {
    const err = await listSsoAccounts(registry, 'on-top').catch((e: unknown) => e);
    expect((err as TrellisError).appError).toMatchObject({
      code: 'validation',
      message:
        "Profile 'on-top' does not sign in through IAM Identity Center itself: it has no sso_session or sso_start_url.",
    });
  });
});

describe('listSsoAccountRoles', () => {
  it('reads every page and names the profiles that already use each role', async () => {
    const roles = await listSsoAccountRoles(registry, 'corp-admin', '111122223333');
    expect(fake.pages).toEqual(['roles 111122223333 first', 'roles 111122223333 p2']);
    expect(roles).toEqual({
      accountId: '111122223333',
      roles: [
        { roleName: 'Admin', profiles: ['corp-admin'] },
        { roleName: 'Billing', profiles: [] },
        { roleName: 'Developer', profiles: ['corp-dev'] },
        { roleName: 'ReadOnly', profiles: [] },
      ],
    });
  });
});
