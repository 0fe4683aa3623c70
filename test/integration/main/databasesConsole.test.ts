import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleIn } from '../../support/appConsole';
import { dispatch, mustCall } from '../../support/rpc';
import { type AppContext } from '../../../src/main/context';
import type { ChannelInput, Channel } from '../../../src/shared/contract';

// Databases and security-group ingress through the whole router against the sandbox's training lab.
let ctx: AppContext;
const target = { profile: 'sandbox', region: 'us-east-1' };
const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => mustCall(ctx.router, channel, input);

const RDS_SG = 'sg-0965722cdbe774e58';
// Bbruceeb1-env's instance group, in the default VPC (catalogue F4).
const LEARNER_SG = 'sg-016d7450f169ba56c';
// flask-ssm-demo-prod's instance group: the environment that runs in the database's VPC.
const APP_SG = 'sg-0e5d4c3b2a1f00102';

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-db-'));
  ctx = await consoleIn(dir, { sandbox: true, dataDir: join(dir, 'trellis') });
});
afterAll(() => ctx?.close());

const authorize = {
  kind: 'ec2.authorizeIngress' as const,
  groupId: RDS_SG,
  protocol: 'tcp' as const,
  fromPort: 3306,
  toPort: 3306,
  source: { groupId: APP_SG },
  description: 'flask-ssm-demo-prod instances',
};

describe('Databases through the router against the sandbox', () => {
  it('lists the lab databases with engine, endpoint, VPC, subnet group, cluster and groups', async () => {
    const dbs = await call('rds.listDatabases', { target });
    expect(dbs.map((db) => db.id)).toEqual(['edx-photos-db', 'flask-db-instance-1']);
    expect(dbs[0]).toMatchObject({
      engine: 'mysql',
      endpoint: { address: 'edx-photos-db.ccd69a3vcffc.us-east-1.rds.amazonaws.com', port: 3306 },
      vpcId: 'vpc-0e5d4c3b2a1f09876',
      subnetGroup: 'edx-db-private-subnets',
      clusterId: null,
      securityGroupIds: [RDS_SG],
      status: 'available',
    });
    expect(dbs[1]).toMatchObject({ engine: 'aurora-postgresql', clusterId: 'flask-db', endpoint: { port: 5432 } });
  });

  it('resolves rule sources to group names and Beanstalk environments, marking rules that admit the DB port', async () => {
    const [flaskDb] = await call('ec2.securityGroups', { target, groupIds: ['sg-0e5d4c3b2a1f00103'], dbPort: 5432 });
    expect(flaskDb?.ingress).toEqual([
      {
        protocol: 'tcp',
        fromPort: 5432,
        toPort: 5432,
        source: {
          kind: 'group',
          groupId: 'sg-0e5d4c3b2a1f00102',
          groupName: 'custom_eb_asg',
          // Known through the environment's tagged instance, since the custom group carries no EB tag.
          environmentName: 'flask-ssm-demo-prod',
        },
        description: 'flask-ssm-demo-prod instances',
        admitsDbPort: true,
      },
    ]);
    const [wizard] = await call('ec2.securityGroups', { target, groupIds: [RDS_SG], dbPort: 3306 });
    expect(wizard?.groupName).toBe('rds-launch-wizard');
    expect(wizard?.ingress.map((r) => (r.source.kind === 'group' ? r.source.groupName : r.source.cidr))).toEqual([
      expect.stringMatching(/^aws-cloud9-EdXWeek5Cloud9/),
      'web-server-sg',
    ]);
    expect(wizard?.ingress.every((r) => r.admitsDbPort)).toBe(true);
    expect(wizard?.ingress.some((r) => r.source.kind === 'group' && r.source.environmentName !== null)).toBe(false);

    const choices = await call('ec2.securityGroupChoices', { target });
    expect(choices.find((c) => c.groupId === LEARNER_SG)?.environmentName).toBe('Bbruceeb1-env');
  });

  it("authorizes the environment's instance group on 3306, verifies, then undoes it from the journal", async () => {
    const plan = await call('changes.plan', { target, intent: authorize });
    expect(plan.blocked).toBeUndefined();
    expect(plan.diff).toEqual([
      expect.objectContaining({
        change: 'add',
        label: 'Inbound rule',
        after: expect.stringContaining('tcp 3306 from'),
      }),
    ]);
    expect(plan.cli[0]).toContain('aws ec2 authorize-security-group-ingress');
    expect(plan.cli[0]).toContain(`--group-id ${RDS_SG}`);
    expect(plan.cli[0]).toContain('--ip-permissions');
    expect(plan.permissions).toContain('ec2:AuthorizeSecurityGroupIngress');
    expect(plan.risk.note).not.toMatch(/peering/);
    expect(plan.undo?.cli[0]).toContain('revoke-security-group-ingress');

    const outcome = await call('changes.apply', { planId: plan.id });
    expect(outcome.entry.status).toBe('applied');
    expect(outcome.entry.verification?.verified).toBe(true);
    const [after] = await call('ec2.securityGroups', { target, groupIds: [RDS_SG], dbPort: 3306 });
    const added = after?.ingress.find((r) => r.source.kind === 'group' && r.source.groupId === APP_SG);
    expect(added).toMatchObject({
      admitsDbPort: true,
      description: 'flask-ssm-demo-prod instances',
      source: { environmentName: 'flask-ssm-demo-prod' },
    });

    const again = await call('changes.plan', { target, intent: authorize });
    expect(again.blocked).toMatch(/rds-launch-wizard already allows tcp 3306 from .*sg-0e5d4c3b2a1f00102/);

    const undo = await call('journal.planUndo', { entryId: outcome.entry.id });
    expect(undo.intent).toMatchObject({ kind: 'ec2.revokeIngress', groupId: RDS_SG, source: { groupId: APP_SG } });
    const undone = await call('changes.apply', { planId: undo.id });
    expect(undone.entry.verification?.verified).toBe(true);
    const [reverted] = await call('ec2.securityGroups', { target, groupIds: [RDS_SG] });
    expect(reverted?.ingress).toHaveLength(2);
  });

  it('warns about a source in another VPC (F4), and the apply fails as AWS fails it, changing nothing', async () => {
    const intent = { ...authorize, source: { groupId: LEARNER_SG }, description: 'Bbruceeb1-env instances' };
    const plan = await call('changes.plan', { target, intent });
    // Bbruceeb1-env runs in the default VPC, not the database's: the plan says so before anything is sent.
    expect(plan.risk).toMatchObject({ level: 'medium', note: expect.stringMatching(/without VPC peering/) });
    const outcome = await call('changes.apply', { planId: plan.id });
    expect(outcome.entry.status).toBe('failed');
    expect(outcome.entry.steps[0]?.error).toMatchObject({
      awsCode: 'InvalidGroup.NotFound',
      message: 'You have specified two resources that belong to different networks.',
    });
    expect(outcome.undoAvailable).toBe(false);
    const [group] = await call('ec2.securityGroups', { target, groupIds: [RDS_SG] });
    expect(group?.ingress.some((r) => r.source.kind === 'group' && r.source.groupId === LEARNER_SG)).toBe(false);
  });

  it('keeps the description when revoking, so undo restores the rule exactly', async () => {
    const plan = await call('changes.plan', {
      target,
      intent: {
        ...authorize,
        kind: 'ec2.revokeIngress',
        source: { groupId: 'sg-0e5d4c3b2a1f00101' },
        description: undefined,
      },
    });
    expect(plan.diff[0]).toMatchObject({ change: 'remove', before: expect.stringContaining('Photos web servers') });
    expect(plan.undo?.cli[0]).toContain('Photos web servers');
    const missing = await call('changes.plan', { target, intent: { ...authorize, kind: 'ec2.revokeIngress' } });
    expect(missing.blocked).toMatch(/has no rule allowing tcp 3306/);
  });

  it('rates a group source in the same VPC as low risk', async () => {
    const plan = await call('changes.plan', {
      target,
      intent: { ...authorize, source: { groupId: 'sg-0e5d4c3b2a1f00102' }, description: undefined },
    });
    expect(plan.blocked).toBeUndefined();
    expect(plan.risk.level).toBe('low');
  });

  it('authorizes and revokes an IPv6 CIDR in canonical form', async () => {
    const intent = { ...authorize, fromPort: 3306, source: { cidr: '2001:DB8:0::/32' }, description: 'v6 office' };
    const plan = await call('changes.plan', { target, intent });
    expect(plan.cli[0]).toContain('2001:db8::/32');
    const applied = await call('changes.apply', { planId: plan.id });
    expect(applied.entry.verification?.verified).toBe(true);
    const [group] = await call('ec2.securityGroups', { target, groupIds: [RDS_SG], dbPort: 3306 });
    expect(group?.ingress).toContainEqual(
      expect.objectContaining({
        source: { kind: 'cidr', cidr: '2001:db8::/32' },
        description: 'v6 office',
        admitsDbPort: true,
      }),
    );
    const undo = await call('journal.planUndo', { entryId: applied.entry.id });
    expect((await call('changes.apply', { planId: undo.id })).entry.verification?.verified).toBe(true);
  });

  it('rates 0.0.0.0/0 as high risk', async () => {
    const plan = await call('changes.plan', {
      target,
      intent: { ...authorize, source: { cidr: '0.0.0.0/0' }, description: undefined },
    });
    expect(plan.risk.level).toBe('high');
    expect(plan.risk.note).toContain('whole internet');
  });

  it.each([
    [{ fromPort: 70000, toPort: 70000 }, /From port 70000 is out of range: ports run from 1 to 65535/],
    [{ fromPort: 3307, toPort: 3306 }, /From port 3307 is greater than to port 3306/],
    [{ source: { cidr: '10.1.0.300/16' } }, /"10\.1\.0\.300" is not an IPv4 address/],
    [{ source: { cidr: '10.1.2.3/16' } }, /has host bits set: the network is 10\.1\.0\.0\/16/],
    [{ source: { groupId: 'sg-XYZ' } }, /"sg-XYZ" is not a security group id/],
    [{ groupId: 'web-server-sg' }, /"web-server-sg" is not a security group id/],
  ])('refuses %o with a specific message and no call', async (change, message) => {
    const before = await call('journal.list', {});
    const res = await dispatch(ctx.router, 'changes.plan', { target, intent: { ...authorize, ...change } });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('validation');
    expect(res.error.message).toMatch(message);
    expect(await call('journal.list', {})).toHaveLength(before.length);
  });
});
