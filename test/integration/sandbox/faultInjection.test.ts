/**
 * Fault injection through the real AWS SDK v3 clients: each fault kind in each
 * protocol family arrives as the code, status and request id the SDK expects
 * from AWS, rates repeat under a seed, counts run out, latency is added, and a
 * hang is a hang the client's own timeout detects — and never outlives close().
 */
import { request } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IAMClient, ListRolesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/sandbox/cliMain';
import type { RunningSandbox } from '../../../src/sandbox';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { ERROR_KINDS, EXPECTED, TARGETS } from './faultTargets';

let sandbox: TestSandbox;

beforeEach(async () => {
  sandbox = await startTestSandbox();
});

afterEach(async () => {
  await sandbox.dispose();
});

interface Failure {
  readonly code: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly message: string;
}

function member(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

async function failure(call: Promise<unknown>): Promise<Failure> {
  try {
    await call;
  } catch (error: unknown) {
    if (!(error instanceof Error)) throw error;
    const metadata = member(error, '$metadata');
    const status = member(metadata, 'httpStatusCode');
    const requestId = member(metadata, 'requestId');
    return {
      code: error.name,
      status: typeof status === 'number' ? status : undefined,
      requestId: typeof requestId === 'string' ? requestId : undefined,
      message: error.message,
    };
  }
  throw new Error('expected the call to fail');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('each fault kind in each protocol family, through the real SDK clients', () => {
  for (const target of TARGETS) {
    it(`${target.label} (${target.family}): ${ERROR_KINDS.join(', ')} with AWS's code, status and a request id`, async () => {
      for (const kind of ERROR_KINDS) {
        sandbox.faults.set({ rules: [{ service: target.service, operation: target.operation, kind }] });
        const caught = await failure(target.call(sandbox.clientConfig()));
        const [code, status] = EXPECTED[target.family][kind];
        expect({ kind, code: caught.code, status: caught.status }).toEqual({ kind, code, status });
        expect(caught.requestId, `${kind} request id`).toMatch(UUID);
        if (kind === 'access-denied') {
          expect(caught.message).toContain(`is not authorized to perform: ${target.service}:${target.operation}`);
        }
        expect(sandbox.faults.stats().injected[kind]).toBe(1);
      }
      // With the rules cleared the same call succeeds: the faults, not the sandbox, failed it.
      sandbox.faults.clear();
      await expect(target.call(sandbox.clientConfig())).resolves.toBeDefined();
    });
  }

  it(
    'the SDK retries each family’s injected throttle, 500 and 503 and then succeeds',
    { timeout: 60_000 },
    async () => {
      for (const target of TARGETS) {
        for (const kind of ['throttle', 'http-500', 'http-503'] as const) {
          sandbox.faults.set({ rules: [{ service: target.service, kind, count: 1 }] });
          await expect(target.call({ ...sandbox.clientConfig(), maxAttempts: 2 })).resolves.toBeDefined();
          // The first attempt was refused and the SDK's retry answered: two requests, one fault.
          expect({ target: target.label, kind, ...sandbox.faults.stats() }).toMatchObject({
            target: target.label,
            kind,
            requests: 2,
            injected: { [kind]: 1 },
          });
        }
      }
    },
  );

  it('an explicit throttleCode overrides the family default', async () => {
    const iam = new IAMClient(sandbox.clientConfig());
    sandbox.faults.set({ rules: [{ service: 'iam', kind: 'throttle', throttleCode: 'TooManyRequestsException' }] });
    expect(await failure(iam.send(new ListRolesCommand({})))).toMatchObject({
      code: 'TooManyRequestsException',
      status: 429,
    });
  });
});

describe('matching, rates, counts and statistics', () => {
  it('a rule for one operation leaves the service’s other operations alone', async () => {
    const iam = new IAMClient(sandbox.clientConfig());
    sandbox.faults.set({ rules: [{ service: 'iam', operation: 'ListRoles', kind: 'http-500' }] });
    await expect(iam.send(new ListUsersCommand({}))).resolves.toBeDefined();
    expect((await failure(iam.send(new ListRolesCommand({})))).code).toBe('InternalFailure');
    const stats = sandbox.faults.stats();
    expect(stats.requests).toBe(2);
    expect(stats.byOperation).toEqual({
      'iam:ListUsers': { requests: 1, injected: 0 },
      'iam:ListRoles': { requests: 1, injected: 1 },
    });
  });

  it('a 20% throttle over 500 calls lands near 100, and the same seed repeats the same calls', async () => {
    const iam = new IAMClient(sandbox.clientConfig());
    const run = async (): Promise<boolean[]> => {
      sandbox.faults.set({ seed: 42, rules: [{ service: 'iam', kind: 'throttle', rate: 0.2 }] });
      const outcomes: boolean[] = [];
      for (let i = 0; i < 500; i += 1) {
        outcomes.push(
          await iam.send(new ListUsersCommand({})).then(
            () => false,
            (error: unknown) => {
              if (!(error instanceof Error) || error.name !== 'Throttling') throw error;
              return true;
            },
          ),
        );
      }
      return outcomes;
    };
    const first = await run();
    const throttled = first.filter(Boolean).length;
    // Binomial(500, 0.2): mean 100, sd ≈ 8.9; ±40 is 4.5 sd.
    expect(throttled).toBeGreaterThan(60);
    expect(throttled).toBeLessThan(140);
    expect(sandbox.faults.stats()).toMatchObject({ requests: 500, injected: { throttle: throttled } });
    expect(await run()).toEqual(first);
  });

  it('count stops a rule after that many injections', async () => {
    const ssm = new SSMClient(sandbox.clientConfig());
    sandbox.faults.set({ rules: [{ service: 'ssm', kind: 'http-503', count: 3 }] });
    const results: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      results.push(
        await ssm.send(new DescribeParametersCommand({})).then(
          () => 'ok',
          (error: Error) => error.name,
        ),
      );
    }
    expect(results).toEqual(['ServiceUnavailable', 'ServiceUnavailable', 'ServiceUnavailable', 'ok', 'ok', 'ok']);
    expect(sandbox.faults.stats()).toMatchObject({ requests: 6, injected: { 'http-503': 3 } });
  });

  it('latency delays the answer by at least latencyMs and then answers normally', async () => {
    const sts = new STSClient(sandbox.clientConfig());
    sandbox.faults.set({ rules: [{ service: 'sts', kind: 'latency', latencyMs: 400 }] });
    const started = performance.now();
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    const elapsed = performance.now() - started;
    expect(identity.Account).toBe(sandbox.accountId);
    expect(elapsed).toBeGreaterThanOrEqual(400);
    sandbox.faults.clear();
    const quickStart = performance.now();
    await sts.send(new GetCallerIdentityCommand({}));
    expect(performance.now() - quickStart).toBeLessThan(400);
    console.log(`injected latency 400 ms: measured ${Math.round(elapsed)} ms`);
  });
});

describe('hang', () => {
  it('is detected by the client’s requestTimeout, and the sandbox keeps answering others', async () => {
    sandbox.faults.set({ rules: [{ service: 'ssm', operation: 'DescribeParameters', kind: 'hang' }] });
    const ssm = new SSMClient({
      ...sandbox.clientConfig(),
      // Without throwOnRequestTimeout the handler only warns when the timeout passes.
      requestHandler: new NodeHttpHandler({ requestTimeout: 500, throwOnRequestTimeout: true }),
    });
    const started = performance.now();
    const caught = await failure(ssm.send(new DescribeParametersCommand({})));
    expect(caught.code).toBe('TimeoutError');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(sandbox.faults.stats().injected.hang).toBe(1);
    await expect(new IAMClient(sandbox.clientConfig()).send(new ListRolesCommand({}))).resolves.toBeDefined();
  });

  it('never outlives close(): the held socket is destroyed and close() returns at once', async () => {
    sandbox.faults.set({ rules: [{ service: 'iam', kind: 'hang' }] });
    const body = 'Action=ListRoles&Version=2010-05-08';
    const pending = new Promise<string>((resolve) => {
      const req = request(
        `${sandbox.endpoint}/`,
        {
          method: 'POST',
          headers: {
            authorization: `AWS4-HMAC-SHA256 Credential=AKIATRELLISSANDBOX01/20261122/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00`,
            'content-type': 'application/x-www-form-urlencoded',
          },
        },
        (res) => resolve(`answered ${res.statusCode ?? 0}`),
      );
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      req.end(body);
    });
    await expect.poll(() => sandbox.faults.stats().injected.hang).toBe(1);
    const closing = performance.now();
    await sandbox.close();
    expect(performance.now() - closing).toBeLessThan(2_000);
    expect(await pending).toBe('ECONNRESET');
  });
});

describe('the control surfaces', () => {
  const admin = (method: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${sandbox.endpoint}/_trellis/faults`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });

  it('GET/PUT/DELETE /_trellis/faults read, replace (zeroing stats) and clear the rules', async () => {
    const config = { seed: 7, rules: [{ service: 'iam', operation: 'ListRoles', kind: 'access-denied' }] };
    expect((await admin('PUT', config)).status).toBe(200);
    const iam = new IAMClient(sandbox.clientConfig());
    expect((await failure(iam.send(new ListRolesCommand({})))).code).toBe('AccessDenied');
    const read = (await (await admin('GET')).json()) as { config: unknown; stats: { requests: number } };
    expect(read.config).toEqual(config);
    expect(read.stats.requests).toBe(1);
    // Replacing zeroes the statistics.
    await admin('PUT', config);
    expect(((await (await admin('GET')).json()) as { stats: { requests: number } }).stats.requests).toBe(0);
    expect((await admin('DELETE')).status).toBe(200);
    await expect(iam.send(new ListRolesCommand({}))).resolves.toBeDefined();
    expect(sandbox.faults.stats().requests).toBe(1);
  });

  it('refuses a bad rule naming the field, bad JSON, and any cross-origin request', async () => {
    const bad = await admin('PUT', { rules: [{ service: 'iam', kind: 'throttle', rate: 1.5 }] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/rules\.0\.rate/);
    const unknown = await admin('PUT', { rules: [{ service: 'lambda', kind: 'hang' }] });
    expect(((await unknown.json()) as { error: string }).error).toMatch(/rules\.0\.service: must be one of/);
    const extra = await admin('PUT', { rules: [{ kind: 'latency' }] });
    expect(((await extra.json()) as { error: string }).error).toMatch(/rules\.0\.latencyMs: is required/);
    expect((await admin('PUT', '{"rules": [')).status).toBe(400);
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await admin(method, method === 'PUT' ? { rules: [] } : undefined, {
        origin: 'https://evil.example',
      });
      expect({ method, status: response.status }).toEqual({ method, status: 403 });
    }
    expect(sandbox.faults.stats().requests).toBe(0);
  });

  it('set() throws on a bad rule, naming the field', () => {
    expect(() => sandbox.faults.set({ rules: [{ kind: 'throttle', count: -1 }] })).toThrow(/rules\.0\.count/);
  });

  it('the CLI takes --faults as inline JSON or a file, and refuses a bad one with exit 2 naming the field', async () => {
    const lines: string[] = [];
    const output = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
    const file = join(sandbox.dir, 'faults.json');
    await writeFile(file, JSON.stringify({ rules: [{ service: 'iam', kind: 'http-500' }] }));
    for (const source of [file, '{"rules":[{"service":"iam","kind":"http-500"}]}']) {
      const outcome = await runCli(['--faults', source], output);
      if (!('sandbox' in outcome)) throw new Error(`the CLI refused ${source}: ${lines.join('\n')}`);
      const running: RunningSandbox = outcome.sandbox;
      try {
        const iam = new IAMClient({ ...sandbox.clientConfig(), endpoint: running.endpoint });
        expect((await failure(iam.send(new ListRolesCommand({})))).code).toBe('InternalFailure');
      } finally {
        await running.close();
      }
    }
    lines.length = 0;
    await writeFile(file, JSON.stringify({ rules: [{ service: 'iam', kind: 'explode' }] }));
    expect(await runCli(['--faults', file], output)).toEqual({ exitCode: 2 });
    expect(lines.join('\n')).toMatch(/--faults: .*faults\.json: Invalid fault configuration: rules\.0\.kind/);
    lines.length = 0;
    expect(await runCli(['--faults', '{"rules": nope}'], output)).toEqual({ exitCode: 2 });
    expect(lines.join('\n')).toMatch(/not valid JSON/);
    expect(await runCli(['--faults', join(sandbox.dir, 'missing.json')], output)).toEqual({ exitCode: 2 });
  });
});
