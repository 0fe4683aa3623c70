/**
 * The console's own client factory (adaptive retry, fail-fast on silence)
 * against a sandbox that injects faults (issue 13). Every attempt the factory
 * sends is seen twice: by its request observer, and by the sandbox's fault
 * statistics, so retries are counted on both sides of the wire.
 *  - Half of SSM's DescribeParameters throttled: calls succeed because they
 *    are retried; a call fails only after every attempt was throttled.
 *  - A burst of three throttles (all the SDK's default attempts) is absorbed.
 *  - A 503 is retried up to the attempt limit; AccessDenied is not retried.
 *  - An operation that never answers is one request, reported as a timeout
 *    within the request timeout, not after five.
 */
import { GetAccountAuthorizationDetailsCommand } from '@aws-sdk/client-iam';
import { DescribeParametersCommand } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientFactory, type SentRequest } from '../../../src/main/aws/clientFactory';
import { TrellisError } from '../../../src/main/aws/errors';
import { ProfileRegistry } from '../../../src/main/aws/profiles';
import { type RunningSandbox, SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION, startSandbox } from '../../../src/sandbox';
import type { FaultConfig } from '../../../src/sandbox/faults/types';
import { tempAws, type TempAws } from '../../unit/aws/fixtures';

/** The console's default attempt limit (ClientFactory). */
const ATTEMPTS = 5;
const REQUEST_TIMEOUT_MS = 800;
const CALLS = 8;

let sandbox: RunningSandbox;
let aws: TempAws;
let registry: ProfileRegistry;
let factory: ClientFactory;
let sent: SentRequest[];
const target = { profile: 'sandbox', region: SANDBOX_REGION };

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0 });
  aws = tempAws();
  sent = [];
  registry = new ProfileRegistry({
    env: {},
    homeDir: aws.home,
    watch: false,
    sandbox: { endpoint: sandbox.endpoint, region: SANDBOX_REGION, credentials: SANDBOX_ADMIN_CREDENTIALS },
  });
  // The console's settings, except a short request timeout so the silent endpoint reports quickly.
  factory = new ClientFactory(registry, { requestTimeoutMs: REQUEST_TIMEOUT_MS, onRequest: (r) => sent.push(r) });
});

afterEach(async () => {
  factory.destroy();
  registry.close();
  aws.cleanup();
  await sandbox.close();
});

function inject(config: FaultConfig): void {
  sandbox.faults.set(config);
  sent = [];
}

const describeParameters = () =>
  factory.call(target, 'ssm', 'DescribeParameters', (client) =>
    client.send(new DescribeParametersCommand({ MaxResults: 10 })),
  );

/** The TrellisError a call was refused with. */
async function failure(promise: Promise<unknown>): Promise<TrellisError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TrellisError);
  return err as TrellisError;
}

describe('retries under injected faults', () => {
  it('absorbs 50% throttling by retrying: more requests than calls, and a call fails only after every attempt was throttled', async () => {
    inject({ rules: [{ service: 'ssm', operation: 'DescribeParameters', kind: 'throttle', rate: 0.5 }], seed: 7 });
    const outcomes: { ok: boolean; attempts: number; code?: string; awsCode?: string }[] = [];
    // One at a time, so each call's attempts are its own in the observer's record.
    for (let i = 0; i < CALLS; i++) {
      const before = sent.length;
      const result = await describeParameters().then(
        () => ({ ok: true }),
        (err: unknown) => ({
          ok: false,
          code: err instanceof TrellisError ? err.appError.code : String(err),
          awsCode: err instanceof TrellisError ? err.appError.awsCode : undefined,
        }),
      );
      outcomes.push({ ...result, attempts: sent.length - before });
    }
    const stats = sandbox.faults.stats();
    const requests = stats.byOperation['ssm:DescribeParameters'];
    // Both sides of the wire agree on the attempts made.
    expect(requests?.requests).toBe(sent.length);
    expect(stats.requests).toBe(sent.length);
    expect(stats.injected.throttle).toBe(requests?.injected);
    // Retries happened: more attempts than calls, and throttles were injected.
    expect(sent.length).toBeGreaterThan(CALLS);
    expect(stats.injected.throttle).toBeGreaterThan(0);
    expect(outcomes.every((o) => o.attempts >= 1 && o.attempts <= ATTEMPTS)).toBe(true);
    // Every throttled attempt but the last of a call was followed by another attempt.
    const succeeded = outcomes.filter((o) => o.ok);
    const failed = outcomes.filter((o) => !o.ok);
    expect(stats.injected.throttle).toBe(
      succeeded.reduce((n, o) => n + o.attempts - 1, 0) + failed.reduce((n, o) => n + o.attempts, 0),
    );
    // Without retries about half would fail; with five attempts about one in thirty-two.
    expect(succeeded.length).toBeGreaterThan(CALLS / 2);
    expect(succeeded.some((o) => o.attempts > 1)).toBe(true);
    for (const f of failed) {
      expect(f).toEqual({ ok: false, attempts: ATTEMPTS, code: 'throttled', awsCode: 'ThrottlingException' });
    }
  }, 60_000);

  it('absorbs a burst of throttles longer than the SDK default of three attempts', async () => {
    inject({ rules: [{ service: 'ssm', operation: 'DescribeParameters', kind: 'throttle', count: 3 }] });
    await expect(describeParameters()).resolves.toBeDefined();
    expect(sent).toHaveLength(4);
    expect(sandbox.faults.stats().byOperation['ssm:DescribeParameters']).toEqual({ requests: 4, injected: 3 });
  });

  it('retries a 503 up to the attempt limit, then reports it with the AWS code and request id', async () => {
    inject({ rules: [{ service: 'iam', operation: 'GetAccountAuthorizationDetails', kind: 'http-503' }] });
    const err = await failure(
      factory.call(target, 'iam', 'GetAccountAuthorizationDetails', (client) =>
        client.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] })),
      ),
    );
    expect(sent).toHaveLength(ATTEMPTS);
    expect(sandbox.faults.stats().byOperation['iam:GetAccountAuthorizationDetails']).toEqual({
      requests: ATTEMPTS,
      injected: ATTEMPTS,
    });
    expect(err.appError).toMatchObject({
      service: 'iam',
      operation: 'GetAccountAuthorizationDetails',
      awsCode: 'ServiceUnavailable',
      httpStatus: 503,
      retryable: true,
    });
    expect(err.appError.requestId).toMatch(/\S/);
  });

  it('does not retry AccessDenied: one request', async () => {
    inject({ rules: [{ service: 'ssm', operation: 'DescribeParameters', kind: 'access-denied' }] });
    const err = await failure(describeParameters());
    expect(sent).toHaveLength(1);
    expect(sandbox.faults.stats().requests).toBe(1);
    expect(err.appError).toMatchObject({ code: 'access-denied', retryable: false });
  });

  it('does not retry a request that never answers: one request, a timeout within the request timeout', async () => {
    inject({ rules: [{ service: 'sts', operation: 'GetCallerIdentity', kind: 'hang' }] });
    const started = performance.now();
    const err = await failure(
      factory.call(target, 'sts', 'GetCallerIdentity', (client) => client.send(new GetCallerIdentityCommand({}))),
    );
    const elapsed = performance.now() - started;
    expect(err.appError).toMatchObject({ code: 'timeout', service: 'sts', operation: 'GetCallerIdentity' });
    expect(sent).toHaveLength(1);
    expect(sandbox.faults.stats()).toMatchObject({
      requests: 1,
      injected: { hang: 1 },
      byOperation: { 'sts:GetCallerIdentity': { requests: 1, injected: 1 } },
    });
    // One timeout, not five of them with backoff in between.
    expect(elapsed).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(REQUEST_TIMEOUT_MS * 2);
    // The operations left alone still answer at once.
    await expect(describeParameters()).resolves.toBeDefined();
  });
});
