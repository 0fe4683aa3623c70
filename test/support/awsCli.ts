import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { SANDBOX_ADMIN_CREDENTIALS } from '../../src/sandbox';
import { startTestSandbox, type TestSandbox } from './sandbox';

export const CLI_TIMEOUT_MS = 30_000;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * An environment for the real AWS CLI that sees only files this test wrote:
 * a developer's ~/.aws, profile or endpoint variables never leak into a run.
 */
export async function isolatedCliEnv(
  dir: string,
  config: string,
  credentials: { accessKeyId: string; secretAccessKey: string } | null = SANDBOX_ADMIN_CREDENTIALS,
): Promise<NodeJS.ProcessEnv> {
  const configFile = join(dir, 'aws-config');
  const credentialsFile = join(dir, 'aws-credentials');
  await writeFile(configFile, config);
  await writeFile(credentialsFile, '');
  const { AWS_PROFILE: _profile, AWS_SESSION_TOKEN: _token, AWS_ENDPOINT_URL: _endpoint, ...rest } = process.env;
  return {
    ...rest,
    ...(credentials
      ? { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey }
      : {}),
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
}

/** Runs `aws --endpoint-url ENDPOINT --output json ARGS`, bounded in time; a non-zero exit is a result, not a throw. */
export function runAws(endpoint: string, env: NodeJS.ProcessEnv, args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'aws',
      ['--endpoint-url', endpoint, '--output', 'json', ...args],
      { timeout: CLI_TIMEOUT_MS, env },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}

/** For calls that must succeed: a clean exit with nothing on stderr, and the parsed JSON. */
export async function runAwsJson<T>(endpoint: string, env: NodeJS.ProcessEnv, args: readonly string[]): Promise<T> {
  const result = await runAws(endpoint, env, args);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

export interface SandboxCli {
  /** The test's own sandbox; started in `beforeEach`, so only read it inside tests. */
  readonly sandbox: TestSandbox;
  aws(args: readonly string[]): Promise<CliResult>;
  awsJson<T>(args: readonly string[]): Promise<T>;
}

/**
 * Registers the `beforeEach`/`afterEach` that give each test a fresh sandbox
 * (starting one takes milliseconds) and a CLI environment that sees only
 * `config`, and dispose it. `prefix` goes before every call's arguments.
 */
export function sandboxCli(config: string, prefix: readonly string[] = []): SandboxCli {
  let sandbox: TestSandbox | undefined;
  let env: NodeJS.ProcessEnv = {};
  beforeEach(async () => {
    sandbox = await startTestSandbox();
    env = await isolatedCliEnv(sandbox.dir, config);
  });
  afterEach(async () => {
    await sandbox?.dispose();
  });
  const running = (): TestSandbox => {
    if (!sandbox) throw new Error('sandboxCli: the sandbox is only available inside tests');
    return sandbox;
  };
  return {
    get sandbox() {
      return running();
    },
    aws: (args) => runAws(running().endpoint, env, [...prefix, ...args]),
    awsJson: <T>(args: readonly string[]) => runAwsJson<T>(running().endpoint, env, [...prefix, ...args]),
  };
}
