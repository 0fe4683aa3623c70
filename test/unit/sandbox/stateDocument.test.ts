import { describe, expect, it } from 'vitest';
import { buildScenario } from '../../../src/sandbox/scenarios';
import { AWS_MANAGED_POLICIES, AWS_MANAGED_POLICY_ARNS } from '../../../src/sandbox/scenarios/awsManagedPolicies';
import { findIntegrityProblems } from '../../../src/sandbox/state/integrity';
import { parseStateDocument, SandboxStateError } from '../../../src/sandbox/state/store';

const NOW = new Date('2026-11-22T03:49:14Z');

function parseError(text: string): string {
  try {
    parseStateDocument(text, '/tmp/state.json');
  } catch (error: unknown) {
    if (error instanceof SandboxStateError) return error.message;
    throw error;
  }
  throw new Error('expected a SandboxStateError');
}

describe('state document validation', () => {
  it('accepts both scenarios as they are seeded', () => {
    for (const scenario of ['training-lab', 'empty'] as const) {
      const doc = buildScenario(scenario, NOW);
      expect(parseStateDocument(JSON.stringify(doc), 'x.json')).toEqual(doc);
      expect(findIntegrityProblems(doc, AWS_MANAGED_POLICY_ARNS)).toEqual([]);
    }
  });

  it('explains invalid JSON and points at --reset', () => {
    const message = parseError('{"version": 1,');
    expect(message).toContain('/tmp/state.json is not valid JSON');
    expect(message).toContain('--reset');
  });

  it('names the field a hand edit broke', () => {
    const doc = buildScenario('training-lab', NOW);
    const broken = JSON.parse(JSON.stringify(doc)) as { iam: { roles: Array<{ createDate: string }> } };
    const firstRole = broken.iam.roles[0];
    if (!firstRole) throw new Error('scenario has no roles');
    firstRole.createDate = 'yesterday';
    const message = parseError(JSON.stringify(broken));
    expect(message).toContain('iam.roles.0.createDate');
    expect(message).toContain('ISO-8601');
  });

  it('refuses another version of the document', () => {
    expect(parseError('{"version": 3}')).toContain('has version 3; this sandbox reads version 2');
  });

  it('reports dangling references', () => {
    const doc = buildScenario('training-lab', NOW);
    const role = doc.iam.roles.find((candidate) => candidate.name === 'EC2_Can_Use_Services');
    if (!role) throw new Error('missing role');
    role.attachedPolicyArns.push('arn:aws:iam::aws:policy/NoSuchPolicy');
    doc.iam.accessKeys.push({
      accessKeyId: 'AKIAORPHANKEY0000001',
      secretAccessKey: 's',
      userName: 'ghost',
      status: 'Active',
      createDate: '2020-01-01T00:00:00Z',
    });
    const message = parseError(JSON.stringify(doc));
    expect(message).toContain("role 'EC2_Can_Use_Services' has policy arn:aws:iam::aws:policy/NoSuchPolicy attached");
    expect(message).toContain("belongs to user 'ghost'");
  });
});

describe('training-lab scenario', () => {
  const doc = buildScenario('training-lab', NOW);
  const policyText = (name: string): string => {
    const policy = doc.iam.policies.find((candidate) => candidate.name === name);
    if (!policy) throw new Error(`missing ${name}`);
    return policy.versions[0]?.document ?? '';
  };

  it('grants the course user no Elastic Beanstalk, Auto Scaling or IAM write actions (seed 004)', () => {
    const text = policyText('edXProjectPolicy');
    expect(text).toContain('rekognition:*');
    expect(text).toContain('dynamodb:*');
    expect(text).not.toMatch(/elasticbeanstalk|autoscaling|"\*"\s*,?\s*"Resource"|iam:(Create|Put|Attach|Pass|\*)/);
  });

  it('keeps one key unused for more than 90 days and one used recently, relative to the clock', () => {
    const ages = doc.iam.accessKeys.map((key) => (NOW.getTime() - Date.parse(key.lastUsed?.date ?? '')) / 86_400_000);
    expect(ages.some((days) => days > 90)).toBe(true);
    expect(ages.some((days) => days < 7)).toBe(true);
  });

  it('puts the app policies on the service role, not the instance role (F6)', () => {
    const service = doc.iam.roles.find((role) => role.name === 'aws-elasticbeanstalk-service-role');
    const instance = doc.iam.roles.find((role) => role.name === 'aws-elasticbeanstalk-ec2-role');
    expect(service?.attachedPolicyArns).toContain('arn:aws:iam::aws:policy/AmazonS3FullAccess');
    expect(instance?.attachedPolicyArns).not.toContain('arn:aws:iam::aws:policy/AmazonS3FullAccess');
  });
});

describe('AWS managed policy catalogue', () => {
  it('holds the policies the lab uses, with realistic ARNs and documents', () => {
    const names = AWS_MANAGED_POLICIES.map((policy) => policy.name).sort();
    expect(names).toEqual(
      [
        'AdministratorAccess',
        'AdministratorAccess-AWSElasticBeanstalk',
        'AmazonOpenSearchServiceFullAccess',
        'AmazonRekognitionReadOnlyAccess',
        'AmazonS3FullAccess',
        'AmazonSSMManagedInstanceCore',
        'AWSElasticBeanstalkEnhancedHealth',
        'AWSElasticBeanstalkFullAccess',
        'AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy',
        'AWSElasticBeanstalkMulticontainerDocker',
        'AWSElasticBeanstalkWebTier',
        'AWSElasticBeanstalkWorkerTier',
        'IAMFullAccess',
        'ReadOnlyAccess',
      ].sort(),
    );
    const health = AWS_MANAGED_POLICIES.find((policy) => policy.name === 'AWSElasticBeanstalkEnhancedHealth');
    expect(health?.arn).toBe('arn:aws:iam::aws:policy/service-role/AWSElasticBeanstalkEnhancedHealth');
    const iamFull = AWS_MANAGED_POLICIES.find((policy) => policy.name === 'IAMFullAccess');
    expect(JSON.parse(iamFull?.document ?? '{}')).toMatchObject({
      Statement: [{ Action: expect.arrayContaining(['iam:*']) }],
    });
  });

  it('marks only the retired Beanstalk policy as not attachable', () => {
    const notAttachable = AWS_MANAGED_POLICIES.filter((policy) => !policy.attachable).map((policy) => policy.name);
    expect(notAttachable).toEqual(['AWSElasticBeanstalkFullAccess']);
  });
});
