import { connect, createServer } from 'node:net';
import { EntityAlreadyExistsException, IAMServiceException, NoSuchEntityException } from '@aws-sdk/client-iam';
import { ExpiredTokenException, STSServiceException } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import { afterEach, describe, expect, it } from 'vitest';
import { TrellisError, credentialsError, guardCredentials, toAppError } from '../../../src/main/aws/errors';
import { tempAws, type TempAws } from './fixtures';

const ctx = { service: 'iam', operation: 'GetRole', endpoint: 'https://iam.amazonaws.com' };
const meta = (httpStatusCode: number, requestId = 'req-1') => ({ httpStatusCode, requestId });

/** A service error the way the SDK builds one for a code it has no class for. */
function serviceError(
  name: string,
  httpStatusCode: number,
  message = `${name} happened`,
  fault: 'client' | 'server' = 'client',
) {
  return new IAMServiceException({ name, $fault: fault, $metadata: meta(httpStatusCode), message });
}

async function realConnectionRefused(): Promise<Error> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return new Promise((resolve) => connect(address.port, '127.0.0.1').on('error', resolve));
}

describe('toAppError', () => {
  it('passes a TrellisError through unchanged', () => {
    const appError = { code: 'read-only' as const, message: 'no writes', retryable: false };
    expect(toAppError(new TrellisError(appError), ctx)).toBe(appError);
  });

  it('maps a real NoSuchEntityException to not-found with every field filled', () => {
    const err = new NoSuchEntityException({
      message: 'The role with name app cannot be found.',
      $metadata: meta(404, 'abc-123'),
    });
    expect(toAppError(err, ctx)).toEqual({
      code: 'not-found',
      message: 'The role with name app cannot be found.',
      service: 'iam',
      operation: 'GetRole',
      awsCode: 'NoSuchEntityException',
      requestId: 'abc-123',
      httpStatus: 404,
      retryable: false,
    });
  });

  it('prefers the wire code the SDK keeps in Code', () => {
    const err = Object.assign(new NoSuchEntityException({ message: 'gone', $metadata: meta(404) }), {
      Code: 'NoSuchEntity',
    });
    expect(toAppError(err, ctx).awsCode).toBe('NoSuchEntity');
  });

  it('maps a real EntityAlreadyExistsException to conflict', () => {
    const err = new EntityAlreadyExistsException({
      message: 'Role with name app already exists.',
      $metadata: meta(409),
    });
    expect(toAppError(err, ctx)).toMatchObject({
      code: 'conflict',
      awsCode: 'EntityAlreadyExistsException',
      retryable: false,
    });
  });

  it.each([
    'Throttling',
    'ThrottlingException',
    'TooManyRequestsException',
    'RequestLimitExceeded',
    'SlowDown',
    'RequestThrottled',
    'ProvisionedThroughputExceededException',
  ])('maps %s to throttled, retryable, with a hint', (name) => {
    const error = toAppError(serviceError(name, 400, 'Rate exceeded'), ctx);
    expect(error).toEqual({
      code: 'throttled',
      message: 'Rate exceeded',
      service: 'iam',
      operation: 'GetRole',
      awsCode: name,
      requestId: 'req-1',
      httpStatus: 400,
      retryable: true,
      hint: 'AWS is limiting the request rate. Wait a few seconds and retry; Trellis already backs off between attempts.',
    });
  });

  it.each(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedAccess'])(
    'maps %s to access-denied and keeps the message naming principal and action',
    (name) => {
      const message =
        'User: arn:aws:iam::123456789012:user/lab is not authorized to perform: iam:GetRole on resource: role app';
      const error = toAppError(serviceError(name, 403, message), ctx);
      expect(error).toMatchObject({ code: 'access-denied', message, awsCode: name, httpStatus: 403, retryable: false });
    },
  );

  it.each([
    'ResourceNotFoundException',
    'InvalidGroup.NotFound',
    'DBInstanceNotFoundFault',
    'ParameterNotFound',
    'DomainNotFoundException',
    'NoSuchBucket',
  ])('maps %s to not-found', (name) => {
    expect(toAppError(serviceError(name, 404), ctx)).toMatchObject({ code: 'not-found', awsCode: name });
  });

  it.each([
    'InvalidPermission.Duplicate',
    'ResourceAlreadyExistsException',
    'DBInstanceAlreadyExists',
    'EntityAlreadyExists',
  ])('maps %s to conflict', (name) => {
    expect(toAppError(serviceError(name, 400), ctx)).toMatchObject({ code: 'conflict', awsCode: name });
  });

  it.each(['InvalidClientTokenId', 'SignatureDoesNotMatch', 'ExpiredToken', 'UnrecognizedClientException'])(
    'maps %s to credentials with a hint',
    (name) => {
      const error = toAppError(serviceError(name, 403), ctx);
      expect(error.code).toBe('credentials');
      expect(error.retryable).toBe(false);
      expect(error.hint).toContain('aws sso login');
    },
  );

  it('maps a real STS ExpiredTokenException to credentials', () => {
    const err = new ExpiredTokenException({
      message: 'The security token included in the request is expired',
      $metadata: meta(400),
    });
    expect(toAppError(err, { service: 'sts', operation: 'GetCallerIdentity' })).toMatchObject({
      code: 'credentials',
      awsCode: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
    });
  });

  describe('with temporary shared files', () => {
    let aws: TempAws;
    afterEach(() => aws.cleanup());

    it("maps the SDK's real CredentialsProviderError to credentials", async () => {
      aws = tempAws({ config: '[profile other]\nregion = us-east-1\n' });
      const err: unknown = await fromIni({
        profile: 'absent',
        filepath: aws.credentialsPath,
        configFilepath: aws.configPath,
      })().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).name).toBe('CredentialsProviderError');
      expect(toAppError(err, ctx)).toMatchObject({ code: 'credentials', retryable: false });
    });
  });

  it('maps the handler TimeoutError, RequestTimeout and ETIMEDOUT to timeout, retryable', () => {
    const handlerTimeout = Object.assign(new Error('a request has exceeded the configured 300 ms requestTimeout.'), {
      name: 'TimeoutError',
      code: 'ETIMEDOUT',
      $metadata: { attempts: 1 },
    });
    expect(toAppError(handlerTimeout, ctx)).toEqual({
      code: 'timeout',
      message: 'No answer from https://iam.amazonaws.com in time for GetRole (iam).',
      service: 'iam',
      operation: 'GetRole',
      retryable: true,
      hint: 'The endpoint did not answer in time. Retry; if it keeps happening, check the network or the endpoint.',
    });
    const awsTimeout = serviceError(
      'RequestTimeout',
      400,
      'Your socket connection to the server was not read from or written to within the timeout period.',
    );
    expect(toAppError(awsTimeout, ctx)).toMatchObject({
      code: 'timeout',
      awsCode: 'RequestTimeout',
      message: 'Your socket connection to the server was not read from or written to within the timeout period.',
      retryable: true,
    });
    const socket = Object.assign(new Error('connect ETIMEDOUT 10.0.0.1:443'), { code: 'ETIMEDOUT' });
    expect(toAppError(socket, ctx).code).toBe('timeout');
  });

  it('maps a real ECONNREFUSED to network, naming the endpoint', async () => {
    const err = await realConnectionRefused();
    expect(toAppError(err, ctx)).toEqual({
      code: 'network',
      message: 'Could not reach https://iam.amazonaws.com for GetRole (iam): ECONNREFUSED.',
      service: 'iam',
      operation: 'GetRole',
      retryable: true,
      hint: "Check that https://iam.amazonaws.com is reachable: network, VPN or proxy, and the profile's endpoint_url or AWS_ENDPOINT_URL settings.",
    });
    // Without an endpoint in the context, the socket's own address is named.
    expect(toAppError(err).message).toMatch(/^Could not reach 127\.0\.0\.1:\d+ for the request: ECONNREFUSED\.$/);
  });

  it.each(['ENOTFOUND', 'ECONNRESET', 'EAI_AGAIN'])('maps %s on err.code to network', (code) => {
    const err = Object.assign(new Error(`getaddrinfo ${code} iam.example`), { code, syscall: 'getaddrinfo' });
    expect(toAppError(err, ctx)).toMatchObject({
      code: 'network',
      message: `Could not reach https://iam.amazonaws.com for GetRole (iam): ${code}.`,
    });
  });

  it('finds the code of an AggregateError from a dual-stack connect', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED ::1:80'), { code: 'ECONNREFUSED' });
    expect(toAppError(new AggregateError([inner]), ctx).code).toBe('network');
  });

  it('recognises a response that is not AWS (moto HTML 500) by name and metadata', () => {
    // This is what the SDK throws for an HTML body with status 500.
    const htmlError = new STSServiceException({
      name: 'Unknown',
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
      message: 'Unknown',
    });
    expect(
      toAppError(htmlError, { service: 'sts', operation: 'GetSessionToken', endpoint: 'http://127.0.0.1:5000' }),
    ).toEqual({
      code: 'aws',
      message:
        'The endpoint answered with something that is not an AWS response (HTTP 500) for GetSessionToken; it may not implement this call.',
      service: 'sts',
      operation: 'GetSessionToken',
      httpStatus: 500,
      retryable: false,
      hint: 'Check that http://127.0.0.1:5000 is an AWS endpoint for sts.',
    });
    // And this for a body that is not XML at all.
    const parseError = Object.assign(new Error('@aws-sdk XML parse error: unexpected content.'), {
      $metadata: { httpStatusCode: 200 },
    });
    expect(toAppError(parseError, ctx).message).toBe(
      'The endpoint answered with something that is not an AWS response (HTTP 200) for GetRole; it may not implement this call.',
    );
  });

  it('reports an SDK failure before any response (no status) as internal, not as an endpoint problem', () => {
    const local = Object.assign(new Error('Region is missing'), { $metadata: { attempts: 1, totalRetryDelay: 0 } });
    expect(toAppError(local, ctx)).toEqual({
      code: 'internal',
      message: 'Region is missing',
      service: 'iam',
      operation: 'GetRole',
      retryable: false,
    });
  });

  it('maps other AWS errors to aws with awsCode, retryable only for server faults', () => {
    expect(
      toAppError(serviceError('LimitExceeded', 409, 'Cannot exceed quota for RolesPerAccount: 1000'), ctx),
    ).toEqual({
      code: 'aws',
      message: 'Cannot exceed quota for RolesPerAccount: 1000',
      service: 'iam',
      operation: 'GetRole',
      awsCode: 'LimitExceeded',
      requestId: 'req-1',
      httpStatus: 409,
      retryable: false,
    });
    expect(toAppError(serviceError('ServiceFailure', 500, 'internal', 'server'), ctx)).toMatchObject({
      code: 'aws',
      awsCode: 'ServiceFailure',
      retryable: true,
    });
  });

  it('honours $retryable', () => {
    const err = Object.assign(serviceError('ConcurrentModification', 409), { $retryable: {} });
    expect(toAppError(err, ctx)).toMatchObject({ code: 'aws', retryable: true });
  });

  it('maps plain errors and non-errors to internal', () => {
    expect(toAppError(new TypeError('x is not a function'), ctx)).toEqual({
      code: 'internal',
      message: 'x is not a function',
      service: 'iam',
      operation: 'GetRole',
      retryable: false,
    });
    expect(toAppError('just a string')).toEqual({ code: 'internal', message: 'just a string', retryable: false });
    expect(toAppError(undefined)).toEqual({ code: 'internal', message: 'undefined', retryable: false });
  });

  it('never lets a secret through in a message', () => {
    const err = new Error(
      'bad line: aws_secret_access_key = wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY and "SessionToken": "FQoGZXIvYXdzEXAMPLE"',
    );
    const { message } = toAppError(err);
    expect(message).toBe('bad line: aws_secret_access_key = *** and "SessionToken": "***"');
  });
});

describe('credential errors', () => {
  it('names the profile, cuts out known secret values and keeps TrellisErrors', () => {
    const err = credentialsError('prod', new Error('process printed wJalrXUtnFEMIK7MDENG-secret'), [
      'wJalrXUtnFEMIK7MDENG-secret',
    ]);
    expect(err.appError).toEqual({
      code: 'credentials',
      message: "Could not load credentials for profile 'prod': process printed ***",
      retryable: false,
      hint: "Check profile 'prod' in the shared files; for SSO profiles run `aws sso login --profile prod`.",
    });
    const own = new TrellisError({ code: 'credentials', message: 'mfa', retryable: false });
    expect(credentialsError('prod', own)).toBe(own);
  });

  it('guardCredentials turns a failing provider into that error and passes values through', async () => {
    const failing = guardCredentials('dev', async () => {
      throw new Error('boom');
    });
    await expect(failing()).rejects.toMatchObject({
      appError: { code: 'credentials', message: "Could not load credentials for profile 'dev': boom" },
    });
    const working = guardCredentials('dev', async () => ({ accessKeyId: 'A', secretAccessKey: 'B' }));
    await expect(working()).resolves.toEqual({ accessKeyId: 'A', secretAccessKey: 'B' });
  });
});
