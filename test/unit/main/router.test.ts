import { describe, expect, it, vi } from 'vitest';
import { NoSuchEntityException } from '@aws-sdk/client-iam';
import { createRouter, type Handlers } from '../../../src/main/ipc/router';
import { channels } from '../../../src/shared/contract';

const target = { profile: 'sandbox', region: 'us-east-1' };

function handlersWith(overrides: Partial<Handlers>): Handlers {
  const notCalled = () => Promise.reject(new Error('handler should not run'));
  const all = Object.fromEntries(channels.map((c) => [c, notCalled])) as unknown as Handlers;
  return { ...all, ...overrides };
}

describe('router', () => {
  it('rejects an unknown channel as data', async () => {
    const r = createRouter(handlersWith({}));
    expect(await r.dispatch('iam.deleteAccount', {})).toEqual({
      ok: false,
      error: { code: 'unknown-channel', message: 'No such channel: iam.deleteAccount', retryable: false },
    });
  });

  it('validates input before the handler runs and names the bad field', async () => {
    const getRole = vi.fn();
    const r = createRouter(handlersWith({ 'iam.getRole': getRole }));
    const res = await r.dispatch('iam.getRole', { target: { profile: 'sandbox', region: 'nowhere' }, roleName: 'x' });
    expect(getRole).not.toHaveBeenCalled();
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('validation');
      expect(res.error.message).toMatch(/target\.region/);
    }
  });

  it('returns AWS errors as data with code, awsCode and request id', async () => {
    const r = createRouter(
      handlersWith({
        'iam.getRole': () =>
          Promise.reject(
            new NoSuchEntityException({
              message: 'The role with name nope cannot be found.',
              $metadata: { httpStatusCode: 404, requestId: 'req-404' },
            }),
          ),
      }),
    );
    const res = await r.dispatch('iam.getRole', { target, roleName: 'nope' });
    expect(res).toMatchObject({
      ok: false,
      error: {
        code: 'not-found',
        // A hand-built exception has no wire Code, so the class name stands in; the integration tests see the wire code.
        awsCode: 'NoSuchEntityException',
        requestId: 'req-404',
        message: 'The role with name nope cannot be found.',
      },
    });
  });

  it('refuses to pass on output that breaks the contract', async () => {
    const onInternalError = vi.fn();
    const r = createRouter(
      handlersWith({
        'sts.getCallerIdentity': async () =>
          ({ account: 123 }) as unknown as { account: string; arn: string; userId: string },
      }),
      { onInternalError },
    );
    const res = await r.dispatch('sts.getCallerIdentity', { target });
    expect(res).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(onInternalError).toHaveBeenCalledOnce();
  });

  it('passes valid output through with defaults applied to input', async () => {
    const listPolicies = vi.fn(async () => []);
    const r = createRouter(handlersWith({ 'iam.listPolicies': listPolicies }));
    expect(await r.dispatch('iam.listPolicies', { target })).toEqual({ ok: true, data: [] });
    expect(listPolicies).toHaveBeenCalledWith({ target, scope: 'All', onlyAttached: false }, {});
  });
});
