/**
 * The desktop transport: the preload's functions, with cancellation added.
 * A call the target switch may abort gets an id; when its signal aborts, main
 * is told to abort that call's AWS requests, and the page gets the cancelled
 * answer at once instead of waiting for a request nobody will read.
 */
import { channelNames } from '../../../shared/contract/channelNames';
import { CANCELLED_MESSAGE } from '../../../shared/contract/common';
import type { Result, TrellisApi } from '../../../shared/contract';

export type DesktopBridge = Record<string, (input: unknown, callId?: string) => Promise<unknown>>;
export interface DesktopCalls {
  cancel(callId: string): void;
}

const cancelled: Result<never> = { ok: false, error: { code: 'network', message: CANCELLED_MESSAGE, retryable: true } };

export function createDesktopClient(
  bridge: DesktopBridge,
  calls: DesktopCalls | undefined,
  signalFor: (channel: string, input: unknown) => AbortSignal | undefined,
  newId: () => string = () => crypto.randomUUID(),
): TrellisApi {
  const api: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const channel of channelNames) {
    const invoke = bridge[channel];
    if (!invoke) continue;
    api[channel] = (input: unknown) => {
      const signal = calls ? signalFor(channel, input) : undefined;
      if (!signal || !calls) return invoke(input);
      if (signal.aborted) return Promise.resolve(cancelled);
      const callId = newId();
      return new Promise((resolve) => {
        const onAbort = () => {
          calls.cancel(callId);
          resolve(cancelled);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        void invoke(input, callId).then((answer) => {
          signal.removeEventListener('abort', onAbort);
          resolve(answer);
        });
      });
    };
  }
  return api as unknown as TrellisApi;
}
