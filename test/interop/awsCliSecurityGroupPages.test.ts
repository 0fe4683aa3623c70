/**
 * The real AWS CLI pages through the large account's security groups as it
 * pages through EC2's: `--page-size` sends MaxResults and follows NextToken,
 * `--max-items` stops part-way with a token `--starting-token` resumes from,
 * and a page size with `--group-ids` gets EC2's refusal.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { isolatedCliEnv, runAws, runAwsJson } from '../support/awsCli';
import { SECURITY_GROUP_SCALE } from '../support/securityGroupAccount';

const GROUPS = 1100;
const SCALE = { ...SECURITY_GROUP_SCALE, securityGroups: GROUPS };

let dir: string;
let sandbox: RunningSandbox;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trellis-sg-cli-'));
  sandbox = await startSandbox({ scenario: 'large-account', scale: SCALE, stateFile: join(dir, 'state.json') });
  env = await isolatedCliEnv(dir, '[default]\n');
});

afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Listed {
  SecurityGroups: Array<{ GroupId: string }>;
  NextToken?: string | null;
}
// Ids only: the groups' rules would overflow the CLI runner's output buffer.
const ONLY_IDS = '{SecurityGroups: SecurityGroups[].{GroupId: GroupId}, NextToken: NextToken}';
const groupsOf = (args: readonly string[]) =>
  runAwsJson<Listed>(sandbox.endpoint, env, ['ec2', 'describe-security-groups', '--query', ONLY_IDS, ...args]);

describe('aws ec2 describe-security-groups against the large account', () => {
  it('--page-size reads every group in pages, each once', async () => {
    const all = await groupsOf(['--page-size', '100']);
    const ids = all.SecurityGroups.map((g) => g.GroupId);
    expect(ids).toHaveLength(GROUPS);
    expect(new Set(ids).size).toBe(GROUPS);
    expect(all.NextToken ?? undefined).toBeUndefined();
  });

  it('--max-items stops part-way inside a page, and --starting-token reads the rest', async () => {
    const first = await groupsOf(['--page-size', '100', '--max-items', '250']);
    expect(first.SecurityGroups).toHaveLength(250);
    expect(first.NextToken).toBeDefined();
    // The CLI's token holds the sandbox's own NextToken and how far into that page it stopped: proof the
    // sandbox paged (had it answered everything at once, there would be no NextToken inside).
    const inner = JSON.parse(Buffer.from(first.NextToken ?? '', 'base64').toString('utf8')) as Record<string, unknown>;
    expect(inner).toMatchObject({ NextToken: expect.any(String), boto_truncate_amount: 50 });

    const rest = await groupsOf(['--page-size', '100', '--starting-token', first.NextToken ?? '']);
    const ids = [...first.SecurityGroups, ...rest.SecurityGroups].map((g) => g.GroupId);
    expect(ids).toHaveLength(GROUPS);
    expect(new Set(ids).size).toBe(GROUPS);
  });

  it('a page size with --group-ids is refused as EC2 refuses it', async () => {
    const [some] = (await groupsOf(['--page-size', '5', '--max-items', '1'])).SecurityGroups;
    const refused = await runAws(sandbox.endpoint, env, [
      'ec2',
      'describe-security-groups',
      '--group-ids',
      some?.GroupId ?? '',
      '--page-size',
      '5',
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      '(InvalidParameterCombination) when calling the DescribeSecurityGroups operation: The parameter securityGroupIdSet cannot be used with the parameter maxResults',
    );
    const tooBig = await runAws(sandbox.endpoint, env, ['ec2', 'describe-security-groups', '--page-size', '1001']);
    expect(tooBig.stderr).toContain('(InvalidParameterValue)');
    expect(tooBig.stderr).toContain('Value ( 1001 ) for parameter maxResults is invalid.');
  });
});
