/**
 * The renderer's read cache: fresh answers are served without a call, stale
 * ones and errors are not, identical reads in flight share one call, and a
 * write drops exactly the entries of the services it touched for its target.
 */
import { describe, expect, it } from 'vitest';
import { ReadCache, withReadCache } from '../../../src/renderer/src/api/readCache';
import type { Result, TrellisApi } from '../../../src/shared/contract';

const dev = { profile: 'dev', region: 'eu-west-1' };
const devUs = { profile: 'dev', region: 'us-east-1' };
const prod = { profile: 'prod', region: 'eu-west-1' };

function harness() {
  let now = 0;
  const calls: string[] = [];
  const answers: Record<string, Result<unknown>> = {};
  const cache = new ReadCache(() => now);
  const transport = new Proxy(
    {},
    {
      get:
        (_t, channel: string) =>
        async (input: { target?: { profile: string } }): Promise<Result<unknown>> => {
          calls.push(`${channel} ${input.target?.profile ?? ''}`);
          return answers[channel] ?? { ok: true, data: { channel, n: calls.length } };
        },
    },
  ) as TrellisApi;
  const api = withReadCache(transport, cache);
  return { api, cache, calls, answers, advance: (ms: number) => (now += ms) };
}

describe('ReadCache', () => {
  it('answers a fresh read without calling, and calls again once it is stale', async () => {
    const { api, calls, advance } = harness();
    const first = await api['iam.snapshot']({ target: dev });
    advance(4 * 60_000);
    expect(await api['iam.snapshot']({ target: dev })).toEqual(first);
    expect(calls).toEqual(['iam.snapshot dev']);
    advance(60_001);
    await api['iam.snapshot']({ target: dev });
    expect(calls).toEqual(['iam.snapshot dev', 'iam.snapshot dev']);
  });

  it('keys by target and input, and shares one call between identical reads in flight', async () => {
    const { api, calls } = harness();
    await Promise.all([api['iam.snapshot']({ target: dev }), api['iam.snapshot']({ target: dev })]);
    await api['iam.snapshot']({ target: prod });
    await api['iam.getRole']({ target: dev, roleName: 'a' });
    await api['iam.getRole']({ target: dev, roleName: 'b' });
    expect(calls).toEqual(['iam.snapshot dev', 'iam.snapshot prod', 'iam.getRole dev', 'iam.getRole dev']);
  });

  it('gives a streamed read that listens for pages its own call while another is in flight, then serves it', async () => {
    const { api, calls } = harness();
    const onProgress = () => undefined;
    // The second load supersedes the first (the store aborts it): sharing the first's answer would leave it with
    // no pages and a cancelled answer.
    const first = api['iam.snapshot']({ target: dev }, { onProgress });
    const second = api['iam.snapshot']({ target: dev }, { onProgress });
    await Promise.all([first, second]);
    expect(calls).toEqual(['iam.snapshot dev', 'iam.snapshot dev']);
    // Once settled, the complete answer is served to anyone, pages or not.
    await api['iam.snapshot']({ target: dev }, { onProgress });
    await api['iam.snapshot']({ target: dev });
    expect(calls).toHaveLength(2);
  });

  it('never keeps an error, and never caches live reads, secrets or writes', async () => {
    const { api, calls, answers } = harness();
    answers['ssm.listParameters'] = { ok: false, error: { code: 'throttled', message: 'slow down', retryable: true } };
    await api['ssm.listParameters']({ target: dev });
    delete answers['ssm.listParameters'];
    await api['ssm.listParameters']({ target: dev });
    await api['beanstalk.health']({ target: dev, environmentName: 'web' });
    await api['beanstalk.health']({ target: dev, environmentName: 'web' });
    await api['ssm.revealParameter']({ target: dev, name: '/x' });
    await api['ssm.revealParameter']({ target: dev, name: '/x' });
    expect(calls.filter((c) => c.startsWith('ssm.listParameters'))).toHaveLength(2);
    expect(calls.filter((c) => c.startsWith('beanstalk.health'))).toHaveLength(2);
    expect(calls.filter((c) => c.startsWith('ssm.revealParameter'))).toHaveLength(2);
  });

  it('drops only the touched services of the written target after a change', async () => {
    const { api, cache, calls } = harness();
    const reads = async () => {
      await api['iam.snapshot']({ target: dev });
      await api['ssm.listParameters']({ target: dev });
      await api['iam.snapshot']({ target: devUs });
      await api['iam.snapshot']({ target: prod });
    };
    await reads();
    expect(cache.size).toBe(4);
    cache.invalidateServices(dev, ['iam']);
    calls.length = 0;
    await reads();
    expect(calls).toEqual(['iam.snapshot dev']);
  });

  it('drops a whole target on Refresh and a whole profile on sign-in', async () => {
    const { api, cache, calls } = harness();
    await api['iam.snapshot']({ target: dev });
    await api['iam.snapshot']({ target: devUs });
    await api['iam.snapshot']({ target: prod });
    cache.invalidateTarget(dev);
    expect(cache.size).toBe(2);
    cache.invalidateProfile('dev');
    expect(cache.size).toBe(1);
    calls.length = 0;
    await api['iam.snapshot']({ target: prod });
    expect(calls).toEqual([]);
  });

  it('serves a chosen profile’s cached reads only once its credentials are confirmed, and asks AWS when they are refused', async () => {
    const { api, cache, calls } = harness();
    await api['iam.snapshot']({ target: dev });
    calls.length = 0;
    let confirm: (ok: boolean) => void = () => undefined;
    cache.confirm('dev', new Promise((resolve) => (confirm = resolve)));
    let served = false;
    const waiting = api['iam.snapshot']({ target: dev }).then((r) => {
      served = true;
      return r;
    });
    await Promise.resolve();
    expect(served).toBe(false);
    confirm(true);
    await waiting;
    expect(calls).toEqual([]);

    cache.confirm('dev', Promise.resolve(false));
    await api['iam.snapshot']({ target: dev });
    expect(calls).toEqual(['iam.snapshot dev']);
  });
});
