import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeConfigurationSettingsCommand,
  DescribeEnvironmentsCommand,
  ElasticBeanstalkClient,
} from '@aws-sdk/client-elastic-beanstalk';
import { CreateInstanceProfileCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleIn } from '../../support/appConsole';
import { dispatch, mustCall } from '../../support/rpc';
import { type AppContext } from '../../../src/main/context';
import type { Channel, ChannelInput, ChangeIntent } from '../../../src/shared/contract';

// Creating and terminating environments, and composite plans, through the
// whole main process against the sandbox; state is re-read with SDK clients
// of the test's own.
let ctx: AppContext;
let eb: ElasticBeanstalkClient;
let iam: IAMClient;
let ssm: SSMClient;
const target = { profile: 'sandbox', region: 'us-east-1' };
const PROPS = 'aws:elasticbeanstalk:application:environment';
const LEGACY_PYTHON = '64bit Amazon Linux 2018.03 v2.9.21 running Python 3.6';
const DEMO = 'flask-ssm-demo-prod';
const CLI_TAIL = String.raw`--region us-east-1 --endpoint-url http://127\.0\.0\.1:\d+$`;

const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => mustCall(ctx.router, channel, input);
const plan = (intent: ChangeIntent) => call('changes.plan', { target, intent });
const journalText = () => readFileSync(join(ctx.dataDir, 'journal.jsonl'), 'utf8');

async function statusOf(name: string): Promise<string | undefined> {
  const out = await eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: [name], IncludeDeleted: true }));
  return out.Environments?.sort((a, b) => (b.DateCreated?.getTime() ?? 0) - (a.DateCreated?.getTime() ?? 0))[0]?.Status;
}

async function until(name: string, status: string): Promise<void> {
  for (let i = 0; i < 30; i += 1) {
    if ((await statusOf(name)) === status) return;
    ctx.sandbox!.advanceClock(60_000);
  }
  throw new Error(`${name} never became ${status}`);
}

async function properties(name: string): Promise<Map<string, string>> {
  const out = await eb.send(
    new DescribeConfigurationSettingsCommand({ ApplicationName: 'flask-ssm-demo', EnvironmentName: name }),
  );
  const settings =
    out.ConfigurationSettings?.find((s) => s.DeploymentStatus === 'deployed') ?? out.ConfigurationSettings?.[0];
  return new Map(
    (settings?.OptionSettings ?? [])
      .filter((o) => o.Namespace === PROPS)
      .map((o) => [o.OptionName ?? '', o.Value ?? '']),
  );
}

async function parameter(name: string): Promise<string | undefined> {
  try {
    return (await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter?.Value;
  } catch (err) {
    if ((err as { name?: string }).name === 'ParameterNotFound') return undefined;
    throw err;
  }
}

async function inlinePolicy(roleName: string, policyName: string): Promise<string | undefined> {
  try {
    return (await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }))).PolicyDocument;
  } catch (err) {
    if (/NoSuchEntity/.test((err as { name?: string }).name ?? '')) return undefined;
    throw err;
  }
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-fix-eb-'));
  ctx = await consoleIn(dir, { sandbox: true, dataDir: join(dir, 'data') });
  if (!ctx.sandbox) throw new Error('the practice sandbox did not start');
  const config = {
    endpoint: ctx.sandbox.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIATESTREADER000002', secretAccessKey: 'test' },
    maxAttempts: 1,
  };
  eb = new ElasticBeanstalkClient(config);
  iam = new IAMClient(config);
  ssm = new SSMClient(config);
});
afterAll(() => {
  for (const c of [eb, iam, ssm]) c?.destroy();
  return ctx?.close();
});

describe('beanstalk.createEnvironment and beanstalk.terminateEnvironment', () => {
  const SECRET = 'Cr3ate-env-s3cret&o-9182';
  const intent: ChangeIntent = {
    kind: 'beanstalk.createEnvironment',
    applicationName: 'bbruceeb2',
    environmentName: 'Bbruceeb2-env-v2',
    versionLabel: 'deploy-app-v1',
    solutionStackName: LEGACY_PYTHON,
    optionSettings: [
      { namespace: PROPS, optionName: 'DATABASE_HOST', value: 'db.internal' },
      { namespace: PROPS, optionName: 'DATABASE_PASSWORD', value: SECRET },
    ],
    replaces: 'Bbruceeb2-env',
  };

  it('previews a replacement with secrets fingerprinted, creates it, and its undo terminates it', async () => {
    const p = await plan(intent);
    expect(p.blocked).toBeUndefined();
    expect(JSON.stringify(p)).not.toContain(SECRET);
    expect(p.risk.level).toBe('medium');
    expect(p.risk.note).toContain('new instances');
    expect(p.risk.note).toContain('Bbruceeb2-env, which keeps running until you terminate it');
    expect(p.diff).toEqual(
      expect.arrayContaining([
        { change: 'modify', label: 'Replaces', before: 'Bbruceeb2-env', after: 'Bbruceeb2-env-v2' },
        { change: 'add', label: `${PROPS}: DATABASE_HOST`, after: 'db.internal' },
        {
          change: 'add',
          label: `${PROPS}: DATABASE_PASSWORD`,
          after: expect.stringMatching(/^«secret sha256:[0-9a-f]{8}»$/),
        },
      ]),
    );
    expect(p.cli[0]).toMatch(
      new RegExp(
        `aws elasticbeanstalk create-environment --environment-name Bbruceeb2-env-v2 --application-name bbruceeb2 --version-label deploy-app-v1 --solution-stack-name '${LEGACY_PYTHON}' --option-settings .*'Namespace=${PROPS},OptionName=DATABASE_PASSWORD,Value=<value>' ${CLI_TAIL}`,
      ),
    );
    expect(p.undo?.summary).toBe('Terminate the new environment Bbruceeb2-env-v2');

    const out = await call('changes.apply', { planId: p.id });
    expect(out.entry.status).toBe('applied');
    expect(out.entry.verification).toMatchObject({ verified: true });
    expect(out.entry.verification?.detail).toMatch(/is (Launching|Ready)/);
    expect(JSON.stringify(out)).not.toContain(SECRET);
    expect(await statusOf('Bbruceeb2-env-v2')).toBe('Launching');
    // The old environment was left as it was.
    expect(await statusOf('Bbruceeb2-env')).toBe('Ready');

    const taken = await plan(intent);
    expect(taken.blocked).toMatch(/^An environment named Bbruceeb2-env-v2 already exists \(Launching, in bbruceeb2\)/);
    await call('changes.discard', { planId: taken.id });

    await until('Bbruceeb2-env-v2', 'Ready');
    const undo = await call('journal.planUndo', { entryId: out.entry.id });
    expect(undo.intent).toEqual({ kind: 'beanstalk.terminateEnvironment', environmentName: 'Bbruceeb2-env-v2' });
    expect(undo).toMatchObject({ blocked: undefined, undo: null, risk: { level: 'high' } });
    expect(undo.risk.note).toContain(
      'Terminated environments cannot be restored; recreate it from its saved configuration.',
    );
    const undone = await call('changes.apply', { planId: undo.id });
    expect(undone.entry.verification).toMatchObject({ verified: true });
    expect(['Terminating', 'Terminated']).toContain(await statusOf('Bbruceeb2-env-v2'));

    const again = await plan({ kind: 'beanstalk.terminateEnvironment', environmentName: 'Bbruceeb2-env-v2' });
    expect(again.blocked).toMatch(/^Environment Bbruceeb2-env-v2 is already Terminat(ing|ed)\.$/);
    await call('changes.discard', { planId: again.id });
    const missing = await plan({ kind: 'beanstalk.terminateEnvironment', environmentName: 'No-such-env' });
    expect(missing.blocked).toBe('No environment named No-such-env in us-east-1.');
    await call('changes.discard', { planId: missing.id });

    const journal = journalText();
    expect(journal).toContain('DATABASE_PASSWORD');
    expect(journal).not.toContain(SECRET);
  });

  it('rejects names AWS would reject, a taken name, and a platform given twice', async () => {
    for (const environmentName of ['-leading', 'trailing-', 'abc', 'has_underscore']) {
      const res = await dispatch(ctx.router, 'changes.plan', { target, intent: { ...intent, environmentName } });
      expect(res.ok, environmentName).toBe(false);
    }
    const both = await dispatch(ctx.router, 'changes.plan', {
      target,
      intent: {
        ...intent,
        environmentName: 'Both-platforms',
        platformArn: 'arn:aws:elasticbeanstalk:us-east-1::platform/x/1',
      },
    });
    expect(both).toMatchObject({ ok: false, error: { code: 'validation' } });
    const taken = await plan({ ...intent, environmentName: DEMO });
    expect(taken.blocked).toMatch(new RegExp(`^An environment named ${DEMO} already exists`));
    await call('changes.discard', { planId: taken.id });
  });
});

describe('composite plans', () => {
  const PASSWORD = 'C0mposite-pw&o-4471';
  const TOKEN = 'C0mposite-token-8820';
  const ROLE = 'aws-elasticbeanstalk-ec2-role';
  const FETCH = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 'ssm:GetParameter',
        Resource: 'arn:aws:ssm:us-east-1:570589970431:parameter/trellis/app/*',
      },
    ],
  });

  it('applies parameters, options and an inline policy as one change, and undoes them in reverse', async () => {
    await until(DEMO, 'Ready');
    const before = await properties(DEMO);
    const intent: ChangeIntent = {
      kind: 'composite',
      title: 'Move the app secrets into Parameter Store',
      parts: [
        {
          kind: 'ssm.putParameter',
          name: '/trellis/app/DB_PASSWORD',
          type: 'SecureString',
          value: PASSWORD,
          overwrite: false,
        },
        { kind: 'ssm.putParameter', name: '/trellis/app/DB_USER', type: 'String', value: 'appuser', overwrite: false },
        {
          kind: 'beanstalk.updateOptions',
          environmentName: DEMO,
          set: [
            { namespace: PROPS, optionName: 'SESSION_TOKEN', value: TOKEN },
            { namespace: PROPS, optionName: 'DB_USER_PARAM', value: '/trellis/app/DB_USER' },
          ],
          remove: [],
        },
        {
          kind: 'iam.putInlinePolicy',
          principal: { type: 'role', name: ROLE },
          policyName: 'FetchSSMParameters',
          document: FETCH,
        },
      ],
    };
    const p = await plan(intent);
    expect(p.blocked).toBeUndefined();
    expect(p.title).toBe('Move the app secrets into Parameter Store');
    expect(p.resource).toEqual({ service: 'ssm', type: 'parameter', name: '/trellis/app/DB_PASSWORD' });
    expect(p.steps.map((s) => s.operation)).toEqual([
      'PutParameter',
      'PutParameter',
      'UpdateEnvironment',
      'PutRolePolicy',
    ]);
    expect(p.cli).toHaveLength(4);
    expect(p.diff.map((r) => r.label)).toEqual(
      expect.arrayContaining([
        'Part 1: Value',
        'Part 2: Value',
        `Part 3: ${PROPS}: SESSION_TOKEN`,
        'Part 4: Inline policy FetchSSMParameters',
      ]),
    );
    expect(p.risk.level).toBe('medium');
    expect(p.risk.note).toMatch(/^Part 1 \(Create parameter \/trellis\/app\/DB_PASSWORD\): /);
    expect(new Set(p.permissions).size).toBe(p.permissions.length);
    expect(p.permissions).toEqual(
      expect.arrayContaining(['ssm:PutParameter', 'elasticbeanstalk:UpdateEnvironment', 'iam:PutRolePolicy']),
    );
    expect(p.undo?.summary).toMatch(
      /^In reverse order: Delete inline policy FetchSSMParameters .*; Delete \/trellis\/app\/DB_PASSWORD\.$/,
    );
    const shown = JSON.stringify(p);
    expect(shown).not.toContain(PASSWORD);
    expect(shown).not.toContain(TOKEN);

    const out = await call('changes.apply', { planId: p.id });
    expect(out.entry.status).toBe('applied');
    expect(out.entry.steps.every((s) => s.status === 'ok')).toBe(true);
    expect(out.entry.verification?.verified).toBe(true);
    expect(out.entry.verification?.detail).toMatch(/^Part 1: .* Part 4: Verified: inline policy FetchSSMParameters/);
    expect(await parameter('/trellis/app/DB_PASSWORD')).toBe(PASSWORD);
    expect(await parameter('/trellis/app/DB_USER')).toBe('appuser');
    expect(await inlinePolicy(ROLE, 'FetchSSMParameters')).toBeDefined();
    await until(DEMO, 'Ready');
    expect((await properties(DEMO)).get('SESSION_TOKEN')).toBe(TOKEN);

    const undo = await call('journal.planUndo', { entryId: out.entry.id });
    expect(undo.blocked).toBeUndefined();
    expect(undo.intent.kind).toBe('composite');
    if (undo.intent.kind !== 'composite') throw new Error('not a composite');
    expect(undo.intent.parts.map((x) => x.kind)).toEqual([
      'iam.deleteInlinePolicy',
      'beanstalk.updateOptions',
      'ssm.deleteParameter',
      'ssm.deleteParameter',
    ]);
    expect(undo.steps.map((s) => s.operation)).toEqual([
      'DeleteRolePolicy',
      'UpdateEnvironment',
      'DeleteParameter',
      'DeleteParameter',
    ]);
    const undone = await call('changes.apply', { planId: undo.id });
    expect(undone.entry.verification?.verified).toBe(true);
    await until(DEMO, 'Ready');
    expect(await inlinePolicy(ROLE, 'FetchSSMParameters')).toBeUndefined();
    expect(await parameter('/trellis/app/DB_PASSWORD')).toBeUndefined();
    expect(await parameter('/trellis/app/DB_USER')).toBeUndefined();
    expect(await properties(DEMO)).toEqual(before);

    const journal = journalText();
    expect(journal).toContain('SESSION_TOKEN');
    for (const secret of [PASSWORD, TOKEN]) expect(journal).not.toContain(secret);
  });

  it('skips parts that are already as asked and says so, and is blocked when every part is', async () => {
    const attached: ChangeIntent = {
      kind: 'iam.attachPolicy',
      principal: { type: 'role', name: ROLE },
      policyArn: 'arn:aws:iam::aws:policy/AWSElasticBeanstalkWebTier',
    };
    const mixed = await plan({
      kind: 'composite',
      title: 'Make sure the instance role is complete',
      parts: [
        attached,
        { kind: 'ssm.putParameter', name: '/trellis/mixed/FLAG', type: 'String', value: 'on', overwrite: false },
      ],
    });
    expect(mixed.blocked).toBeUndefined();
    expect(mixed.steps.map((s) => s.operation)).toEqual(['PutParameter']);
    expect(mixed.diff[0]).toEqual({
      change: 'modify',
      label: `Part 1: skipped, nothing to change — Attach AWSElasticBeanstalkWebTier to ${ROLE}`,
      after: `AWSElasticBeanstalkWebTier is already attached to role ${ROLE}.`,
    });
    await call('changes.discard', { planId: mixed.id });

    const none = await plan({ kind: 'composite', title: 'Nothing', parts: [attached] });
    expect(none.blocked).toBe(
      `Nothing to change: This change (Attach AWSElasticBeanstalkWebTier to ${ROLE}): AWSElasticBeanstalkWebTier is already attached to role ${ROLE}.`,
    );
    await call('changes.discard', { planId: none.id });

    const refused = await plan({
      kind: 'composite',
      title: 'Refused',
      parts: [
        { kind: 'ssm.putParameter', name: '/trellis/mixed/FLAG', type: 'String', value: 'on', overwrite: false },
        { kind: 'iam.deleteAccessKey', userName: 'edXProjectUser3', accessKeyId: 'AKIAYLQ4JS7XHN2UVQ6T' },
      ],
    });
    expect(refused.blocked).toBe(
      'Part 2 (Delete access key AKIAYLQ4JS7XHN2UVQ6T of edXProjectUser3): Access key AKIAYLQ4JS7XHN2UVQ6T is Active: deactivate it first; Trellis deletes only inactive keys.',
    );
    await call('changes.discard', { planId: refused.id });
  });

  it('stops when a later part fails, and rolls back the parts already applied when asked', async () => {
    const p = await plan({
      kind: 'composite',
      title: 'Parameter then role',
      parts: [
        {
          kind: 'ssm.putParameter',
          name: '/trellis/rollback/SECRET',
          type: 'SecureString',
          value: PASSWORD,
          overwrite: false,
        },
        {
          kind: 'iam.createEnvironmentRole',
          purpose: 'instance',
          roleName: 'trellis-composite-role',
          instanceProfileName: 'trellis-composite-profile',
        },
      ],
    });
    expect(p.blocked).toBeUndefined();
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'trellis-composite-profile' }));
    const out = await call('changes.apply', { planId: p.id });
    expect(out.entry.status).toBe('partial');
    expect(out.entry.steps.map((s) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'failed', 'skipped']);
    expect(await parameter('/trellis/rollback/SECRET')).toBe(PASSWORD);
    const rolled = await call('changes.rollback', { entryId: out.entry.id });
    expect(rolled.entry.rollback?.status).toBe('rolled-back');
    expect(rolled.entry.rollback?.steps.map((s) => s.status)).toEqual(Array(5).fill('rolled-back'));
    expect(await parameter('/trellis/rollback/SECRET')).toBeUndefined();
    expect(journalText()).not.toContain(PASSWORD);
  });
});
