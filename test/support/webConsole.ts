import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Channel, ChannelInput, ChannelOutput } from '../../src/shared/contract';
import { sandboxEndpointOf } from './environmentPage';

export interface RunningConsole {
  /** The printed URL, token included. */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts the built web mode (`out/main/web.js`) with its own data dir and waits for its URL line. */
export async function startWebConsole(extraArgs: string[] = []): Promise<RunningConsole> {
  const dataDir = mkdtempSync(join(tmpdir(), 'trellis-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['out/main/web.js', '--port', '0', '--data-dir', dataDir, ...extraArgs],
    {
      env: {
        ...process.env,
        // The console's home holds the SSO token cache (~/.aws/sso/cache); never the developer's own.
        HOME: dataDir,
        AWS_CONFIG_FILE: join(dataDir, 'aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'aws-credentials'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`web mode printed no URL within 30 s: ${stderr}`)), 30_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /open (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web mode exited with ${code}: ${stderr}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.hash.replace('#token=', ''),
    dataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** A fresh browser context per test, so no storage or token carries over. */
async function openConsole(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/**
 * One Chromium per test file. Each `open()` starts its own web-mode process
 * (own state file) and its own browser context, already on the sandbox
 * profile; `close()` ends them all, whatever state the tests left them in.
 */
export function sandboxSessions() {
  let browser: Browser | undefined;
  const consoles: RunningConsole[] = [];
  const pages: Page[] = [];
  return {
    async open(): Promise<{ page: Page; web: RunningConsole }> {
      browser ??= await launchChromium();
      const web = await startWebConsole();
      consoles.push(web);
      const page = await openConsole(browser, web.url);
      pages.push(page);
      page.setDefaultTimeout(20_000);
      await page.getByRole('combobox', { name: 'Profile' }).selectOption('sandbox');
      return { page, web };
    },
    async close(): Promise<void> {
      await Promise.all(
        pages.map((p) =>
          p
            .context()
            .close()
            .catch(() => undefined),
        ),
      );
      await browser?.close();
      await Promise.all(consoles.map((c) => c.stop()));
    },
  };
}

/**
 * One console and one Chromium for a whole test file whose tests share its AWS config on purpose (sign-in
 * and multi-account tests): `start()` writes the config file (given the sandbox's endpoint) before any page
 * opens, `page()` opens a fresh browser context, `stop()` ends both.
 */
export function sharedConsole(awsConfig: (sandboxEndpoint: string) => string, timeoutMs = 20_000) {
  let browser: Browser | undefined;
  let web: RunningConsole | undefined;
  const running = (): { browser: Browser; web: RunningConsole } => {
    if (!browser || !web) throw new Error('sharedConsole: call start() in beforeAll first');
    return { browser, web };
  };
  return {
    get web(): RunningConsole {
      return running().web;
    },
    async start(): Promise<void> {
      web = await startWebConsole();
      writeFileSync(join(web.dataDir, 'aws-config'), awsConfig(await sandboxEndpointOf(web)));
      browser = await launchChromium();
    },
    async page(): Promise<Page> {
      const page = await openConsole(running().browser, running().web.url);
      page.setDefaultTimeout(timeoutMs);
      return page;
    },
    async stop(): Promise<void> {
      await browser?.close();
      await web?.stop();
    },
  };
}

/**
 * A channel called from the test process over the web mode's RPC route, as
 * the UI calls it, for what a test asks main rather than the page; an error
 * result fails the step.
 */
export async function webRpc<C extends Channel>(
  web: RunningConsole,
  channel: C,
  input: ChannelInput<C>,
): Promise<ChannelOutput<C>> {
  const response = await fetch(`${web.origin}/rpc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-trellis-token': web.token },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as { ok: boolean; data?: ChannelOutput<C>; error?: { message: string } };
  if (!result.ok || result.data === undefined) throw new Error(`${channel}: ${result.error?.message ?? 'no data'}`);
  return result.data;
}
