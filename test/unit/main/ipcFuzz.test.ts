/**
 * Property-based fuzzing of every IPC channel through the real router and the
 * real main-process object graph. The only AWS endpoint is a local recorder that
 * refuses everything, so the test can prove that no input the contract rejects
 * ever reaches AWS, and that inputs it accepts are answered as data.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../../src/main/context';
import { startWebServer, type RunningWebServer } from '../../../src/main/web/server';
import {
  appErrorSchema,
  channels,
  contract,
  profileNameSchema,
  targetSchema,
  type Channel,
  type Result,
} from '../../../src/shared/contract';
import { mutationsOf, randomInputs, type FuzzCase } from '../../support/hostileInputs';
import { arbitraryFor } from '../../support/zodArbitrary';

const VALID_RUNS = 10;
const MUTATED_RUNS = 130;
const RANDOM_RUNS = 40;
const FUZZ_PROFILE = 'fuzz';
const CALL_LIMIT_MS = 15_000;

/** Answers every request with the protocol's own AccessDenied, so services see a real AWS refusal. */
function refusal(url: string, headers: Record<string, string | string[] | undefined>, body: string) {
  const restJson = /^\/20\d\d-\d\d-\d\d\//.test(url);
  if (restJson || headers['x-amz-target'] || String(headers['content-type']).includes('json')) {
    return {
      status: 400,
      type: 'application/x-amz-json-1.1',
      text: '{"__type":"AccessDeniedException","message":"fuzz: refused"}',
    };
  }
  if (body.includes('Version=2016-11-15')) {
    const xml =
      '<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>fuzz: refused</Message></Error></Errors><RequestID>fuzz</RequestID></Response>';
    return { status: 403, type: 'text/xml', text: xml };
  }
  const xml =
    '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>fuzz: refused</Message></Error><RequestId>fuzz</RequestId></ErrorResponse>';
  return { status: 403, type: 'text/xml', text: xml };
}

describe('IPC fuzzing', () => {
  let ctx: AppContext;
  let endpoint: Server;
  const awsCalls: string[] = [];
  const httpHits: string[] = [];
  const internal: string[] = [];

  beforeAll(async () => {
    endpoint = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        httpHits.push(`${req.method} ${req.url}`);
        const answer = refusal(req.url ?? '/', req.headers, body);
        res.writeHead(answer.status, {
          'content-type': answer.type,
          'x-amzn-requestid': 'fuzz',
          'x-amzn-errortype': 'AccessDeniedException',
        });
        res.end(answer.text);
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    const port = (endpoint.address() as AddressInfo).port;
    const dir = mkdtempSync(join(tmpdir(), 'trellis-ipc-fuzz-'));
    writeFileSync(
      join(dir, 'config'),
      `[profile ${FUZZ_PROFILE}]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:${port}\n`,
    );
    writeFileSync(
      join(dir, 'credentials'),
      `[${FUZZ_PROFILE}]\naws_access_key_id = AKIAFUZZFUZZFUZZFUZZ\naws_secret_access_key = fuzz\n`,
    );
    ctx = await createAppContext({
      mode: 'web',
      version: 'fuzz',
      dataDir: join(dir, 'data'),
      env: { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') },
      homeDir: dir,
      sandbox: false,
      watchProfiles: false,
      clients: { maxAttempts: 1, onRequest: (r) => awsCalls.push(`${r.service}:${r.operation}`) },
      log: (m) => internal.push(m),
    });
  });

  afterAll(async () => {
    await ctx?.close();
    await new Promise<void>((resolve) => endpoint?.close(() => resolve()));
  });

  /** Inputs aimed at the one profile that exists half the time, so valid inputs reach the services. */
  function overrides() {
    const realTarget = fc.constant({ profile: FUZZ_PROFILE, region: 'us-east-1' });
    return new Map<Parameters<typeof arbitraryFor>[0], fc.Arbitrary<unknown>>([
      [targetSchema, fc.oneof(realTarget, arbitraryFor(targetSchema))],
      [profileNameSchema, fc.oneof(fc.constant(FUZZ_PROFILE), arbitraryFor(profileNameSchema))],
    ]);
  }

  async function dispatchGuarded(channel: string, input: unknown): Promise<Result<unknown>> {
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${channel} did not answer within ${CALL_LIMIT_MS} ms`)),
        CALL_LIMIT_MS,
      );
    });
    try {
      return await Promise.race([ctx.router.dispatch(channel, input), hang]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Where the message must point: a segment of the path broken, or the key added. */
  function namesField(message: string, c: FuzzCase): boolean {
    const words = [...c.path.filter((p): p is string => typeof p === 'string'), ...(c.addedKey ? [c.addedKey] : [])];
    if (words.length === 0) return message.length > 0;
    return words.some((w) => message.includes(w.slice(0, 20)));
  }

  it('answers 10,000+ hostile inputs over every channel as data, with no AWS call for any rejected one', async () => {
    const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const stats = { cases: 0, rejected: 0, awsOnInvalid: 0, accepted: 0 };
    const problems: string[] = [];

    async function check(channel: Channel, c: FuzzCase, baseValid: boolean): Promise<void> {
      await checkOne(channel, c, baseValid);
      // Thrown, so fast-check reports the problem beside the (labelled) counterexample.
      if (problems.length) throw new Error(problems.join('\n'));
    }

    async function checkOne(channel: Channel, c: FuzzCase, baseValid: boolean): Promise<void> {
      stats.cases++;
      const expectValid = contract[channel].input.safeParse(c.input ?? {}).success;
      const callsBefore = awsCalls.length;
      const hitsBefore = httpHits.length;
      let res: Result<unknown>;
      try {
        res = await dispatchGuarded(channel, c.input);
      } catch (err) {
        problems.push(`${channel} threw for ${c.label}: ${String(err)}`);
        return;
      }
      const called = awsCalls.length - callsBefore + (httpHits.length - hitsBefore);
      if (!res.ok && !appErrorSchema.safeParse(res.error).success)
        problems.push(`${channel}: malformed error for ${c.label}`);
      if (!res.ok && res.error.code === 'validation') {
        stats.rejected++;
        if (called > 0) {
          stats.awsOnInvalid++;
          problems.push(`${channel}: ${called} AWS call(s) before rejecting ${c.label}`);
        }
        if (!expectValid && baseValid && !namesField(res.error.message, c)) {
          problems.push(`${channel}: "${res.error.message.slice(0, 200)}" does not name the field for ${c.label}`);
        }
      } else if (!expectValid) {
        problems.push(
          `${channel}: schema-invalid input not refused as validation (${res.ok ? 'ok' : res.error.code}) for ${c.label}`,
        );
      } else {
        stats.accepted++;
        if (!res.ok && res.error.code === 'internal') {
          problems.push(`${channel}: internal error for ${c.label}: ${res.error.message.slice(0, 300)}`);
        }
      }
      if ((Object.prototype as Record<string, unknown>).polluted !== undefined)
        problems.push(`${channel}: Object.prototype polluted by ${c.label}`);
    }

    for (const channel of channels) {
      const schema = contract[channel].input;
      const valid = arbitraryFor(schema, { overrides: overrides() });
      const mutated = valid.chain((base) =>
        mutationsOf(base).map((c) => ({ c, baseValid: schema.safeParse(base).success })),
      );
      const unmutated = valid.map((input) => ({
        input,
        kind: 'random' as const,
        path: [],
        label: 'valid-shaped input',
      }));
      await fc.assert(
        fc.asyncProperty(unmutated, (c) => check(channel, c, false)),
        {
          numRuns: VALID_RUNS,
          seed: 1312,
          endOnFailure: true,
        },
      );
      await fc.assert(
        fc.asyncProperty(mutated, ({ c, baseValid }) => check(channel, c, baseValid)),
        { numRuns: MUTATED_RUNS, seed: 1313, endOnFailure: true },
      );
      await fc.assert(
        fc.asyncProperty(randomInputs, (c) => check(channel, c, false)),
        {
          numRuns: RANDOM_RUNS,
          seed: 1314,
          endOnFailure: true,
        },
      );
    }

    expect(problems).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(stats.cases).toBeGreaterThanOrEqual(10_000);
    // Both halves of the oracle were exercised: plenty refused, and some valid inputs reached a service.
    expect(stats.rejected).toBeGreaterThan(stats.cases / 2);
    expect(stats.accepted).toBeGreaterThan(channels.length);
    expect(awsCalls.length).toBeGreaterThan(0);
    expect(stats.awsOnInvalid).toBe(0);

    // Main is still up: a valid call afterwards is answered normally.
    const after = await ctx.router.dispatch('profiles.list', {});
    expect(after).toMatchObject({ ok: true });
    console.log(
      `ipc fuzz: ${stats.cases} cases over ${channels.length} channels, ${stats.rejected} rejected as validation, ${stats.awsOnInvalid} AWS calls on invalid input`,
    );
  }, 180_000);

  describe('the hostile values the brief names, one by one', () => {
    const target = { profile: FUZZ_PROFILE, region: 'us-east-1' };
    const ingress = (over: Record<string, unknown>) => ({
      target,
      intent: {
        kind: 'ec2.authorizeIngress',
        groupId: 'sg-0123456789abcdef0',
        protocol: 'tcp',
        fromPort: 5432,
        toPort: 5432,
        source: { cidr: '10.0.0.0/16' },
        ...over,
      },
    });
    const options = (namespace: string) => ({
      target,
      intent: {
        kind: 'beanstalk.updateOptions',
        environmentName: 'shop-web',
        set: [{ namespace, optionName: 'X', value: '1' }],
      },
    });
    const policy = encodeURIComponent(encodeURIComponent('{"Version":"2012-10-17","Statement":[]}'));
    const cases: [string, string, unknown, RegExp][] = [
      ['port -1', 'changes.plan', ingress({ fromPort: -1 }), /intent\.fromPort: From port -1 is out of range/],
      ['port 65536', 'changes.plan', ingress({ toPort: 65536 }), /intent\.toPort: To port 65536 is out of range/],
      ['port 1.5', 'changes.plan', ingress({ fromPort: 1.5 }), /intent\.fromPort/],
      ['port NaN', 'changes.plan', ingress({ toPort: Number.NaN }), /intent\.toPort/],
      ['db port 65536', 'ec2.securityGroups', { target, groupIds: ['sg-0123456789abcdef0'], dbPort: 65536 }, /dbPort/],
      [
        'CIDR /33',
        'changes.plan',
        ingress({ source: { cidr: '10.0.0.0/33' } }),
        /prefix length "33": it must be 0 to 32/,
      ],
      [
        'CIDR 300.1.1.1/8',
        'changes.plan',
        ingress({ source: { cidr: '300.1.1.1/8' } }),
        /"300\.1\.1\.1" is not an IPv4 address/,
      ],
      [
        'SSM name with a space',
        'ssm.revealParameter',
        { target, name: '/app/bad name' },
        /name: parameter names use letters/,
      ],
      [
        'SSM name over 2048',
        'ssm.parameterHistory',
        { target, name: `/${'a'.repeat(2048)}` },
        /name: parameter names are at most 2048/,
      ],
      [
        'SSM name under /aws/',
        'ssm.revealParameter',
        { target, name: '/aws/reserved' },
        /name: parameter names cannot begin with "aws"/,
      ],
      [
        'SSM path with //',
        'ssm.listParameters',
        { target, path: '/app//x' },
        /path: a path cannot contain an empty segment/,
      ],
      [
        'bad policy ARN',
        'iam.getPolicyDocument',
        { target, policyArn: 'arn:aws:iam::12345:policy/x' },
        /policyArn: not a managed policy ARN/,
      ],
      [
        'bucket ARN as a policy',
        'iam.getPolicyDocument',
        { target, policyArn: 'arn:aws:s3:::bucket' },
        /policyArn: not a managed policy ARN/,
      ],
      [
        'double-encoded policy',
        'changes.plan',
        { target, intent: { kind: 'search.updateAccessPolicy', domainName: 'orders', policy } },
        /intent\.policy: The policy is URL-encoded twice/,
      ],
      [
        'namespace without aws:',
        'changes.plan',
        options('not-aws:x'),
        /intent\.set\.0\.namespace: not an Elastic Beanstalk namespace/,
      ],
      ['empty namespace', 'changes.plan', options(''), /intent\.set\.0\.namespace/],
      [
        'bad since',
        'beanstalk.describeEvents',
        { target, environmentName: 'shop-web', since: 'yesterday' },
        /since: not an ISO 8601 date/,
      ],
      [
        'RTL override in a profile',
        'sts.getCallerIdentity',
        { target: { ...target, profile: 'prod\u202euser' } },
        /target\.profile: profile names cannot contain invisible/,
      ],
      [
        'extra key in target',
        'sts.getCallerIdentity',
        { target: { ...target, account: '1' } },
        /target: Unrecognized key: "account"/,
      ],
      [
        'lone surrogate',
        'beanstalk.applicationVersion',
        { target, applicationName: 'shop', versionLabel: 'v\ud800' },
        /versionLabel: contains a lone UTF-16 surrogate/,
      ],
    ];

    it.each(cases)(
      '%s: refused as validation naming the field, with no AWS call',
      async (_name, channel, input, message) => {
        const calls = awsCalls.length + httpHits.length;
        const res = await ctx.router.dispatch(channel, input);
        expect(res).toMatchObject({ ok: false, error: { code: 'validation', retryable: false } });
        if (!res.ok) expect(res.error.message).toMatch(message);
        expect(awsCalls.length + httpHits.length).toBe(calls);
      },
    );
  });

  describe('over the web-mode transport', () => {
    let web: RunningWebServer;
    beforeAll(async () => {
      const staticDir = mkdtempSync(join(tmpdir(), 'trellis-fuzz-static-'));
      writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Trellis</title>');
      web = await startWebServer({ router: ctx.router, staticDir, port: 0 });
    });
    afterAll(() => web?.close());

    function post(path: string, body: Buffer | string) {
      return new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: web.port,
            method: 'POST',
            path,
            headers: {
              host: `127.0.0.1:${web.port}`,
              'x-trellis-token': web.token,
              'content-type': 'application/json',
            },
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    }

    const shown = <T extends { label: string }>(b: T): T =>
      Object.defineProperty({ ...b }, fc.toStringMethod, { value: () => b.label, enumerable: false });
    const rawBodies = fc
      .oneof(
        fc.string({ maxLength: 200 }).map((s) => ({ label: 'random text', body: s })),
        fc.uint8Array({ maxLength: 300 }).map((b) => ({ label: 'random bytes', body: Buffer.from(b) })),
        fc
          .jsonValue({ maxDepth: 4 })
          .map((v) => ({ label: 'JSON of the wrong shape', body: JSON.stringify(v) ?? 'null' })),
        fc.constantFrom(
          { label: 'truncated JSON', body: '{"target":{"profile":"fuzz"' },
          { label: 'invalid UTF-8', body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) },
          { label: '10k-deep JSON', body: '['.repeat(10_000) + ']'.repeat(10_000) },
          { label: '100k-deep JSON', body: '['.repeat(100_000) + ']'.repeat(100_000) },
          {
            label: '__proto__ JSON',
            body: '{"__proto__":{"polluted":"yes"},"target":{"profile":"fuzz","region":"us-east-1"}}',
          },
          { label: 'lone surrogate escape', body: '{"target":{"profile":"\\ud800","region":"us-east-1"}}' },
          { label: 'body over 1 MiB', body: `{"text":"${'a'.repeat(2 * 1024 * 1024)}"}` },
        ),
      )
      .map(shown);

    it('answers non-JSON, wrong-shaped and oversized bodies as data and stays up', async () => {
      let cases = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...channels, 'no.such', '__proto__', 'constructor'),
          rawBodies,
          async (channel, { label, body }) => {
            cases++;
            const res = await post(`/rpc/${channel}`, body);
            const answer = JSON.parse(res.body) as Result<unknown>;
            const shaped = typeof answer === 'object' && answer !== null && typeof answer.ok === 'boolean';
            if (!shaped) throw new Error(`${channel} answered ${res.status} ${res.body.slice(0, 100)} to ${label}`);
            if (!answer.ok) expect(appErrorSchema.safeParse(answer.error).success).toBe(true);
            expect([200, 400, 404, 409, 413]).toContain(res.status);
          },
        ),
        { numRuns: 300, seed: 1315, endOnFailure: true },
      );
      expect(cases).toBe(300);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      const alive = await post('/rpc/app.info', '{}');
      expect(JSON.parse(alive.body)).toMatchObject({ ok: true, data: { version: 'fuzz' } });
    }, 60_000);
  });
});
