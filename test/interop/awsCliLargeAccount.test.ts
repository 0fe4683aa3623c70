/**
 * The real AWS CLI reads the generated large account as it reads AWS: IAM's
 * authorization details paged by the CLI itself, and every parameter through
 * DescribeParameters. Sized down, so the CLI's output fits its buffer and
 * its 50-a-page listing stays quick; test/bench/sandboxScale.ts times the
 * default size.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { isolatedCliEnv, runAwsJson } from '../support/awsCli';

const SCALE = { roles: 250, users: 40, environments: 20, applications: 5, parameters: 400, events: 500 };

let dir: string;
let sandbox: RunningSandbox;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trellis-large-cli-'));
  sandbox = await startSandbox({ scenario: 'large-account', scale: SCALE, stateFile: join(dir, 'state.json') });
  env = await isolatedCliEnv(dir, '[default]\n');
});

afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

describe('aws against the large-account scenario', () => {
  it('lists every role with its attached and inline policies through get-account-authorization-details', async () => {
    const details = await runAwsJson<{
      RoleDetailList: Array<{ RoleName: string; AttachedManagedPolicies: unknown[]; RolePolicyList: unknown[] }>;
    }>(sandbox.endpoint, env, ['iam', 'get-account-authorization-details', '--filter', 'Role']);
    expect(details.RoleDetailList).toHaveLength(SCALE.roles);
    expect(new Set(details.RoleDetailList.map((r) => r.RoleName)).size).toBe(SCALE.roles);
    for (const role of details.RoleDetailList) {
      expect(role.AttachedManagedPolicies.length).toBeGreaterThanOrEqual(1);
      expect(role.AttachedManagedPolicies.length).toBeLessThanOrEqual(10);
    }
    expect(details.RoleDetailList.some((r) => r.RolePolicyList.length > 0)).toBe(true);
  });

  it('describes every parameter, a fifth of them SecureString', async () => {
    const listed = await runAwsJson<{ Parameters: Array<{ Name: string; Type: string }> }>(sandbox.endpoint, env, [
      'ssm',
      'describe-parameters',
    ]);
    expect(listed.Parameters).toHaveLength(SCALE.parameters);
    expect(listed.Parameters.filter((p) => p.Type === 'SecureString')).toHaveLength(SCALE.parameters / 5);
  });
});
