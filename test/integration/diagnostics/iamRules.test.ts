import { describe, expect, it } from 'vitest';
import { labDoctor, labEvaluation } from '../../support/diagnostics';
import { deployerPermissionsFamily, explainAccessDenied } from '../../../src/main/diagnostics/rules/permissions';
import { instanceRoleFamily } from '../../../src/main/diagnostics/rules/instanceRole';
import { accessKeysFamily } from '../../../src/main/diagnostics/rules/accessKeys';
import { environmentRolesFamily } from '../../../src/main/diagnostics/rules/environmentRoles';
import type { FindingDraft, RunnableFamily } from '../../../src/main/diagnostics/types';
import type { ChangeIntent } from '../../../src/shared/contract';

// The IAM families on the training lab, through the real ScanSource, and the
// loop a guided fix makes: apply the finding's fix, re-scan, see the check
// pass; undo, re-scan, see it fail again.
const doctor = labDoctor(
  'iamrules',
  labEvaluation({
    settings: { deployers: [{ type: 'user', name: 'edXProjectUser3' }], requiredProperties: {}, parameterPaths: {} },
  }),
);
const { scan, apply, undo } = doctor;

const passed = async (family: RunnableFamily, id: string) =>
  (await scan(family)).checks.find((c) => c.id === id)?.passed;

const recommended = (finding: FindingDraft | undefined): ChangeIntent => {
  const fix = finding?.fixes.find((f) => f.recommended);
  if (!fix) throw new Error(`no recommended fix on ${finding?.id ?? 'missing finding'}`);
  return fix.intent;
};

describe('IAM rules on the training lab', () => {
  it('finds the deployers without Beanstalk rights (F1) and the launch-configuration denial (F2)', async () => {
    const out = await scan(deployerPermissionsFamily);
    const ids = out.findings.map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'F1:user/edXProjectUser3',
        'F1:role/EC2_Can_Use_Services',
        'F2:user/edXProjectUser3@autoscaling:CreateLaunchConfiguration',
      ]),
    );
    const jumpbox = out.findings.find((f) => f.id === 'F1:role/EC2_Can_Use_Services');
    expect(jumpbox?.evidence[0]?.text).toMatch(/^instance i-\w+ \(edx-jumpbox\), not launched by Elastic Beanstalk/);
    const lc = out.findings.find((f) => f.id === 'F2:user/edXProjectUser3@autoscaling:CreateLaunchConfiguration');
    expect(lc?.evidence[0]).toMatchObject({
      source: 'event',
      text: expect.stringContaining('is not authorized to perform: autoscaling:CreateLaunchConfiguration'),
    });
    expect(lc?.evidence).toContainEqual(
      expect.objectContaining({
        source: 'simulation',
        text: 'autoscaling:CreateLaunchConfiguration on arn:aws:autoscaling:us-east-1:570589970431:launchConfiguration:*:launchConfigurationName/awseb-e-mp3bcgh2vq-stack-AWSEBAutoScalingLaunchConfiguration: implicitDeny — SimulatePrincipalPolicy',
      }),
    );
    // SSM reads of the instance role are F10's.
    expect(ids.filter((id) => id.includes('ssm:'))).toEqual([]);
  });

  it('verifies the F1 attach on the jumpbox role and fails again after undo', async () => {
    const id = 'F1:role/EC2_Can_Use_Services';
    const finding = (await scan(deployerPermissionsFamily)).findings.find((f) => f.id === id);
    const entry = await apply(recommended(finding));
    expect(await passed(deployerPermissionsFamily, id)).toBe(true);
    await undo(entry);
    expect(await passed(deployerPermissionsFamily, id)).toBe(false);
  });

  it('finds S3/Rekognition on the service role (F6) and the unreadable /flaskapp secrets (F10); the F10 fix verifies', async () => {
    const out = await scan(instanceRoleFamily);
    expect(out.findings.map((f) => f.id)).toEqual(
      expect.arrayContaining([
        'F6:role/aws-elasticbeanstalk-service-role@Bbruceeb2-env',
        'F10:role/aws-elasticbeanstalk-ec2-role@flask-ssm-demo-prod',
      ]),
    );
    expect(
      out.checks.find((c) => c.id === 'F10:role/aws-elasticbeanstalk-ec2-role@Bbruceeb1-env')?.passed ?? true,
    ).toBe(true);
    const f10 = out.findings.find((f) => f.id === 'F10:role/aws-elasticbeanstalk-ec2-role@flask-ssm-demo-prod');
    const intent = recommended(f10);
    // prod is Red from the failed secrets fetch, so the grant comes with a rebuild that re-fetches them.
    expect(intent).toMatchObject({
      kind: 'composite',
      parts: [
        { kind: 'iam.putInlinePolicy', policyName: 'FetchSSMParameters' },
        { kind: 'beanstalk.rebuild', environmentName: 'flask-ssm-demo-prod' },
      ],
    });
    const entry = await apply(intent);
    expect(await passed(instanceRoleFamily, 'F10:role/aws-elasticbeanstalk-ec2-role@flask-ssm-demo-prod')).toBe(true);
    await undo(entry);
    expect(await passed(instanceRoleFamily, 'F10:role/aws-elasticbeanstalk-ec2-role@flask-ssm-demo-prod')).toBe(false);
  });

  it('verifies the F6 attach to the instance role', async () => {
    const id = 'F6:role/aws-elasticbeanstalk-service-role@Bbruceeb2-env';
    const finding = (await scan(instanceRoleFamily)).findings.find((f) => f.id === id);
    expect(finding?.severity).toBe('high');
    const entry = await apply(recommended(finding));
    const after = (await scan(instanceRoleFamily)).findings.find((f) => f.id === id);
    // Still on the service role, but the app has them now: only the optional tidy-up remains.
    expect(after?.severity).toBe('low');
    expect(after?.fixes.map((f) => f.id)).toEqual(['detach-from-service-role']);
    await undo(entry);
  });

  it('deactivates the stale access key (F14) and then offers its deletion separately', async () => {
    const id = 'F14:access-key/AKIAYLQ4JS7XBWP3RE5M';
    const finding = (await scan(accessKeysFamily)).findings.find((f) => f.id === id);
    const entry = await apply(recommended(finding));
    const after = await scan(accessKeysFamily);
    expect(after.checks.find((c) => c.id === id)?.passed).toBe(true);
    expect(after.findings.find((f) => f.id === `${id}@inactive`)?.fixes.map((f) => f.intent.kind)).toEqual([
      'iam.deleteAccessKey',
    ]);
    await undo(entry);
    expect(await passed(accessKeysFamily, id)).toBe(false);
  });

  it('finds the missing instance profile of flask-ssm-demo-staging (F16) and plans create + rebuild', async () => {
    const out = await scan(environmentRolesFamily);
    const finding = out.findings.find((f) => f.rule === 'F16' && f.environmentName === 'flask-ssm-demo-staging');
    expect(finding?.resource.type).toBe('instance-profile');
    const intent = recommended(finding);
    expect(intent).toMatchObject({
      kind: 'composite',
      parts: [
        {
          kind: 'iam.createEnvironmentRole',
          purpose: 'instance',
          roleName: finding?.resource.name,
          instanceProfileName: finding?.resource.name,
        },
        { kind: 'beanstalk.rebuild', environmentName: 'flask-ssm-demo-staging' },
      ],
    });
    const plan = await doctor.call('changes.plan', { target: doctor.target, intent });
    expect(plan.blocked).toBeUndefined();
    expect(out.checks.filter((c) => c.environmentName === 'Bbruceeb2-env').every((c) => c.passed)).toBe(true);
  });

  it('explains the seed text of F2 against live IAM', async () => {
    const out = await explainAccessDenied(
      doctor.source(),
      doctor.evaluation,
      'User: arn:aws:iam::570589970431:user/edXProjectUser3 is not authorized to perform elasticbeanstalk:CreateApplication',
    );
    expect(out.findings.map((f) => f.id)).toEqual(['F2:user/edXProjectUser3@elasticbeanstalk:CreateApplication']);
    expect(recommended(out.findings[0])).toEqual({
      kind: 'iam.attachPolicy',
      principal: { type: 'user', name: 'edXProjectUser3' },
      policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess-AWSElasticBeanstalk',
    });
  });
});
