/**
 * What the soak runs against, all on 127.0.0.1: the training-lab sandbox in
 * this process with throttling injected on every service (and its requests'
 * attempts counted), and the built web mode (`out/main/web.js`, no sandbox of
 * its own) as its own process, so its RSS is the console's main process
 * alone. Its one profile, `soak`, points at the sandbox.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type FaultConfig,
  type RunningSandbox,
  SANDBOX_ADMIN_CREDENTIALS,
  SANDBOX_REGION,
  startSandbox,
} from '../../../src/sandbox';
import { startWebConsole, type RunningConsole } from '../../support/webConsole';
import { countAttempts, type AttemptCounter } from './attemptCounter';

export const SOAK_PROFILE = 'soak';
const PROFILE_WAIT_MS = 30_000;

export interface SoakConsole {
  sandbox: RunningSandbox;
  counter: AttemptCounter;
  web: RunningConsole;
  /** The web-mode process's resident set, MiB; null once it has gone. */
  mainRssMiB(): number | null;
  close(): Promise<void>;
}

/** The web-mode process started for `dataDir` (startWebConsole keeps its child to itself). */
function webProcessOf(dataDir: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (args.some((a) => a.endsWith('out/main/web.js')) && args.includes(dataDir)) return Number(entry);
  }
  throw new Error(`no web-mode process found for ${dataDir}`);
}

function rssMiB(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** Asks web mode for its profiles, as the page does, until `soak` is listed (main re-reads the files it watches). */
async function waitForProfile(web: RunningConsole): Promise<void> {
  const deadline = Date.now() + PROFILE_WAIT_MS;
  while (Date.now() < deadline) {
    const response = await fetch(`${web.origin}/rpc/profiles.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-trellis-token': web.token },
      body: '{}',
    });
    const result = (await response.json()) as { ok: boolean; data?: { profiles: { name: string }[] } };
    if (result.data?.profiles.some((p) => p.name === SOAK_PROFILE)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`web mode did not list profile ${SOAK_PROFILE} within ${PROFILE_WAIT_MS} ms`);
}

export async function startSoakConsole(faults: FaultConfig): Promise<SoakConsole> {
  const dir = await mkdtemp(join(tmpdir(), 'trellis-soak-'));
  const closers: (() => Promise<void>)[] = [() => rm(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const fn of closers.splice(0).reverse())
      await fn().catch((err: unknown) => console.error('soak cleanup:', err));
  };
  try {
    const sandbox = await startSandbox({ port: 0, stateFile: join(dir, 'state.json'), faults });
    closers.push(() => sandbox.close());
    const counter = countAttempts(sandbox.port);
    closers.push(async () => counter.stop());
    const web = await startWebConsole(['--no-sandbox']);
    closers.push(async () => {
      await web.stop();
      await rm(web.dataDir, { recursive: true, force: true });
    });
    writeFileSync(
      join(web.dataDir, 'aws-config'),
      [
        `[profile ${SOAK_PROFILE}]`,
        `region = ${SANDBOX_REGION}`,
        `endpoint_url = ${sandbox.endpoint}`,
        `aws_access_key_id = ${SANDBOX_ADMIN_CREDENTIALS.accessKeyId}`,
        `aws_secret_access_key = ${SANDBOX_ADMIN_CREDENTIALS.secretAccessKey}`,
        '',
      ].join('\n'),
    );
    await waitForProfile(web);
    const pid = webProcessOf(web.dataDir);
    return { sandbox, counter, web, mainRssMiB: () => rssMiB(pid), close };
  } catch (err) {
    await close();
    throw err;
  }
}
