import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export class UsageError extends Error {}

export function parsePort(value: string | undefined, flag: string): number {
  if (value === undefined || value === '') throw new UsageError(`${flag} needs a port number (0 picks a free one).`);
  if (!/^\d+$/.test(value))
    throw new UsageError(`${flag} ${value}: not a whole number; use 1–65535, or 0 for any free port.`);
  const port = Number(value);
  if (port > 65535)
    throw new UsageError(`${flag} ${value}: out of range; ports go from 1 to 65535 (0 picks a free one).`);
  return port;
}

export interface WebLaunchOptions {
  port: number;
  dataDir: string;
  sandbox: boolean;
  sandboxPort: number;
  resetSandbox: boolean;
}

/** Where Trellis keeps its journal, settings and sandbox state when no desktop shell chooses for it. */
export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  if (env.TRELLIS_DATA_DIR) return resolve(env.TRELLIS_DATA_DIR);
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'trellis');
}

export function parseWebArgs(argv: readonly string[], env: NodeJS.ProcessEnv): WebLaunchOptions {
  const opts: WebLaunchOptions = {
    port: 0,
    dataDir: defaultDataDir(env),
    sandbox: true,
    sandboxPort: 0,
    resetSandbox: false,
  };
  if (env.TRELLIS_PORT) opts.port = parsePort(env.TRELLIS_PORT, 'TRELLIS_PORT');
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--port':
        opts.port = parsePort(value(), '--port');
        break;
      case '--sandbox-port':
        opts.sandboxPort = parsePort(value(), '--sandbox-port');
        break;
      case '--data-dir': {
        const dir = value();
        if (!dir) throw new UsageError('--data-dir needs a directory.');
        opts.dataDir = resolve(dir);
        break;
      }
      case '--no-sandbox':
        opts.sandbox = false;
        break;
      case '--reset-sandbox':
        opts.resetSandbox = true;
        break;
      default:
        throw new UsageError(
          `Unknown option ${arg}. Options: --port N, --data-dir DIR, --sandbox-port N, --no-sandbox, --reset-sandbox.`,
        );
    }
  }
  return opts;
}
