/**
 * The large-account scenario as a sandbox serves it: chosen and sized from
 * the command line (`--scale`) or from startSandbox, kept by a reset, and read
 * back through the SDK.
 */
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION, startSandbox } from '../../../src/sandbox';
import { runCli } from '../../../src/sandbox/cliMain';

const SMALL = {
  roles: 40,
  users: 5,
  applications: 3,
  environments: 9,
  events: 200,
  parameters: 90,
  dbInstances: 30,
  securityGroups: 60,
  domains: 4,
  seed: 5,
};

let dir: string;
const running: RunningSandbox[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trellis-large-'));
});

afterEach(async () => {
  for (const sandbox of running.splice(0)) await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

const config = (sandbox: RunningSandbox) => ({
  endpoint: sandbox.endpoint,
  region: SANDBOX_REGION,
  credentials: SANDBOX_ADMIN_CREDENTIALS,
  maxAttempts: 1,
});

async function roleCount(sandbox: RunningSandbox): Promise<number> {
  const iam = new IAMClient(config(sandbox));
  try {
    let count = 0;
    let Marker: string | undefined;
    do {
      const page = await iam.send(
        new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: 1000, Marker }),
      );
      count += page.RoleDetailList?.length ?? 0;
      Marker = page.IsTruncated ? page.Marker : undefined;
    } while (Marker);
    return count;
  } finally {
    iam.destroy();
  }
}

describe('the large-account sandbox', () => {
  it('takes its sizes from --scale on the command line', async () => {
    const out: string[] = [];
    const outcome = await runCli(
      [
        '--scenario',
        'large-account',
        '--scale',
        'roles=1200,parameters=120,events=300,environments=20,securityGroups=100,domains=5',
        '--state',
        join(dir, 's.json'),
      ],
      { out: (line) => void out.push(line), err: (line) => void out.push(line) },
    );
    if (!('sandbox' in outcome)) throw new Error(`the CLI stopped: ${out.join('\n')}`);
    running.push(outcome.sandbox);
    expect(out[0]).toContain('(scenario large-account,');
    expect(await roleCount(outcome.sandbox)).toBe(1200);
    const ssm = new SSMClient(config(outcome.sandbox));
    let parameters = 0;
    let NextToken: string | undefined;
    do {
      const page = await ssm.send(new DescribeParametersCommand({ MaxResults: 50, NextToken }));
      parameters += page.Parameters?.length ?? 0;
      NextToken = page.NextToken;
    } while (NextToken);
    ssm.destroy();
    expect(parameters).toBe(120);
  });

  it('takes its sizes from startSandbox, and a reset rebuilds the same account', async () => {
    const sandbox = await startSandbox({
      scenario: 'large-account',
      scale: SMALL,
      stateFile: join(dir, 'state.json'),
    });
    running.push(sandbox);
    const rds = new RDSClient(config(sandbox));
    const ids = async (): Promise<string[]> => {
      const page = await rds.send(new DescribeDBInstancesCommand({ MaxRecords: 100 }));
      return (page.DBInstances ?? []).map((db) => db.DBInstanceIdentifier ?? '');
    };
    const before = await ids();
    expect(before).toHaveLength(30);
    await sandbox.reset();
    expect(await ids()).toEqual(before);
    expect(await roleCount(sandbox)).toBe(SMALL.roles);
    rds.destroy();
  });
});
