import { describe, expect, it } from 'vitest';
import { buildScenario } from '../../../src/sandbox/scenarios';
import { parseStateDocument, SandboxStateError } from '../../../src/sandbox/state/store';

const NOW = new Date('2026-11-22T03:49:14Z');

describe('the RDS section of the state document', () => {
  it('defaults to empty in a state file written before RDS existed', () => {
    const { rds: _rds, ...older } = buildScenario('training-lab', NOW);
    const doc = parseStateDocument(JSON.stringify(older), 'old.json');
    expect(doc.rds).toEqual({ instances: [], subnetGroups: [] });
  });

  it('seeds the lab databases in edx-build-aws-vpc with their groups present in EC2', () => {
    const doc = buildScenario('training-lab', NOW);
    expect(doc.rds.instances.map((db) => [db.id, db.engine, db.port, db.clusterId])).toEqual([
      ['edx-photos-db', 'mysql', 3306, undefined],
      ['flask-db-instance-1', 'aurora-postgresql', 5432, 'flask-db'],
    ]);
    const groupIds = new Set(doc.ec2.securityGroups.map((g) => g.id));
    for (const db of doc.rds.instances) for (const id of db.vpcSecurityGroupIds) expect(groupIds.has(id)).toBe(true);
    const wizard = doc.ec2.securityGroups.find((g) => g.name === 'rds-launch-wizard');
    // No Beanstalk environment's group is admitted: the lab's F5 failure.
    const admitted = wizard?.ingress.flatMap((p) => p.userIdGroupPairs.map((pair) => pair.groupId)) ?? [];
    const ebGroups = doc.ec2.securityGroups
      .filter((g) => g.tags.some((t) => t.key === 'elasticbeanstalk:environment-name'))
      .map((g) => g.id);
    expect(admitted.filter((id) => ebGroups.includes(id) || id === 'sg-0e5d4c3b2a1f00102')).toEqual([]);
  });

  it('refuses a hand-edited instance with a bad port, naming the field', () => {
    const doc = buildScenario('training-lab', NOW);
    const broken = { ...doc, rds: { ...doc.rds, instances: [{ ...doc.rds.instances[0], port: 80 }] } };
    let message = '';
    try {
      parseStateDocument(JSON.stringify(broken), 'x.json');
    } catch (error: unknown) {
      if (error instanceof SandboxStateError) message = error.message;
    }
    expect(message).toMatch(/rds\.instances\.0\.port/);
  });
});
