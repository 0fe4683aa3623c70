/**
 * The whole Doctor through the router, as the renderer calls it, on a freshly
 * seeded training lab: every catalogue entry the issue lists is found at
 * start, and the scan reports no read it could not make.
 */
import { describe, expect, it } from 'vitest';
import { labDoctor } from '../../support/diagnostics';
import { RULE_FAMILIES } from '../../../src/main/diagnostics/rules';
import { RULE_IDS } from '../../../src/shared/contract';

const { call, target } = labDoctor('labscan');

describe('the Doctor on the training lab', () => {
  it('owns every catalogue entry in exactly one rule family', () => {
    const owners = RULE_FAMILIES.flatMap((f) => f.rules);
    expect([...owners].sort()).toEqual([...RULE_IDS].sort());
  });

  it('finds every catalogue failure at start, with nothing it could not read', async () => {
    const scan = await call('diagnostics.scan', { target });
    if (process.env.TRELLIS_PRINT_FINDINGS) {
      for (const f of scan.findings) console.log(`${f.rule}\t${f.severity}\t${f.id}\t${f.summary}`);
    }
    expect(scan.problems).toEqual([]);
    const rules = new Set(scan.findings.map((f) => f.rule));
    expect([...rules].sort()).toEqual([...RULE_IDS].sort());
    expect(scan.environments.map((e) => e.name).sort()).toEqual([
      'Bbruceeb1-env',
      'Bbruceeb2-env',
      'flask-ssm-demo-prod',
      'flask-ssm-demo-staging',
    ]);
    expect(scan.apiCalls).toBeGreaterThan(0);
    // Every failed check has its finding and every finding its failed check.
    const failed = scan.checks.filter((c) => !c.passed).map((c) => c.id);
    for (const f of scan.findings) expect(failed).toContain(f.id);
  });

  it('scopes the Doctor panel to one environment', async () => {
    const scan = await call('diagnostics.scan', { target, environmentName: 'Bbruceeb2-env' });
    expect(scan.findings.length).toBeGreaterThan(0);
    expect(scan.findings.every((f) => f.environmentName === 'Bbruceeb2-env')).toBe(true);
    expect(new Set(scan.findings.map((f) => f.rule))).toEqual(
      new Set(['F2', 'F3', 'F5', 'F6', 'F7', 'F8', 'F9', 'F11', 'F15']),
    );
  });
});

describe('the connectivity map', () => {
  const edge = (map: { edges: { from: string; to: string; status: string; findingId?: string }[] }, to: string) =>
    map.edges.filter((e) => e.to === to);

  it('draws the role the app runs as and every SSM parameter it reads, broken where it may not read them', async () => {
    const map = await call('diagnostics.connectivity', { target, environmentName: 'flask-ssm-demo-prod' });
    expect(map.problems).toEqual([]);
    expect(edge(map, 'role:aws-elasticbeanstalk-ec2-role')).toEqual([
      expect.objectContaining({ from: 'env:flask-ssm-demo-prod', status: 'allowed' }),
    ]);
    const reads = map.edges.filter((e) => e.label === 'ssm:GetParameter');
    expect(reads.map((e) => e.to).sort()).toEqual(
      ['APP_SECRET', 'RDS_DB_NAME', 'RDS_HOSTNAME', 'RDS_PASSWORD', 'RDS_PORT', 'RDS_USERNAME'].map(
        (n) => `ssm-parameter:/flaskapp/flaskenv/${n}`,
      ),
    );
    for (const read of reads) {
      expect(read).toMatchObject({
        from: 'role:aws-elasticbeanstalk-ec2-role',
        status: 'broken',
        findingId: 'F10:role/aws-elasticbeanstalk-ec2-role@flask-ssm-demo-prod',
      });
    }
    // Its database is in the same VPC and admits its group.
    expect(edge(map, 'database:flask-db-instance-1').map((e) => e.status)).toEqual(['allowed', 'allowed']);
  });

  it('marks the database edge broken with the finding for an environment the database does not admit', async () => {
    const map = await call('diagnostics.connectivity', { target, environmentName: 'Bbruceeb2-env' });
    expect(edge(map, 'database:edx-photos-db')).toContainEqual(
      expect.objectContaining({ status: 'broken', findingId: 'F5:db-instance/edx-photos-db@Bbruceeb2-env' }),
    );
    const subnet = map.nodes.find((n) => n.kind === 'subnet');
    expect(subnet?.parent).toBe('vpc:vpc-0e5d4c3b2a1f09876');
    expect(map.nodes.find((n) => n.kind === 'instance')?.parent).toBe(subnet?.id);
  });

  it('shows a missing instance profile as a broken "runs as" edge', async () => {
    const map = await call('diagnostics.connectivity', { target, environmentName: 'flask-ssm-demo-staging' });
    expect(map.edges.find((e) => e.label === 'runs as')).toMatchObject({
      to: 'role:profile/flask-staging-ec2-profile',
      status: 'broken',
      findingId: 'F16:instance-profile/flask-staging-ec2-profile@flask-ssm-demo-staging',
    });
  });
});
