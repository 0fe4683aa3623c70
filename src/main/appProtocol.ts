import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { contentTypeOf, existingFileInside, RENDERER_CSP, resolveInside } from './rendererFiles';

/**
 * The desktop window loads the renderer from `app://trellis/`, not `file://`.
 * A file:// page shares its origin with every other local file and may read
 * them; a standard, secure custom scheme gives the renderer an origin of its
 * own, so 'self' in the CSP and the trusted-sender check mean exactly our
 * built files. Nothing here imports Electron at run time, so the handler is
 * testable in plain Node.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'trellis';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** What Electron hands the handler; a subset of the Fetch API Request. */
export type AppRequest = Pick<Request, 'url' | 'method'>;

/**
 * Must run before the app is ready. `standard` gives the scheme real origins
 * and relative URLs; `secure` makes it a secure context (no mixed-content
 * downgrade); `supportFetchAPI` lets the renderer fetch its own chunks;
 * `codeCache` keeps V8's cache for them. Deliberately not `bypassCSP` or
 * `corsEnabled`: the page stays under its CSP and other origins cannot read it.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** After ready: serve app:// from the built renderer folder and nothing else. */
export function serveAppScheme(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));
}

function refuse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  });
}

export function createAppRequestHandler(rendererDir: string): (request: AppRequest) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'GET only');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(404, 'not found');
    }
    // Another host under our scheme is another origin, and no origin of ours.
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(404, 'not found');
    const wanted = resolveInside(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    const file = wanted === null ? null : await existingFileInside(rendererDir, wanted);
    if (file === null) return refuse(404, 'not found');
    const type = contentTypeOf(file);
    const headers: Record<string, string> = {
      'content-type': type,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    };
    if (type.startsWith('text/html')) headers['content-security-policy'] = RENDERER_CSP;
    const body = request.method === 'HEAD' ? null : await readFile(file);
    return new Response(body, { status: 200, headers });
  };
}
