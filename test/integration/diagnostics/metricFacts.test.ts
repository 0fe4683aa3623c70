/**
 * The Doctor's metric facts against the training lab: a whole scan reads
 * every environment's health and 5xx in ONE GetMetricData request, the
 * broken lab environment's WSGIPath finding carries the health chart, and a
 * principal refused cloudwatch:GetMetricData still gets the scan, with the
 * refusal as the fact.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../../src/sandbox';
import { labDoctor } from '../../support/diagnostics';
import { TRAINING_LAB } from '../../support/sandbox';
import { createUserWithKey } from '../../support/sandboxUsers';

const lab = labDoctor('metric-facts');
const { environmentName } = TRAINING_LAB.learnerEnvironment;

/** GetMetricData requests the sandbox answered while `run` ran. */
async function metricRequests<T>(run: () => Promise<T>): Promise<{ answer: T; metricData: number }> {
  const faults = lab.ctx.sandbox?.faults;
  if (!faults) throw new Error('the practice sandbox did not start');
  const count = () => faults.stats().byOperation['monitoring:GetMetricData']?.requests ?? 0;
  const before = count();
  const answer = await run();
  return { answer, metricData: count() - before };
}

describe('metric facts of a scan', () => {
  it('reads every live environment in one GetMetricData request, memoised for the scan', async () => {
    const source = lab.source();
    const { answer: byName, metricData } = await metricRequests(async () => {
      const first = await source.metrics();
      // Every environment's detail takes its metrics from the same read.
      await Promise.all((await source.environments()).map((e) => source.environment(e.name)));
      await source.metrics();
      return first;
    });
    expect(metricData).toBe(1);
    const live = (await source.environments()).filter((e) => e.status !== 'Terminated').map((e) => e.name);
    expect([...byName.keys()].sort()).toEqual([...live].sort());
    const learner = byName.get(environmentName);
    expect(learner?.status).toBe('read');
    expect(learner?.period).toBe(60);
    // Three hours of minutes, oldest first; the broken environment is Severe at its newest point.
    expect(learner?.health.length).toBeGreaterThanOrEqual(170);
    expect(learner?.health.at(-1)?.v).toBe(25);
    const times = learner?.health.map((p) => Date.parse(p.t)) ?? [];
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect((await source.environment(environmentName)).metrics).toBe(learner);
  });

  it('puts the health chart in the WSGIPath finding of a whole-account scan, in one GetMetricData request', async () => {
    const { answer: scan, metricData } = await metricRequests(() =>
      lab.call('diagnostics.scan', { target: lab.target, readLogs: false }),
    );
    expect(metricData).toBe(1);
    const f3 = scan.findings.find((f) => f.id === `F3:environment/${environmentName}`);
    const metric = f3?.evidence.find((e) => e.source === 'metric');
    expect(metric?.text).toMatch(/^Health Severe since \d\d:\d\d UTC/);
    expect(metric?.metric?.series.metricName).toBe('EnvironmentHealth');
    expect(metric?.metric?.series.points.at(-1)?.v).toBe(25);
    expect(scan.problems).toEqual([]);
  });

  it('records a refused GetMetricData as the fact and still scans', async () => {
    const sandbox = lab.ctx.sandbox;
    if (!sandbox) throw new Error('the practice sandbox did not start');
    const iam = new IAMClient({
      endpoint: sandbox.endpoint,
      region: SANDBOX_REGION,
      credentials: SANDBOX_ADMIN_CREDENTIALS,
      maxAttempts: 1,
    });
    const key = await createUserWithKey(iam, 'doctor-no-metrics', [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 'cloudwatch:GetMetricData', Resource: '*' },
    ]);
    iam.destroy();
    writeFileSync(
      join(lab.dir, 'config'),
      `[profile no-metrics]\nregion = ${SANDBOX_REGION}\nendpoint_url = ${sandbox.endpoint}\n` +
        `aws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`,
    );
    await lab.call('profiles.reload', {});
    const target = { profile: 'no-metrics', region: SANDBOX_REGION };
    const { answer: scan, metricData } = await metricRequests(() =>
      lab.call('diagnostics.scan', { target, environmentName, readLogs: false }),
    );
    expect(metricData).toBe(1);
    const f3 = scan.findings.find((f) => f.id === `F3:environment/${environmentName}`);
    expect(f3).toBeDefined();
    const metric = f3?.evidence.filter((e) => e.source === 'metric');
    expect(metric).toHaveLength(1);
    expect(metric?.[0]?.metric).toBeUndefined();
    expect(metric?.[0]?.text).toMatch(
      /^cloudwatch:GetMetricData was denied \(.*cloudwatch:GetMetricData.*\); findings are judged from events and health only\.$/,
    );
    // The finding still stands on today's evidence.
    expect(f3?.evidence.some((e) => e.source === 'event')).toBe(true);
    expect(scan.problems.filter((p) => p.rules.includes('F3'))).toEqual([]);
  });
});
