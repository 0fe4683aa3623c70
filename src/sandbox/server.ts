/**
 * The HTTP side: loopback only, request bodies read with a cap, the
 * `/_trellis/` admin routes, and everything else handed to the AWS router.
 *
 * A web page in the user's browser can reach a loopback port, so two checks
 * keep it out: the Host header must name this loopback endpoint (defeats DNS
 * rebinding), and the admin routes refuse any request carrying an Origin.
 * AWS API calls need an Authorization header, which a page cannot send
 * cross-origin without a CORS preflight that this server never approves.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Router } from './router';
import type { SandboxResponse } from './serviceModule';
import type { SsoPageRequest } from './services/sso/approvalPage';
import { SCENARIO_NAMES, type ScenarioName } from './state/document';

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const ADMIN_PREFIX = '/_trellis/';

export interface AdminHandlers {
  readonly scenario: () => ScenarioName;
  readonly reset: (scenario: ScenarioName | undefined) => Promise<ScenarioName>;
  /** Moves the simulation clock forward; returns the new sandbox time. */
  readonly advanceClock: (ms: number) => Date;
  /** The IAM Identity Center device-approval page and its JSON twin (services/sso/approvalPage.ts). */
  readonly ssoPages?: (request: SsoPageRequest) => Promise<SandboxResponse | undefined>;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads the whole body; an oversized one is drained and refused so the client still gets an answer. */
function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(new HttpFailure(413, 'Request body too large.'));
      else resolve(Buffer.concat(chunks));
    });
    request.on('error', reject);
  });
}

function send(response: ServerResponse, result: SandboxResponse): void {
  const body = typeof result.body === 'string' ? Buffer.from(result.body, 'utf8') : result.body;
  response.writeHead(result.status, {
    // HEAD answers declare the length of the body they do not send.
    'content-length': String(body.length),
    ...result.headers,
    date: new Date().toUTCString(),
  });
  response.end(body);
}

function json(status: number, value: unknown): SandboxResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

function isScenarioName(value: unknown): value is ScenarioName {
  return SCENARIO_NAMES.some((name) => name === value);
}

function parseResetBody(body: Buffer): ScenarioName | undefined {
  const text = body.toString('utf8').trim();
  if (text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpFailure(400, 'The reset body must be JSON, e.g. {"scenario":"empty"}.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpFailure(400, 'The reset body must be a JSON object, e.g. {"scenario":"empty"}.');
  }
  const scenario: unknown = (parsed as Record<string, unknown>)['scenario'];
  if (scenario === undefined) return undefined;
  if (!isScenarioName(scenario)) {
    const choices = `${SCENARIO_NAMES.slice(0, -1).join(', ')} or ${SCENARIO_NAMES[SCENARIO_NAMES.length - 1] ?? ''}`;
    throw new HttpFailure(400, `Unknown scenario ${JSON.stringify(scenario)}; use ${choices}.`);
  }
  return scenario;
}

function parseClockBody(body: Buffer): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpFailure(400, 'The clock body must be JSON, e.g. {"advanceMs":15000}.');
  }
  const advanceMs: unknown =
    typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)['advanceMs'] : undefined;
  if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0) {
    throw new HttpFailure(400, 'advanceMs must be a non-negative number of milliseconds, e.g. {"advanceMs":15000}.');
  }
  return advanceMs;
}

async function handleAdmin(
  request: IncomingMessage,
  url: URL,
  body: Buffer,
  admin: AdminHandlers,
  port: number | undefined,
): Promise<SandboxResponse> {
  const path = url.pathname;
  if (path.startsWith(`${ADMIN_PREFIX}sso/`)) {
    const answer = await admin.ssoPages?.({
      method: request.method ?? 'GET',
      path,
      query: url.searchParams,
      headers: request.headers,
      body,
      port,
    });
    if (answer) return answer;
  }
  if (path === `${ADMIN_PREFIX}health`) {
    if (request.method !== 'GET') throw new HttpFailure(405, 'Use GET for /_trellis/health.');
    return json(200, { ok: true, scenario: admin.scenario() });
  }
  if (path === `${ADMIN_PREFIX}reset`) {
    if (request.method !== 'POST') throw new HttpFailure(405, 'Use POST for /_trellis/reset.');
    if (request.headers.origin !== undefined)
      throw new HttpFailure(403, 'Cross-origin requests may not reset the sandbox.');
    const scenario = await admin.reset(parseResetBody(body));
    return json(200, { ok: true, scenario });
  }
  if (path === `${ADMIN_PREFIX}clock`) {
    if (request.method !== 'POST') throw new HttpFailure(405, 'Use POST for /_trellis/clock.');
    if (request.headers.origin !== undefined)
      throw new HttpFailure(403, 'Cross-origin requests may not move the sandbox clock.');
    const now = admin.advanceClock(parseClockBody(body));
    return json(200, { ok: true, now: now.toISOString() });
  }
  throw new HttpFailure(404, `No sandbox admin route ${path}.`);
}

export function createSandboxServer(router: Router, admin: AdminHandlers): Server {
  const server = createServer((request, response) => {
    void (async () => {
      try {
        const port = (server.address() as AddressInfo | null)?.port;
        const host = request.headers.host;
        if (host !== undefined && host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
          throw new HttpFailure(403, `Host ${host} is not this sandbox.`);
        }
        const body = await readBody(request);
        const url = new URL(request.url ?? '/', 'http://127.0.0.1');
        if (url.pathname.startsWith(ADMIN_PREFIX)) {
          send(response, await handleAdmin(request, url, body, admin, port));
          return;
        }
        const result = await router({
          method: request.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: request.headers,
          body,
          ...(request.socket.remoteAddress === undefined ? {} : { remoteAddress: request.socket.remoteAddress }),
        });
        send(response, result);
      } catch (error: unknown) {
        if (error instanceof HttpFailure) {
          send(response, json(error.status, { ok: false, error: error.message }));
          return;
        }
        console.error('[sandbox] unexpected failure:', error);
        if (!response.headersSent) send(response, json(500, { ok: false, error: 'Internal sandbox error.' }));
      }
    })();
  });
  return server;
}
