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
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { AwsError } from './errors';
import { FaultConfigError } from './faults/config';
import { renderQueryError } from './protocols/awsQuery';
import { bodyTooLarge } from './protocols/requestSyntax';
import type { FaultInjector } from './faults/injector';
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
  /** The fault rules behind `/_trellis/faults`. */
  readonly faults?: FaultInjector;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The client went away (or sent framing the HTTP parser refused) before the body was read: nobody to answer. */
class ClientGone extends Error {}

interface ReadBody {
  readonly body: Buffer;
  /** The body passed MAX_BODY_BYTES: it was drained, not kept, and the request is refused. */
  readonly tooLarge: boolean;
}

/** Reads the whole body; an oversized one is drained so the client, still writing, can read the refusal. */
function readBody(request: IncomingMessage): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      const tooLarge = size > MAX_BODY_BYTES;
      resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge });
    });
    request.on('error', () => reject(new ClientGone()));
    // A socket closed mid-body may end the stream without an error; after 'end' this does nothing.
    request.on('close', () => {
      if (!request.complete) reject(new ClientGone());
    });
  });
}

/**
 * Requests the HTTP parser refuses (bad chunk framing, headers over the limit, smuggling-shaped
 * Content-Length with chunked) never reach the handler; they still get an AWS error envelope,
 * generic because no service can be read from a request that did not parse.
 */
function refuseUnparsable(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const refusal = ((): { status: number; reason: string; error: AwsError } => {
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      const e = new AwsError(
        'RequestHeaderFieldsTooLarge',
        'The request line and headers exceed the 16 KiB limit.',
        431,
      );
      return { status: 431, reason: 'Request Header Fields Too Large', error: e };
    }
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      const e = new AwsError(
        'RequestTimeout',
        'Your socket connection to the server was not read from or written to within the timeout period.',
        408,
      );
      return { status: 408, reason: 'Request Timeout', error: e };
    }
    const e = new AwsError(
      'MalformedHttpRequest',
      `The request is not valid HTTP/1.1 (${error.code ?? 'parse error'}).`,
      400,
    );
    return { status: 400, reason: 'Bad Request', error: e };
  })();
  const { status } = refusal;
  const requestId = randomUUID();
  const awsError = refusal.error;
  const body = renderQueryError(awsError, undefined, requestId);
  socket.end(
    `HTTP/1.1 ${status} ${refusal.reason}\r\n` +
      `content-type: text/xml\r\nx-amzn-requestid: ${requestId}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `connection: close\r\n\r\n${body}`,
  );
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

function handleFaults(request: IncomingMessage, body: Buffer, faults: FaultInjector): SandboxResponse {
  // Even reading is refused cross-origin: the rules say which calls a test is about to break.
  if (request.headers.origin !== undefined)
    throw new HttpFailure(403, 'Cross-origin requests may not read or change the sandbox faults.');
  const answer = (): SandboxResponse => json(200, { ok: true, config: faults.current(), stats: faults.stats() });
  switch (request.method) {
    case 'GET':
      return answer();
    case 'PUT': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw new HttpFailure(
          400,
          'The faults body must be JSON, e.g. {"rules":[{"service":"iam","kind":"throttle"}]}.',
        );
      }
      try {
        faults.replace(parsed);
      } catch (error: unknown) {
        if (error instanceof FaultConfigError) throw new HttpFailure(400, error.message);
        throw error;
      }
      return answer();
    }
    case 'DELETE':
      faults.clear();
      return answer();
    default:
      throw new HttpFailure(405, 'Use GET, PUT or DELETE for /_trellis/faults.');
  }
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
  if (path === `${ADMIN_PREFIX}faults` && admin.faults) return handleFaults(request, body, admin.faults);
  throw new HttpFailure(404, `No sandbox admin route ${path}.`);
}

/**
 * How long a client may take to send a whole request. Node's default is five minutes, so a client
 * that stopped halfway through its body held a socket that long; a loopback request of the largest
 * body the sandbox takes arrives in well under a second.
 */
export const DEFAULT_RECEIVE_TIMEOUT_MS = 30_000;

export function createSandboxServer(
  router: Router,
  admin: AdminHandlers,
  receiveTimeoutMs: number = DEFAULT_RECEIVE_TIMEOUT_MS,
): Server {
  const serverOptions = {
    requestTimeout: receiveTimeoutMs,
    headersTimeout: Math.min(receiveTimeoutMs, 60_000),
    // Node checks those timeouts on this interval (30 s by default), so a short one would act late.
    connectionsCheckingInterval: Math.max(250, Math.min(receiveTimeoutMs / 4, 30_000)),
  };
  const server = createServer(serverOptions, (request, response) => {
    // Ends an injected delay or hang once nobody is waiting: the client gave up, or close() destroyed the socket.
    const gone = new AbortController();
    response.on('close', () => gone.abort());
    const reply = (result: SandboxResponse): void => {
      if (!response.destroyed && !response.headersSent) send(response, result);
    };
    void (async () => {
      try {
        const port = (server.address() as AddressInfo | null)?.port;
        const host = request.headers.host;
        if (host !== undefined && host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
          throw new HttpFailure(403, `Host ${host} is not this sandbox.`);
        }
        const { body, tooLarge } = await readBody(request);
        const url = new URL(request.url ?? '/', 'http://127.0.0.1');
        if (url.pathname.startsWith(ADMIN_PREFIX)) {
          if (tooLarge) throw new HttpFailure(413, 'Request body too large.');
          reply(await handleAdmin(request, url, body, admin, port));
          return;
        }
        const result = await router(
          {
            method: request.method ?? 'GET',
            path: url.pathname,
            query: url.searchParams,
            headers: request.headers,
            body,
            ...(request.socket.remoteAddress === undefined ? {} : { remoteAddress: request.socket.remoteAddress }),
          },
          {
            signal: gone.signal,
            rawQuery: url.search.replace(/^\?/, ''),
            ...(tooLarge ? { refusal: (service: string | undefined) => bodyTooLarge(service, MAX_BODY_BYTES) } : {}),
          },
        );
        reply(result);
      } catch (error: unknown) {
        if (error instanceof ClientGone) return;
        if (error instanceof HttpFailure) {
          reply(json(error.status, { ok: false, error: error.message }));
          return;
        }
        console.error('[sandbox] unexpected failure:', error);
        reply(json(500, { ok: false, error: 'Internal sandbox error.' }));
      }
    })();
  });
  server.on('clientError', refuseUnparsable);
  return server;
}
