/** SSM Parameter Store in the sandbox through the real SDK: every operation, paging, errors and secrets at rest. */
import { readFile, stat } from 'node:fs/promises';
import {
  DeleteParameterCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildScenario } from '../../../src/sandbox/scenarios';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';

let sandbox: TestSandbox;
let ssm: SSMClient;

beforeEach(async () => {
  sandbox = await startTestSandbox();
  ssm = new SSMClient(sandbox.clientConfig());
});

afterEach(async () => {
  ssm.destroy();
  await sandbox.dispose();
});

const PASSWORD = 'Fl4sk&oRds#Pg2024';
const ARN_PREFIX = 'arn:aws:ssm:us-east-1:570589970431:parameter';

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error: unknown) {
    const { name, message } = error as Error;
    return { name, message };
  }
  throw new Error('expected the call to fail');
}

describe('SSM parameters in the sandbox', () => {
  it('serves the training-lab secrets as SecureString, encrypted unless WithDecryption', async () => {
    const plain = await ssm.send(
      new GetParameterCommand({ Name: '/flaskapp/flaskenv/RDS_PASSWORD', WithDecryption: true }),
    );
    expect(plain.Parameter).toMatchObject({
      Name: '/flaskapp/flaskenv/RDS_PASSWORD',
      Type: 'SecureString',
      Value: PASSWORD,
      Version: 2,
      ARN: `${ARN_PREFIX}/flaskapp/flaskenv/RDS_PASSWORD`,
    });
    expect(plain.Parameter?.LastModifiedDate).toBeInstanceOf(Date);
    const cipher = await ssm.send(new GetParameterCommand({ Name: '/flaskapp/flaskenv/RDS_PASSWORD' }));
    expect(cipher.Parameter?.Value).not.toContain(PASSWORD);
    expect(cipher.Parameter?.Value).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
  });

  it('holds a parameter for every environment secret flask-ssm-demo-prod references', async () => {
    const secrets = buildScenario('training-lab', new Date())
      .elasticbeanstalk.environments.filter((e) => e.name === 'flask-ssm-demo-prod')
      .flatMap((e) => e.optionSettings)
      .filter((o) => o.namespace === 'aws:elasticbeanstalk:application:environmentsecrets')
      .map((o) => o.value);
    expect(secrets).toHaveLength(6);
    const described = await ssm.send(
      new DescribeParametersCommand({
        MaxResults: 50,
        ParameterFilters: [{ Key: 'Path', Option: 'OneLevel', Values: ['/flaskapp/flaskenv'] }],
      }),
    );
    expect(described.Parameters?.map((p) => p.ARN).sort()).toEqual([...secrets].sort());
  });

  it('creates, refuses to overwrite silently, overwrites with a new version, and deletes', async () => {
    const created = await ssm.send(
      new PutParameterCommand({ Name: '/demo/token', Type: 'SecureString', Value: 's3cr3t&o', Description: 'demo' }),
    );
    expect(created).toMatchObject({ Version: 1, Tier: 'Standard' });
    const again = await errorOf(
      ssm.send(new PutParameterCommand({ Name: '/demo/token', Type: 'SecureString', Value: 'x' })),
    );
    expect(again.name).toBe('ParameterAlreadyExists');
    expect(again.message).toContain('set the overwrite option in the request to true');
    const overwritten = await ssm.send(
      new PutParameterCommand({ Name: '/demo/token', Value: 'next', Overwrite: true }),
    );
    expect(overwritten.Version).toBe(2);
    const described = await ssm.send(
      new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: ['/demo/token'] }] }),
    );
    expect(described.Parameters?.[0]).toMatchObject({
      Type: 'SecureString',
      KeyId: 'alias/aws/ssm',
      Version: 2,
      Description: 'demo',
    });
    expect(described.Parameters?.[0]?.LastModifiedUser).toMatch(/^arn:aws:iam::570589970431:/);
    await ssm.send(new DeleteParameterCommand({ Name: '/demo/token' }));
    const gone = await errorOf(ssm.send(new GetParameterCommand({ Name: '/demo/token' })));
    expect(gone.name).toBe('ParameterNotFound');
    // AWS sends GetParameter's ParameterNotFound without a message; the SDK then falls back to the code.
    expect(gone.message).not.toContain('/demo/token');
    const deleteAgain = await errorOf(ssm.send(new DeleteParameterCommand({ Name: '/demo/token' })));
    expect(deleteAgain).toEqual({ name: 'ParameterNotFound', message: 'Parameter /demo/token not found.' });
  });

  it('keeps SecureString plaintext out of the state file and the key in a 0600 sibling file', async () => {
    await ssm.send(
      new PutParameterCommand({ Name: '/demo/api-key', Type: 'SecureString', Value: 'plain-text-canary-42' }),
    );
    await ssm.send(new GetParameterCommand({ Name: '/demo/api-key', WithDecryption: true }));
    // Everything on disk: the state file and its change log.
    const state = (await readFile(sandbox.stateFile, 'utf8')) + (await readFile(`${sandbox.stateFile}.log`, 'utf8'));
    expect(state).toContain('/demo/api-key');
    expect(state).not.toContain('plain-text-canary-42');
    expect(state).not.toContain(PASSWORD);
    const key = await stat(`${sandbox.stateFile}.kms-key`);
    expect(key.mode & 0o777).toBe(0o600);
    const back = await ssm.send(new GetParameterCommand({ Name: '/demo/api-key', WithDecryption: true }));
    expect(back.Parameter?.Value).toBe('plain-text-canary-42');
  });

  it('GetParameters answers found names and lists the rest as invalid; more than 10 names is a ValidationException', async () => {
    const out = await ssm.send(
      new GetParametersCommand({
        Names: ['/flaskapp/config/LOG_LEVEL', '/flaskapp/nope', '/flaskapp/flaskenv/RDS_PORT'],
        WithDecryption: true,
      }),
    );
    expect(out.Parameters?.map((p) => [p.Name, p.Value])).toEqual([
      ['/flaskapp/config/LOG_LEVEL', 'WARNING'],
      ['/flaskapp/flaskenv/RDS_PORT', '5432'],
    ]);
    expect(out.InvalidParameters).toEqual(['/flaskapp/nope']);
    const tooMany = await errorOf(
      ssm.send(new GetParametersCommand({ Names: Array.from({ length: 11 }, (_, i) => `/p${i}`) })),
    );
    expect(tooMany.name).toBe('ValidationException');
    expect(tooMany.message).toContain('Member must have length less than or equal to 10');
  });

  it('pages GetParametersByPath (≤ 10 a page) and DescribeParameters across more than 10 parameters', async () => {
    for (let i = 0; i < 13; i += 1) {
      await ssm.send(
        new PutParameterCommand({ Name: `/bulk/p${String(i).padStart(2, '0')}`, Type: 'String', Value: `v${i}` }),
      );
    }
    await ssm.send(new PutParameterCommand({ Name: '/bulk/deep/inner', Type: 'String', Value: 'deep' }));
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await ssm.send(new GetParametersByPathCommand({ Path: '/bulk', Recursive: true, NextToken: token }));
      names.push(...(page.Parameters ?? []).map((p) => p.Name ?? ''));
      token = page.NextToken;
      pages += 1;
    } while (token);
    expect(pages).toBe(2);
    expect(names).toHaveLength(14);
    const oneLevel = await ssm.send(new GetParametersByPathCommand({ Path: '/bulk/', MaxResults: 10 }));
    expect(oneLevel.Parameters?.map((p) => p.Name)).not.toContain('/bulk/deep/inner');
    const big = await errorOf(ssm.send(new GetParametersByPathCommand({ Path: '/bulk', MaxResults: 11 })));
    expect(big.name).toBe('ValidationException');

    const first = await ssm.send(
      new DescribeParametersCommand({
        MaxResults: 5,
        ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: ['/bulk'] }],
      }),
    );
    expect(first.Parameters).toHaveLength(5);
    expect(first.NextToken).toBeDefined();
    const all = await ssm.send(
      new DescribeParametersCommand({
        MaxResults: 50,
        ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: ['/bulk'] }],
      }),
    );
    expect(all.Parameters).toHaveLength(14);
    expect(all.NextToken).toBeUndefined();
    const tooBig = await errorOf(ssm.send(new DescribeParametersCommand({ MaxResults: 51 })));
    expect(tooBig.name).toBe('ValidationException');
  });

  it('filters DescribeParameters by Name BeginsWith, Type and OneLevel path', async () => {
    const secure = await ssm.send(
      new DescribeParametersCommand({ MaxResults: 50, ParameterFilters: [{ Key: 'Type', Values: ['SecureString'] }] }),
    );
    expect(secure.Parameters?.map((p) => p.Name).sort()).toEqual([
      ...['APP_SECRET', 'RDS_DB_NAME', 'RDS_HOSTNAME', 'RDS_PASSWORD', 'RDS_PORT', 'RDS_USERNAME'].map(
        (n) => `/flaskapp/flaskenv/${n}`,
      ),
      '/photos/dev/DATABASE_PASSWORD',
      '/photos/dev/FLASK_SECRET',
    ]);
    const begins = await ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: ['/flaskapp/config/'] }],
      }),
    );
    expect(begins.Parameters?.every((p) => p.Name?.startsWith('/flaskapp/config/'))).toBe(true);
    const oneLevel = await ssm.send(
      new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Path', Option: 'OneLevel', Values: ['/flaskapp'] }] }),
    );
    expect(oneLevel.Parameters).toEqual([]);
  });

  it('keeps history with users, and decrypts old versions only when asked', async () => {
    const history = await ssm.send(
      new GetParameterHistoryCommand({ Name: '/flaskapp/flaskenv/RDS_PASSWORD', WithDecryption: true }),
    );
    expect(history.Parameters?.map((p) => [p.Version, p.Value])).toEqual([
      [1, 'Lab-Initial-Pw-2024'],
      [2, PASSWORD],
    ]);
    expect(history.Parameters?.[1]?.LastModifiedUser).toBe('arn:aws:iam::570589970431:user/edXProjectUser3');
    const sealed = await ssm.send(new GetParameterHistoryCommand({ Name: '/flaskapp/flaskenv/RDS_PASSWORD' }));
    expect(JSON.stringify(sealed.Parameters)).not.toContain(PASSWORD);
    const paged = await ssm.send(new GetParameterHistoryCommand({ Name: '/flaskapp/config/LOG_LEVEL', MaxResults: 2 }));
    expect(paged.Parameters?.map((p) => p.Value)).toEqual(['DEBUG', 'INFO']);
    const rest = await ssm.send(
      new GetParameterHistoryCommand({ Name: '/flaskapp/config/LOG_LEVEL', NextToken: paged.NextToken }),
    );
    expect(rest.Parameters?.map((p) => p.Value)).toEqual(['WARNING']);
    const selected = await ssm.send(new GetParameterCommand({ Name: '/flaskapp/config/LOG_LEVEL:1' }));
    expect(selected.Parameter).toMatchObject({ Value: 'DEBUG', Version: 1, Selector: ':1' });
  });

  it('rejects bad names, values over the tier limit and unknown versions with AWS errors', async () => {
    const reserved = await errorOf(ssm.send(new PutParameterCommand({ Name: '/aws/x', Type: 'String', Value: 'v' })));
    expect(reserved.name).toBe('ValidationException');
    expect(reserved.message).toContain('can\'t be prefixed with "aws" or "ssm"');
    const big = await errorOf(
      ssm.send(new PutParameterCommand({ Name: '/big', Type: 'String', Value: 'x'.repeat(4097), Tier: 'Standard' })),
    );
    expect(big.message).toContain('Standard tier parameters support a maximum parameter value of 4096 characters');
    const advanced = await ssm.send(
      new PutParameterCommand({ Name: '/big', Type: 'String', Value: 'x'.repeat(5000), Tier: 'Advanced' }),
    );
    expect(advanced.Tier).toBe('Advanced');
    const version = await errorOf(ssm.send(new GetParameterCommand({ Name: '/big:9' })));
    expect(version.name).toBe('ParameterVersionNotFound');
  });
});
