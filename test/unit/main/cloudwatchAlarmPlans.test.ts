/**
 * The one-click alarm plans against a scripted CloudWatch: the PutMetricAlarm
 * request each preset sends, its CLI equivalent word for word, the refusal of
 * an existing name, read-only profiles, and undo (delete, then put back).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChangeService } from '../../../src/main/changes/changeService';
import { Journal } from '../../../src/main/changes/journal';
import { parseErrorThreshold, type ChangeIntent } from '../../../src/shared/contract';
import { changeInputs } from '../../../src/shared/contract/changes';
import { scriptedFactory } from './beanstalkFakes';

const target = { profile: 'ops', region: 'eu-west-1' };
const ENV = 'orders-prod';

type Stored = Record<string, unknown> & { AlarmName: string };

function world(options: { readOnly?: boolean; published?: boolean } = {}) {
  const alarms = new Map<string, Stored>();
  const { aws, calls } = scriptedFactory({
    DescribeAlarmsCommand: (input) => {
      const names = (input['AlarmNames'] as string[] | undefined) ?? [...alarms.keys()];
      return { MetricAlarms: names.flatMap((n) => (alarms.has(n) ? [alarms.get(n)!] : [])) };
    },
    PutMetricAlarmCommand: (input) => {
      alarms.set(input['AlarmName'] as string, {
        ...(input as Stored),
        StateValue: 'INSUFFICIENT_DATA',
        StateReason: 'Unchecked: Initial alarm creation',
      });
      return {};
    },
    DeleteAlarmsCommand: (input) => {
      for (const name of input['AlarmNames'] as string[]) alarms.delete(name);
      return {};
    },
    ListMetricsCommand: () => ({ Metrics: options.published === false ? [] : [{ MetricName: 'x' }] }),
  });
  const changes = new ChangeService({
    aws,
    journal: new Journal(join(mkdtempSync(join(tmpdir(), 'alarm-plans-')), 'journal.jsonl')),
    cliTarget: (t) => ({ region: t.region, profile: t.profile }),
    isReadOnly: () => options.readOnly ?? false,
    accountOf: async () => '111122223333',
  });
  return { alarms, calls, changes };
}

const fiveXx = (threshold: number): ChangeIntent => ({
  kind: 'cloudwatch.createAlarm',
  preset: 'errors5xx',
  environmentName: ENV,
  threshold,
});
const severe: ChangeIntent = { kind: 'cloudwatch.createAlarm', preset: 'healthSevere', environmentName: ENV };

describe('cloudwatch.createAlarm plans', () => {
  it('"5xx above N": the exact PutMetricAlarm request and CLI, applied, verified, and undone by deleting it', async () => {
    const { alarms, calls, changes } = world();
    const plan = await changes.plan(target, fiveXx(10));
    expect(plan.blocked).toBeUndefined();
    expect(plan.title).toBe(`Alarm when ${ENV} serves more than 10 5xx a minute for 5 minutes`);
    expect(plan.steps).toEqual([
      {
        service: 'cloudwatch',
        operation: 'PutMetricAlarm',
        summary: `Create alarm trellis-${ENV}-5xx-above-10: ApplicationRequests5xx Sum > 10 for 5 of 5 minutes`,
        input: {
          AlarmName: `trellis-${ENV}-5xx-above-10`,
          AlarmDescription: `Made by Trellis: fires when ${ENV} serves more than 10 5xx responses a minute, 5 minutes in a row.`,
          Namespace: 'AWS/ElasticBeanstalk',
          MetricName: 'ApplicationRequests5xx',
          Dimensions: [{ Name: 'EnvironmentName', Value: ENV }],
          Statistic: 'Sum',
          Period: 60,
          EvaluationPeriods: 5,
          DatapointsToAlarm: 5,
          Threshold: 10,
          ComparisonOperator: 'GreaterThanThreshold',
          TreatMissingData: 'notBreaching',
          ActionsEnabled: true,
        },
      },
    ]);
    expect(plan.cli).toEqual([
      `aws cloudwatch put-metric-alarm --alarm-name trellis-${ENV}-5xx-above-10 ` +
        `--alarm-description 'Made by Trellis: fires when ${ENV} serves more than 10 5xx responses a minute, 5 minutes in a row.' ` +
        `--namespace AWS/ElasticBeanstalk --metric-name ApplicationRequests5xx ` +
        `--dimensions Name=EnvironmentName,Value=${ENV} --statistic Sum --period 60 --evaluation-periods 5 ` +
        `--datapoints-to-alarm 5 --threshold 10 --comparison-operator GreaterThanThreshold ` +
        `--treat-missing-data notBreaching --profile ops --region eu-west-1`,
    ]);
    expect(plan.undo).toEqual({
      summary: `Delete alarm trellis-${ENV}-5xx-above-10`,
      cli: [`aws cloudwatch delete-alarms --alarm-names trellis-${ENV}-5xx-above-10 --profile ops --region eu-west-1`],
    });
    expect(plan.permissions).toEqual(['cloudwatch:PutMetricAlarm', 'cloudwatch:DescribeAlarms']);

    const applied = await changes.apply(plan.id);
    expect(applied.entry.status).toBe('applied');
    expect(applied.entry.verification).toEqual({
      verified: true,
      detail: `DescribeAlarms lists trellis-${ENV}-5xx-above-10, state INSUFFICIENT_DATA (Unchecked: Initial alarm creation).`,
    });
    expect(alarms.get(`trellis-${ENV}-5xx-above-10`)).toMatchObject({ Threshold: 10, DatapointsToAlarm: 5 });

    const undo = await changes.planUndo(applied.entry.id);
    expect(undo.steps.map((s) => [s.operation, s.input])).toEqual([
      ['DeleteAlarms', { AlarmNames: [`trellis-${ENV}-5xx-above-10`] }],
    ]);
    const undone = await changes.apply(undo.id);
    expect(undone.entry.verification?.verified).toBe(true);
    expect(alarms.size).toBe(0);
    expect(calls.filter((c) => c.command === 'PutMetricAlarmCommand')).toHaveLength(1);
  });

  it('"health Severe": Maximum >= 25 over 3 of 3 minutes, and gaps show as missing data', async () => {
    const { changes } = world();
    const plan = await changes.plan(target, severe);
    expect(plan.steps[0]?.input).toMatchObject({
      AlarmName: `trellis-${ENV}-health-severe`,
      MetricName: 'EnvironmentHealth',
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Threshold: 25,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'missing',
    });
    expect(plan.diff.map((d) => `${d.label}: ${d.after}`)).toEqual([
      `Alarm: trellis-${ENV}-health-severe`,
      `Metric: AWS/ElasticBeanstalk EnvironmentHealth (EnvironmentName=${ENV})`,
      'Condition: EnvironmentHealth Maximum >= 25 for 3 of 3 minutes',
      'Missing data: missing',
      'Actions: none (state only)',
    ]);
  });

  it('refuses a name that exists: as "nothing to create" when identical, as a conflict when not', async () => {
    const { alarms, changes } = world();
    await changes.apply((await changes.plan(target, severe)).id);
    const again = await changes.plan(target, severe);
    expect(again.blocked).toBe(
      `Alarm trellis-${ENV}-health-severe already exists with this definition (state INSUFFICIENT_DATA); nothing to create.`,
    );
    await expect(changes.apply(again.id)).rejects.toThrow(/already exists/);

    alarms.set(`trellis-${ENV}-5xx-above-1`, {
      ...alarms.get(`trellis-${ENV}-health-severe`)!,
      AlarmName: `trellis-${ENV}-5xx-above-1`,
      Threshold: 99,
    });
    const clash = await changes.plan(target, fiveXx(1));
    expect(clash.blocked).toBe(
      `An alarm named trellis-${ENV}-5xx-above-1 already exists with a different definition ` +
        '(EnvironmentHealth Maximum >= 99 for 3 of 3 minutes). Trellis will not replace it; delete it first if it should go.',
    );
  });

  it('says when the metric is not published, so an alarm that can never fire is not a surprise', async () => {
    const { changes } = world({ published: false });
    const plan = await changes.plan(target, fiveXx(0));
    expect(plan.risk.note).toContain(`CloudWatch lists no ApplicationRequests5xx for ${ENV} yet`);
  });

  it('is refused for a read-only profile, in the plan and at apply', async () => {
    const { alarms, changes } = world({ readOnly: true });
    const plan = await changes.plan(target, severe);
    expect(plan.blocked).toBe('Profile ops is read-only; Trellis will not write with it.');
    await expect(changes.apply(plan.id)).rejects.toThrow('read-only');
    expect(alarms.size).toBe(0);
  });
});

describe('cloudwatch.deleteAlarm plans', () => {
  it('capture the whole definition, actions included, and the undo puts it back as it was', async () => {
    const { alarms, changes } = world();
    const name = `trellis-${ENV}-health-severe`;
    alarms.set(name, {
      AlarmName: name,
      Namespace: 'AWS/ElasticBeanstalk',
      MetricName: 'EnvironmentHealth',
      Dimensions: [{ Name: 'EnvironmentName', Value: ENV }],
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      Threshold: 25,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      ActionsEnabled: true,
      AlarmActions: ['arn:aws:sns:eu-west-1:111122223333:pager'],
      StateValue: 'ALARM',
    });
    const plan = await changes.plan(target, { kind: 'cloudwatch.deleteAlarm', alarmName: name });
    expect(plan.cli).toEqual([`aws cloudwatch delete-alarms --alarm-names ${name} --profile ops --region eu-west-1`]);
    expect(plan.undo?.cli[0]).toContain(`--alarm-actions '["arn:aws:sns:eu-west-1:111122223333:pager"]'`);
    const applied = await changes.apply(plan.id);
    expect(applied.entry.verification?.verified).toBe(true);
    expect(alarms.has(name)).toBe(false);

    const restore = await changes.planUndo(applied.entry.id);
    expect(restore.title).toBe(`Put back alarm ${name}`);
    await changes.apply(restore.id);
    expect(alarms.get(name)).toMatchObject({
      DatapointsToAlarm: 2,
      AlarmActions: ['arn:aws:sns:eu-west-1:111122223333:pager'],
    });
  });

  it('refuses an alarm that does not exist', async () => {
    const { changes } = world();
    const plan = await changes.plan(target, { kind: 'cloudwatch.deleteAlarm', alarmName: 'nope' });
    expect(plan.blocked).toBe('There is no alarm named nope; nothing to delete.');
  });
});

describe('the threshold N', () => {
  it('is a whole number of requests, 0 or more, with a clear message otherwise', () => {
    expect(parseErrorThreshold(' 12 ')).toEqual({ ok: true, value: 12 });
    expect(parseErrorThreshold('0')).toEqual({ ok: true, value: 0 });
    expect(parseErrorThreshold('')).toEqual({
      ok: false,
      message: 'Enter the number of 5xx responses a minute above which the alarm fires (0 or more).',
    });
    expect(parseErrorThreshold('2.5')).toEqual({
      ok: false,
      message: '“2.5” is not a whole number of requests; enter 0 or more, digits only.',
    });
    expect(parseErrorThreshold('5000000')).toEqual({
      ok: false,
      message: 'the threshold must be at most 1,000,000 requests',
    });
  });

  it('is checked again in main, whatever the renderer sent', () => {
    const parse = (intent: unknown) => changeInputs.plan.safeParse({ target, intent });
    expect(parse(fiveXx(3)).success).toBe(true);
    for (const threshold of [-1, 1.5, Number.NaN]) {
      const result = parse({ ...fiveXx(0), threshold });
      expect(result.success).toBe(false);
    }
    expect(parse({ kind: 'cloudwatch.createAlarm', preset: 'errors5xx', environmentName: ENV }).success).toBe(false);
    expect(parse({ ...severe, threshold: 3 }).success).toBe(false);
  });
});
