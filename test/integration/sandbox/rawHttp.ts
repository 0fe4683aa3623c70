/** Plain HTTP against the sandbox, for what an SDK would never send. */
import { request } from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export interface RawRequest {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** Abort the request after this long, so a hang fails a test instead of stalling it. */
  readonly timeoutMs?: number;
}

export function rawRequest(endpoint: string, options: RawRequest = {}): Promise<RawResponse> {
  const url = new URL(options.path ?? '/', endpoint);
  return new Promise((resolve, reject) => {
    const init = {
      method: options.method ?? 'POST',
      headers: options.headers ?? {},
      ...(options.timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(options.timeoutMs) }),
    };
    const req = request(url, init, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export function signedHeaders(service: string, accessKeyId = 'AKIARAWHTTPTEST00001'): Record<string, string> {
  return {
    authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20261122/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`,
    'x-amz-date': '20261122T034914Z',
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
  };
}
