/**
 * The desktop transport: the preload's functions, with cancellation and
 * pages added. A call the target switch may abort gets an id; when its
 * signal aborts, main is told to abort that call's AWS requests, and the
 * page gets the cancelled answer at once instead of waiting for a request
 * nobody will read. A streamed call whose caller listens for pages gets an
 * id too: main sends its pages tagged with it, and none is passed on once
 * the call is cancelled or answered.
 */
import { channelNames } from '../../../shared/contract/channelNames';
import { CANCELLED_MESSAGE } from '../../../shared/contract/common';
import { createPageAssembler, isStreamedChannel } from '../../../shared/contract/progress';
import type { Result, TrellisApi } from '../../../shared/contract';

export type DesktopBridge = Record<string, (input: unknown, callId?: string, wantsPages?: boolean) => Promise<unknown>>;
export interface DesktopCalls {
  cancel(callId: string): void;
  /** Every page main sends, with the id of its call; returns the unsubscribe. */
  onProgress?(listener: (callId: string, page: unknown) => void): () => void;
}

const cancelled: Result<never> = { ok: false, error: { code: 'network', message: CANCELLED_MESSAGE, retryable: true } };

type PageListener = (page: unknown) => void;

/** Aborts when either does: the target's switch, or the caller's own (a view left). */
export function eitherSignal(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  return a && b ? AbortSignal.any([a, b]) : (a ?? b);
}

export function createDesktopClient(
  bridge: DesktopBridge,
  calls: DesktopCalls | undefined,
  signalFor: (channel: string, input: unknown) => AbortSignal | undefined,
  newId: () => string = () => crypto.randomUUID(),
): TrellisApi {
  const listening = new Map<string, PageListener>();
  let subscribed = false;
  const listenFor = (callId: string, listener: PageListener) => {
    if (!subscribed && calls?.onProgress) {
      calls.onProgress((id, page) => listening.get(id)?.(page));
      subscribed = true;
    }
    listening.set(callId, listener);
  };

  const api: Record<
    string,
    (input: unknown, options?: { onProgress?: PageListener; signal?: AbortSignal }) => Promise<unknown>
  > = {};
  for (const channel of channelNames) {
    const invoke = bridge[channel];
    if (!invoke) continue;
    api[channel] = (input, options) => {
      const signal = calls ? eitherSignal(signalFor(channel, input), options?.signal) : undefined;
      const onProgress = calls?.onProgress && isStreamedChannel(channel) ? options?.onProgress : undefined;
      if (!calls || (!signal && !onProgress)) return invoke(input);
      if (signal?.aborted) return Promise.resolve(cancelled);
      const callId = newId();
      const assembler = onProgress && isStreamedChannel(channel) ? createPageAssembler(channel) : undefined;
      if (onProgress && assembler) {
        listenFor(callId, (page) => {
          assembler.add(page);
          onProgress(page);
        });
      }
      return new Promise((resolve) => {
        const onAbort = () => {
          listening.delete(callId);
          calls.cancel(callId);
          resolve(cancelled);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        void invoke(input, callId, assembler !== undefined).then((answer) => {
          signal?.removeEventListener('abort', onAbort);
          listening.delete(callId);
          const result = answer as Result<unknown>;
          resolve(assembler && result.ok ? { ok: true, data: assembler.finish(result.data) } : answer);
        });
      });
    };
  }
  return api as unknown as TrellisApi;
}
