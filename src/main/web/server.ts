import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import type { AppError } from '../../shared/contract';
import { isStreamedChannel, STREAM_CONTENT_TYPE } from '../../shared/contract/progress';
import { toAppError } from '../aws/errors';
import type { UploadReceiver } from '../deploy/uploadSessions';
import type { Router } from '../ipc/router';
import { contentTypeOf, existingFileInside, RENDERER_CSP, resolveInside } from '../rendererFiles';

export interface WebServerOptions {
  router: Router;
  staticDir: string;
  port: number;
  /** Fixed only in tests; otherwise 128 bits of randomness per launch. */
  token?: string;
  /** Where `PUT /upload/<uploadId>?path=…` bodies go (a deploy's files); without it the route does not exist. */
  uploads?: UploadReceiver;
}

export interface RunningWebServer {
  /** Opens the console already authenticated: the token rides in the fragment, which browsers never send to servers or in Referer. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** The only address web mode ever listens on. The token is the sole lock, so it must never face the network. */
export const WEB_HOST = '127.0.0.1';
const HOST = WEB_HOST;
const BIND_FLAGS = ['--host', '--bind', '--listen', '--address', '--hostname'];

/**
 * Web mode has no option to listen elsewhere, and someone asking for one
 * (`--host 0.0.0.0`, `TRELLIS_HOST`) gets told why instead of a generic
 * "unknown option": anyone who reached the port could drive the console
 * with the operator's AWS credentials. Returns the message, or null.
 */
export function nonLoopbackBindRefusal(argv: readonly string[], env: NodeJS.ProcessEnv): string | null {
  const why = `web mode listens on ${WEB_HOST} only, so no other machine can reach the console or the AWS credentials behind it. To use it from another machine, forward the port over SSH instead: ssh -L PORT:${WEB_HOST}:PORT THIS_MACHINE.`;
  if (env.TRELLIS_HOST !== undefined) return `TRELLIS_HOST=${env.TRELLIS_HOST} refused: ${why}`;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const flag = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    if (!BIND_FLAGS.includes(flag)) continue;
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[i + 1] ?? '');
    return `${flag}${value ? ` ${value}` : ''} refused: ${why}`;
  }
  return null;
}

const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STATUS_OF: Partial<Record<AppError['code'], number>> = { validation: 400, 'not-found': 404, conflict: 409 };
const MAX_BODY = 1024 * 1024;
function send(res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped, so the client gets its 413 instead of a reset
      // connection; only an absurd body is cut off mid-way.
      if (size > MAX_BODY * 64) req.destroy();
      else if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) reject(new Error('too large'));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/**
 * Web mode: the renderer and the same router, over loopback HTTP. The checks
 * stand in for Electron's process isolation: loopback only, a per-launch
 * token on every API call, and Host/Origin pinned to our own address so a
 * malicious page cannot reach us through DNS rebinding or cross-site POSTs.
 */
export function startWebServer(opts: WebServerOptions): Promise<RunningWebServer> {
  const token = opts.token ?? randomBytes(16).toString('hex');
  let port = opts.port;
  const allowedHosts = () => [`${HOST}:${port}`, `localhost:${port}`];

  async function handleRpc(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, JSON.stringify({ error: 'POST only' }));
    if (!sameToken(req.headers['x-trellis-token'] as string | undefined, token)) {
      return send(res, 401, JSON.stringify({ error: 'missing or wrong session token' }));
    }
    // Requiring JSON also rules out HTML-form "simple requests" from other sites.
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return send(res, 415, JSON.stringify({ error: 'application/json required' }));
    }
    let input: unknown;
    try {
      const body = await readBody(req);
      input = body ? JSON.parse(body) : {};
    } catch (err) {
      const tooLarge = err instanceof Error && err.message === 'too large';
      return send(
        res,
        tooLarge ? 413 : 400,
        JSON.stringify({
          ok: false,
          error: {
            code: 'validation',
            message: tooLarge ? 'Request body over 1 MiB.' : 'Request body is not valid JSON.',
            retryable: false,
          },
        }),
      );
    }
    // The browser aborts a call when the user switches profile or region; nobody reads that answer.
    let cancelled = false;
    const controller = new AbortController();
    res.once('close', () => {
      if (res.writableFinished) return;
      cancelled = true;
      controller.abort();
    });
    const streamed = isStreamedChannel(channel) && String(req.headers.accept ?? '').includes(STREAM_CONTENT_TYPE);
    if (!streamed) {
      const result = await opts.router.dispatch(channel, input, controller.signal);
      if (cancelled) return;
      return send(res, 200, JSON.stringify(result));
    }
    // One JSON frame a line: each page as main reads it, then the result (errors too, as data, like any RPC).
    res.writeHead(200, { 'content-type': `${STREAM_CONTENT_TYPE}; charset=utf-8`, 'cache-control': 'no-store' });
    res.flushHeaders();
    const result = await opts.router.dispatch(channel, input, controller.signal, (page) => {
      if (!cancelled) res.write(`${JSON.stringify({ progress: page })}\n`);
    });
    if (cancelled) return;
    res.end(`${JSON.stringify({ result })}\n`);
  }

  /**
   * One file of a web-mode deploy, streamed to the upload session as it
   * arrives (the 1 MiB limit is for JSON RPC only). Same checks as /rpc: the
   * Host/Origin checks above, then the session token. Answers like an RPC:
   * `{ ok: true, data: receipt }` or `{ ok: false, error }` with a 4xx status.
   */
  async function handleUpload(req: IncomingMessage, res: ServerResponse, uploadId: string, url: URL): Promise<void> {
    const refuse = (status: number, error: AppError) => {
      // Whatever is left of the body is not read: close the connection once the answer is out.
      res.setHeader('connection', 'close');
      res.once('finish', () => {
        if (!req.complete) req.destroy();
      });
      send(res, status, JSON.stringify({ ok: false, error }));
    };
    if (req.method !== 'PUT') {
      return refuse(405, { code: 'validation', message: 'Uploads are PUT requests.', retryable: false });
    }
    if (!sameToken(req.headers['x-trellis-token'] as string | undefined, token)) {
      return refuse(401, { code: 'forbidden-sender', message: 'missing or wrong session token', retryable: false });
    }
    const path = url.searchParams.get('path');
    if (!opts.uploads || !UPLOAD_ID.test(uploadId)) {
      return refuse(404, {
        code: 'not-found',
        message: `No upload ${uploadId.slice(0, 40)} is open.`,
        retryable: false,
      });
    }
    if (path === null) {
      return refuse(400, { code: 'validation', message: 'The ?path= of the file is missing.', retryable: false });
    }
    const length = req.headers['content-length'];
    const declared = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
    try {
      const receipt = await opts.uploads.receive(uploadId, path, req, declared);
      send(res, 200, JSON.stringify({ ok: true, data: receipt }));
    } catch (err) {
      const error = toAppError(err);
      refuse(error.httpStatus ?? STATUS_OF[error.code] ?? 500, error);
    }
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'GET only', 'text/plain');
    const wanted = resolveInside(opts.staticDir, pathname);
    if (wanted === null) return send(res, 404, 'not found', 'text/plain');
    let file = await existingFileInside(opts.staticDir, wanted);
    if (file === null) {
      // Unknown paths without an extension are client-side routes.
      if (extname(wanted)) return send(res, 404, 'not found', 'text/plain');
      file = join(opts.staticDir, 'index.html');
    }
    res.writeHead(200, {
      'content-type': contentTypeOf(file),
      'cache-control': file.endsWith('.html') ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  const server = createServer((req, res) => {
    res.setHeader('content-security-policy', RENDERER_CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    res.setHeader('cross-origin-resource-policy', 'same-origin');

    if (!allowedHosts().includes(String(req.headers.host ?? ''))) {
      return send(res, 403, JSON.stringify({ error: 'foreign Host header' }));
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts().some((h) => origin === `http://${h}`)) {
      return send(res, 403, JSON.stringify({ error: 'foreign Origin' }));
    }
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    if (url.pathname.startsWith('/rpc/')) {
      handleRpc(req, res, url.pathname.slice('/rpc/'.length)).catch(() => {
        // A streamed answer already under way cannot change its status; ending it short tells the client.
        if (!res.headersSent) send(res, 500, JSON.stringify({ error: 'internal' }));
        else res.destroy();
      });
      return;
    }
    if (url.pathname.startsWith('/upload/')) {
      handleUpload(req, res, url.pathname.slice('/upload/'.length), url).catch(() => {
        if (!res.headersSent) send(res, 500, JSON.stringify({ error: 'internal' }));
      });
      return;
    }
    serveStatic(req, res, url.pathname).catch(() => {
      if (!res.headersSent) send(res, 500, 'internal', 'text/plain');
      else res.destroy();
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, HOST, () => {
      port = (server.address() as AddressInfo).port;
      const origin = `http://${HOST}:${port}`;
      resolve({
        url: `${origin}/#token=${token}`,
        origin,
        port,
        token,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
