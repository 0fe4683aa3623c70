import { spawn } from 'node:child_process';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { CommandLineError, splitCommandLine } from './commandLine';
import { TrellisError, redact } from './errors';

/**
 * `credential_process` as the AWS CLI runs it, with two differences that make
 * it safe in a long-running console: a command runs only once the user has
 * approved that exact command line for that profile, and it runs without a
 * shell under a time limit.
 */
export interface ProcessApprovals {
  isApproved(profile: string, command: string): boolean;
}

export interface ProcessRunOptions {
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

const MAX_STDOUT_BYTES = 1024 * 1024;
const MAX_STDERR_BYTES = 8 * 1024;
const STDERR_LINES = 5;
/** Credentials this close to their Expiration are fetched again, so a call never starts with keys about to lapse. */
const REFRESH_MARGIN_MS = 60_000;
const DOCUMENTED_SHAPE =
  '{"Version": 1, "AccessKeyId": "…", "SecretAccessKey": "…", "SessionToken": "…", "Expiration": "2030-01-01T00:00:00Z"}';
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Why a run or its output failed; the message never quotes stdout, where the secrets are. */
export class CredentialProcessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialProcessError';
  }
}

/** Reads stdout as the documented credential_process JSON (Version 1). */
export function parseProcessOutput(stdout: string, now: number = Date.now()): AwsCredentialIdentity {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    // JSON.parse quotes the text it choked on, and that text may be a secret.
    throw new CredentialProcessError(
      stdout.trim() === ''
        ? `printed nothing on stdout; it must print ${DOCUMENTED_SHAPE}`
        : `printed something that is not JSON; it must print ${DOCUMENTED_SHAPE}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CredentialProcessError(`printed JSON that is not an object; it must print ${DOCUMENTED_SHAPE}`);
  }
  const out = value as Record<string, unknown>;
  if (out.Version === undefined) throw new CredentialProcessError('printed JSON without "Version"; it must be 1');
  if (out.Version !== 1) {
    const shown = typeof out.Version === 'number' ? String(out.Version) : JSON.stringify(typeof out.Version);
    throw new CredentialProcessError(`printed "Version": ${shown}; Trellis, like the AWS CLI, reads only Version 1`);
  }
  const text = (key: string, required: boolean): string | undefined => {
    const field = out[key];
    if (field === undefined || field === null) {
      if (required) throw new CredentialProcessError(`printed JSON without "${key}"`);
      return undefined;
    }
    if (typeof field !== 'string' || field === '') {
      throw new CredentialProcessError(`printed "${key}" that is not a non-empty string`);
    }
    return field;
  };
  const accessKeyId = text('AccessKeyId', true) as string;
  const secretAccessKey = text('SecretAccessKey', true) as string;
  const sessionToken = text('SessionToken', false);
  const expirationText = text('Expiration', false);
  let expiration: Date | undefined;
  if (expirationText !== undefined) {
    expiration = new Date(expirationText);
    if (!ISO_8601.test(expirationText) || Number.isNaN(expiration.getTime())) {
      throw new CredentialProcessError(
        `printed "Expiration": "${expirationText.slice(0, 40)}", which is not an ISO-8601 date-time such as 2030-01-01T00:00:00Z`,
      );
    }
    if (expiration.getTime() <= now) {
      throw new CredentialProcessError(`printed credentials that had already expired (at ${expiration.toISOString()})`);
    }
  }
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken ? { sessionToken } : {}),
    ...(expiration ? { expiration } : {}),
  };
}

/** Runs the command line without a shell; resolves with stdout, or fails with a message fit to show. */
export function runCredentialProcess(command: string, opts: ProcessRunOptions): Promise<string> {
  let argv: string[];
  try {
    argv = splitCommandLine(command);
  } catch (err) {
    if (!(err instanceof CommandLineError)) throw err;
    return Promise.reject(new CredentialProcessError(`cannot be split into a command: ${err.message}`));
  }
  const [program, ...args] = argv as [string, ...string[]];
  return new Promise<string>((resolve, reject) => {
    const posix = process.platform !== 'win32';
    // Its own process group on POSIX, so a timeout also stops whatever the command started.
    const child = spawn(program, args, {
      shell: false,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: posix,
      windowsHide: true,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const stop = () => {
      try {
        if (posix && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
      child.stdout.destroy();
      child.stderr.destroy();
    };
    const timer = setTimeout(() => {
      stop();
      finish(() =>
        reject(new CredentialProcessError(`did not finish within ${formatSeconds(opts.timeoutMs)} and was stopped`)),
      );
    }, opts.timeoutMs);

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > MAX_STDOUT_BYTES) {
        stop();
        finish(() =>
          reject(new CredentialProcessError('printed more than 1 MiB on stdout; it must print one small JSON object')),
        );
        return;
      }
      stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderrBytes < MAX_STDERR_BYTES) stderr.push(chunk.subarray(0, MAX_STDERR_BYTES - stderrBytes));
      stderrBytes += chunk.length;
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      finish(() => reject(new CredentialProcessError(startFailure(program, err))));
    });
    child.on('close', (code, signal) => {
      finish(() => {
        if (code === 0) return resolve(Buffer.concat(stdout).toString('utf8'));
        const how = signal ? `was ended by ${signal}` : `exited with code ${code ?? 'unknown'}`;
        reject(new CredentialProcessError(`${how}. ${stderrSummary(Buffer.concat(stderr).toString('utf8'))}`));
      });
    });
  });
}

function startFailure(program: string, err: NodeJS.ErrnoException): string {
  const why =
    err.code === 'ENOENT'
      ? 'no such program (give its full path, or check PATH)'
      : err.code === 'EACCES'
        ? 'it is not executable'
        : err.message;
  return `could not start ${JSON.stringify(program)}: ${why}${err.code ? ` (${err.code})` : ''}`;
}

/** The first lines of stderr, for the error message; stdout is never shown. */
function stderrSummary(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line !== '');
  if (lines.length === 0) return 'It printed nothing on stderr.';
  const shown = lines.slice(0, STDERR_LINES).map((line) => (line.length > 200 ? `${line.slice(0, 200)}…` : line));
  return `Its error output began: ${redact(shown.join(' | '))}${lines.length > STDERR_LINES ? ' | …' : ''}`;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

interface CachedRun {
  credentials: AwsCredentialIdentity;
  expiresAt: number;
}

/**
 * Gates, runs and caches credential_process per (profile, command). Results
 * with an Expiration are kept until shortly before it; results without one are
 * not kept here (each SDK client keeps what it got, as one CLI run does).
 */
export class ProcessCredentialCache {
  private readonly cache = new Map<string, CachedRun>();
  private readonly inFlight = new Map<string, Promise<AwsCredentialIdentity>>();

  constructor(private readonly opts: ProcessRunOptions & { approvals: ProcessApprovals; now?: () => number }) {}

  provider(profile: string, command: string): AwsCredentialIdentityProvider {
    return () => this.credentials(profile, command);
  }

  /** Drops what the profile's command last returned (e.g. after the service said the token expired). */
  forget(profile: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${profile}\u0000`)) this.cache.delete(key);
  }

  private async credentials(profile: string, command: string): Promise<AwsCredentialIdentity> {
    if (!this.opts.approvals.isApproved(profile, command)) throw approvalNeeded(profile, command);
    const key = `${profile}\u0000${command}`;
    const now = this.opts.now ?? Date.now;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt - REFRESH_MARGIN_MS > now()) return { ...cached.credentials };
    this.cache.delete(key);
    let running = this.inFlight.get(key);
    if (!running) {
      running = this.run(profile, command, now).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, running);
    }
    return { ...(await running) };
  }

  private async run(profile: string, command: string, now: () => number): Promise<AwsCredentialIdentity> {
    try {
      const stdout = await runCredentialProcess(command, this.opts);
      const credentials = parseProcessOutput(stdout, now());
      if (credentials.expiration) {
        this.cache.set(`${profile}\u0000${command}`, { credentials, expiresAt: credentials.expiration.getTime() });
      }
      return credentials;
    } catch (err) {
      if (!(err instanceof CredentialProcessError)) throw err;
      throw new TrellisError({
        code: 'credentials',
        message: `Could not load credentials for profile '${profile}': its credential_process ${err.message}`,
        retryable: false,
        hint: 'Run the command in a terminal to see what it does. Trellis shows only its error output, never what it prints on stdout.',
      });
    }
  }
}

export function approvalNeeded(profile: string, command: string): TrellisError {
  return new TrellisError({
    code: 'credentials',
    message: `Could not load credentials for profile '${profile}': its credential_process has not been approved yet. Trellis runs a command only after you have reviewed it.`,
    retryable: false,
    hint: 'Choose "Review and allow" to see the command line and allow it for this profile.',
    signIn: { kind: 'approve-process', profile, command },
  });
}
