/**
 * Fetching the presigned S3 URLs that RetrieveEnvironmentInfo returns. The
 * URL is a bearer credential for the object, so it is fetched here in main,
 * only from where AWS (or a loopback emulator) would serve it, without
 * following redirects, and it never appears in a message or a result.
 */
import { TrellisError } from '../../aws/errors';

export type Fetcher = (url: string, init: RequestInit) => Promise<Response>;

export interface DownloadLimits {
  timeoutMs: number;
  maxBytes: number;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** undefined when the URL may be fetched; otherwise why not, in words that do not repeat the URL. */
export function downloadRefusal(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Elastic Beanstalk returned a log location that is not a URL';
  }
  if (parsed.username || parsed.password) return 'the log location carries a user name or password';
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && isLoopback(parsed.hostname)) return undefined;
  return parsed.protocol === 'http:'
    ? `the log location is plain http on ${parsed.hostname}; Trellis fetches logs over https, or over http only from this machine`
    : `the log location uses ${parsed.protocol.replace(/:$/, '')}, which Trellis does not fetch`;
}

/** The object's bytes; stops reading as soon as the body passes maxBytes. */
export async function downloadLogObject(fetcher: Fetcher, url: string, limits: DownloadLimits): Promise<Uint8Array> {
  const refusal = downloadRefusal(url);
  if (refusal) throw new TrellisError({ code: 'validation', message: `Not downloaded: ${refusal}.`, retryable: false });
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let response: Response;
  try {
    response = await fetcher(url, { method: 'GET', redirect: 'error', signal });
  } catch (err) {
    throw transportError(err, limits.timeoutMs);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    const expired = response.status === 403;
    throw new TrellisError({
      code: expired ? 'access-denied' : 'aws',
      httpStatus: response.status,
      message: expired
        ? `S3 refused the log object (HTTP 403). Its link lasts 15 minutes; request the logs again.`
        : `S3 answered HTTP ${response.status} for the log object.`,
      retryable: response.status >= 500,
    });
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(limits.maxBytes);
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    const reader = response.body?.getReader();
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limits.maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(limits.maxBytes);
      }
      parts.push(value);
    }
  } catch (err) {
    if (err instanceof TrellisError) throw err;
    throw transportError(err, limits.timeoutMs);
  }
  return Buffer.concat(parts);
}

function tooLarge(maxBytes: number): TrellisError {
  return new TrellisError({
    code: 'validation',
    message: `The log object is over ${Math.round(maxBytes / 1024 / 1024)} MiB; Trellis stopped downloading it. Fetch it with the AWS CLI instead.`,
    retryable: false,
  });
}

function transportError(err: unknown, timeoutMs: number): TrellisError {
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new TrellisError({
      code: 'timeout',
      message: `The log object did not download within ${Math.round(timeoutMs / 1000)} s.`,
      retryable: true,
    });
  }
  // Node's fetch errors name the URL in their cause; say only what kind of failure it was.
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : undefined;
  const code = cause && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  return new TrellisError({
    code: 'network',
    message: `Could not download the log object${code ? ` (${code})` : ''}.`,
    retryable: true,
  });
}
