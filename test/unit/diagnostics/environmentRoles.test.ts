import { describe, expect, it } from 'vitest';
import {
  collectEnvironmentRoles,
  evaluateEnvironmentRoles,
} from '../../../src/main/diagnostics/rules/environmentRoles';
import {
  ACCOUNT,
  beanstalkTrust,
  context,
  ec2Trust,
  environmentDetail,
  environmentFacts,
  fakeSource,
  role,
  snapshotOf,
  type FakeAccount,
} from './support/iamFixtures';

const assumeFailed = `Unable to assume role "arn:aws:iam::${ACCOUNT}:role/api-instance". Verify that the role exists and is configured correctly.`;

const api = environmentDetail('api-staging', {
  environment: environmentFacts('api-staging', { health: 'Grey', status: 'Ready' }),
  options: [
    {
      namespace: 'aws:elasticbeanstalk:environment',
      optionName: 'ServiceRole',
      value: `arn:aws:iam::${ACCOUNT}:role/eb/api-service`,
    },
    { namespace: 'aws:autoscaling:launchconfiguration', optionName: 'IamInstanceProfile', value: 'api-instance' },
  ],
  events: [{ at: '2026-03-01T09:00:00Z', severity: 'ERROR', message: assumeFailed }],
});

async function run(account: FakeAccount) {
  const ctx = context();
  return evaluateEnvironmentRoles(await collectEnvironmentRoles(fakeSource(account), ctx), ctx);
}

describe('F16 missing instance profile or service role', () => {
  it('creates the missing profile and service role from the option names, then rebuilds', async () => {
    const out = await run({ snapshot: snapshotOf([]), environments: [api], profiles: [] });
    expect(out.checks.map((c) => [c.id, c.passed])).toEqual([
      ['F16:instance-profile/api-instance@api-staging', false],
      ['F16:role/api-service@api-staging', false],
    ]);
    const [profile, service] = out.findings;
    expect(profile?.severity).toBe('critical');
    expect(profile?.evidence).toContainEqual({
      source: 'event',
      label: 'ERROR event',
      text: assumeFailed,
      at: '2026-03-01T09:00:00Z',
    });
    expect(profile?.evidence[0]?.text).toBe('aws:autoscaling:launchconfiguration IamInstanceProfile = api-instance');
    expect(profile?.fixes[0]).toMatchObject({
      id: 'create-and-rebuild',
      recommended: true,
      intent: {
        kind: 'composite',
        parts: [
          {
            kind: 'iam.createEnvironmentRole',
            purpose: 'instance',
            roleName: 'api-instance',
            instanceProfileName: 'api-instance',
          },
          { kind: 'beanstalk.rebuild', environmentName: 'api-staging' },
        ],
      },
    });
    expect(profile?.fixes[1]?.intent).toEqual({
      kind: 'iam.createEnvironmentRole',
      purpose: 'instance',
      roleName: 'api-instance',
      instanceProfileName: 'api-instance',
    });
    expect(service?.fixes[0]?.intent).toEqual({
      kind: 'composite',
      title: 'Create service role api-service for api-staging',
      parts: [
        { kind: 'iam.createEnvironmentRole', purpose: 'service', roleName: 'api-service' },
        { kind: 'beanstalk.rebuild', environmentName: 'api-staging' },
      ],
    });
  });

  it('gives manual steps with the exact trust policy when a role trusts the wrong service', async () => {
    const out = await run({
      snapshot: snapshotOf([
        role('api-instance', { trustPolicy: beanstalkTrust }),
        role('api-service', { path: '/eb/', trustPolicy: ec2Trust }),
      ]),
      environments: [api],
      profiles: [{ name: 'api-instance', arn: 'x', roleNames: ['api-instance'] }],
    });
    expect(out.findings.map((f) => f.id)).toEqual([
      'F16:instance-profile/api-instance@api-staging',
      'F16:role/api-service@api-staging',
    ]);
    const [profile, service] = out.findings;
    expect(profile?.fixes).toEqual([]);
    expect(profile?.manual?.steps[1]?.command).toBe(
      `aws iam update-assume-role-policy --role-name api-instance --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'`,
    );
    expect(profile?.explanation).toContain('elasticbeanstalk.amazonaws.com');
    expect(service?.manual?.steps[0]?.text).toContain('"sts:ExternalId": "elasticbeanstalk"');
  });

  it('creates the profile by hand around an existing role of the same name', async () => {
    const out = await run({
      snapshot: snapshotOf([role('api-instance'), role('api-service', { path: '/eb/', trustPolicy: beanstalkTrust })]),
      environments: [api],
      profiles: [],
    });
    expect(out.findings.map((f) => f.id)).toEqual(['F16:instance-profile/api-instance@api-staging']);
    expect(out.findings[0]?.fixes).toEqual([]);
    expect(out.findings[0]?.manual?.steps.map((s) => s.command)).toContain(
      'aws iam add-role-to-instance-profile --instance-profile-name api-instance --role-name api-instance',
    );
  });

  it('passes with the default names when the options are unset and the roles are right', async () => {
    const out = await run({
      snapshot: snapshotOf([
        role('aws-elasticbeanstalk-ec2-role'),
        role('aws-elasticbeanstalk-service-role', { trustPolicy: beanstalkTrust }),
      ]),
      environments: [environmentDetail('blog')],
      profiles: [{ name: 'aws-elasticbeanstalk-ec2-role', arn: 'x', roleNames: ['aws-elasticbeanstalk-ec2-role'] }],
    });
    expect(out.findings).toEqual([]);
    expect(out.checks.map((c) => [c.id, c.passed])).toEqual([
      ['F16:instance-profile/aws-elasticbeanstalk-ec2-role@blog', true],
      ['F16:role/aws-elasticbeanstalk-service-role@blog', true],
    ]);
  });

  it('judges the profile the instances run with when the option is unset, not the default name', async () => {
    const blog = environmentDetail('blog', {
      instances: [
        {
          instanceId: 'i-0b10g',
          state: 'running',
          securityGroupIds: [],
          instanceProfileArn: `arn:aws:iam::${ACCOUNT}:instance-profile/web/blog-web`,
          environmentName: 'blog',
        },
      ],
    });
    const out = await run({
      snapshot: snapshotOf([
        role('blog-web'),
        role('aws-elasticbeanstalk-service-role', { trustPolicy: beanstalkTrust }),
      ]),
      environments: [blog],
      profiles: [{ name: 'blog-web', arn: 'x', roleNames: ['blog-web'] }],
    });
    expect(out.findings).toEqual([]);
    expect(out.checks.map((c) => [c.id, c.passed])).toEqual([
      ['F16:instance-profile/blog-web@blog', true],
      ['F16:role/aws-elasticbeanstalk-service-role@blog', true],
    ]);
  });

  it('says nothing when IAM cannot be read (the scan records the problem instead)', async () => {
    const out = await run({
      environments: [environmentDetail('blog')],
      profiles: [{ name: 'aws-elasticbeanstalk-ec2-role', arn: 'x', roleNames: ['aws-elasticbeanstalk-ec2-role'] }],
    });
    expect(out.findings).toEqual([]);
    expect(out.checks).toEqual([]);
  });
});
