/**
 * The real AWS CLI (v1, botocore) against the sandbox's Parameter Store: the
 * awsJson1_1 wire format, epoch-second timestamps and error envelopes are
 * what AWS's own tools parse.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_CREDENTIALS } from '../../src/sandbox';
import { startTestSandbox, type TestSandbox } from '../support/sandbox';

const CLI_TIMEOUT_MS = 30_000;
const PASSWORD = 'Fl4sk&oRds#Pg2024';

let sandbox: TestSandbox;
let env: NodeJS.ProcessEnv;

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function aws(args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'aws',
      ['--endpoint-url', sandbox.endpoint, '--output', 'json', 'ssm', ...args],
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

async function awsJson<T>(args: readonly string[]): Promise<T> {
  const result = await aws(args);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

interface ParameterOut {
  Name: string;
  Type: string;
  Value: string;
  Version: number;
  LastModifiedDate: string | number;
}

beforeEach(async () => {
  sandbox = await startTestSandbox();
  const configFile = join(sandbox.dir, 'aws-config');
  const credentialsFile = join(sandbox.dir, 'aws-credentials');
  await writeFile(configFile, '[default]\n');
  await writeFile(credentialsFile, '');
  const { AWS_PROFILE: _profile, AWS_SESSION_TOKEN: _token, AWS_ENDPOINT_URL: _endpoint, ...rest } = process.env;
  env = {
    ...rest,
    AWS_ACCESS_KEY_ID: SANDBOX_ADMIN_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SANDBOX_ADMIN_CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
});

afterEach(async () => {
  await sandbox.dispose();
});

describe('aws ssm against the sandbox', () => {
  it('reads the training-lab secrets, decrypted only with --with-decryption', async () => {
    const plain = await awsJson<{ Parameter: ParameterOut }>([
      'get-parameter',
      '--name',
      '/flaskapp/flaskenv/RDS_PASSWORD',
      '--with-decryption',
    ]);
    expect(plain.Parameter).toMatchObject({ Type: 'SecureString', Value: PASSWORD, Version: 2 });
    const sealed = await awsJson<{ Parameter: ParameterOut }>([
      'get-parameter',
      '--name',
      '/flaskapp/flaskenv/RDS_PASSWORD',
    ]);
    expect(sealed.Parameter.Value).not.toBe(PASSWORD);

    const byPath = await awsJson<{ Parameters: ParameterOut[] }>([
      'get-parameters-by-path',
      '--path',
      '/flaskapp',
      '--recursive',
      '--with-decryption',
    ]);
    // The CLI pages through NextToken by itself (10 a page), so all of them arrive.
    expect(byPath.Parameters.map((p) => p.Name)).toEqual(
      expect.arrayContaining(['/flaskapp/flaskenv/RDS_PORT', '/flaskapp/config/LOG_LEVEL']),
    );
    expect(byPath.Parameters.find((p) => p.Name === '/flaskapp/flaskenv/RDS_PORT')?.Value).toBe('5432');
  });

  it('puts, describes, keeps history and deletes, with AWS error envelopes', async () => {
    const put = await awsJson<{ Version: number; Tier: string }>([
      'put-parameter',
      '--name',
      '/cli/db-password',
      '--type',
      'SecureString',
      '--value',
      'cli&oSecret',
    ]);
    expect(put).toEqual({ Version: 1, Tier: 'Standard' });
    const again = await aws(['put-parameter', '--name', '/cli/db-password', '--type', 'SecureString', '--value', 'x']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('ParameterAlreadyExists');
    await awsJson(['put-parameter', '--name', '/cli/db-password', '--value', 'second', '--overwrite']);

    const described = await awsJson<{ Parameters: Array<{ Name: string; Version: number; KeyId?: string }> }>([
      'describe-parameters',
      '--parameter-filters',
      'Key=Name,Option=BeginsWith,Values=/cli/',
    ]);
    expect(described.Parameters).toEqual([
      expect.objectContaining({ Name: '/cli/db-password', Version: 2, KeyId: 'alias/aws/ssm' }),
    ]);

    const history = await awsJson<{ Parameters: ParameterOut[] }>([
      'get-parameter-history',
      '--name',
      '/cli/db-password',
      '--with-decryption',
    ]);
    expect(history.Parameters.map((p) => [p.Version, p.Value])).toEqual([
      [1, 'cli&oSecret'],
      [2, 'second'],
    ]);

    const deleted = await aws(['delete-parameter', '--name', '/cli/db-password']);
    expect(deleted.code).toBe(0);
    const gone = await aws(['get-parameter', '--name', '/cli/db-password']);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('ParameterNotFound');
  });
});
