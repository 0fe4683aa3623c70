/**
 * Publishing more enhanced-health metrics is an option change: the merged
 * ConfigDocument through the ordinary updateOptions planner, with its CLI
 * equivalent, a cost note per metric and instance, and an undo that puts the
 * previous document back (or removes it when there was none).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChangeService } from '../../../src/main/changes/changeService';
import { Journal } from '../../../src/main/changes/journal';
import { metricsCostNote } from '../../../src/main/changes/planners/healthReportingCost';
import type { ChangeIntent } from '../../../src/shared/contract';
import { readConfigDocument, withPublishedMetrics } from '../../../src/shared/healthReporting/configDocument';
import { FakeBeanstalk } from './beanstalkFakes';

const target = { profile: 'ops', region: 'us-east-1' };
const NS = 'aws:elasticbeanstalk:healthreporting:system';
const ASG = 'aws:autoscaling:asg';
const EXISTING =
  '{"Rules":{"Environment":{"Application":{"ApplicationRequests4xx":{"Enabled":false}}}},"Version":1,"CloudWatchMetrics":{"Environment":{"ApplicationRequests5xx":60},"Instance":{}}}';

function world(config: string | undefined) {
  const eb = new FakeBeanstalk('orders-api-prod', 'orders', [
    { Namespace: ASG, OptionName: 'MinSize', Value: '2' },
    { Namespace: ASG, OptionName: 'MaxSize', Value: '2' },
    ...(config === undefined ? [] : [{ Namespace: NS, OptionName: 'ConfigDocument', Value: config }]),
  ]);
  const changes = new ChangeService({
    aws: eb.factory(),
    journal: new Journal(join(mkdtempSync(join(tmpdir(), 'eb-publish-')), 'journal.jsonl')),
    cliTarget: (t) => ({ region: t.region, profile: t.profile }),
    isReadOnly: () => false,
    accountOf: async () => '111122223333',
  });
  return { eb, changes };
}

const publish = (config: string | undefined): ChangeIntent => ({
  kind: 'beanstalk.updateOptions',
  environmentName: 'orders-api-prod',
  set: [
    {
      namespace: NS,
      optionName: 'ConfigDocument',
      value: withPublishedMetrics(config, {
        Environment: ['ApplicationRequests2xx', 'ApplicationRequests5xx'],
        Instance: ['CPUUser'],
      }),
    },
  ],
  remove: [],
});

describe('withPublishedMetrics', () => {
  it('adds metrics at one minute and keeps the rest of the document, Rules included', () => {
    const merged = readConfigDocument(
      withPublishedMetrics(EXISTING, {
        Environment: ['ApplicationRequests2xx', 'EnvironmentHealth'],
        Instance: ['CPUUser'],
      }),
    );
    if (!merged.ok) throw new Error(merged.reason);
    expect(Object.fromEntries(merged.document.Environment)).toEqual({
      ApplicationRequests5xx: 60,
      ApplicationRequests2xx: 60,
    });
    expect(Object.fromEntries(merged.document.Instance)).toEqual({ CPUUser: 60 });
    expect(merged.document.raw['Rules']).toEqual(JSON.parse(EXISTING).Rules);
  });

  it('reads what EB refuses as a reason, never as a document', () => {
    expect(readConfigDocument('{"CloudWatchMetrics":')).toEqual({
      ok: false,
      reason: 'ConfigDocument is not a valid JSON document',
    });
    expect(readConfigDocument('{"CloudWatchMetrics":{"Instance":{"CPUUser":"60"}}}')).toEqual({
      ok: false,
      reason: 'the period of Instance metric CPUUser must be 60 or null',
    });
  });
});

describe('metricsCostNote', () => {
  it('counts environment metrics once and instance metrics per instance, as an estimate', () => {
    const note = metricsCostNote(
      [
        { namespace: ASG, optionName: 'MinSize', value: '2' },
        { namespace: ASG, optionName: 'MaxSize', value: '4' },
        { namespace: NS, optionName: 'ConfigDocument', value: EXISTING },
      ],
      [
        {
          namespace: NS,
          optionName: 'ConfigDocument',
          value: withPublishedMetrics(EXISTING, {
            Environment: ['ApplicationRequests5xx', 'ApplicationRequests2xx'],
            Instance: ['CPUUser', 'LoadAverage1min'],
          }),
        },
      ],
    );
    // 1 new environment metric (5xx was already published) + 2 per instance × 2–4 instances = 5–9 metrics.
    expect(note).toContain(
      '1 metric for the environment + 2 metrics per instance × 2–4 instances = 5–9 metrics ≈ $1.50–$2.70/month',
    );
    expect(note).toContain('about $0.30 per metric per month for the first 10,000 in us-east-1');
    expect(note).toContain('This is an estimate; prices vary by region');
  });

  it('says nothing when nothing new is published', () => {
    expect(metricsCostNote([], [{ namespace: ASG, optionName: 'MinSize', value: '3' }])).toBeUndefined();
    expect(
      metricsCostNote(
        [{ namespace: NS, optionName: 'ConfigDocument', value: EXISTING }],
        [
          {
            namespace: NS,
            optionName: 'ConfigDocument',
            value: withPublishedMetrics(EXISTING, { Environment: ['ApplicationRequests5xx'] }),
          },
        ],
      ),
    ).toBeUndefined();
  });
});

describe('publishing metrics as a beanstalk.updateOptions plan', () => {
  it('previews the merged document with its cost, applies it, and its undo puts the previous document back', async () => {
    const { eb, changes } = world(EXISTING);
    const plan = await changes.plan(target, publish(EXISTING));
    expect(plan.blocked).toBeUndefined();
    expect(plan.title).toBe('Set ConfigDocument on orders-api-prod');
    expect(plan.diff.map((d) => `${d.change} ${d.label}`)).toEqual([`modify ${NS}: ConfigDocument`]);
    expect(plan.cli[0]).toContain('aws elasticbeanstalk update-environment --environment-name orders-api-prod');
    expect(plan.cli[0]).toContain(`Namespace=${NS},OptionName=ConfigDocument,Value=`);
    // 1 new environment metric + 1 per instance × 2 instances.
    expect(plan.risk.note).toContain('= 3 metrics ≈ $0.90/month');

    const applied = await changes.apply(plan.id);
    expect(applied.entry.verification?.verified).toBe(true);
    const now = readConfigDocument(eb.value(NS, 'ConfigDocument'));
    if (!now.ok) throw new Error(now.reason);
    expect([...now.document.Environment.keys()].sort()).toEqual(['ApplicationRequests2xx', 'ApplicationRequests5xx']);
    expect([...now.document.Instance.keys()]).toEqual(['CPUUser']);

    eb.status = 'Ready';
    const undo = await changes.planUndo(applied.entry.id);
    expect(undo.blocked).toBeUndefined();
    await changes.apply(undo.id);
    expect(eb.value(NS, 'ConfigDocument')).toBe(EXISTING);
  });

  it('removes the option on undo when the environment had no ConfigDocument', async () => {
    const { eb, changes } = world(undefined);
    const plan = await changes.plan(target, publish(undefined));
    expect(plan.diff.map((d) => `${d.change} ${d.label}`)).toEqual([`add ${NS}: ConfigDocument`]);
    expect(plan.risk.note).toContain(
      '2 metrics for the environment + 1 metric per instance × 2 instances = 4 metrics ≈ $1.20/month',
    );
    const applied = await changes.apply(plan.id);
    expect(eb.value(NS, 'ConfigDocument')).toContain('"CPUUser":60');
    eb.status = 'Ready';
    const undo = await changes.planUndo(applied.entry.id);
    expect(undo.diff.map((d) => `${d.change} ${d.label}`)).toEqual([`remove ${NS}: ConfigDocument`]);
    await changes.apply(undo.id);
    expect(eb.value(NS, 'ConfigDocument')).toBeUndefined();
  });
});
