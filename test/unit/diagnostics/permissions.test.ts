import { describe, expect, it } from 'vitest';
import {
  collectPermissions,
  DEPLOYER_ACTIONS,
  evaluateDeployers,
  evaluatePermissions,
  explainAccessDenied,
  impliedResource,
  LEAST_PRIVILEGE_POLICY,
  type DeployerFacts,
} from '../../../src/main/diagnostics/rules/permissions';
import type { FixDraft } from '../../../src/main/diagnostics/types';
import {
  ACCOUNT,
  awsPolicy,
  context,
  doc,
  environmentDetail,
  environmentFacts,
  fakeSource,
  role,
  snapshotOf,
  user,
} from './support/iamFixtures';

const fix = (fixes: FixDraft[], id: string): FixDraft => {
  const found = fixes.find((f) => f.id === id);
  if (!found) throw new Error(`no fix ${id} in ${fixes.map((f) => f.id).join(', ')}`);
  return found;
};

/** The intent attaching an AWS managed policy, as the fixes must plan it. */
const attachAwsPolicy = (type: 'user' | 'role', name: string, policy: string, partition = 'aws') => ({
  kind: 'iam.attachPolicy',
  principal: { type, name },
  policyArn: `arn:${partition}:iam::aws:policy/${policy}`,
});

const s3Only = doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' });

describe('F1 deploying principals', () => {
  const bastion = role('ops-bastion', {
    path: '/ops/',
    inlinePolicies: [{ name: 'assets', document: s3Only }],
    instanceProfiles: [{ name: 'bastion-profile', arn: `arn:aws:iam::${ACCOUNT}:instance-profile/bastion-profile` }],
  });
  const releaseBot = user('release-bot', {
    attachedPolicies: [awsPolicy('IAMFullAccess'), awsPolicy('AdministratorAccess-AWSElasticBeanstalk')],
  });
  const account = {
    snapshot: snapshotOf([bastion, role('aws-elasticbeanstalk-ec2-role')], [releaseBot, user('analyst')]),
    instances: [
      {
        instanceId: 'i-0bastion',
        state: 'running',
        name: 'bastion',
        securityGroupIds: [],
        instanceProfileArn: `arn:aws:iam::${ACCOUNT}:instance-profile/bastion-profile`,
      },
      {
        instanceId: 'i-0ebweb',
        state: 'running',
        securityGroupIds: [],
        instanceProfileArn: `arn:aws:iam::${ACCOUNT}:instance-profile/aws-elasticbeanstalk-ec2-role`,
        environmentName: 'orders-prod',
      },
    ],
    profiles: [{ name: 'bastion-profile', arn: 'x', roleNames: ['ops-bastion'] }],
  };
  const ctx = context({
    settings: { deployers: [{ type: 'user', name: 'release-bot' }], requiredProperties: {}, parameterPaths: {} },
  });

  it('checks the declared deployers and the roles of instances Beanstalk did not launch, nobody else', async () => {
    const source = fakeSource(account);
    const out = evaluatePermissions(await collectPermissions(source, ctx), ctx);
    expect(out.checks.filter((c) => c.rule === 'F1').map((c) => [c.id, c.passed])).toEqual([
      ['F1:user/release-bot', true],
      ['F1:role/ops-bastion', false],
    ]);
    // The role is simulated by its real ARN, path included.
    expect(source.simulations.map((s) => s.principalArn)).toContain(`arn:aws:iam::${ACCOUNT}:role/ops/ops-bastion`);
    const [finding] = out.findings;
    expect(finding?.id).toBe('F1:role/ops-bastion');
    expect(finding?.severity).toBe('high');
    expect(finding?.evidence.map((e) => e.text)).toContain(
      'instance i-0bastion (bastion), not launched by Elastic Beanstalk, runs with instance profile bastion-profile',
    );
    expect(finding?.explanation).toContain('AWSElasticBeanstalkFullAccess');
    expect(fix(finding?.fixes ?? [], 'attach-managed')).toMatchObject({
      recommended: true,
      intent: {
        kind: 'composite',
        parts: [
          attachAwsPolicy('role', 'ops-bastion', 'IAMFullAccess'),
          attachAwsPolicy('role', 'ops-bastion', 'AdministratorAccess-AWSElasticBeanstalk'),
        ],
      },
    });
    const inline = fix(finding?.fixes ?? [], 'inline-policy');
    expect(inline.recommended).toBe(false);
    expect(inline.intent).toMatchObject({ kind: 'iam.putInlinePolicy', policyName: LEAST_PRIVILEGE_POLICY });
    const written = inline.intent.kind === 'iam.putInlinePolicy' ? JSON.parse(inline.intent.document) : undefined;
    expect(written.Statement).toEqual([
      { Sid: 'TrellisDeployer', Effect: 'Allow', Action: [...DEPLOYER_ACTIONS], Resource: ['*'] },
    ]);
  });

  it('falls back to the attached policies when SimulatePrincipalPolicy fails, and says so', async () => {
    const source = fakeSource({ ...account, simulateFails: true });
    const out = evaluatePermissions(await collectPermissions(source, ctx), ctx);
    expect(out.checks.find((c) => c.id === 'F1:user/release-bot')?.passed).toBe(true);
    const finding = out.findings.find((f) => f.id === 'F1:role/ops-bastion');
    const decision = finding?.evidence.find((e) => e.label.startsWith('Estimated decision'));
    expect(decision?.source).toBe('policy');
    expect(decision?.text).toContain('iam:CreateRole: implicitDeny');
    expect(decision?.text).toContain('SimulatePrincipalPolicy failed (SimulatePrincipalPolicy is not implemented)');
  });

  it('attaches only what is missing, as one step, in the account partition', () => {
    const d: DeployerFacts = {
      ref: { type: 'user', name: 'builder' },
      arn: 'arn:aws-cn:iam::111122223333:user/builder',
      reasons: ['declared'],
      exists: true,
      attachedPolicyNames: ['AdministratorAccess-AWSElasticBeanstalk'],
      inlinePolicies: [],
      verdicts: [
        { action: 'iam:CreateRole', decision: 'implicitDeny', matched: [], method: 'simulation' },
        { action: 'elasticbeanstalk:CreateApplication', decision: 'allowed', matched: ['x'], method: 'simulation' },
      ],
    };
    const out = evaluateDeployers([d], context({ partition: 'aws-cn' }));
    expect(fix(out.findings[0]?.fixes ?? [], 'attach-managed').intent).toEqual(
      attachAwsPolicy('user', 'builder', 'IAMFullAccess', 'aws-cn'),
    );
  });

  it('offers no grant for an explicit deny, only manual steps', () => {
    const d: DeployerFacts = {
      ref: { type: 'role', name: 'deployer' },
      arn: 'arn:aws:iam::111122223333:role/deployer',
      reasons: ['declared'],
      attachedPolicyNames: [],
      inlinePolicies: [],
      verdicts: [{ action: 'iam:PassRole', decision: 'explicitDeny', matched: ['NoPassRole'], method: 'simulation' }],
    };
    const [finding] = evaluateDeployers([d], context()).findings;
    expect(finding?.fixes).toEqual([]);
    expect(finding?.manual?.steps[0]?.text).toContain('NoPassRole');
  });

  it('skips deployers in a scan scoped to one environment', async () => {
    const source = fakeSource(account);
    const facts = await collectPermissions(source, context({ ...ctx, environmentName: 'orders-prod' }));
    expect(facts.deployers).toEqual([]);
  });
});

describe('resources implied by Beanstalk’s Auto Scaling denials', () => {
  const at = { partition: 'aws-cn', region: 'cn-north-1', account: '111122223333' };
  it('names the environment’s own launch configuration and group, the only ones the Beanstalk policy grants', () => {
    expect(impliedResource('autoscaling:CreateLaunchConfiguration', 'e-abc123', at)).toBe(
      'arn:aws-cn:autoscaling:cn-north-1:111122223333:launchConfiguration:*:launchConfigurationName/awseb-e-abc123-stack-AWSEBAutoScalingLaunchConfiguration',
    );
    expect(impliedResource('autoscaling:UpdateAutoScalingGroup', 'e-abc123', at)).toBe(
      'arn:aws-cn:autoscaling:cn-north-1:111122223333:autoScalingGroup:*:autoScalingGroupName/awseb-e-abc123-stack-AWSEBAutoScalingGroup',
    );
    expect(impliedResource('s3:GetObject', 'e-abc123', at)).toBeUndefined();
    expect(impliedResource('autoscaling:CreateLaunchConfiguration', undefined, at)).toBeUndefined();
  });
});

describe('F2 access denied in events', () => {
  const lcEvent =
    'Creating Auto Scaling launch configuration failed Reason: API: autoscaling:CreateLaunchConfiguration User: arn:aws:iam::111122223333:user/ci/deployer is not authorized to perform: autoscaling:CreateLaunchConfiguration';
  const orders = (over: Partial<ReturnType<typeof environmentDetail>> = {}, health: 'Green' | 'Red' = 'Red') =>
    environmentDetail('orders-prod', {
      environment: environmentFacts('orders-prod', { health }),
      options: [
        {
          namespace: 'aws:elasticbeanstalk:environment',
          optionName: 'ServiceRole',
          value: `arn:aws:iam::${ACCOUNT}:role/eb/eb-service`,
        },
        {
          namespace: 'aws:autoscaling:launchconfiguration',
          optionName: 'IamInstanceProfile',
          value: 'orders-instance',
        },
      ],
      secrets: { DB_PASSWORD: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/orders/db-password` },
      events: [
        { at: '2026-03-01T10:05:00Z', severity: 'ERROR', message: lcEvent },
        { at: '2026-03-01T10:00:00Z', severity: 'ERROR', message: lcEvent },
        { at: '2026-03-01T09:59:00Z', severity: 'INFO', message: 'createEnvironment is starting.' },
      ],
      ...over,
    });
  const deployer = (attached: string[] = []) =>
    user('deployer', {
      path: '/ci/',
      arn: `arn:aws:iam::${ACCOUNT}:user/ci/deployer`,
      attachedPolicies: attached.map(awsPolicy),
    });
  const serviceRole = role('eb-service', { path: '/eb/', trustPolicy: 'x' });
  const instanceRole = role('orders-app', {
    inlinePolicies: [{ name: 'none', document: doc({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }) }],
  });
  const base = {
    profiles: [{ name: 'orders-instance', arn: 'x', roleNames: ['orders-app'] }],
  };

  it('raises one finding per principal and action, with the managed policy and a rebuild', async () => {
    const source = fakeSource({
      ...base,
      snapshot: snapshotOf([serviceRole, instanceRole], [deployer()]),
      environments: [orders()],
    });
    const ctx = context();
    const out = evaluatePermissions(await collectPermissions(source, ctx), ctx);
    const f2 = out.findings.filter((f) => f.rule === 'F2');
    expect(f2.map((f) => f.id)).toEqual(['F2:user/deployer@autoscaling:CreateLaunchConfiguration']);
    const [finding] = f2;
    expect(finding?.severity).toBe('critical');
    expect(finding?.environmentName).toBe('orders-prod');
    expect(finding?.resource.arn).toBe(`arn:aws:iam::${ACCOUNT}:user/ci/deployer`);
    expect(finding?.evidence[0]).toEqual({
      source: 'event',
      label: 'ERROR event in orders-prod',
      text: lcEvent,
      at: '2026-03-01T10:05:00Z',
    });
    expect(finding?.evidence.find((e) => e.source === 'simulation')?.text).toBe(
      // Judged on the environment's own launch configuration, the only one AWS's Beanstalk policy grants.
      'autoscaling:CreateLaunchConfiguration on arn:aws:autoscaling:eu-west-1:111122223333:launchConfiguration:*:launchConfigurationName/awseb-e-orders-p-stack-AWSEBAutoScalingLaunchConfiguration: implicitDeny — SimulatePrincipalPolicy',
    );
    expect(finding?.explanation).toContain('launch configurations');
    expect(fix(finding?.fixes ?? [], 'attach-managed')).toMatchObject({
      recommended: true,
      intent: {
        kind: 'composite',
        parts: [
          attachAwsPolicy('user', 'deployer', 'AdministratorAccess-AWSElasticBeanstalk'),
          { kind: 'beanstalk.rebuild', environmentName: 'orders-prod' },
        ],
      },
    });
    const inline = fix(finding?.fixes ?? [], 'inline-policy').intent;
    expect(inline.kind).toBe('composite');
    const put = inline.kind === 'composite' ? inline.parts[0] : undefined;
    expect(put).toMatchObject({
      kind: 'iam.putInlinePolicy',
      policyName: 'TrellisAllow-autoscaling-CreateLaunchConfiguration',
    });
    expect(put?.kind === 'iam.putInlinePolicy' ? JSON.parse(put.document).Statement : undefined).toEqual([
      { Sid: 'AllowDeniedAction', Effect: 'Allow', Action: ['autoscaling:CreateLaunchConfiguration'], Resource: ['*'] },
    ]);
  });

  it('passes once the action is allowed, and explains launch templates when the environment still fails', async () => {
    const fixed = fakeSource({
      ...base,
      snapshot: snapshotOf([serviceRole, instanceRole], [deployer(['AdministratorAccess-AWSElasticBeanstalk'])]),
      environments: [orders()],
    });
    const ctx = context();
    const out = evaluatePermissions(await collectPermissions(fixed, ctx), ctx);
    expect(out.checks.find((c) => c.id === 'F2:user/deployer@autoscaling:CreateLaunchConfiguration')?.passed).toBe(
      true,
    );
    expect(out.findings.map((f) => [f.id, f.severity])).toEqual([
      ['F2:environment/orders-prod@launch-configuration', 'low'],
    ]);
    expect(out.findings[0]?.manual?.steps[0]?.command).toContain('OptionName=DisableIMDSv1,Value=true');

    const green = fakeSource({
      ...base,
      snapshot: snapshotOf([serviceRole, instanceRole], [deployer(['AdministratorAccess-AWSElasticBeanstalk'])]),
      environments: [orders({}, 'Green')],
    });
    const healthy = evaluatePermissions(await collectPermissions(green, ctx), ctx);
    expect(healthy.findings).toEqual([]);
    expect(healthy.checks.find((c) => c.id === 'F2:environment/orders-prod@launch-configuration')?.passed).toBe(true);
  });

  it('resolves an assumed role to its role and names it as the environment service role', async () => {
    const message =
      'Service:AmazonS3, Message:arn:aws:sts::111122223333:assumed-role/eb-service/ElasticBeanstalkSession is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::orders-assets/logo.png"';
    const source = fakeSource({
      ...base,
      snapshot: snapshotOf([serviceRole, instanceRole], [deployer()]),
      environments: [orders({ events: [{ at: '2026-03-01T11:00:00Z', severity: 'WARN', message }] }, 'Green')],
    });
    const ctx = context();
    const out = evaluatePermissions(await collectPermissions(source, ctx), ctx);
    const finding = out.findings.find((f) => f.id === 'F2:role/eb-service@s3:GetObject');
    expect(finding?.severity).toBe('high');
    expect(source.simulations).toContainEqual({
      principalArn: `arn:aws:iam::${ACCOUNT}:role/eb/eb-service`,
      actions: ['s3:GetObject'],
      resources: ['arn:aws:s3:::orders-assets/logo.png'],
    });
    expect(finding?.evidence.find((e) => e.label === 'Principal')?.text).toContain(
      `the service role of orders-prod (aws:elasticbeanstalk:environment ServiceRole = arn:aws:iam::${ACCOUNT}:role/eb/eb-service)`,
    );
    expect(fix(finding?.fixes ?? [], 'attach-managed').intent).toEqual(
      attachAwsPolicy('role', 'eb-service', 'AmazonS3FullAccess'),
    );
    const inline = fix(finding?.fixes ?? [], 'inline-policy').intent;
    expect(
      inline.kind === 'iam.putInlinePolicy' ? JSON.parse(inline.document).Statement[0].Resource : undefined,
    ).toEqual(['arn:aws:s3:::orders-assets/logo.png']);
  });

  it('leaves an instance-role denial to F6 when the permission sits on the service role', async () => {
    const message = `Application returned HTTP 500: An error occurred (AccessDenied) when calling the GetObject operation: User: arn:aws:sts::${ACCOUNT}:assumed-role/orders-app/i-0abc is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::orders-media/a.png"`;
    const misplaced = {
      ...serviceRole,
      attachedPolicies: [
        ...serviceRole.attachedPolicies,
        { policyName: 'AmazonS3ReadOnlyAccess', policyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' },
      ],
    };
    const denied = async (service: typeof serviceRole) => {
      const source = fakeSource({
        ...base,
        snapshot: snapshotOf([service, instanceRole], [deployer()]),
        environments: [orders({ events: [{ at: '2026-03-01T11:00:00Z', severity: 'ERROR', message }] }, 'Red')],
      });
      const ctx = context();
      return evaluatePermissions(await collectPermissions(source, ctx), ctx);
    };
    const covered = await denied(misplaced);
    expect(covered.findings).toEqual([]);
    expect(covered.checks).toContainEqual(
      expect.objectContaining({
        id: 'F2:role/orders-app@s3:GetObject',
        passed: true,
        detail: expect.stringContaining('F6'),
      }),
    );
    // Without the misplaced policy the denial is F2's own.
    expect((await denied(serviceRole)).findings.map((f) => f.id)).toEqual(['F2:role/orders-app@s3:GetObject']);
  });

  it('leaves SSM parameter denials of the instance role to F10', async () => {
    const message = `User: arn:aws:sts::${ACCOUNT}:assumed-role/orders-app/i-0abc is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/orders/db-password`;
    const source = fakeSource({
      ...base,
      snapshot: snapshotOf([serviceRole, instanceRole], [deployer()]),
      environments: [orders({ events: [{ at: '2026-03-01T11:00:00Z', severity: 'ERROR', message }] }, 'Green')],
    });
    const ctx = context();
    const out = evaluatePermissions(await collectPermissions(source, ctx), ctx);
    expect(out.findings).toEqual([]);
    expect(out.checks).toContainEqual(
      expect.objectContaining({ id: 'F2:role/orders-app@ssm:GetParameter', passed: true }),
    );
  });

  it('explains pasted text against live IAM, with the seed wording (no colon after perform)', async () => {
    const source = fakeSource({ snapshot: snapshotOf([], [user('trainee')]), environments: [] });
    const out = await explainAccessDenied(
      source,
      context(),
      'Error: User: arn:aws:iam::111122223333:user/trainee is not authorized to perform elasticbeanstalk:CreateApplication',
    );
    expect(out.findings.map((f) => f.id)).toEqual(['F2:user/trainee@elasticbeanstalk:CreateApplication']);
    expect(out.findings[0]?.evidence[0]?.source).toBe('text');
    expect(fix(out.findings[0]?.fixes ?? [], 'attach-managed').intent).toEqual(
      attachAwsPolicy('user', 'trainee', 'AdministratorAccess-AWSElasticBeanstalk'),
    );
  });

  it('is silent on healthy environments without denials', async () => {
    const source = fakeSource({
      ...base,
      snapshot: snapshotOf([serviceRole, instanceRole]),
      environments: [orders({ events: [] }, 'Green')],
    });
    const out = evaluatePermissions(await collectPermissions(source, context()), context());
    expect(out).toEqual({ findings: [], checks: [] });
  });
});
