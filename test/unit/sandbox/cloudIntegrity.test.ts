import { describe, expect, it } from 'vitest';
import { buildScenario } from '../../../src/sandbox/scenarios';
import { findCloudIntegrityProblems } from '../../../src/sandbox/state/cloudIntegrity';

const NOW = new Date('2026-11-22T04:00:00Z');

describe('EC2, S3 and Elastic Beanstalk integrity', () => {
  it('finds nothing wrong with the seeded scenarios', () => {
    expect(findCloudIntegrityProblems(buildScenario('training-lab', NOW))).toEqual([]);
    expect(findCloudIntegrityProblems(buildScenario('empty', NOW))).toEqual([]);
  });

  it('names dangling references and duplicates', () => {
    const doc = buildScenario('training-lab', NOW);
    const instance = doc.ec2.instances[0];
    const env = doc.elasticbeanstalk.environments[0];
    if (!instance || !env) throw new Error('scenario changed');
    instance.subnetId = 'subnet-0000000000000000f';
    env.versionLabel = 'ghost';
    doc.elasticbeanstalk.applications.push({ ...doc.elasticbeanstalk.applications[0]! });
    const problems = findCloudIntegrityProblems(doc);
    expect(problems).toContain(`instance ${instance.id} is in subnet subnet-0000000000000000f, which does not exist`);
    expect(problems).toContain(`environment '${env.name}' runs version 'ghost', which does not exist`);
    expect(problems).toContain("application 'bbruceeb2' appears more than once");
  });
});
