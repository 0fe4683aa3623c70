/**
 * The large-account sandbox in a child process of its own, so the RSS the
 * benchmark reports is the console's alone. The child is this same bundle
 * started again with CHILD_FLAG: it builds the scenario, serves it on
 * 127.0.0.1, prints one JSON line, and stops when its parent's pipe closes
 * (even if the parent was killed) or on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startSandbox, type ScenarioScale } from '../../../src/sandbox';

export const CHILD_FLAG = '--large-account-sandbox-child';

interface ReadyLine {
  endpoint: string;
  accountId: string;
  startMs: number;
}

export interface SandboxChild extends ReadyLine {
  pid: number;
  /** The child's resident set now, in MiB (Linux /proc), or null when it cannot be read. */
  rssMiB(): number | null;
  stop(): Promise<void>;
}

/** Runs in the child: start, announce, and close cleanly when told to or when the parent goes away. */
export async function runSandboxChild(scaleJson: string | undefined, stateFile?: string): Promise<void> {
  const scale = scaleJson ? (JSON.parse(scaleJson) as Partial<ScenarioScale>) : undefined;
  const t0 = performance.now();
  const sandbox = await startSandbox({
    scenario: 'large-account',
    port: 0,
    ...(scale ? { scale } : {}),
    // A scene a benchmark built and saved (e.g. the monitoring one) is loaded instead of seeding the scenario.
    ...(stateFile ? { stateFile } : {}),
  });
  const ready: ReadyLine = {
    endpoint: sandbox.endpoint,
    accountId: sandbox.accountId,
    startMs: performance.now() - t0,
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // Bounded: a close that hangs must not keep the child alive after the benchmark.
    const timer = setTimeout(() => process.exit(1), 10_000);
    void sandbox.close().finally(() => {
      clearTimeout(timer);
      process.exit(0);
    });
  };
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/**
 * Starts the child from this bundle (`entry`) and waits, at most `timeoutMs`, for its endpoint line.
 * With `stateFile`, the child loads that saved state instead of building the scenario.
 */
export async function spawnSandbox(
  entry: string,
  scale: Partial<ScenarioScale> | undefined,
  timeoutMs: number,
  stateFile?: string,
): Promise<SandboxChild> {
  const args = [entry, CHILD_FLAG, JSON.stringify(scale ?? {}), ...(stateFile ? [stateFile] : [])];
  const child = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' },
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<ReadyLine>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the sandbox printed no endpoint within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      resolve(JSON.parse(line) as ReadyLine);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox exited with ${String(code)} before it was ready: ${stderr}`));
    });
  });
  const pid = child.pid ?? -1;
  return {
    ...ready,
    pid,
    rssMiB() {
      try {
        const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
        return kb ? Number(kb) / 1024 : null;
      } catch {
        return null;
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
