/**
 * The web-mode transport: `POST /rpc/<channel>` with the session token. Like
 * the preload, it never throws: every failure becomes a Result error the
 * panels can show.
 */
import { channelNames } from '../../../shared/contract/channelNames';
import type { AppError, Result, TrellisApi } from '../../../shared/contract';
import { CANCELLED_MESSAGE } from '../../../shared/contract/common';

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

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

async function callRpc(options: WebClientOptions, channel: string, input: unknown): Promise<Result<unknown>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = options.getToken();
  if (token) headers['x-trellis-token'] = token;

  const signal = options.signalFor?.(channel, input);
  let response: { status: number; text(): Promise<string> };
  let body: string;
  try {
    response = await options.fetch(`${options.baseUrl ?? ''}/rpc/${channel}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(input ?? {}),
      ...(signal ? { signal } : {}),
    });
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
  const api: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const name of channelNames) api[name] = (input) => callRpc(options, name, input);
  return api as unknown as TrellisApi;
}
