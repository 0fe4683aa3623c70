/**
 * The real AWS CLI (v1, botocore) against the sandbox's Parameter Store: the
 * awsJson1_1 wire format, epoch-second timestamps and error envelopes are
 * what AWS's own tools parse.
 */
import { describe, expect, it } from 'vitest';
import { sandboxCli } from '../support/awsCli';

const PASSWORD = 'Fl4sk&oRds#Pg2024';

// Every call here is an `aws ssm` command.
const cli = sandboxCli('[default]\n', ['ssm']);
const { aws, awsJson } = cli;

interface ParameterOut {
  Name: string;
  Type: string;
  Value: string;
  Version: number;
  LastModifiedDate: string | number;
}

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
