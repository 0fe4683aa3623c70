import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, startWebConsole, type RunningConsole } from '../support/webConsole';

let web: RunningConsole;
let browser: Browser;

beforeAll(async () => {
  web = await startWebConsole();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

function send(method: string, path: string, headers: Record<string, string>, body: string) {
  const { port } = new URL(web.origin);
  return new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const post = (headers: Record<string, string>) =>
  send('POST', '/rpc/profiles.list', { 'content-type': 'application/json', ...headers }, '{}');
const upload = (headers: Record<string, string>) =>
  send(
    'PUT',
    `/upload/${randomUUID()}?path=application.py`,
    { 'content-type': 'application/octet-stream', host: new URL(web.origin).host, ...headers },
    'print(1)',
  );

describe('web mode refuses what it must', () => {
  it('answers the built console with its token', async () => {
    expect(await post({ host: new URL(web.origin).host, 'x-trellis-token': web.token })).toBe(200);
  });

  it('refuses an API request without the token, or with a wrong one', async () => {
    expect(await post({ host: new URL(web.origin).host })).toBe(401);
    expect(await post({ host: new URL(web.origin).host, 'x-trellis-token': 'f'.repeat(32) })).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) even with the token', async () => {
    expect(await post({ host: 'attacker.example', 'x-trellis-token': web.token })).toBe(403);
    const { port } = new URL(web.origin);
    expect(await post({ host: `evil.example:${port}`, 'x-trellis-token': web.token })).toBe(403);
  });

  it('refuses a foreign Origin even with the token', async () => {
    const host = new URL(web.origin).host;
    expect(await post({ host, origin: 'http://evil.example', 'x-trellis-token': web.token })).toBe(403);
    expect(await post({ host, origin: 'null', 'x-trellis-token': web.token })).toBe(403);
  });

  it('refuses a deploy upload without the token, or with a wrong one', async () => {
    expect(await upload({})).toBe(401);
    expect(await upload({ 'x-trellis-token': 'f'.repeat(32) })).toBe(401);
    // With the token the same request reaches the upload sessions, which know no such upload.
    expect(await upload({ 'x-trellis-token': web.token })).toBe(404);
  });

  it('refuses to listen on anything but loopback, with its reason and exit code 2', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'trellis-e2e-bind-'));
    const child = spawn(process.execPath, ['out/main/web.js', '--host', '0.0.0.0', '--data-dir', dataDir], {
      env: { ...process.env, HOME: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^trellis web: --host 0\.0\.0\.0 refused: web mode listens on 127\.0\.0\.1 only/);
    expect(stdout).not.toContain('Trellis web mode: open');
  });

  it('takes the token out of the address bar and never sends it in a URL or Referer', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen: { url: string; referer: string | undefined }[] = [];
    page.on('request', (r) => seen.push({ url: r.url(), referer: r.headers()['referer'] }));
    await page.goto(web.url);
    // The profile list came back over /rpc with the token, so the page is past authentication.
    await page.getByRole('combobox', { name: 'Profile' }).selectOption('sandbox');
    await expect.poll(() => seen.filter((r) => r.url.includes('/rpc/')).length).toBeGreaterThan(1);
    expect(page.url()).not.toContain(web.token);
    expect(page.url()).not.toContain('token=');
    for (const r of seen) {
      // The first navigation carries the fragment; Chromium never puts a fragment on the wire.
      expect(r.url.split('#')[0], r.url).not.toContain(web.token);
      // no-referrer: no Referer at all (Playwright shows an absent one as undefined or '').
      expect(r.referer ?? '', r.url).toBe('');
    }
    await context.close();
  });

  it('a page opened without the token shows why it cannot load data', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(web.origin + '/');
    await expect
      .poll(async () => (await page.getByRole('alert').allTextContents()).join(' '), { timeout: 15_000 })
      .toMatch(/not authorised/i);
    await context.close();
  });
});
