/**
 * A call the renderer stops waiting for is cancelled down to the SDK: its
 * HTTP request to AWS is closed, and calls still queued behind the per-service
 * limit never start. The endpoint here accepts connections and never answers,
 * as a black-holed network does.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/main/context';
import { CANCELLED_MESSAGE } from '../../../src/shared/contract/common';
import { consoleIn } from '../../support/appConsole';

let dir: string;
let ctx: AppContext;
let server: Server;
const sockets = new Set<Socket>();
let opened = 0;
let closed = 0;

beforeEach(async () => {
  opened = 0;
  closed = 0;
  server = createServer((socket) => {
    opened++;
    sockets.add(socket);
    socket.on('close', () => {
      closed++;
      sockets.delete(socket);
    });
    socket.on('error', () => undefined);
    // Reads and drops the request, so the peer closing is noticed (a paused socket never sees the end).
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  dir = mkdtempSync(join(tmpdir(), 'trellis-cancel-'));
  writeFileSync(
    join(dir, 'config'),
    [
      '[profile silent]',
      'region = us-east-1',
      `endpoint_url = http://127.0.0.1:${port}`,
      'aws_access_key_id = AKIAEXAMPLESILENT01',
      'aws_secret_access_key = not-a-real-secret',
      '',
    ].join('\n'),
  );
  ctx = await consoleIn(dir, { sandbox: false });
});

afterEach(async () => {
  await ctx.close();
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const target = { profile: 'silent', region: 'us-east-1' };

describe('cancelling a call', () => {
  it('closes the SDK request at once and answers that it was cancelled', async () => {
    const controller = new AbortController();
    const answer = ctx.router.dispatch('sts.getCallerIdentity', { target }, controller.signal);
    await until(() => opened === 1, 'the request to reach the endpoint');
    const started = Date.now();
    controller.abort();
    const result = await answer;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result).toEqual({ ok: false, error: { code: 'network', message: CANCELLED_MESSAGE, retryable: true } });
    await until(() => closed === 1, 'the socket to close');
  });

  it('drops calls still queued behind the per-service limit without sending them', async () => {
    const controller = new AbortController();
    // Four run at once per profile and service; the other four wait.
    const answers = Array.from({ length: 8 }, () =>
      ctx.router.dispatch('iam.listAccessKeys', { target, userName: 'someone' }, controller.signal),
    );
    await until(() => opened === 4, 'four requests to reach the endpoint');
    controller.abort();
    const results = await Promise.all(answers);
    expect(results.every((r) => !r.ok && r.error.message === CANCELLED_MESSAGE)).toBe(true);
    await until(() => closed === 4, 'the four sockets to close');
    expect(opened).toBe(4);
  });

  it('refuses a call whose signal is already aborted without touching the network', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await ctx.router.dispatch('sts.getCallerIdentity', { target }, controller.signal);
    expect(result).toMatchObject({ ok: false, error: { message: CANCELLED_MESSAGE } });
    expect(opened).toBe(0);
  });
});
