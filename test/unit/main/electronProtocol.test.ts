import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN, createAppRequestHandler } from '../../../src/main/appProtocol';
import { RENDERER_CSP } from '../../../src/main/rendererFiles';
import { FakeBrowserWindow, recorded } from './electronStandIn';

vi.mock('electron', async () => (await import('./electronStandIn')).electronModule);
vi.mock('../../../src/main/context', () => ({
  createAppContext: async () => ({
    router: { dispatch: async () => ({ ok: true, data: null }) },
    close: async () => undefined,
  }),
}));

const SECRET = 'root:x:0:0:secret-outside-the-renderer';
const shippedIndex = readFileSync(join(import.meta.dirname, '../../../src/renderer/index.html'), 'utf8');

/** out/renderer in miniature, with a file beside it and a symlink out of it that must never be served. */
function rendererFolder(): string {
  const base = mkdtempSync(join(tmpdir(), 'trellis-app-protocol-'));
  const root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), shippedIndex);
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'export const ok = 1;');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(base, 'secret.txt'), SECRET);
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'leak.js'));
  return root;
}

function cspDirectives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!.toLowerCase(), sources]),
  );
}

describe('the app:// protocol handler', () => {
  let root: string;
  let handle: ReturnType<typeof createAppRequestHandler>;
  beforeAll(() => {
    root = rendererFolder();
    handle = createAppRequestHandler(root);
  });
  const get = (url: string) => handle({ url, method: 'GET' });

  it('serves index.html with the CSP header and the page itself', async () => {
    for (const url of [`${APP_ORIGIN}/index.html`, `${APP_ORIGIN}/`]) {
      const res = await get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(RENDERER_CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toBe(shippedIndex);
    }
  });

  it('serves assets with their own content type', async () => {
    const js = await get(`${APP_ORIGIN}/assets/index-abc.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('export const ok = 1;');
    const css = await get(`${APP_ORIGIN}/assets/index-abc.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it.each([
    `${APP_ORIGIN}/../../etc/passwd`,
    `${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`,
    `${APP_ORIGIN}/..%2fsecret.txt`,
    `${APP_ORIGIN}/assets/..%2f..%2fsecret.txt`,
    `${APP_ORIGIN}/%2e%2e%2fsecret.txt`,
    `${APP_ORIGIN}/..%5csecret.txt`,
    `${APP_ORIGIN}//etc/passwd`,
    `${APP_ORIGIN}/%2Fetc%2Fpasswd`,
    `${APP_ORIGIN}/index.html%00.js`,
    `${APP_ORIGIN}/%00`,
    `${APP_ORIGIN}/%E0%A4%A`,
    `${APP_ORIGIN}/assets/leak.js`,
    `${APP_ORIGIN}/assets`,
    `${APP_ORIGIN}/missing.js`,
    'app://other/index.html',
    'app:///etc/passwd',
    'app://trellis.evil/index.html',
  ])('answers 404 and nothing outside the folder for %s', async (url) => {
    const res = await get(url);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('root:');
  });

  it('refuses an absolute path to a file outside the folder', async () => {
    const secretPath = join(root, '..', 'secret.txt');
    for (const url of [`${APP_ORIGIN}/${encodeURIComponent(secretPath)}`, `${APP_ORIGIN}${secretPath}`]) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain(SECRET);
    }
  });

  it('answers only GET and HEAD', async () => {
    expect((await handle({ url: `${APP_ORIGIN}/index.html`, method: 'POST' })).status).toBe(405);
    const head = await handle({ url: `${APP_ORIGIN}/index.html`, method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('the renderer CSP', () => {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(shippedIndex)?.[1];

  it('is in index.html as the header policy, less frame-ancestors which a meta tag cannot carry', () => {
    expect(meta).toBeDefined();
    expect(cspDirectives(meta!)).toEqual(
      new Map([...cspDirectives(RENDERER_CSP)].filter(([name]) => name !== 'frame-ancestors')),
    );
    expect(cspDirectives(RENDERER_CSP).get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('allows no eval, no inline script and no remote origin', () => {
    for (const policy of [RENDERER_CSP, meta!]) {
      const directives = cspDirectives(policy);
      expect(directives.get('script-src')).toEqual(["'self'"]);
      expect(directives.get('default-src')).toEqual(["'self'"]);
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(directives.get('base-uri')).toEqual(["'none'"]);
      for (const [name, sources] of directives) {
        for (const source of sources) {
          expect(source, `${name} ${source}`).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval|unsafe-hashes/);
          // Only keywords and data: for images; any scheme, host or wildcard would admit remote code or exfiltration.
          expect(source, `${name} ${source}`).toMatch(/^'(self|none)'$|^data:$/);
          if (source === 'data:') expect(name).toBe('img-src');
        }
      }
    }
  });
});

describe('the scheme as main registers it (index.ts)', () => {
  beforeAll(async () => {
    const { app } = await import('./electronStandIn');
    await import('../../../src/main/index');
    // Nothing is served before ready; the privilege registration must already have happened.
    expect(recorded.protocolHandlers.size).toBe(0);
    app.becomeReady();
    await vi.waitFor(() => expect(FakeBrowserWindow.instances.length).toBe(1));
  });

  it('registers app:// as privileged before ready, without bypassing CSP or opening CORS', () => {
    expect(recorded.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
    expect(recorded.calls.filter((c) => c.startsWith('protocol.'))).toEqual([
      'protocol.registerSchemesAsPrivileged(ready=false)',
      'protocol.handle(app, ready=true)',
    ]);
  });

  it('serves the renderer folder next to main, index.html with the CSP, and nothing above it', async () => {
    const handler = recorded.protocolHandlers.get('app')!;
    // In the source tree "next to main" is src/renderer, whose index.html is what the build ships.
    const index = await handler({ url: 'app://trellis/index.html', method: 'GET' });
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(await index.text()).toBe(shippedIndex);
    for (const url of [
      'app://trellis/../main/index.ts',
      'app://trellis/..%2fmain%2findex.ts',
      'app://trellis/..%2f..%2fpackage.json',
    ]) {
      expect((await handler({ url, method: 'GET' })).status, url).toBe(404);
    }
  });

  it('puts the CSP on every response the session loads (dev server included)', () => {
    const session = FakeBrowserWindow.instances[0]!.webContents.session;
    let headers: Record<string, string[]> | undefined;
    session.headersListener!({ url: 'http://localhost:5173/', responseHeaders: { 'X-Other': ['1'] } }, (r) => {
      headers = r.responseHeaders;
    });
    expect(headers).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [RENDERER_CSP] });
  });
});
