import {
  AttachRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION, SandboxStateError, startSandbox } from '../../../src/sandbox';
import { readStateFile } from '../../../src/sandbox/state/store';
import { startTestSandbox, TRAINING_LAB } from '../../support/sandbox';

let dir: string;
let stateFile: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trellis-persist-'));
  stateFile = join(dir, 'state.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function client(endpoint: string): IAMClient {
  return new IAMClient({ endpoint, region: SANDBOX_REGION, credentials: SANDBOX_ADMIN_CREDENTIALS, maxAttempts: 1 });
}

async function jumpboxPolicies(endpoint: string): Promise<string[]> {
  const iam = client(endpoint);
  try {
    const result = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'EC2_Can_Use_Services' }));
    return (result.AttachedPolicies ?? []).map((policy) => policy.PolicyName ?? '');
  } finally {
    iam.destroy();
  }
}

async function expectRefusal(file: string, pattern: RegExp): Promise<void> {
  try {
    const sandbox = await startSandbox({ stateFile: file });
    await sandbox.close();
  } catch (error: unknown) {
    expect(error).toBeInstanceOf(SandboxStateError);
    expect((error as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected the sandbox to refuse the state file');
}

describe('state persistence', () => {
  it('seeds a new state file and keeps a change across a restart', async () => {
    const first = await startSandbox({ stateFile });
    const seeded = JSON.parse(await readFile(stateFile, 'utf8')) as { version: number; scenario: string };
    expect(seeded).toMatchObject({ version: 2, scenario: 'training-lab' });
    const iam = client(first.endpoint);
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'EC2_Can_Use_Services',
        PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess',
      }),
    );
    iam.destroy();
    await first.close();

    const second = await startSandbox({ stateFile });
    try {
      expect(second.port).not.toBe(0);
      expect(await jumpboxPolicies(second.endpoint)).toEqual(['ElasticsearchDomainAccess', 'IAMFullAccess']);
    } finally {
      await second.close();
    }
  });

  it('makes each change durable before answering (state file plus change log), leaving no temporary files', async () => {
    const sandbox = await startSandbox({ stateFile });
    try {
      const iam = client(sandbox.endpoint);
      await iam.send(
        new AttachRolePolicyCommand({
          RoleName: 'ec2-webserver-role',
          PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
        }),
      );
      iam.destroy();
      const saved = await readStateFile(stateFile);
      expect(saved?.iam.roles.find((role) => role.name === 'ec2-webserver-role')?.attachedPolicyArns).toContain(
        'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      );
      expect((await readdir(dir)).sort()).toEqual(['state.json', 'state.json.log']);
    } finally {
      await sandbox.close();
    }
  });

  it('reset() reseeds the current scenario, reset("empty") switches to the empty account', async () => {
    const sandbox = await startTestSandbox();
    try {
      const iam = new IAMClient(sandbox.clientConfig());
      await iam.send(
        new AttachRolePolicyCommand({
          RoleName: 'EC2_Can_Use_Services',
          PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess',
        }),
      );
      await sandbox.reset();
      expect(await jumpboxPolicies(sandbox.endpoint)).toEqual(['ElasticsearchDomainAccess']);
      await sandbox.reset('empty');
      expect((await iam.send(new ListRolesCommand({}))).Roles).toEqual([]);
      const saved = JSON.parse(await readFile(sandbox.stateFile, 'utf8')) as { scenario: string };
      expect(saved.scenario).toBe('empty');
      await sandbox.reset();
      expect((await iam.send(new ListRolesCommand({}))).Roles).toEqual([]);
      await sandbox.reset('training-lab');
      expect((await iam.send(new ListRolesCommand({}))).Roles?.map((role) => role.RoleName)).toEqual([
        ...TRAINING_LAB.roles,
      ]);
      iam.destroy();
    } finally {
      await sandbox.dispose();
    }
  });

  it('starts the empty scenario with no IAM entities', async () => {
    const sandbox = await startTestSandbox({ scenario: 'empty' });
    try {
      const iam = new IAMClient(sandbox.clientConfig());
      expect((await iam.send(new ListRolesCommand({}))).Roles).toEqual([]);
      iam.destroy();
      expect(sandbox.accountId).toBe('570589970431');
    } finally {
      await sandbox.dispose();
    }
  });

  it('runs in memory without a state file', async () => {
    const sandbox = await startSandbox();
    try {
      expect(sandbox.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await jumpboxPolicies(sandbox.endpoint)).toEqual(['ElasticsearchDomainAccess']);
    } finally {
      await sandbox.close();
    }
  });
});

describe('refusing unusable state files', () => {
  it('refuses malformed JSON and never overwrites it', async () => {
    await writeFile(stateFile, '{"version": 1, "iam": ');
    await expectRefusal(stateFile, /is not valid JSON.*--reset/);
    expect(await readFile(stateFile, 'utf8')).toBe('{"version": 1, "iam": ');
  });

  it('refuses a hand edit that breaks the schema, naming the field', async () => {
    const sandbox = await startSandbox({ stateFile });
    await sandbox.close();
    const doc = JSON.parse(await readFile(stateFile, 'utf8')) as { iam: { users: Array<{ name: unknown }> } };
    const user = doc.iam.users[0];
    if (!user) throw new Error('no user');
    user.name = 42;
    const broken = JSON.stringify(doc);
    await writeFile(stateFile, broken);
    await expectRefusal(stateFile, /iam\.users\.0\.name/);
    expect(await readFile(stateFile, 'utf8')).toBe(broken);
  });

  it('refuses a state file from another version', async () => {
    await writeFile(stateFile, JSON.stringify({ version: 7 }));
    await expectRefusal(stateFile, /version 7; this sandbox reads version 2/);
  });

  it('refuses a state file it cannot read', async () => {
    await expectRefusal(dir, /Cannot read state file/);
  });

  it('rejects a port outside 0-65535', async () => {
    await expect(startSandbox({ port: 70000 })).rejects.toThrow(/0 to 65535, got 70000/);
  });
});
