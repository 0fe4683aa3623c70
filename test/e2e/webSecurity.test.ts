import { request } from 'node:http';
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

function post(headers: Record<string, string>) {
  const { port } = new URL(web.origin);
  return new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/rpc/profiles.list',
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}

describe('web mode refuses what it must', () => {
  it('answers the built console with its token', async () => {
    expect(await post({ host: new URL(web.origin).host, 'x-trellis-token': web.token })).toBe(200);
  });

  it('refuses an API request without the token', async () => {
    expect(await post({ host: new URL(web.origin).host })).toBe(401);
  });

  it('refuses a foreign Host even with the token', async () => {
    expect(await post({ host: 'attacker.example', 'x-trellis-token': web.token })).toBe(403);
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
