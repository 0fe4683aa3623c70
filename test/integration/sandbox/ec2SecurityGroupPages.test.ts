/**
 * DescribeSecurityGroups pages as EC2 pages it, through the real SDK on a
 * large account: MaxResults 5–1000 with NextToken, every group once and in
 * no more pages than it takes, EC2's errors for a bad size, a size with
 * GroupIds and a token it did not issue, and everything at once without
 * MaxResults, which is what the console's own reads rely on.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  type DescribeSecurityGroupsCommandInput,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox';
import { consoleIn } from '../../support/appConsole';
import { mustCall } from '../../support/rpc';
import { SECURITY_GROUP_SCALE } from '../../support/securityGroupAccount';

const GROUPS = 1234;
const SCALE = { ...SECURITY_GROUP_SCALE, securityGroups: GROUPS };

let dir: string;
let sandbox: RunningSandbox;
let ec2: EC2Client;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trellis-sg-pages-'));
  sandbox = await startSandbox({ scenario: 'large-account', scale: SCALE, stateFile: join(dir, 'state.json') });
  ec2 = new EC2Client({
    endpoint: sandbox.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAEXAMPLEPAGES', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  ec2?.destroy();
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

async function allPages(
  input: DescribeSecurityGroupsCommandInput,
  from?: string,
): Promise<{ ids: string[]; pages: number[] }> {
  const ids: string[] = [];
  const pages: number[] = [];
  let token = from;
  for (let i = 0; i < 1000; i++) {
    const out = await ec2.send(new DescribeSecurityGroupsCommand({ ...input, NextToken: token }));
    const groups = out.SecurityGroups ?? [];
    pages.push(groups.length);
    ids.push(...groups.map((g) => g.GroupId ?? ''));
    token = out.NextToken;
    if (!token) return { ids, pages };
  }
  throw new Error('DescribeSecurityGroups never stopped paging');
}

async function errorOf(input: DescribeSecurityGroupsCommandInput): Promise<{ name: string; message: string }> {
  try {
    await ec2.send(new DescribeSecurityGroupsCommand(input));
  } catch (error: unknown) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    expect(e.$metadata?.httpStatusCode).toBe(400);
    return { name: e.name, message: e.message };
  }
  throw new Error('expected DescribeSecurityGroups to fail');
}

describe('DescribeSecurityGroups paging', () => {
  it('answers every group at once without MaxResults, as EC2 does', async () => {
    const out = await ec2.send(new DescribeSecurityGroupsCommand({}));
    expect(out.SecurityGroups).toHaveLength(GROUPS);
    expect(out.NextToken).toBeUndefined();
  });

  it('pages through every group once at any size from 5 to 1000, the token left out on the last page', async () => {
    const everything = (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? [];
    const expected = everything.map((g) => g.GroupId ?? '').sort();
    for (const size of [5, 100, 1000]) {
      const { ids, pages } = await allPages({ MaxResults: size });
      expect([...ids].sort()).toEqual(expected);
      expect(new Set(ids).size).toBe(GROUPS);
      expect(pages).toHaveLength(Math.ceil(GROUPS / size));
      expect(pages.slice(0, -1).every((n) => n === size)).toBe(true);
    }
  });

  it('pages after filtering, so a page is full of matches', async () => {
    const counts = new Map<string, number>();
    for (const g of (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? [])
      counts.set(g.VpcId ?? '', (counts.get(g.VpcId ?? '') ?? 0) + 1);
    // The busiest VPC: a fraction of the groups, more than a page of them.
    const [vpcId] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const filter = { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] };
    const matching = (await ec2.send(new DescribeSecurityGroupsCommand(filter))).SecurityGroups ?? [];
    expect(matching.length).toBeGreaterThan(10);
    expect(matching.length).toBeLessThan(GROUPS);
    const { ids, pages } = await allPages({ ...filter, MaxResults: 10 });
    expect([...ids].sort()).toEqual(matching.map((g) => g.GroupId ?? '').sort());
    expect(pages).toHaveLength(Math.ceil(matching.length / 10));
  });

  it('keeps its place when the group its token names is deleted between calls', async () => {
    const before = ((await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? []).map(
      (g) => g.GroupId ?? '',
    );
    const vpcId = (await ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 5 }))).SecurityGroups?.[0]?.VpcId;
    // A group of its own, so deleting it breaks no reference; ids are random, so make one that sorts where a page can end.
    let probe: { id: string; index: number } | undefined;
    for (let attempt = 0; attempt < 40 && !probe; attempt++) {
      const made = await ec2.send(
        new CreateSecurityGroupCommand({ GroupName: `paging-probe-${attempt}`, Description: 'probe', VpcId: vpcId }),
      );
      const id = made.GroupId ?? '';
      const index = [...before, id].sort().indexOf(id);
      if (index >= 4 && index < 1000) probe = { id, index };
      else await ec2.send(new DeleteSecurityGroupCommand({ GroupId: id }));
    }
    if (!probe) throw new Error('no probe group sorted where a page can end');
    const first = await ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: probe.index + 1 }));
    expect(first.SecurityGroups?.at(-1)?.GroupId).toBe(probe.id);
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: probe.id }));

    const rest = await allPages({ MaxResults: 1000 }, first.NextToken);
    const sorted = [...before].sort();
    expect(rest.ids).toEqual(sorted.slice(probe.index));
  });

  it("refuses what EC2 refuses, with EC2's codes and words", async () => {
    expect(await errorOf({ MaxResults: 4 })).toEqual({
      name: 'InvalidParameterValue',
      message: 'Value ( 4 ) for parameter maxResults is invalid. Expecting a value greater than 5.',
    });
    expect(await errorOf({ MaxResults: 1001 })).toEqual({
      name: 'InvalidParameterValue',
      message: 'Value ( 1001 ) for parameter maxResults is invalid. Expecting a value smaller than 1000.',
    });
    const groupId = (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups?.[0]?.GroupId ?? '';
    expect(await errorOf({ GroupIds: [groupId], MaxResults: 5 })).toEqual({
      name: 'InvalidParameterCombination',
      message: 'The parameter securityGroupIdSet cannot be used with the parameter maxResults',
    });
    expect(await errorOf({ MaxResults: 5, NextToken: 'garbage' })).toEqual({
      name: 'InvalidParameterValue',
      message: 'Value ( garbage ) for parameter NextToken is invalid. The token is invalid.',
    });
    // Group ids alone are still fine, with everything they name in one answer.
    const one = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
    expect(one.SecurityGroups?.map((g) => g.GroupId)).toEqual([groupId]);
  });

  it("the console's own reads still get every group: the ingress form's picker lists them all", async () => {
    const home = await mkdtemp(join(dir, 'console-'));
    await writeFile(
      join(home, 'config'),
      `[profile big]\nregion = us-east-1\nendpoint_url = ${sandbox.endpoint}\naws_access_key_id = AKIAEXAMPLEPAGES\naws_secret_access_key = secret\n`,
    );
    const ctx = await consoleIn(home, { sandbox: false, dataDir: join(home, 'trellis') });
    try {
      const choices = await mustCall(ctx.router, 'ec2.securityGroupChoices', {
        target: { profile: 'big', region: 'us-east-1' },
      });
      expect(choices).toHaveLength(GROUPS);
    } finally {
      await ctx.close();
    }
  });
});
