/**
 * The web-mode transport: `POST /rpc/<channel>` with the session token. Like
 * the preload, it never throws: every failure becomes a Result error the
 * panels can show. A streamed channel whose caller listens for pages asks
 * for a streamed answer (one JSON frame a line: pages, then the result) and
 * reads it as it arrives.
 */
import { channelNames } from '../../../shared/contract/channelNames';
import type { AppError, Result, TrellisApi } from '../../../shared/contract';
import { CANCELLED_MESSAGE } from '../../../shared/contract/common';
import {
  createPageAssembler,
  isStreamedChannel,
  STREAM_CONTENT_TYPE,
  type StreamedChannel,
} from '../../../shared/contract/progress';
import { eitherSignal } from './desktopClient';
import { StreamFrameError, StreamFrameReader } from './streamFrames';

export interface FetchResponse {
  status: number;
  text(): Promise<string>;
  /** Present on a real fetch; a streamed answer is read from it. */
  headers?: { get(name: string): string | null };
  body?: ReadableStream<Uint8Array> | null;
}

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<FetchResponse>;

type PageListener = (page: unknown) => void;

export interface WebClientOptions {
  fetch: FetchLike;
  /** Read on every call, so a token restored later is picked up. */
  getToken: () => string | null;
  baseUrl?: string;
  /** The signal that cancels a call (see targetAborts); the TrellisApi type stays the same for every caller. */
  signalFor?: (channel: string, input: unknown) => AbortSignal | undefined;
}

export const FORBIDDEN_MESSAGE =
  'This page is not authorised: open the exact URL that `npm run web` printed (it carries a per-launch token).';
export const UNREACHABLE_MESSAGE = 'The Trellis server is not reachable; is `npm run web` still running?';
export { CANCELLED_MESSAGE };

function failure(error: AppError): Result<never> {
  return { ok: false, error };
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: unknown };
  if (v.ok === true) return 'data' in v;
  if (v.ok === false) {
    const e = v.error as { code?: unknown; message?: unknown } | undefined;
    return typeof e === 'object' && e !== null && typeof e.code === 'string' && typeof e.message === 'string';
  }
  return false;
}

/**
 * The frames of a streamed answer: each page to `onPage` as its line ends (none once `signal` aborts),
 * then the result, with the rows the pages carried put back into it.
 */
async function readStream(
  channel: StreamedChannel,
  body: ReadableStream<Uint8Array>,
  onPage: PageListener,
  signal: AbortSignal | undefined,
): Promise<Result<unknown>> {
  const reader = body.getReader();
  const frames = new StreamFrameReader();
  const assembler = createPageAssembler(channel);
  let result: unknown;
  const take = (list: ReturnType<StreamFrameReader['push']>) => {
    for (const frame of list) {
      if ('result' in frame) result = frame.result;
      else if (!signal?.aborted) {
        assembler.add(frame.progress);
        onPage(frame.progress);
      }
    }
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      take(frames.push(value));
    }
    take(frames.end());
  } catch (err) {
    if (signal?.aborted) return failure({ code: 'network', message: CANCELLED_MESSAGE, retryable: true });
    if (err instanceof StreamFrameError) {
      return failure({ code: 'internal', message: `The Trellis server sent ${err.message}.`, retryable: true });
    }
    return failure({ code: 'network', message: UNREACHABLE_MESSAGE, retryable: true });
  }
  if (signal?.aborted) return failure({ code: 'network', message: CANCELLED_MESSAGE, retryable: true });
  if (!isResult(result)) {
    return failure({
      code: 'internal',
      message: 'The Trellis server ended a streamed answer without its result.',
      retryable: true,
    });
  }
  return result.ok ? { ok: true, data: assembler.finish(result.data) } : result;
}

async function callRpc(
  options: WebClientOptions,
  channel: string,
  input: unknown,
  call: { onProgress?: PageListener; signal?: AbortSignal } = {},
): Promise<Result<unknown>> {
  const onPage = call.onProgress;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = options.getToken();
  if (token) headers['x-trellis-token'] = token;
  const streamed = onPage !== undefined && isStreamedChannel(channel) ? channel : null;
  if (streamed) headers.accept = STREAM_CONTENT_TYPE;

  const signal = eitherSignal(options.signalFor?.(channel, input), call.signal);
  let response: FetchResponse;
  let body: string;
  try {
    response = await options.fetch(`${options.baseUrl ?? ''}/rpc/${channel}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(input ?? {}),
      ...(signal ? { signal } : {}),
    });
    const type = response.headers?.get('content-type') ?? '';
    if (streamed && onPage && response.body && response.status === 200 && type.startsWith(STREAM_CONTENT_TYPE)) {
      return await readStream(streamed, response.body, onPage, signal);
    }
    body = await response.text();
  } catch {
    // The stores drop answers for a target they no longer hold, so this message is seldom seen.
    if (signal?.aborted) return failure({ code: 'network', message: CANCELLED_MESSAGE, retryable: true });
    return failure({ code: 'network', message: UNREACHABLE_MESSAGE, retryable: true });
  }

  if (response.status === 401 || response.status === 403) {
    return failure({
      code: 'forbidden-sender',
      message: FORBIDDEN_MESSAGE,
      retryable: false,
      httpStatus: response.status,
    });
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return failure({
      code: 'internal',
      message: `The Trellis server sent an answer that is not JSON (HTTP ${response.status}).`,
      httpStatus: response.status,
      retryable: response.status >= 500,
    });
  }
  if (!isResult(parsed)) {
    return failure({
      code: 'internal',
      message: `The Trellis server sent an answer in an unexpected shape (HTTP ${response.status}).`,
      httpStatus: response.status,
      retryable: false,
    });
  }
  return parsed;
}

export function createWebClient(options: WebClientOptions): TrellisApi {
  type Call = (input: unknown, call?: { onProgress?: PageListener; signal?: AbortSignal }) => Promise<Result<unknown>>;
  const api: Record<string, Call> = {};
  for (const name of channelNames) api[name] = (input, call) => callRpc(options, name, input, call);
  return api as unknown as TrellisApi;
}
