/**
 * What AWS refusing a profile's credentials turns into, per profile shape:
 * an expired or no-longer-known key in a file becomes the request to replace
 * it (naming the file and the key's last four characters only), while
 * credentials Trellis bought itself (role, process, MFA, SSO) are dropped.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../../src/shared/contract';
import { isCredentialRejection, isRejectedKey } from '../../../src/main/aws/credentialRejections';
import { TrellisError } from '../../../src/main/aws/errors';
import { ProfileRegistry } from '../../../src/main/aws/profiles';
import { lines, tempAws, type TempAws } from './fixtures';

const KEY_ID = 'AKIAROTATEDKEY7Q2W';
const MFA = 'arn:aws:iam::123456789012:mfa/me';

let aws: TempAws | undefined;
let registry: ProfileRegistry | undefined;
let server: Server | undefined;
afterEach(async () => {
  registry?.close();
  aws?.cleanup();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  registry = aws = server = undefined;
});

function open(files: { config?: string; credentials?: string }): ProfileRegistry {
  aws = tempAws(files);
  registry = new ProfileRegistry({ env: {}, homeDir: aws.home, watch: false });
  return registry;
}

/** What the client factory hands the registry when a service refuses a key. */
function refused(awsCode: string, service = 'iam', operation = 'ListRoles'): AppError {
  return {
    code: 'credentials',
    message: 'The security token included in the request is invalid.',
    awsCode,
    service,
    operation,
    requestId: 'req-7',
    retryable: false,
  };
}

describe('which refusals count', () => {
  it("knows each protocol family's word for a key AWS no longer accepts, and nothing else", () => {
    for (const code of ['InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidAccessKeyId', 'AuthFailure']) {
      expect(isRejectedKey(refused(code))).toBe(true);
      expect(isCredentialRejection(refused(code))).toBe(true);
    }
    expect(isCredentialRejection(refused('ExpiredToken'))).toBe(true);
    expect(isRejectedKey(refused('ExpiredToken'))).toBe(false);
    expect(isCredentialRejection(refused('SignatureDoesNotMatch'))).toBe(false);
    // The same code with another meaning (not a credentials error) is left alone.
    expect(isRejectedKey({ ...refused('AuthFailure'), code: 'aws' })).toBe(false);
  });
});

describe('a static key AWS no longer knows', () => {
  const files = {
    config: lines(
      '[profile in-config]',
      'aws_access_key_id = AKIACONFIGKEY000AB12',
      'aws_secret_access_key = configsecret',
      '[profile proc]',
      'credential_process = /usr/bin/creds',
      '[profile admin]',
      'role_arn = arn:aws:iam::123456789012:role/Admin',
      'source_profile = keys',
      '[profile with-mfa]',
      `mfa_serial = ${MFA}`,
    ),
    credentials: lines(
      '[keys]',
      `aws_access_key_id = ${KEY_ID}`,
      'aws_secret_access_key = keyssecret',
      '[with-mfa]',
      'aws_access_key_id = AKIAMFAUSERKEY00CD34',
      'aws_secret_access_key = mfasecret',
    ),
  };

  it('becomes the replace-keys request naming the file and only the last 4 characters of the key id', () => {
    const reg = open(files);
    const { error, stale } = reg.afterRejection('keys', refused('InvalidClientTokenId'));
    expect(stale).toBe(true);
    expect(error).toEqual({
      code: 'credentials',
      message: "AWS rejected the access key ending in 7Q2W of profile 'keys': it was deleted, deactivated or replaced.",
      retryable: false,
      hint: `Put the profile's new key pair (aws_access_key_id, aws_secret_access_key) in ${aws?.credentialsPath}, then choose "Replace access key" and "Check again".`,
      signIn: { kind: 'replace-keys', profile: 'keys', file: aws?.credentialsPath, accessKeyHint: '7Q2W' },
      service: 'iam',
      operation: 'ListRoles',
      awsCode: 'InvalidClientTokenId',
      requestId: 'req-7',
    });
    // The whole key id is not needed to tell old from new, so it never leaves main.
    expect(JSON.stringify(error)).not.toContain(KEY_ID);
  });

  it('names the config file when the key is kept there, whatever the service calls the refusal', () => {
    const reg = open(files);
    for (const [code, service] of [
      ['AuthFailure', 'ec2'],
      ['InvalidAccessKeyId', 's3'],
      ['UnrecognizedClientException', 'ssm'],
    ] as const) {
      expect(reg.afterRejection('in-config', refused(code, service)).error.signIn).toEqual({
        kind: 'replace-keys',
        profile: 'in-config',
        file: aws?.configPath,
        accessKeyHint: 'AB12',
      });
    }
  });

  it('names the credentials file when both files hold keys for the profile, as the SDK reads them', () => {
    const reg = open({
      config: lines('[profile both]', 'aws_access_key_id = AKIAINCONFIG0000ZZZZ', 'aws_secret_access_key = a'),
      credentials: lines('[both]', 'aws_access_key_id = AKIAINCREDS00000WINS', 'aws_secret_access_key = b'),
    });
    expect(reg.afterRejection('both', refused('InvalidClientTokenId')).error.signIn).toMatchObject({
      file: aws?.credentialsPath,
      accessKeyHint: 'WINS',
    });
  });

  it('drops what Trellis bought instead: role sessions and process keys are fetched again, an MFA session asks for a code', () => {
    const reg = open(files);
    expect(reg.afterRejection('admin', refused('InvalidClientTokenId'))).toEqual({
      stale: true,
      error: { ...refused('InvalidClientTokenId'), retryable: true, hint: 'Retry: Trellis assumes the role again.' },
    });
    expect(reg.afterRejection('proc', refused('UnrecognizedClientException', 'ssm')).error).toMatchObject({
      retryable: true,
      hint: expect.stringMatching(/^Retry: Trellis runs the credential_process again/),
    });
    expect(reg.afterRejection('with-mfa', refused('InvalidClientTokenId')).error).toMatchObject({
      signIn: { kind: 'mfa', profile: 'with-mfa', serial: MFA },
      awsCode: 'InvalidClientTokenId',
    });
  });

  it('leaves other errors, and keys from the environment, as they were', () => {
    aws = tempAws(files);
    registry = new ProfileRegistry({
      env: { AWS_ACCESS_KEY_ID: 'AKIAENVIRONMENT00001', AWS_SECRET_ACCESS_KEY: 'envsecret' },
      homeDir: aws.home,
      watch: false,
    });
    const denied = { ...refused('AccessDenied'), code: 'access-denied' as const };
    expect(registry.afterRejection('keys', denied)).toEqual({ error: denied, stale: false });
    // There is no file to put a new key in: the message stays AWS's own.
    expect(registry.afterRejection('env', refused('InvalidClientTokenId'))).toEqual({
      error: refused('InvalidClientTokenId'),
      stale: true,
    });
    // EC2's RequestExpired on long-term keys is a skewed clock, not keys to replace.
    expect(registry.afterRejection('keys', refused('RequestExpired', 'ec2')).error.signIn).toBeUndefined();
  });
});

/** A stand-in STS that refuses every call the way AWS refuses a deleted key, and records who signed. */
async function refusingSts(): Promise<{ endpoint: string; signedBy: string[] }> {
  const signedBy: string[] = [];
  server = createServer((request, response) => {
    const credential = /Credential=([^/]+)\//.exec(request.headers.authorization ?? '')?.[1] ?? '';
    signedBy.push(credential);
    request.resume();
    request.on('end', () => {
      response.writeHead(403, { 'content-type': 'text/xml' });
      response.end(
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>' +
          '<Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message>' +
          '</Error><RequestId>req-sts</RequestId></ErrorResponse>',
      );
    });
  });
  const listening = server;
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${(listening.address() as AddressInfo).port}`, signedBy };
}

async function credentialsError(reg: ProfileRegistry, profile: string): Promise<AppError> {
  const err: unknown = await reg
    .resolve(profile)
    .credentials()
    .catch((e: unknown) => e);
  if (!(err instanceof TrellisError)) throw new Error(`expected a TrellisError, got ${String(err)}`);
  return err.appError;
}

describe('a rotated key behind a role chain or an MFA sign-in', () => {
  it('asks to replace the source profile’s key when AssumeRole refuses it', async () => {
    const sts = await refusingSts();
    const reg = open({
      config: lines(
        '[profile deploy]',
        'role_arn = arn:aws:iam::123456789012:role/Deploy',
        'source_profile = base',
        `endpoint_url = ${sts.endpoint}`,
        'region = us-east-1',
        '[profile deep]',
        'role_arn = arn:aws:iam::123456789012:role/Deep',
        'source_profile = deploy',
        `endpoint_url = ${sts.endpoint}`,
        'region = us-east-1',
      ),
      credentials: lines('[base]', `aws_access_key_id = ${KEY_ID}`, 'aws_secret_access_key = basesecret'),
    });
    for (const profile of ['deploy', 'deep']) {
      expect(await credentialsError(reg, profile)).toMatchObject({
        code: 'credentials',
        message:
          "AWS rejected the access key ending in 7Q2W of profile 'base': it was deleted, deactivated or replaced.",
        service: 'sts',
        operation: 'AssumeRole',
        awsCode: 'InvalidClientTokenId',
        signIn: { kind: 'replace-keys', profile: 'base', file: aws?.credentialsPath, accessKeyHint: '7Q2W' },
      });
    }
    expect(sts.signedBy).toEqual([KEY_ID, KEY_ID]);
  });

  it('asks to replace the key when GetSessionToken refuses it during an MFA sign-in', async () => {
    const sts = await refusingSts();
    const reg = open({
      config: lines(
        '[profile mfa-user]',
        `mfa_serial = ${MFA}`,
        `endpoint_url = ${sts.endpoint}`,
        'region = us-east-1',
      ),
      credentials: lines('[mfa-user]', `aws_access_key_id = ${KEY_ID}`, 'aws_secret_access_key = s'),
    });
    const err: unknown = await reg
      .resolve('mfa-user')
      .mfa?.signIn('123456')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrellisError);
    expect((err as TrellisError).appError).toMatchObject({
      operation: 'GetSessionToken',
      signIn: { kind: 'replace-keys', profile: 'mfa-user', accessKeyHint: '7Q2W' },
    });
  });
});
