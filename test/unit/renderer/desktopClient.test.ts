/**
 * The desktop transport's cancellation: a target call carries an id, and an
 * abort tells main to stop that call and answers the page at once; calls
 * nothing may cancel go through as they are.
 */
import { describe, expect, it } from 'vitest';
import { createDesktopClient, type DesktopBridge } from '../../../src/renderer/src/api/desktopClient';
import { CANCELLED_MESSAGE } from '../../../src/shared/contract/common';

function fakeBridge() {
  const seen: { channel: string; callId?: string }[] = [];
  const pending = new Map<string, (answer: unknown) => void>();
  const bridge: DesktopBridge = new Proxy(
    {},
    {
      get: (_t, channel: string) => (_input: unknown, callId?: string) => {
        seen.push({ channel, ...(callId ? { callId } : {}) });
        return new Promise((resolve) => pending.set(channel, resolve));
      },
    },
  );
  return { bridge, seen, pending };
}

const target = { profile: 'dev', region: 'eu-west-1' };

describe('createDesktopClient', () => {
  it('gives a cancellable call an id and, on abort, cancels it in main and answers cancelled at once', async () => {
    const { bridge, seen } = fakeBridge();
    const cancelled: string[] = [];
    const controller = new AbortController();
    const api = createDesktopClient(
      bridge,
      { cancel: (id) => cancelled.push(id) },
      (channel) => (channel === 'iam.snapshot' ? controller.signal : undefined),
      () => '00000000-0000-4000-8000-000000000001',
    );
    const answer = api['iam.snapshot']({ target });
    expect(seen).toEqual([{ channel: 'iam.snapshot', callId: '00000000-0000-4000-8000-000000000001' }]);
    controller.abort();
    expect(await answer).toEqual({
      ok: false,
      error: { code: 'network', message: CANCELLED_MESSAGE, retryable: true },
    });
    expect(cancelled).toEqual(['00000000-0000-4000-8000-000000000001']);
  });

  it('passes the answer through when it arrives first, and sends calls without a signal with no id', async () => {
    const { bridge, seen, pending } = fakeBridge();
    const controller = new AbortController();
    const cancelled: string[] = [];
    const api = createDesktopClient(bridge, { cancel: (id) => cancelled.push(id) }, (channel) =>
      channel === 'sts.getCallerIdentity' ? controller.signal : undefined,
    );
    const identity = api['sts.getCallerIdentity']({ target });
    pending.get('sts.getCallerIdentity')?.({ ok: true, data: { account: '111122223333' } });
    expect(await identity).toEqual({ ok: true, data: { account: '111122223333' } });
    controller.abort();
    expect(cancelled).toEqual([]);
    void api['changes.apply']({ planId: 'p' });
    expect(seen.at(-1)).toEqual({ channel: 'changes.apply' });
  });
});
