/**
 * What opening a database costs in AWS calls, against the training lab: its
 * groups by id and one DescribeInstances that names the owners and the
 * rule sources an environment's instances carry; only a source no
 * environment's instance carries is read by id as well.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../../src/main/context';
import { mustCall } from '../../support/rpc';

let ctx: AppContext;
let calls: string[] = [];
const target = { profile: 'sandbox', region: 'us-east-1' };

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-db-calls-'));
  ctx = await createAppContext({
    mode: 'web',
    version: 'test',
    dataDir: join(dir, 'trellis'),
    env: { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') },
    homeDir: dir,
    sandbox: {},
    watchProfiles: false,
    clients: { maxAttempts: 1, onRequest: (request) => void calls.push(request.operation) },
  });
});
afterAll(() => ctx?.close());

const groupsOf = async (groupIds: string[], dbPort: number) => {
  calls = [];
  const groups = await mustCall(ctx.router, 'ec2.securityGroups', { target, groupIds, dbPort });
  return { groups, calls: [...calls].sort() };
};

describe('opening a database', () => {
  it('reads its group and one DescribeInstances when the source is an environment instance group', async () => {
    // flask-db's group admits custom_eb_asg, which flask-ssm-demo-prod's instance carries and no tag names.
    const { groups, calls: made } = await groupsOf(['sg-0e5d4c3b2a1f00103'], 5432);
    expect(made).toEqual(['DescribeInstances', 'DescribeSecurityGroups']);
    expect(groups[0]?.ingress[0]?.source).toEqual({
      kind: 'group',
      groupId: 'sg-0e5d4c3b2a1f00102',
      groupName: 'custom_eb_asg',
      environmentName: 'flask-ssm-demo-prod',
    });
  });

  it('reads the sources no environment instance carries by id, for their names', async () => {
    // rds-launch-wizard admits the Cloud9 group and web-server-sg, which no environment's instance carries.
    const { groups, calls: made } = await groupsOf(['sg-0965722cdbe774e58'], 3306);
    expect(made).toEqual(['DescribeInstances', 'DescribeSecurityGroups', 'DescribeSecurityGroups']);
    expect(groups[0]?.ingress.map((r) => (r.source.kind === 'group' ? r.source.groupName : null))).toEqual([
      expect.stringMatching(/^aws-cloud9-EdXWeek5Cloud9/),
      'web-server-sg',
    ]);
  });
});
