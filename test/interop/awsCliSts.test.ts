/**
 * The real AWS CLI (botocore) signing in against the sandbox as operators do:
 * a role profile with `source_profile` and `mfa_serial`, the STS endpoint
 * taken from `endpoint_url` in the config file, and the MFA code typed at the
 * CLI's prompt (fed on stdin, computed with the exported TOTP function).
 */
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { totp } from '../../src/sandbox';
import { CLI_TIMEOUT_MS, type CliResult, isolatedCliEnv } from '../support/awsCli';
import { startTestSandbox, type TestSandbox, TRAINING_LAB } from '../support/sandbox';

const LAB = TRAINING_LAB.signIn;
const USER = TRAINING_LAB.userCredentials;

let sandbox: TestSandbox;
let env: NodeJS.ProcessEnv;

function config(endpoint: string): string {
  const common = [`region = us-east-1`, `endpoint_url = ${endpoint}`];
  return [
    '[profile lab-user]',
    `aws_access_key_id = ${USER.accessKeyId}`,
    `aws_secret_access_key = ${USER.secretAccessKey}`,
    ...common,
    '',
    '[profile lab-admin]',
    `role_arn = ${LAB.roleArn}`,
    'source_profile = lab-user',
    `mfa_serial = ${LAB.mfaSerialNumber}`,
    ...common,
    '',
    '[profile lab-admin-no-mfa]',
    `role_arn = ${LAB.roleArn}`,
    'source_profile = lab-user',
    ...common,
    '',
  ].join('\n');
}

beforeEach(async () => {
  // botocore compares credential expiry with the real clock, so this sandbox runs on it.
  sandbox = await startTestSandbox();
  const isolated = await isolatedCliEnv(sandbox.dir, config(sandbox.endpoint), null);
  // The CLI caches assumed-role credentials under ~/.aws/cli/cache: keep that cache in this test's directory.
  env = { ...isolated, HOME: sandbox.dir };
});

afterEach(async () => {
  await sandbox.dispose();
});

/**
 * Runs `aws ARGS` with `input` on stdin. Detached, so the CLI has no
 * controlling terminal and its MFA prompt (getpass) reads stdin instead of
 * the developer's terminal. Bounded in time; the process group is killed then.
 */
function runAwsWithInput(args: readonly string[], input: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('aws', ['--output', 'json', ...args], { env, detached: true, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, CLI_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

const code = (): string => totp(LAB.mfaSecretBase32, new Date());

interface CallerIdentity {
  readonly Arn: string;
  readonly Account: string;
}

describe('AWS CLI sign-in against the sandbox', () => {
  it('assumes LabAdminWithMfa through the profile chain, prompting for the code, then reuses its cache', async () => {
    const first = await runAwsWithInput(['sts', 'get-caller-identity', '--profile', 'lab-admin'], `${code()}\n`);
    expect(first.code).toBe(0);
    // The prompt names the device, as it does against AWS.
    expect(first.stderr).toContain(`Enter MFA code for ${LAB.mfaSerialNumber}`);
    const identity = JSON.parse(first.stdout) as CallerIdentity;
    expect(identity.Account).toBe(TRAINING_LAB.accountId);
    expect(identity.Arn).toMatch(
      new RegExp(`^arn:aws:sts::${TRAINING_LAB.accountId}:assumed-role/LabAdminWithMfa/botocore-session-\\d+$`),
    );

    // The session was cached: no prompt (nothing on stdin) and the same session.
    const again = await runAwsWithInput(['sts', 'get-caller-identity', '--profile', 'lab-admin'], '');
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as CallerIdentity).Arn).toBe(identity.Arn);
  });

  it('reports a wrong code with AWS’s MFA failure', async () => {
    const wrong = String((Number(code()) + 500_000) % 1_000_000).padStart(6, '0');
    const result = await runAwsWithInput(['sts', 'get-caller-identity', '--profile', 'lab-admin'], `${wrong}\n`);
    expect(result.code).toBe(255);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'An error occurred (AccessDenied) when calling the AssumeRole operation: MultiFactorAuthentication failed with invalid MFA one time pass code.',
    );
  });

  it('is refused by the trust policy when the profile has no mfa_serial', async () => {
    const result = await runAwsWithInput(['sts', 'get-caller-identity', '--profile', 'lab-admin-no-mfa'], '');
    expect(result.code).toBe(255);
    expect(result.stderr).toContain(
      `An error occurred (AccessDenied) when calling the AssumeRole operation: User: ${LAB.userArn} is not authorized to perform: sts:AssumeRole on resource: ${LAB.roleArn}`,
    );
  });

  it('get-session-token with the code, then assume-role with those credentials and no code', async () => {
    const tokens = await runAwsWithInput(
      [
        'sts',
        'get-session-token',
        '--profile',
        'lab-user',
        '--serial-number',
        LAB.mfaSerialNumber,
        '--token-code',
        code(),
        '--duration-seconds',
        '900',
      ],
      '',
    );
    expect(tokens.stderr).toBe('');
    const { Credentials: session } = JSON.parse(tokens.stdout) as {
      Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string };
    };
    expect(session.AccessKeyId).toMatch(/^ASIA/);
    expect(Date.parse(session.Expiration) - Date.now()).toBeGreaterThan(800_000);

    const withSession = {
      ...env,
      AWS_ACCESS_KEY_ID: session.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: session.SecretAccessKey,
      AWS_SESSION_TOKEN: session.SessionToken,
    };
    const saved = env;
    env = withSession;
    try {
      const assumed = await runAwsWithInput(
        [
          '--endpoint-url',
          sandbox.endpoint,
          'sts',
          'assume-role',
          '--role-arn',
          LAB.roleArn,
          '--role-session-name',
          'via-session-token',
        ],
        '',
      );
      expect(assumed.stderr).toBe('');
      const { AssumedRoleUser } = JSON.parse(assumed.stdout) as { AssumedRoleUser: { Arn: string } };
      expect(AssumedRoleUser.Arn).toBe(
        `arn:aws:sts::${TRAINING_LAB.accountId}:assumed-role/LabAdminWithMfa/via-session-token`,
      );
    } finally {
      env = saved;
    }
  });
});
