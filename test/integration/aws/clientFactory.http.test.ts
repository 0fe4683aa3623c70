import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientFactory, type ClientFactoryOptions } from '../../../src/main/aws/clientFactory';
import { TrellisError } from '../../../src/main/aws/errors';
import { ProfileRegistry } from '../../../src/main/aws/profiles';

const IDENTITY_XML =
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/x</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></GetCallerIdentityResponse>';
const ASSUME_XML =
  '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAASSUMED</AccessKeyId><SecretAccessKey>assumedsecret</SecretAccessKey><SessionToken>assumedtoken</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/Admin/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></AssumeRoleResponse>';
const THROTTLE_XML =
  '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>x</RequestId></ErrorResponse>';

interface Seen {
  action: string;
  accessKey: string;
  region: string;
  service: string;
  securityToken?: string;
}

interface FakeAws {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

/** Parses `AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/SERVICE/aws4_request, ...`. */
function credentialScope(headers: IncomingHttpHeaders) {
  const match = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(headers.authorization ?? '');
  return { accessKey: match?.[1] ?? '', region: match?.[2] ?? '', service: match?.[3] ?? '' };
}

type Mode = 'sts' | 'silent' | 'throttle' | 'html';

async function startFakeAws(mode: Mode): Promise<FakeAws> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const action = new URLSearchParams(body).get('Action') ?? '';
      const token = req.headers['x-amz-security-token'];
      seen.push({
        action,
        ...credentialScope(req.headers),
        ...(typeof token === 'string' ? { securityToken: token } : {}),
      });
      if (mode === 'silent') return; // never answers
      if (mode === 'throttle') {
        res.writeHead(400, { 'content-type': 'text/xml', 'x-amzn-requestid': 'x' }).end(THROTTLE_XML);
      } else if (mode === 'html') {
        res
          .writeHead(500, { 'content-type': 'text/html' })
          .end('<!DOCTYPE html><html><body><h1>Internal Server Error</h1></body></html>');
      } else {
        res.writeHead(200, { 'content-type': 'text/xml' }).end(action === 'AssumeRole' ? ASSUME_XML : IDENTITY_XML);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function closedPortUrl(): Promise<string> {
  const fake = await startFakeAws('sts');
  await fake.close();
  return fake.url;
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function factoryFor(
  endpoint: string,
  options: ClientFactoryOptions = {},
  files: { config?: string; credentials?: string } = {},
): ClientFactory {
  const home = mkdtempSync(join(tmpdir(), 'trellis-aws-int-'));
  mkdirSync(join(home, '.aws'));
  if (files.config) writeFileSync(join(home, '.aws', 'config'), files.config);
  if (files.credentials) writeFileSync(join(home, '.aws', 'credentials'), files.credentials);
  const registry = new ProfileRegistry({
    env: {},
    homeDir: home,
    watch: false,
    sandbox: {
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'SANDBOXKEY', secretAccessKey: 'sandboxsecret' },
    },
  });
  const factory = new ClientFactory(registry, options);
  cleanups.push(
    () => rmSync(home, { recursive: true, force: true }),
    () => registry.close(),
    () => factory.destroy(),
  );
  return factory;
}

const whoAmI = (factory: ClientFactory, profile: string, region: string) =>
  factory.call({ profile, region }, 'sts', 'GetCallerIdentity', (client) =>
    client.send(new GetCallerIdentityCommand({})),
  );

async function failure(promise: Promise<unknown>): Promise<TrellisError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof TrellisError)) throw new Error(`expected a TrellisError, got ${String(err)}`);
  return err;
}

describe('ClientFactory against a local HTTP endpoint', () => {
  it('sends to the resolved endpoint, signing for the target region and the profile credentials', async () => {
    const fake = await startFakeAws('sts');
    cleanups.push(() => fake.close());
    const factory = factoryFor(fake.url);
    const out = await whoAmI(factory, 'sandbox', 'eu-central-1');
    expect([out.Account, out.Arn, out.UserId]).toEqual(['123456789012', 'arn:aws:iam::123456789012:user/x', 'AIDA']);
    expect(fake.seen).toEqual([
      { action: 'GetCallerIdentity', accessKey: 'SANDBOXKEY', region: 'eu-central-1', service: 'sts' },
    ]);
  });

  it("uses a file profile's endpoint_url and its keys from the credentials file", async () => {
    const fake = await startFakeAws('sts');
    cleanups.push(() => fake.close());
    const factory = factoryFor(
      'http://127.0.0.1:9',
      {},
      {
        config: `[profile local]\nendpoint_url = ${fake.url}\nregion = ap-south-1\n`,
        credentials: '[local]\naws_access_key_id = AKIALOCAL\naws_secret_access_key = localsecret\n',
      },
    );
    await whoAmI(factory, 'local', 'ap-south-1');
    expect(fake.seen).toEqual([
      { action: 'GetCallerIdentity', accessKey: 'AKIALOCAL', region: 'ap-south-1', service: 'sts' },
    ]);
  });

  it("assumes a role through the profile's own STS endpoint, then signs with the role's keys", async () => {
    const fake = await startFakeAws('sts');
    cleanups.push(() => fake.close());
    const factory = factoryFor(
      'http://127.0.0.1:9',
      {},
      {
        config: [
          '[profile admin]',
          'role_arn = arn:aws:iam::123456789012:role/Admin',
          'source_profile = base',
          'region = us-west-2',
          `endpoint_url = ${fake.url}`,
        ].join('\n'),
        credentials: '[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = basesecret\n',
      },
    );
    await whoAmI(factory, 'admin', 'us-west-2');
    expect(fake.seen).toEqual([
      { action: 'AssumeRole', accessKey: 'AKIABASE', region: 'us-west-2', service: 'sts' },
      {
        action: 'GetCallerIdentity',
        accessKey: 'ASIAASSUMED',
        region: 'us-west-2',
        service: 'sts',
        securityToken: 'assumedtoken',
      },
    ]);
  });

  it('surfaces a server that never answers as timeout', async () => {
    const fake = await startFakeAws('silent');
    cleanups.push(() => fake.close());
    const factory = factoryFor(fake.url, { requestTimeoutMs: 300, maxAttempts: 1 });
    const started = Date.now();
    const err = await failure(whoAmI(factory, 'sandbox', 'us-east-1'));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err.appError).toEqual({
      code: 'timeout',
      message: `No answer from ${fake.url} in time for GetCallerIdentity (sts).`,
      service: 'sts',
      operation: 'GetCallerIdentity',
      retryable: true,
      hint: 'The endpoint did not answer in time. Retry; if it keeps happening, check the network or the endpoint.',
    });
  });

  it('reports a silent endpoint after one timeout, where the SDK would have retried it twice more', async () => {
    const fake = await startFakeAws('silent');
    cleanups.push(() => fake.close());
    // The default three attempts: a timeout must not use them up.
    const factory = factoryFor(fake.url, { requestTimeoutMs: 400, maxAttempts: 3 });
    const started = Date.now();
    const err = await failure(whoAmI(factory, 'sandbox', 'us-east-1'));
    expect(err.appError.code).toBe('timeout');
    expect(fake.seen).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('still retries throttling with the default attempts', async () => {
    const fake = await startFakeAws('throttle');
    cleanups.push(() => fake.close());
    const factory = factoryFor(fake.url, { maxAttempts: 3 });
    const err = await failure(whoAmI(factory, 'sandbox', 'us-east-1'));
    expect(err.appError.code).toBe('throttled');
    expect(fake.seen).toHaveLength(3);
  });

  it('surfaces an AWS Throttling error response as throttled', async () => {
    const fake = await startFakeAws('throttle');
    cleanups.push(() => fake.close());
    const factory = factoryFor(fake.url, { maxAttempts: 1 });
    const err = await failure(whoAmI(factory, 'sandbox', 'us-east-1'));
    expect(err.appError).toEqual({
      code: 'throttled',
      message: 'Rate exceeded',
      service: 'sts',
      operation: 'GetCallerIdentity',
      awsCode: 'Throttling',
      requestId: 'x',
      httpStatus: 400,
      retryable: true,
      hint: 'AWS is limiting the request rate. Wait a few seconds and retry; Trellis already backs off between attempts.',
    });
    expect(fake.seen).toHaveLength(1);
  });

  it('surfaces a closed port as network, naming the endpoint', async () => {
    const url = await closedPortUrl();
    const factory = factoryFor(url, { maxAttempts: 1 });
    const err = await failure(whoAmI(factory, 'sandbox', 'us-east-1'));
    expect(err.appError).toMatchObject({
      code: 'network',
      message: `Could not reach ${url} for GetCallerIdentity (sts): ECONNREFUSED.`,
      service: 'sts',
      operation: 'GetCallerIdentity',
      retryable: true,
    });
    expect(err.appError.hint).toContain(url);
  });

  it('surfaces an HTML 500 (an endpoint that does not implement the call) as a clear aws error', async () => {
    const fake = await startFakeAws('html');
    cleanups.push(() => fake.close());
    const factory = factoryFor(fake.url, { maxAttempts: 1 });
    const err = await failure(whoAmI(factory, 'sandbox', 'us-east-1'));
    expect(err.appError).toEqual({
      code: 'aws',
      message:
        'The endpoint answered with something that is not an AWS response (HTTP 500) for GetCallerIdentity; it may not implement this call.',
      service: 'sts',
      operation: 'GetCallerIdentity',
      httpStatus: 500,
      retryable: false,
      hint: `Check that ${fake.url} is an AWS endpoint for sts.`,
    });
  });

  it('surfaces a credential failure as credentials naming the profile, before anything is sent', async () => {
    const fake = await startFakeAws('sts');
    cleanups.push(() => fake.close());
    const factory = factoryFor(
      'http://127.0.0.1:9',
      {},
      {
        config: `[profile broken]\ncredential_process = /nonexistent/creds\nendpoint_url = ${fake.url}\n`,
      },
    );
    const err = await failure(whoAmI(factory, 'broken', 'us-east-1'));
    expect(err.appError.code).toBe('credentials');
    expect(err.appError.message).toMatch(/^Could not load credentials for profile 'broken': /);
    expect(fake.seen).toEqual([]);
  });
});
