/**
 * SSO profiles through the registry with fake OIDC and portal calls and an
 * injected clock: the sign-in request instead of a generic error, the device
 * flow's polling rules, the CLI-format token file, refresh, and role
 * credentials kept until they expire.
 */
import { readFileSync, statSync } from 'node:fs';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { afterEach, describe, expect, it } from 'vitest';
import { TrellisError } from '../../../src/main/aws/errors';
import { ProfileRegistry } from '../../../src/main/aws/profiles';
import { DeviceSignIns } from '../../../src/main/aws/sso/deviceFlow';
import { DEVICE_GRANT, type OidcApi, type PortalApi, type SsoApis } from '../../../src/main/aws/sso/ssoApi';
import { registrationCachePath, tokenCachePath } from '../../../src/main/aws/sso/ssoProfile';
import { tempAws, type TempAws } from './fixtures';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const START_URL = 'https://example.awsapps.com/start';
const CONFIG = [
  '[profile corp-dev]',
  'sso_session = corp',
  'sso_account_id = 111122223333',
  'sso_role_name = Developer',
  'region = eu-west-1',
  'endpoint_url = http://127.0.0.1:4599',
  '[profile legacy]',
  `sso_start_url = ${START_URL}`,
  'sso_region = us-east-1',
  'sso_account_id = 111122223333',
  'sso_role_name = ReadOnly',
  '[profile half]',
  'sso_session = corp',
  'sso_account_id = 111122223333',
  '[profile on-top]',
  'role_arn = arn:aws:iam::111122223333:role/Deployer',
  'source_profile = corp-dev',
  '[sso-session corp]',
  `sso_start_url = ${START_URL}`,
  'sso_region = us-east-1',
  'sso_registration_scopes = sso:account:access',
  '',
].join('\n');

type CreateToken = OidcApi['createToken'];

class FakeSso implements SsoApis {
  calls: string[] = [];
  endpoints: (string | undefined)[] = [];
  /** What each CreateToken (device grant) answers, in order; the last repeats. */
  deviceAnswers: (string | { accessToken: string; expiresIn: number; refreshToken?: string })[] = [];
  refreshAnswer: Awaited<ReturnType<CreateToken>> | Error = new Error('no refresh');
  portalError?: Error;
  issued = 0;

  oidc(region: string, endpoints: { oidc?: string }): OidcApi {
    this.endpoints.push(endpoints.oidc);
    return {
      registerClient: async () => {
        this.calls.push(`RegisterClient ${region}`);
        return { clientId: 'client-1', clientSecret: 'client-secret', clientSecretExpiresAt: T0 / 1000 + 90 * 86_400 };
      },
      startDeviceAuthorization: async ({ startUrl }) => {
        this.calls.push(`StartDeviceAuthorization ${startUrl}`);
        return {
          deviceCode: 'device-1',
          userCode: 'ABCD-EFGH',
          verificationUri: 'https://device.sso.example/',
          verificationUriComplete: 'https://device.sso.example/?user_code=ABCD-EFGH',
          expiresIn: 600,
          interval: 5,
        };
      },
      createToken: async (input) => {
        this.calls.push(`CreateToken ${input.grantType === DEVICE_GRANT ? 'device' : input.grantType}`);
        if (input.grantType === 'refresh_token') {
          if (this.refreshAnswer instanceof Error) throw this.refreshAnswer;
          return this.refreshAnswer;
        }
        const answer = this.deviceAnswers.length > 1 ? this.deviceAnswers.shift() : this.deviceAnswers[0];
        if (typeof answer === 'string') throw Object.assign(new Error(answer), { name: answer });
        if (!answer) throw new Error('no answer set');
        return answer;
      },
    };
  }

  portal(_region: string, endpoints: { sso?: string }): PortalApi {
    this.endpoints.push(endpoints.sso);
    return {
      getRoleCredentials: async ({ accessToken, roleName }): Promise<AwsCredentialIdentity> => {
        this.calls.push(`GetRoleCredentials ${roleName} ${accessToken}`);
        if (this.portalError) throw this.portalError;
        this.issued++;
        return {
          accessKeyId: `ASIASSO${this.issued}`,
          secretAccessKey: 'secret',
          sessionToken: 'session',
          expiration: new Date(now + 3_600_000),
        };
      },
      // The account picker's calls have their own tests (ssoDirectory.test.ts); sign-in never lists.
      listAccounts: async () => ({ accounts: [] }),
      listAccountRoles: async () => ({ roleNames: [] }),
    };
  }
}

let now = T0;
let aws: TempAws;
let registry: ProfileRegistry;
let fake: FakeSso;

function setUp(): void {
  now = T0;
  aws = tempAws({ config: CONFIG });
  fake = new FakeSso();
  registry = new ProfileRegistry({ env: {}, homeDir: aws.home, watch: false, now: () => now, ssoApis: fake });
}

afterEach(() => {
  registry?.close();
  aws?.cleanup();
});

async function signInError(profile: string): Promise<TrellisError> {
  const err = await registry
    .resolve(profile)
    .credentials()
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(err).toBeInstanceOf(TrellisError);
  return err as TrellisError;
}

/** Runs a device sign-in for the session to the end: one pending poll, then approval. */
async function signIn(
  flow: DeviceSignIns,
  answer: { accessToken: string; expiresIn: number; refreshToken?: string } = {
    accessToken: 'token-1',
    expiresIn: 8 * 3600,
    refreshToken: 'r-1',
  },
) {
  const sso = registry.resolve('corp-dev').sso;
  if (!sso) throw new Error('corp-dev is not an SSO profile');
  fake.deviceAnswers = ['AuthorizationPendingException', answer];
  const device = await flow.start(sso.config, sso.endpoints);
  now += 5_000;
  expect(await flow.poll(device.signInId)).toEqual({ status: 'pending', intervalSeconds: 5 });
  now += 5_000;
  return flow.poll(device.signInId);
}

describe('SSO cache file names (as the AWS CLI v2 names them)', () => {
  it('names the token by sha1 of the session name, or of the start URL for legacy profiles', () => {
    expect(tokenCachePath('/h', { sessionName: 'corp', startUrl: START_URL })).toBe(
      '/h/.aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json',
    );
    expect(tokenCachePath('/h', { startUrl: START_URL })).toBe(
      '/h/.aws/sso/cache/e8be5486177c5b5392bd9aa76563515b29358e6e.json',
    );
  });

  it("names an sso-session's registration by sha1 of botocore's sorted JSON of its arguments", () => {
    // Vector computed with Python: sha1(json.dumps({tool, startUrl, region, scopes, session_name}, sort_keys=True)).
    const config = { sessionName: 'corp', startUrl: START_URL, region: 'us-east-1', scopes: ['sso:account:access'] };
    expect(registrationCachePath('/h', config)).toBe('/h/.aws/sso/cache/593e7fe8be40a34ec2525a8025abd929e22037d9.json');
  });
});

describe('SSO profiles without a sign-in', () => {
  it('ask for an SSO sign-in (code credentials, kind sso) instead of a generic credentials error', async () => {
    setUp();
    const err = await signInError('corp-dev');
    expect(err.appError).toMatchObject({
      code: 'credentials',
      signIn: { kind: 'sso', profile: 'corp-dev', startUrl: START_URL },
    });
    expect(fake.calls).toEqual([]);
    // A chain over an SSO profile asks for the source's sign-in, before any AssumeRole.
    expect((await signInError('on-top')).appError.signIn).toEqual({
      kind: 'sso',
      profile: 'corp-dev',
      startUrl: START_URL,
    });
  });

  it('report a profile that names an account without a role, and leave the others usable', () => {
    setUp();
    const half = registry.list().profiles.find((p) => p.name === 'half');
    expect(half?.problem).toContain('sso_account_id and sso_role_name must be set together');
    expect(registry.list().profiles.find((p) => p.name === 'corp-dev')?.problem).toBeUndefined();
  });
});

describe('the device flow', () => {
  it("polls no faster than the service's interval, adds 5 s on slow_down, and writes the CLI's token file (0600)", async () => {
    setUp();
    const flow = new DeviceSignIns(registry.sso);
    const sso = registry.resolve('corp-dev').sso;
    if (!sso) throw new Error('corp-dev is not an SSO profile');
    expect(sso.endpoints).toEqual({ sso: 'http://127.0.0.1:4599', oidc: 'http://127.0.0.1:4599' });
    fake.deviceAnswers = [
      'AuthorizationPendingException',
      'SlowDownException',
      { accessToken: 'token-1', expiresIn: 8 * 3600, refreshToken: 'r-1' },
    ];
    const device = await flow.start(sso.config, sso.endpoints);
    expect(device).toMatchObject({ userCode: 'ABCD-EFGH', intervalSeconds: 5 });
    expect(device.verificationUriComplete).toContain('ABCD-EFGH');
    expect(JSON.stringify(device)).not.toContain('device-1');

    // Too early: no call at all.
    now += 1_000;
    expect(await flow.poll(device.signInId)).toEqual({ status: 'pending', intervalSeconds: 5 });
    expect(fake.calls.filter((c) => c.startsWith('CreateToken'))).toHaveLength(0);
    now += 4_000;
    expect(await flow.poll(device.signInId)).toEqual({ status: 'pending', intervalSeconds: 5 });
    now += 5_000;
    expect(await flow.poll(device.signInId)).toEqual({ status: 'pending', intervalSeconds: 10 });
    // After slow_down, 5 s is no longer enough.
    now += 5_000;
    expect(await flow.poll(device.signInId)).toEqual({ status: 'pending', intervalSeconds: 10 });
    expect(fake.calls.filter((c) => c.startsWith('CreateToken'))).toHaveLength(2);
    now += 5_000;
    const done = await flow.poll(device.signInId);
    expect(done).toMatchObject({ status: 'done', expiresAt: new Date(now + 8 * 3_600_000) });
    expect(fake.calls.slice(0, 2)).toEqual(['RegisterClient us-east-1', `StartDeviceAuthorization ${START_URL}`]);
    expect(fake.endpoints.every((e) => e === 'http://127.0.0.1:4599')).toBe(true);

    const path = tokenCachePath(aws.home, { sessionName: 'corp', startUrl: START_URL });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      startUrl: START_URL,
      region: 'us-east-1',
      accessToken: 'token-1',
      expiresAt: '2030-01-01T08:00:20Z',
      clientId: 'client-1',
      clientSecret: 'client-secret',
      registrationExpiresAt: '2030-04-01T00:00:00Z',
      refreshToken: 'r-1',
    });
    // The registration is kept (memory and the CLI's file) and not made again for the next sign-in.
    const again = await flow.start(sso.config, sso.endpoints);
    expect(again.signInId).not.toBe(device.signInId);
    expect(fake.calls.filter((c) => c.startsWith('RegisterClient'))).toHaveLength(1);
    // The finished sign-in is gone.
    await expect(flow.poll(device.signInId)).rejects.toMatchObject({ appError: { code: 'not-found' } });
  });

  it('fails with reason expired when the code runs out, without polling again', async () => {
    setUp();
    const flow = new DeviceSignIns(registry.sso);
    const sso = registry.resolve('legacy').sso;
    if (!sso) throw new Error('legacy is not an SSO profile');
    fake.deviceAnswers = ['AuthorizationPendingException'];
    const device = await flow.start(sso.config, sso.endpoints);
    now += 600_000;
    expect(await flow.poll(device.signInId)).toMatchObject({ status: 'failed', reason: 'expired' });
    expect(fake.calls.filter((c) => c.startsWith('CreateToken'))).toHaveLength(0);
  });

  it('fails with reason denied when the browser denies it', async () => {
    setUp();
    const flow = new DeviceSignIns(registry.sso);
    const sso = registry.resolve('corp-dev').sso;
    if (!sso) throw new Error('corp-dev is not an SSO profile');
    fake.deviceAnswers = ['AccessDeniedException'];
    const device = await flow.start(sso.config, sso.endpoints);
    now += 5_000;
    expect(await flow.poll(device.signInId)).toMatchObject({ status: 'failed', reason: 'denied' });
  });
});

describe('role credentials from the sign-in', () => {
  it('come from GetRoleCredentials with the token, and are kept until they expire', async () => {
    setUp();
    expect(await signIn(new DeviceSignIns(registry.sso))).toMatchObject({ status: 'done' });
    const first = await registry.resolve('corp-dev').credentials();
    expect(first.accessKeyId).toBe('ASIASSO1');
    const second = await registry.resolve('corp-dev').credentials();
    expect(second.accessKeyId).toBe('ASIASSO1');
    expect(fake.calls.filter((c) => c.startsWith('GetRoleCredentials'))).toEqual([
      'GetRoleCredentials Developer token-1',
    ]);
    now += 3_600_000;
    expect((await registry.resolve('corp-dev').credentials()).accessKeyId).toBe('ASIASSO2');
  });

  it('refresh the token with the refresh token when it nears its end, and rewrite the file', async () => {
    setUp();
    await signIn(new DeviceSignIns(registry.sso), { accessToken: 'token-1', expiresIn: 3600, refreshToken: 'r-1' });
    fake.refreshAnswer = { accessToken: 'token-2', expiresIn: 3600, refreshToken: 'r-2' };
    now += 3600_000 - 4 * 60_000;
    expect((await registry.resolve('corp-dev').credentials()).accessKeyId).toBe('ASIASSO1');
    expect(fake.calls).toContain('CreateToken refresh_token');
    expect(fake.calls.at(-1)).toBe('GetRoleCredentials Developer token-2');
    const path = tokenCachePath(aws.home, { sessionName: 'corp', startUrl: START_URL });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ accessToken: 'token-2', refreshToken: 'r-2' });
  });

  it('ask for a sign-in again when the token has expired and cannot be refreshed', async () => {
    setUp();
    await signIn(new DeviceSignIns(registry.sso), { accessToken: 'token-1', expiresIn: 3600, refreshToken: 'r-1' });
    fake.refreshAnswer = Object.assign(new Error('revoked'), { name: 'InvalidGrantException' });
    now += 2 * 3600_000;
    const err = await signInError('corp-dev');
    expect(err.appError).toMatchObject({ code: 'credentials', signIn: { kind: 'sso', profile: 'corp-dev' } });
    expect(err.appError.message).toContain('expired or was revoked');
  });

  it('ask for a sign-in again when the portal turns the token down (UnauthorizedException)', async () => {
    setUp();
    await signIn(new DeviceSignIns(registry.sso));
    fake.portalError = Object.assign(new Error('Session token not found or invalid'), {
      name: 'UnauthorizedException',
    });
    expect((await signInError('corp-dev')).appError.signIn).toMatchObject({ kind: 'sso' });
    // The rejected token is not sent again.
    expect((await signInError('corp-dev')).appError.signIn).toMatchObject({ kind: 'sso' });
    expect(fake.calls.filter((c) => c.startsWith('GetRoleCredentials'))).toHaveLength(1);
  });

  it('turn an ExpiredToken from a service into the sign-in request once the token is gone', async () => {
    setUp();
    // No refresh token: once the access token ends, only a new sign-in helps.
    await signIn(new DeviceSignIns(registry.sso), { accessToken: 'token-1', expiresIn: 3600 });
    const expired = { code: 'credentials' as const, message: 'expired', retryable: false, awsCode: 'ExpiredToken' };
    // Token still good: a retry buys new role credentials.
    expect(registry.afterRejection('corp-dev', expired)).toMatchObject({ stale: true, error: { retryable: true } });
    now += 2 * 3600_000;
    expect(registry.afterRejection('corp-dev', expired).error).toMatchObject({
      signIn: { kind: 'sso', profile: 'corp-dev' },
      awsCode: 'ExpiredToken',
    });
  });

  it('drop role credentials a service no longer accepts (revoked), and ask for a sign-in once the token is gone too', async () => {
    setUp();
    await signIn(new DeviceSignIns(registry.sso), { accessToken: 'token-1', expiresIn: 3600 });
    expect((await registry.resolve('corp-dev').credentials()).accessKeyId).toBe('ASIASSO1');
    const revoked = {
      code: 'credentials' as const,
      message: 'The security token included in the request is invalid.',
      retryable: false,
      awsCode: 'UnrecognizedClientException',
    };
    expect(registry.afterRejection('corp-dev', revoked)).toMatchObject({
      stale: true,
      error: { retryable: true, hint: expect.stringContaining('new role credentials') },
    });
    // The revoked keys are not handed out again: the next call buys new ones with the token.
    expect((await registry.resolve('corp-dev').credentials()).accessKeyId).toBe('ASIASSO2');
    now += 2 * 3600_000;
    expect(registry.afterRejection('corp-dev', { ...revoked, awsCode: 'InvalidClientTokenId' }).error).toMatchObject({
      signIn: { kind: 'sso', profile: 'corp-dev' },
      awsCode: 'InvalidClientTokenId',
    });
  });
});
