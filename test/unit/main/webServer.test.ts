import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { UploadReceipt, UploadReceiver } from '../../../src/main/deploy/uploadSessions';
import type { Router } from '../../../src/main/ipc/router';
import { nonLoopbackBindRefusal, startWebServer, WEB_HOST, type RunningWebServer } from '../../../src/main/web/server';

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
    const before = calls.length;
    const hosts = [
      `evil.example:${server.port}`,
      `127.0.0.1.evil.example:${server.port}`,
      `localhost.evil.example:${server.port}`,
      `127.0.0.1:${server.port + 1}`,
      '127.0.0.1',
      `[::1]:${server.port}`,
    ];
    for (const h of hosts) {
      const res = await rpc({ host: h, 'x-trellis-token': server.token });
      expect(res.status, h).toBe(403);
      expect(JSON.parse(res.body), h).toEqual({ error: 'foreign Host header' });
    }
    expect((await raw(server.port, { path: '/', headers: { host: 'evil.example' } })).status).toBe(403);
    expect(calls.length).toBe(before);
  });

  it('refuses a foreign Origin even with the right token', async () => {
    const before = calls.length;
    const origins = [
      'http://evil.example',
      `http://evil.example:${server.port}`,
      'null',
      `https://127.0.0.1:${server.port}`,
      `http://127.0.0.1:${server.port + 1}`,
      `http://127.0.0.1:${server.port}.evil.example`,
    ];
    for (const origin of origins) {
      const res = await rpc({ host: host(), origin, 'x-trellis-token': server.token });
      expect(res.status, origin).toBe(403);
      expect(JSON.parse(res.body), origin).toEqual({ error: 'foreign Origin' });
    }
    expect(calls.length).toBe(before);
    // Its own origin, as the browser sends it on a same-origin fetch, passes.
    const own = await rpc({ host: host(), origin: `http://${host()}`, 'x-trellis-token': server.token });
    expect(own.status).toBe(200);
  });

  it('sends Referrer-Policy: no-referrer on every answer, so the page never leaks its URL', async () => {
    const token = { 'x-trellis-token': server.token };
    const answers = await Promise.all([
      raw(server.port, { path: '/', headers: { host: host() } }),
      raw(server.port, { path: '/app.js', headers: { host: host() } }),
      raw(server.port, { path: '/missing.js', headers: { host: host() } }),
      rpc({ host: host(), ...token }),
      rpc({ host: host() }),
      rpc({ host: `evil.example:${server.port}`, ...token }),
      rpc({ host: host(), origin: 'http://evil.example', ...token }),
      rpc({ host: host(), ...token }, '{not json'),
      raw(server.port, { method: 'DELETE', path: '/', headers: { host: host() } }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 200, 401, 403, 403, 400, 405]);
    for (const answer of answers) {
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      // The token reaches the page only in the fragment; no answer repeats it.
      expect(answer.body).not.toContain(server.token);
      expect(JSON.stringify(answer.headers)).not.toContain(server.token);
    }
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

  it.each(['/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/../../../../etc/passwd'])(
    'collapses dot segments at the root, inside its folder: %s',
    async (path) => {
      const res = await raw(server.port, { path, headers: { host: host() } });
      expect(res.body).not.toContain('root:');
      // The URL parser resolves these before any file is looked up, so the request lands inside the folder.
      expect(res.body).toContain('<title>Trellis</title>');
    },
  );

  it.each([
    '/..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/assets/..%2f..%2f..%2fetc%2fpasswd',
    '/..%5c..%5c..%5cetc%5cpasswd',
    '/%2Fetc%2Fpasswd.txt',
    '/index.html%00.js',
    '/%E0%A4%A',
  ])('refuses a path that would leave its folder, or is malformed, with 404: %s', async (path) => {
    const res = await raw(server.port, { path, headers: { host: host() } });
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('root:');
    // The server is still up (a malformed escape once threw out of the request handler).
    expect((await raw(server.port, { path: '/', headers: { host: host() } })).status).toBe(200);
  });

  it('answers a missing asset with 404, not the app shell', async () => {
    expect((await raw(server.port, { path: '/assets/missing.js', headers: { host: host() } })).status).toBe(404);
  });
});

describe('web mode upload endpoint', () => {
  let server: RunningWebServer;
  const received: string[] = [];
  const uploads: UploadReceiver = {
    async receive(uploadId, path, body) {
      let size = 0;
      for await (const chunk of body) size += chunk.length;
      received.push(`${uploadId}:${path}:${size}`);
      return { path, size, totalBytes: size, fileCount: 1 } satisfies UploadReceipt;
    },
  };
  const uploadId = '0f8fad5b-d9cb-469f-a165-70867728950e';
  const put = (headers: Record<string, string>) =>
    raw(server.port, {
      method: 'PUT',
      path: `/upload/${uploadId}?path=app.py`,
      headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/octet-stream', ...headers },
      body: 'print(1)',
    });

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'static-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Trellis</title>');
    server = await startWebServer({
      router: { dispatch: async () => ({ ok: true, data: null }) },
      uploads,
      staticDir: dir,
      port: 0,
    });
  });
  afterAll(() => server.close());

  it('refuses a deploy file without the token, or with a wrong one, before reading it', async () => {
    const attempts: Record<string, string>[] = [{}, { 'x-trellis-token': '' }, { 'x-trellis-token': '0'.repeat(32) }];
    for (const headers of attempts) {
      const res = await put(headers);
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body)).toEqual({
        ok: false,
        error: { code: 'forbidden-sender', message: 'missing or wrong session token', retryable: false },
      });
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
    expect(received).toEqual([]);
  });

  it('refuses a foreign Host or Origin even with the token', async () => {
    const token = { 'x-trellis-token': server.token };
    expect((await put({ ...token, host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await put({ ...token, origin: 'http://evil.example' })).status).toBe(403);
    expect(received).toEqual([]);
  });

  it('takes the file with the token', async () => {
    const res = await put({ 'x-trellis-token': server.token });
    expect(res.status).toBe(200);
    expect(received).toEqual([`${uploadId}:app.py:8`]);
  });
});

describe('web mode binds loopback only', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('listens on 127.0.0.1 whatever the environment says, and nowhere else', async () => {
    vi.stubEnv('HOST', '0.0.0.0');
    vi.stubEnv('TRELLIS_HOST', '0.0.0.0');
    const listen = vi.spyOn(Server.prototype, 'listen');
    const dir = mkdtempSync(join(tmpdir(), 'static-'));
    const server = await startWebServer({
      router: { dispatch: async () => ({ ok: true, data: null }) },
      staticDir: dir,
      port: 0,
    });
    try {
      expect(listen).toHaveBeenCalledTimes(1);
      expect(listen.mock.calls[0]?.[1]).toBe(WEB_HOST);
      expect(WEB_HOST).toBe('127.0.0.1');
      const address = (listen.mock.contexts[0] as Server).address() as AddressInfo;
      expect(address).toEqual({ address: '127.0.0.1', family: 'IPv4', port: server.port });
      expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
    } finally {
      await server.close();
    }
  });

  it.each([
    [['--host', '0.0.0.0'], '--host 0.0.0.0 refused'],
    [['--port', '5199', '--host=::'], '--host :: refused'],
    [['--bind', '192.168.1.5'], '--bind 192.168.1.5 refused'],
    [['--listen', '0.0.0.0:80'], '--listen 0.0.0.0:80 refused'],
    [['--address=10.0.0.1'], '--address 10.0.0.1 refused'],
    [['--hostname', 'my-laptop.local'], '--hostname my-laptop.local refused'],
    [['--host'], '--host refused'],
  ])('refuses a request to listen elsewhere: %j', (argv, start) => {
    const message = nonLoopbackBindRefusal(argv, {});
    expect(message?.startsWith(`${start}: `), String(message)).toBe(true);
    expect(message).toContain('web mode listens on 127.0.0.1 only');
    expect(message).toContain('ssh -L PORT:127.0.0.1:PORT');
  });

  it('refuses TRELLIS_HOST, and lets ordinary options through', () => {
    expect(nonLoopbackBindRefusal([], { TRELLIS_HOST: '0.0.0.0' })).toMatch(/^TRELLIS_HOST=0\.0\.0\.0 refused: /);
    expect(nonLoopbackBindRefusal(['--port', '0', '--data-dir', '/tmp/x', '--no-sandbox'], {})).toBeNull();
  });
});
