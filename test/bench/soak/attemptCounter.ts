/**
 * Tells the SDK's first attempts from its retries, which the console's main
 * process (a separate `web.js`) does not report: every AWS SDK request
 * carries `amz-sdk-request: attempt=N; max=M`. The sandbox runs in this
 * process, so Node's own HTTP server diagnostics channel shows each request
 * it receives, with its headers, untouched (a proxy in between would change
 * the Host the sandbox insists on, and with it the signature).
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AttemptCounts {
  /** Every AWS request the sandbox received (its admin routes left out). */
  requests: number;
  /** Requests whose header says attempt 1 (or that carry none). */
  firstAttempts: number;
  /** Requests whose header says attempt 2 or later. */
  retries: number;
}

export interface AttemptCounter {
  counts(): AttemptCounts;
  stop(): void;
}

const CHANNEL = 'http.server.request.start';

function attemptOf(request: IncomingMessage): number {
  const value = request.headers['amz-sdk-request'];
  const match = /attempt=(\d+)/.exec(Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));
  return match ? Number(match[1]) : 1;
}

/** Counts the attempts arriving at the HTTP server listening on `port` in this process. */
export function countAttempts(port: number): AttemptCounter {
  const counts: AttemptCounts = { requests: 0, firstAttempts: 0, retries: 0 };
  const onRequest = (message: unknown) => {
    const { request, server } = message as { request: IncomingMessage; server: Server };
    if ((server.address() as AddressInfo | null)?.port !== port) return;
    if (request.url?.startsWith('/_trellis/')) return;
    counts.requests++;
    if (attemptOf(request) > 1) counts.retries++;
    else counts.firstAttempts++;
  };
  subscribe(CHANNEL, onRequest);
  return { counts: () => ({ ...counts }), stop: () => unsubscribe(CHANNEL, onRequest) };
}
