/**
 * A scripted stand-in for the renderer's api: every call waits in `pending`
 * until the test answers it, so a test decides the order answers arrive in.
 * Use as `vi.mock('…/src/renderer/src/api', async () => (await import('./scriptedApi')).scriptedApiModule())`.
 */
import type { Result } from '../../../src/shared/contract';

export type Pending = {
  channel: string;
  input: Record<string, unknown>;
  resolve: (r: Result<unknown>) => void;
  /** What the caller passed beside the input (a streamed read's onProgress). */
  options?: { onProgress?: (page: unknown) => void };
};

/** Calls not answered yet, oldest first. */
export const pending: Pending[] = [];
/** Every channel called, in order, answered or not. */
export const calls: string[] = [];

export function scriptedApiModule() {
  const handler: ProxyHandler<object> = {
    get: (_t, channel: string) => (input: Record<string, unknown>, options?: Pending['options']) =>
      new Promise((resolve) => {
        calls.push(channel);
        pending.push({ channel, input, resolve, ...(options ? { options } : {}) });
      }),
  };
  return { api: new Proxy({}, handler), isDesktop: false };
}

/** Answers the oldest pending call on `channel`. */
export function answer(channel: string, result: Result<unknown>): Pending {
  const i = pending.findIndex((p) => p.channel === channel);
  if (i === -1) throw new Error(`no pending ${channel}; have ${pending.map((p) => p.channel).join(', ')}`);
  const p = pending.splice(i, 1)[0]!;
  p.resolve(result);
  return p;
}
