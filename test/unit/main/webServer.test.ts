import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Router } from '../../../src/main/ipc/router';
import { startWebServer, type RunningWebServer } from '../../../src/main/web/server';

// Raw node:http so the test controls Host and Origin exactly as an attacker would.
function raw(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }>(
    (resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        },
      );
      req.on('error', reject);
      if (opts.body) req.write(opts.body);
      req.end();
    },
  );
}

describe('web mode server', () => {
  let server: RunningWebServer;
  const calls: { channel: string; input: unknown }[] = [];
  const router: Router = {
    async dispatch(channel, input) {
      calls.push({ channel, input });
      return { ok: true, data: { echoed: channel } };
    },
  };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'static-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Trellis</title>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    server = await startWebServer({ router, staticDir: dir, port: 0 });
  });
  afterAll(() => server.close());

  const host = () => `127.0.0.1:${server.port}`;
  const rpc = (headers: Record<string, string>, body = '{}') =>
    raw(server.port, {
      method: 'POST',
      path: '/rpc/app.info',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('prints a URL carrying a 128-bit token in the fragment', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/#token=[0-9a-f]{32}$`));
  });

  it('serves the console with a strict CSP', async () => {
    const res = await raw(server.port, { path: '/', headers: { host: host() } });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Trellis</title>');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers an API call that carries the token', async () => {
    const before = calls.length;
    const res = await rpc({ host: host(), 'x-trellis-token': server.token });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, data: { echoed: 'app.info' } });
    expect(calls.length).toBe(before + 1);
  });

  it('refuses an API call without the token, or with a wrong one, before the router sees it', async () => {
    const before = calls.length;
    expect((await rpc({ host: host() })).status).toBe(401);
    expect((await rpc({ host: host(), 'x-trellis-token': '0'.repeat(32) })).status).toBe(401);
    expect(calls.length).toBe(before);
  });

  it('refuses a foreign Host (DNS rebinding) even with the right token', async () => {
    const res = await rpc({ host: `evil.example:${server.port}`, 'x-trellis-token': server.token });
    expect(res.status).toBe(403);
    expect((await raw(server.port, { path: '/', headers: { host: 'evil.example' } })).status).toBe(403);
  });

  it('refuses a foreign Origin even with the right token', async () => {
    const res = await rpc({ host: host(), origin: 'http://evil.example', 'x-trellis-token': server.token });
    expect(res.status).toBe(403);
  });

  it('refuses form posts and bad JSON with specific answers', async () => {
    const form = await raw(server.port, {
      method: 'POST',
      path: '/rpc/app.info',
      headers: { host: host(), 'x-trellis-token': server.token, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(415);
    const bad = await rpc({ host: host(), 'x-trellis-token': server.token }, '{not json');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toBe('Request body is not valid JSON.');
  });

  it.each(['/..%2f..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/../../../../etc/passwd'])(
    'does not serve files outside its folder: %s',
    async (path) => {
      const res = await raw(server.port, { path, headers: { host: host() } });
      expect(res.body).not.toContain('root:');
      // Dot segments collapse at the root, so the request lands inside the folder and gets the app shell.
      expect(res.body).toContain('<title>Trellis</title>');
    },
  );

  it('answers a missing asset with 404, not the app shell', async () => {
    expect((await raw(server.port, { path: '/assets/missing.js', headers: { host: host() } })).status).toBe(404);
  });
});
