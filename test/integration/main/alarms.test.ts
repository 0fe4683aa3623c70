/**
 * The Monitoring tab's alarms through the whole main process (router →
 * service and change plans → real CloudWatch SDK client) against the practice
 * sandbox: list, the one-click plans, apply, verify, undo and delete.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, DescribeAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../../src/sandbox';
import type { AppContext } from '../../../src/main/context';
import { forgetMonitoringTargets } from '../../../src/main/services/monitoringTargets';
import { consoleIn } from '../../support/appConsole';
import { dispatch, mustCall } from '../../support/rpc';
import { TRAINING_LAB } from '../../support/sandbox';
import { advanceSandboxClock } from '../../support/trainingLabFixes';

let ctx: AppContext;
let cloudwatch: CloudWatchClient;
const target = { profile: 'sandbox', region: 'us-east-1' };
const { environmentName } = TRAINING_LAB.learnerEnvironment;
const FIVE_XX = `trellis-${environmentName}-5xx-above-3`;
const SEVERE = `trellis-${environmentName}-health-severe`;
/** The DB instance the learner environment's DATABASE_HOST property names (trainingLabBeanstalk.ts). */
const PHOTOS_DB = 'edx-photos-db';
/** Named only by the RDS_HOSTNAME SSM secret of the demo environment, as the Monitoring tab finds it. */
const FLASK_DB = 'flask-db-instance-1';
const DEMO_ENV = TRAINING_LAB.demoEnvironment.environmentName;

function endpoint(): string {
  if (!ctx.sandbox) throw new Error('the practice sandbox did not start');
  return ctx.sandbox.endpoint;
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-alarms-'));
  ctx = await consoleIn(dir, { sandbox: true, dataDir: join(dir, 'data') });
  cloudwatch = new CloudWatchClient({
    endpoint: endpoint(),
    region: SANDBOX_REGION,
    credentials: SANDBOX_ADMIN_CREDENTIALS,
  });
});
afterAll(async () => {
  cloudwatch?.destroy();
  await ctx?.close();
});

async function alarmNamed(name: string) {
  const out = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
  return out.MetricAlarms?.[0];
}

const listAlarms = (name: string = environmentName) =>
  mustCall(ctx.router, 'monitoring.alarms', { target, environmentName: name });

/** Requests the sandbox answered while `run` ran. */
async function requestsDuring<T>(run: () => Promise<T>): Promise<{ answer: T; requests: number }> {
  if (!ctx.sandbox) throw new Error('the practice sandbox did not start');
  const { faults } = ctx.sandbox;
  const before = faults.stats().requests;
  const answer = await run();
  return { answer, requests: faults.stats().requests - before };
}

const putAlarm = (name: string, namespace: string, dimension: string, value: string) =>
  cloudwatch.send(
    new PutMetricAlarmCommand({
      AlarmName: name,
      Namespace: namespace,
      MetricName: namespace === 'AWS/RDS' ? 'CPUUtilization' : 'EnvironmentHealth',
      Dimensions: [{ Name: dimension, Value: value }],
      Statistic: 'Average',
      Period: 300,
      EvaluationPeriods: 2,
      Threshold: 80,
      ComparisonOperator: 'GreaterThanThreshold',
    }),
  );

describe('one-click alarms against the training lab', () => {
  it('plans, applies, verifies and undoes "5xx above N for 5 minutes"', async () => {
    const plan = await mustCall(ctx.router, 'changes.plan', {
      target,
      intent: { kind: 'cloudwatch.createAlarm', preset: 'errors5xx', environmentName, threshold: 3 },
    });
    expect(plan.blocked).toBeUndefined();
    expect(plan.steps.map((s) => [s.operation, s.input])).toEqual([
      [
        'PutMetricAlarm',
        expect.objectContaining({
          AlarmName: FIVE_XX,
          MetricName: 'ApplicationRequests5xx',
          Dimensions: [{ Name: 'EnvironmentName', Value: environmentName }],
          Statistic: 'Sum',
          Period: 60,
          EvaluationPeriods: 5,
          DatapointsToAlarm: 5,
          Threshold: 3,
          ComparisonOperator: 'GreaterThanThreshold',
          TreatMissingData: 'notBreaching',
        }),
      ],
    ]);
    expect(plan.cli[0]).toContain(`aws cloudwatch put-metric-alarm --alarm-name ${FIVE_XX}`);
    expect(plan.cli[0]).toContain(`--endpoint-url ${endpoint()}`);

    const applied = await mustCall(ctx.router, 'changes.apply', { planId: plan.id });
    expect(applied.entry.status).toBe('applied');
    expect(applied.entry.verification).toMatchObject({ verified: true });
    expect(applied.entry.verification?.detail).toContain('state INSUFFICIENT_DATA');
    expect(await alarmNamed(FIVE_XX)).toMatchObject({ Threshold: 3, StateValue: 'INSUFFICIENT_DATA' });

    // The list shows it, as the environment's, in words, with its state once CloudWatch has evaluated it.
    await advanceSandboxClock(endpoint(), 2 * 60_000);
    const listed = await listAlarms();
    const row = listed.alarms.find((a) => a.name === FIVE_XX);
    expect(row).toMatchObject({
      scope: 'environment',
      resource: environmentName,
      condition: 'ApplicationRequests5xx Sum > 3 for 5 of 5 minutes',
      madeByTrellis: true,
    });
    expect(['OK', 'ALARM']).toContain(row?.state);
    expect(row?.stateReason).toMatch(/^Threshold Crossed/);

    // A second click on the same N is refused: the alarm is there already.
    const again = await mustCall(ctx.router, 'changes.plan', {
      target,
      intent: { kind: 'cloudwatch.createAlarm', preset: 'errors5xx', environmentName, threshold: 3 },
    });
    expect(again.blocked).toMatch(new RegExp(`^Alarm ${FIVE_XX} already exists with this definition`));

    const undo = await mustCall(ctx.router, 'journal.planUndo', { entryId: applied.entry.id });
    expect(undo.steps.map((s) => [s.operation, s.input])).toEqual([['DeleteAlarms', { AlarmNames: [FIVE_XX] }]]);
    const undone = await mustCall(ctx.router, 'changes.apply', { planId: undo.id });
    expect(undone.entry.verification).toMatchObject({ verified: true });
    expect(await alarmNamed(FIVE_XX)).toBeUndefined();
    expect((await listAlarms()).alarms.map((a) => a.name)).not.toContain(FIVE_XX);
  });

  it('creates "health Severe", which goes to ALARM on the broken environment; delete and its undo restore it', async () => {
    const plan = await mustCall(ctx.router, 'changes.plan', {
      target,
      intent: { kind: 'cloudwatch.createAlarm', preset: 'healthSevere', environmentName },
    });
    expect(plan.steps[0]?.input).toMatchObject({
      AlarmName: SEVERE,
      MetricName: 'EnvironmentHealth',
      Statistic: 'Maximum',
      Threshold: 25,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
    });
    await mustCall(ctx.router, 'changes.apply', { planId: plan.id });
    await advanceSandboxClock(endpoint(), 2 * 60_000);
    const severe = (await listAlarms()).alarms.find((a) => a.name === SEVERE);
    expect(severe).toMatchObject({ state: 'ALARM', condition: 'EnvironmentHealth Maximum >= 25 for 3 of 3 minutes' });
    expect((await listAlarms()).presets.healthSevere).toEqual({ alarmName: SEVERE, exists: true });

    const deletion = await mustCall(ctx.router, 'changes.plan', {
      target,
      intent: { kind: 'cloudwatch.deleteAlarm', alarmName: SEVERE },
    });
    expect(deletion.diff.find((d) => d.label === 'Condition')).toEqual({
      change: 'remove',
      label: 'Condition',
      before: 'EnvironmentHealth Maximum >= 25 for 3 of 3 minutes',
    });
    const deleted = await mustCall(ctx.router, 'changes.apply', { planId: deletion.id });
    expect(deleted.entry.verification).toMatchObject({ verified: true });
    expect(await alarmNamed(SEVERE)).toBeUndefined();

    const restore = await mustCall(ctx.router, 'journal.planUndo', { entryId: deleted.entry.id });
    expect(restore.title).toBe(`Put back alarm ${SEVERE}`);
    await mustCall(ctx.router, 'changes.apply', { planId: restore.id });
    expect(await alarmNamed(SEVERE)).toMatchObject({ Threshold: 25, EvaluationPeriods: 3, DatapointsToAlarm: 3 });
  });

  it("lists the environment's database's alarms, and no one else's", async () => {
    // With no RDS alarm in the region, the list is the one DescribeAlarms call: no database is looked for.
    const { answer: before, requests } = await requestsDuring(() => listAlarms());
    expect(before.databases).toEqual([]);
    expect(requests).toBe(1);

    await putAlarm('photos-db-cpu', 'AWS/RDS', 'DBInstanceIdentifier', PHOTOS_DB);
    await putAlarm('other-db-cpu', 'AWS/RDS', 'DBInstanceIdentifier', 'someone-elses-db');
    await putAlarm('other-env-health', 'AWS/ElasticBeanstalk', 'EnvironmentName', 'Someone-else-env');
    const listed = await listAlarms();
    expect(listed.databases).toEqual([PHOTOS_DB]);
    const names = listed.alarms.map((a) => a.name);
    expect(names).toContain('photos-db-cpu');
    expect(names).not.toContain('other-db-cpu');
    expect(names).not.toContain('other-env-health');
    expect(listed.alarms.find((a) => a.name === 'photos-db-cpu')).toMatchObject({
      scope: 'database',
      resource: PHOTOS_DB,
      condition: 'CPUUtilization Average > 80 for 2 of 2 5-minute periods',
      madeByTrellis: false,
    });
    expect(listed.calls).toBe(1);
    expect(listed.truncated).toBe(false);
  });

  it("lists an alarm on the database only an SSM secret names (flask-ssm-demo-prod's RDS_HOSTNAME)", async () => {
    forgetMonitoringTargets();
    await putAlarm('flask-db-cpu', 'AWS/RDS', 'DBInstanceIdentifier', FLASK_DB);
    const { answer: listed, requests } = await requestsDuring(() => listAlarms(DEMO_ENV));
    expect(listed.databases).toEqual([FLASK_DB]);
    expect(listed.databasesProblem).toBeUndefined();
    expect(listed.alarms.find((a) => a.name === 'flask-db-cpu')).toMatchObject({
      scope: 'database',
      resource: FLASK_DB,
      madeByTrellis: false,
    });
    // The learner environment's database is not the demo's, and the other way round.
    expect(listed.alarms.map((a) => a.name)).not.toContain('photos-db-cpu');
    expect((await listAlarms()).alarms.map((a) => a.name)).not.toContain('flask-db-cpu');
    // DescribeAlarms, then the Monitoring tab's look-ups (resources, environment, configuration, secret, databases).
    expect(requests).toBeGreaterThan(1);

    // The Monitoring tab's look-ups are shared: within two minutes a second list is one call again.
    const again = await requestsDuring(() => listAlarms(DEMO_ENV));
    expect(again.answer.databases).toEqual([FLASK_DB]);
    expect(again.requests).toBe(1);
  });

  it('refuses a threshold that is not a whole number of requests, 0 or more, before any call', async () => {
    for (const threshold of [-1, 2.5]) {
      const result = await dispatch(ctx.router, 'changes.plan', {
        target,
        intent: { kind: 'cloudwatch.createAlarm', preset: 'errors5xx', environmentName, threshold },
      });
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect(result.error.message).toContain('the threshold must be a whole number of requests, 0 or more');
    }
  });
});
