/**
 * A client that stops halfway through its request body: the sandbox answers
 * 408 RequestTimeout (S3's code and words) and closes the socket once the receive timeout passes, instead of
 * holding it for Node's five minutes, and goes on answering everyone else.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox';
import { rawRequest } from './rawHttp';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: 'empty', receiveTimeoutMs: 1_000 });
});

afterAll(async () => {
  await sandbox?.close();
});

/** Sends the headers and part of a body, then waits for the server to end the connection (bounded). */
function stallMidBody(): Promise<{ reply: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(sandbox.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error('the sandbox kept the stalled request open for 10 s'));
    }, 10_000);
    socket.on('data', (b: Buffer) => chunks.push(b));
    socket.on('close', () => {
      clearTimeout(guard);
      resolve({ reply: Buffer.concat(chunks).toString('utf8'), ms: Date.now() - started });
    });
    socket.on('error', () => undefined);
    socket.write(
      `POST / HTTP/1.1\r\nHost: 127.0.0.1:${sandbox.port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nAction=Get`,
    );
  });
}

describe('a client that stops sending', () => {
  it('is answered 408 and closed after the receive timeout, and the sandbox still serves others', async () => {
    const { reply, ms } = await stallMidBody();
    expect(reply).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(reply).toContain('<Code>RequestTimeout</Code>');
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(5_000);
    const health = await rawRequest(sandbox.endpoint, { method: 'GET', path: '/_trellis/health', timeoutMs: 5_000 });
    expect(health.status).toBe(200);
  });

  it('refuses a receive timeout out of range by name', async () => {
    await expect(startSandbox({ scenario: 'empty', receiveTimeoutMs: 5 })).rejects.toThrow(
      'receiveTimeoutMs must be an integer from 100 to 600000, got 5.',
    );
  });
});
