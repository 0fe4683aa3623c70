import { describe, expect, it } from 'vitest';
import { channels, contract } from '../../../src/shared/contract';
import { channelNames } from '../../../src/shared/contract/channelNames';

describe('the IPC contract', () => {
  it('exposes exactly this channel list (a change here is a change to the API surface: review it)', () => {
    expect([...channels]).toMatchInlineSnapshot(`
      [
        "app.info",
        "profiles.list",
        "profiles.reload",
        "profiles.setReadOnly",
        "profiles.submitMfaCode",
        "profiles.approveCredentialProcess",
        "sso.startSignIn",
        "sso.pollSignIn",
        "sso.listAccounts",
        "sso.listAccountRoles",
        "profiles.setPreferences",
        "profiles.unlockProduction",
        "sts.getCallerIdentity",
        "iam.snapshot",
        "iam.getRole",
        "iam.getUser",
        "iam.listPolicies",
        "iam.listManagedPolicies",
        "iam.getPolicyDocument",
        "iam.listAccessKeys",
        "beanstalk.listEnvironments",
        "beanstalk.health",
        "beanstalk.describeEvents",
        "beanstalk.configuration",
        "beanstalk.revealProperty",
        "beanstalk.applicationVersion",
        "beanstalk.resources",
        "beanstalk.requestLogs",
        "beanstalk.retrieveLogs",
        "beanstalk.logStreaming",
        "beanstalk.tailLiveLogs",
        "beanstalk.instancesLive",
        "monitoring.environment",
        "monitoring.alarms",
        "monitoring.environmentList",
        "deploy.listVersions",
        "deploy.chooseSource",
        "deploy.beginUpload",
        "deploy.finishUpload",
        "deploy.rebundle",
        "deploy.preflight",
        "deploy.discardBundle",
        "ssm.listParameters",
        "ssm.getValues",
        "ssm.revealParameter",
        "ssm.parameterHistory",
        "rds.listDatabases",
        "ec2.securityGroups",
        "ec2.securityGroupChoices",
        "changes.plan",
        "changes.apply",
        "changes.discard",
        "journal.list",
        "journal.planUndo",
        "changes.rollback",
        "search.listDomains",
        "search.getDomain",
        "diagnostics.scan",
        "diagnostics.verify",
        "diagnostics.planFix",
        "diagnostics.accept",
        "diagnostics.explainText",
        "diagnostics.getSettings",
        "diagnostics.saveSettings",
        "diagnostics.connectivity",
        "diagnostics.labChecklist",
      ]
    `);
  });

  it('keeps the preload name list and the schema map in step', () => {
    expect(Object.keys(contract).sort()).toEqual([...channelNames].sort());
  });

  it('requires an explicit target on every AWS-facing channel', () => {
    const awsFacing = channels.filter((c) => /^(sts|iam)\./.test(c));
    for (const channel of awsFacing) {
      const parsed = contract[channel].input.safeParse({});
      expect(parsed.success, channel).toBe(false);
      expect(JSON.stringify(parsed.error?.issues), channel).toContain('target');
    }
  });

  it('rejects unknown keys, bad regions and bad names before any call is made', () => {
    const bad = [
      { target: { profile: 'sandbox', region: 'us-east-1' }, roleName: 'ok', extra: 1 },
      { target: { profile: 'sandbox', region: 'mars-north-9x' }, roleName: 'ok' },
      { target: { profile: 'sandbox', region: 'us-east-1' }, roleName: 'has space' },
      { target: { profile: '[evil]', region: 'us-east-1' }, roleName: 'ok' },
    ];
    for (const input of bad)
      expect(contract['iam.getRole'].input.safeParse(input).success, JSON.stringify(input)).toBe(false);
    expect(
      contract['iam.getRole'].input.safeParse({
        target: { profile: 'sandbox', region: 'eu-west-2' },
        roleName: 'EC2_Can_Use_Services',
      }).success,
    ).toBe(true);
  });

  it('accepts only managed-policy ARNs in attach intents', () => {
    const plan = contract['changes.plan'].input;
    const target = { profile: 'p', region: 'us-east-1' };
    const principal = { type: 'role', name: 'r' };
    expect(
      plan.safeParse({
        target,
        intent: { kind: 'iam.attachPolicy', principal, policyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' },
      }).success,
    ).toBe(true);
    expect(
      plan.safeParse({
        target,
        intent: { kind: 'iam.attachPolicy', principal, policyArn: 'arn:aws:iam::123456789012:role/x' },
      }).success,
    ).toBe(false);
    expect(plan.safeParse({ target, intent: { kind: 'iam.deleteEverything', principal } }).success).toBe(false);
  });
});
