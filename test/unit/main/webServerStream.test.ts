/**
 * Web mode's streamed answers: a streamed channel asked for with the NDJSON
 * Accept header is answered one frame a line (each page as the router hands
 * it over, then the result, errors as data), behind the same token and
 * Origin checks as every RPC; closing the request aborts the call.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Router } from '../../../src/main/ipc/router';
import { startWebServer, type RunningWebServer } from '../../../src/main/web/server';

const NDJSON = 'application/x-ndjson';

/** Pages the router hands over one at a time, each released by the test. */
let release: (() => void)[] = [];
let lastSignal: AbortSignal | undefined;
const router: Router = {
  async dispatch(channel, _input, signal, onProgress) {
    lastSignal = signal;
    if (channel === 'ssm.getValues')
      return { ok: false, error: { code: 'validation', message: 'bad', retryable: false } };
    for (let i = 1; i <= 3 && onProgress; i++) {
      await new Promise<void>((resolve) => release.push(resolve));
      if (signal?.aborted) return { ok: false, error: { code: 'network', message: 'Cancelled', retryable: true } };
      onProgress({ parameters: [{ name: `/p${i}`, type: 'String', version: 1 }], pages: i, loaded: i });
    }
    return {
      ok: true,
      data: { parameters: onProgress ? [] : [{ name: '/p1', type: 'String', version: 1 }], apiCalls: 3 },
    };
  },
};

let server: RunningWebServer;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'static-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  server = await startWebServer({ router, staticDir: dir, port: 0 });
});
afterAll(() => server.close());

function post(channel: string, headers: Record<string, string>) {
  const req = request({
    host: '127.0.0.1',
    port: server.port,
    method: 'POST',
    path: `/rpc/${channel}`,
    headers: {
      host: `127.0.0.1:${server.port}`,
      'content-type': 'application/json',
      'x-trellis-token': server.token,
      ...headers,
    },
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', resolve);
    req.on('error', reject);
  });
  req.end('{}');
  return { req, response };
}

/** Resolves with the next complete line of the body. */
function lines(res: IncomingMessage) {
  let buffered = '';
  const waiting: ((line: string) => void)[] = [];
  const ready: string[] = [];
  res.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
      const line = buffered.slice(0, i);
      buffered = buffered.slice(i + 1);
      const w = waiting.shift();
      if (w) w(line);
      else ready.push(line);
    }
  });
  return () =>
    new Promise<unknown>((resolve) => {
      const line = ready.shift();
      if (line !== undefined) resolve(JSON.parse(line));
      else waiting.push((l) => resolve(JSON.parse(l)));
    });
}

const untilReleasable = async () => {
  for (let i = 0; i < 200 && release.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
  release.shift()?.();
};

describe('web mode, streamed answers', () => {
  it('sends each page as a line as soon as the router has it, then the result', async () => {
    release = [];
    const { response } = post('ssm.listParameters', { accept: NDJSON });
    const res = await response;
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const next = lines(res);
    await untilReleasable();
    // Page 1 is on the wire while pages 2 and 3 are still being read.
    expect(await next()).toEqual({
      progress: { parameters: [{ name: '/p1', type: 'String', version: 1 }], pages: 1, loaded: 1 },
    });
    await untilReleasable();
    expect(await next()).toMatchObject({ progress: { pages: 2 } });
    await untilReleasable();
    expect(await next()).toMatchObject({ progress: { pages: 3 } });
    expect(await next()).toEqual({ result: { ok: true, data: { parameters: [], apiCalls: 3 } } });
  });

  it('answers plain JSON when the caller did not ask for a stream, or the channel does not stream', async () => {
    const plain = await post('ssm.listParameters', {}).response;
    expect(plain.headers['content-type']).toMatch(/^application\/json/);
    const other = await post('ssm.getValues', { accept: NDJSON }).response;
    expect(other.headers['content-type']).toMatch(/^application\/json/);
  });

  it('keeps the token and Origin checks for streamed calls', async () => {
    const noToken = await post('ssm.listParameters', { accept: NDJSON, 'x-trellis-token': '0'.repeat(32) }).response;
    expect(noToken.statusCode).toBe(401);
    const foreign = await post('ssm.listParameters', { accept: NDJSON, origin: 'http://evil.example' }).response;
    expect(foreign.statusCode).toBe(403);
  });

  it('aborts the call when the client closes the stream', async () => {
    release = [];
    const { req, response } = post('ssm.listParameters', { accept: NDJSON });
    const res = await response;
    const next = lines(res);
    await untilReleasable();
    await next();
    req.destroy();
    for (let i = 0; i < 200 && !lastSignal?.aborted; i++) await new Promise((r) => setTimeout(r, 5));
    expect(lastSignal?.aborted).toBe(true);
    release.forEach((r) => r());
  });
});
