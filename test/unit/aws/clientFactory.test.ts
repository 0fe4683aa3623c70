import { IAMClient, NoSuchEntityException } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientFactory, Semaphore } from '../../../src/main/aws/clientFactory';
import { TrellisError } from '../../../src/main/aws/errors';
import { ProfileRegistry } from '../../../src/main/aws/profiles';
import { lines, tempAws, type TempAws } from './fixtures';

const sandbox = {
  endpoint: 'http://127.0.0.1:9',
  region: 'us-east-1',
  credentials: { accessKeyId: 'SANDBOXKEY', secretAccessKey: 'sandboxsecret' },
};

let aws: TempAws;
let registry: ProfileRegistry;
let factory: ClientFactory;
afterEach(() => {
  factory.destroy();
  registry.close();
  aws.cleanup();
});

function setup(config = lines('[profile other]', 'credential_process = x'), watch = false) {
  aws = tempAws({ config });
  registry = new ProfileRegistry({ env: {}, homeDir: aws.home, sandbox, watch });
  factory = new ClientFactory(registry);
}

const sandboxEast = { profile: 'sandbox', region: 'us-east-1' };
const sandboxWest = { profile: 'sandbox', region: 'us-west-2' };

function grab<S extends 'iam' | 'sts'>(target: { profile: string; region: string }, service: S) {
  return factory.call(target, service, 'Test', async (client) => client);
}

function deferred() {
  let release: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

describe('ClientFactory: caching', () => {
  it('returns the same client for the same (profile, region, service) and another for a different one', async () => {
    setup();
    const first = await grab(sandboxEast, 'iam');
    expect(first).toBeInstanceOf(IAMClient);
    expect(await grab(sandboxEast, 'iam')).toBe(first);
    const west = await grab(sandboxWest, 'iam');
    expect(west).not.toBe(first);
    const sts = await grab(sandboxEast, 'sts');
    expect(sts).toBeInstanceOf(STSClient);
    await expect(first.config.region()).resolves.toBe('us-east-1');
    await expect(west.config.region()).resolves.toBe('us-west-2');
    await expect(first.config.maxAttempts()).resolves.toBe(5);
  });

  it('invalidate() drops every client, invalidate(profile) only that profile', async () => {
    setup(lines('[profile other]', 'aws_access_key_id = A', 'aws_secret_access_key = B', 'region = us-east-1'));
    const sandboxClient = await grab(sandboxEast, 'iam');
    const otherClient = await grab({ profile: 'other', region: 'us-east-1' }, 'iam');
    factory.invalidate('other');
    expect(await grab(sandboxEast, 'iam')).toBe(sandboxClient);
    expect(await grab({ profile: 'other', region: 'us-east-1' }, 'iam')).not.toBe(otherClient);
    factory.invalidate();
    expect(await grab(sandboxEast, 'iam')).not.toBe(sandboxClient);
  });

  it('destroys an invalidated client only after the call using it has finished', async () => {
    setup();
    const gate = deferred();
    const started = deferred();
    let destroyed = 0;
    const running = factory.call(sandboxEast, 'sts', 'Slow', async (client) => {
      const original = client.destroy.bind(client);
      client.destroy = () => {
        destroyed++;
        original();
      };
      started.release();
      await gate.promise;
      return destroyed;
    });
    await started.promise;
    factory.invalidate();
    expect(destroyed).toBe(0);
    gate.release();
    expect(await running).toBe(0);
    expect(destroyed).toBe(1);
  });

  it('drops its clients when the registry re-reads changed files', async () => {
    setup(lines('[profile other]', 'credential_process = x'), true);
    const before = await grab(sandboxEast, 'iam');
    const changed = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no change event')), 5_000);
      registry.onChange(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    aws.write('config', lines('[profile other]', 'credential_process = y'));
    await changed;
    expect(await grab(sandboxEast, 'iam')).not.toBe(before);
  });
});

describe('ClientFactory: concurrency', () => {
  it('runs at most four calls per (profile, service) at once, and other services alongside', async () => {
    setup();
    const gate = deferred();
    let inFlight = 0;
    let maxInFlight = 0;
    const slow = () =>
      factory.call(sandboxEast, 'iam', 'ListRoles', async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await gate.promise;
        inFlight--;
        return 'done';
      });
    const calls = Array.from({ length: 10 }, slow);
    for (let i = 0; i < 1_000 && inFlight < 4; i++) await new Promise((resolve) => setImmediate(resolve));
    // Give a fifth call every chance to start; it must not.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(inFlight).toBe(4);
    // Another service of the same profile is not held up by the saturated one.
    await expect(factory.call(sandboxEast, 'sts', 'GetCallerIdentity', async () => 'sts ran')).resolves.toBe('sts ran');
    gate.release();
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 10 }, () => 'done'));
    expect(maxInFlight).toBe(4);
  });

  it('honours perServiceConcurrency', async () => {
    setup();
    factory.destroy();
    factory = new ClientFactory(registry, { perServiceConcurrency: 2 });
    let inFlight = 0;
    let maxInFlight = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        factory.call(sandboxEast, 'iam', 'ListRoles', async () => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight--;
        }),
      ),
    );
    expect(maxInFlight).toBe(2);
  });

  it('Semaphore serves waiters in arrival order and rejects a size below one', async () => {
    const semaphore = new Semaphore(1);
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => semaphore.run(async () => void order.push(n))));
    expect(order).toEqual([1, 2, 3]);
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});

describe('ClientFactory: errors', () => {
  it('maps what fn throws into a TrellisError with service and operation', async () => {
    setup();
    const err: unknown = await factory
      .call(sandboxEast, 'iam', 'GetRole', async () => {
        throw new NoSuchEntityException({
          message: 'The role with name app cannot be found.',
          $metadata: { httpStatusCode: 404 },
        });
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrellisError);
    expect((err as TrellisError).appError).toEqual({
      code: 'not-found',
      message: 'The role with name app cannot be found.',
      service: 'iam',
      operation: 'GetRole',
      awsCode: 'NoSuchEntityException',
      httpStatus: 404,
      retryable: false,
    });
  });

  it('fills service and operation into registry errors too', async () => {
    setup();
    const err: unknown = await factory
      .call({ profile: 'sandbx', region: 'us-east-1' }, 'sts', 'GetCallerIdentity', async () => 1)
      .catch((e: unknown) => e);
    expect((err as TrellisError).appError).toMatchObject({
      code: 'unknown-profile',
      service: 'sts',
      operation: 'GetCallerIdentity',
    });
    expect((err as TrellisError).appError.message).toContain("Did you mean 'sandbox'?");
  });

  it('refuses calls after destroy()', async () => {
    setup();
    factory.destroy();
    await expect(factory.call(sandboxEast, 'iam', 'ListRoles', async () => 1)).rejects.toMatchObject({
      appError: { code: 'internal', message: 'The AWS client factory has been shut down.' },
    });
  });
});
