/**
 * Metric evidence and the health metric's recovery, judged from facts alone:
 * when health went bad or 5xx rose, which deploy or configuration change it
 * followed and by how long, what a denied read says, and how long the
 * metric took to turn OK after a fix.
 */
import { describe, expect, it } from 'vitest';
import type { EnvironmentFacts, EnvironmentMetricFacts, EventFact } from '../../../src/main/diagnostics/facts';
import { metricEvidence } from '../../../src/main/diagnostics/beanstalk/metricEvidence';
import { metricRecovery } from '../../../src/main/diagnostics/beanstalk/metricRecovery';
import { evaluateBundle } from '../../../src/main/diagnostics/rules/bundle';
import { context } from './support/evaluation';

const MINUTE = 60_000;
const START = Date.parse('2026-03-01T12:00:00Z');

/** One point a minute from 12:00 UTC, one value per minute. */
function points(values: readonly number[]) {
  return values.map((v, i) => ({ t: new Date(START + i * MINUTE).toISOString(), v }));
}

function read(over: Partial<EnvironmentMetricFacts> = {}): EnvironmentMetricFacts {
  return {
    status: 'read',
    period: 60,
    start: '2026-03-01T12:00:00.000Z',
    end: '2026-03-01T15:00:00.000Z',
    health: [],
    percent5xx: [],
    requests: [],
    ...over,
  };
}

const at = (hhmmss: string) => `2026-03-01T${hhmmss}Z`;

const deployV7: EventFact[] = [
  { at: at('12:02:00'), severity: 'INFO', message: 'New application version was deployed to running EC2 instances.' },
  { at: at('12:00:40'), severity: 'INFO', message: 'Deploying new version to instance(s).', versionLabel: 'v7' },
  { at: at('12:00:40'), severity: 'INFO', message: 'Environment update is starting.' },
];

describe('metric evidence', () => {
  it('says when 5xx rose, from and to what, and how long after which version was deployed', () => {
    const metrics = read({
      percent5xx: points([0, 0, 0, 96, 95, 97]),
      health: points([0, 0, 0, 0, 20, 25]),
    });
    const evidence = metricEvidence(metrics, deployV7);
    const fiveXx = evidence.find((e) => e.metric?.series.id === 'percent5xx');
    expect(fiveXx?.text).toBe(
      '5xx rose from 0 % to 96 % of requests at 12:03 UTC, 2 min after version v7 was deployed at 12:00 UTC; 97 % at 12:05 UTC',
    );
    expect(fiveXx?.at).toBe(at('12:03:00.000'));
    expect(fiveXx?.metric?.change).toEqual({ at: at('12:00:40'), label: 'Deploy v7' });
    expect(fiveXx?.metric?.series.points).toHaveLength(6);
    const health = evidence.find((e) => e.metric?.series.id === 'health');
    expect(health?.text).toBe('Health Severe since 12:04 UTC, 3 min after version v7 was deployed at 12:00 UTC');
  });

  it('names a configuration change, and gives no cause when the nearest change is long before', () => {
    const config: EventFact[] = [
      { at: at('12:01:30'), severity: 'INFO', message: "Updating environment orders-prod's configuration settings." },
    ];
    const health = points([0, 0, 25, 25]);
    expect(metricEvidence(read({ health }), config)[0]?.text).toBe(
      'Health Severe since 12:02 UTC, 30 s after the configuration change at 12:01 UTC',
    );
    const early: EventFact[] = [{ ...config[0]!, at: '2026-03-01T11:00:00Z' }];
    expect(metricEvidence(read({ health }), early)[0]?.text).toBe('Health Severe since 12:02 UTC');
  });

  it('dates a run older than the window from the health transition event and the change before it', () => {
    const events: EventFact[] = [
      {
        at: '2026-02-28T21:15:47Z',
        severity: 'WARN',
        message: 'Environment health has transitioned from Pending to Severe. Command failed on all instances.',
      },
      { at: '2026-02-28T21:15:26Z', severity: 'INFO', message: 'rebuildEnvironment is starting.' },
    ];
    const [evidence] = metricEvidence(read({ health: points([25, 25, 25]) }), events);
    expect(evidence?.text).toBe(
      'Health Severe since 21:15 UTC on 28 Feb, 21 s after the rebuild at 21:15 UTC on 28 Feb; still Severe at 12:02 UTC',
    );
    expect(evidence?.at).toBe('2026-02-28T21:15:47Z');
    // Without the event, it says only what the window shows.
    expect(metricEvidence(read({ health: points([25, 25, 25]) }), [])[0]?.text).toBe(
      'Health Severe for all of the last 3 min read, since before 12:00 UTC',
    );
  });

  it('adds nothing for a healthy environment or one with no data', () => {
    expect(metricEvidence(read({ health: points([0, 1, 0]), percent5xx: points([0, 2, 1]) }), deployV7)).toEqual([]);
    expect(metricEvidence(read(), deployV7)).toEqual([]);
    expect(metricEvidence(undefined, deployV7)).toEqual([]);
  });

  it('says the metrics were denied, without a chart, so the finding stands on its other evidence', () => {
    const note =
      'cloudwatch:GetMetricData was denied (User is not authorized); findings are judged from events and health only.';
    expect(metricEvidence(read({ status: 'denied', note }), deployV7)).toEqual([
      { source: 'metric', label: 'CloudWatch metrics', text: note },
    ]);
  });
});

describe('metric evidence on the WSGIPath finding', () => {
  const environment: EnvironmentFacts = {
    name: 'orders-prod',
    id: 'e-abc123',
    applicationName: 'orders',
    status: 'Ready',
    health: 'Red',
    causes: [],
    solutionStackName: '64bit Amazon Linux 2018.03 v2.9.21 running Python 3.6',
    versionLabel: 'release-7',
    tier: 'WebServer',
  };
  const version = {
    applicationName: 'orders',
    versionLabel: 'release-7',
    sourceBundle: { bucket: 'b', key: 'orders/release-7.zip' },
    bundle: {
      entries: ['application.py', 'requirements.txt'].map((path) => ({ path, size: 10 })),
      rootFolders: [],
      hasApplicationPy: true,
      hasRequirementsTxt: true,
      nestedApplicationPy: [],
      nestedRequirementsTxt: [],
    },
  };
  const config: EventFact[] = [
    { at: at('12:01:00'), severity: 'INFO', message: "Updating environment orders-prod's configuration settings." },
  ];

  it('carries the health chart and its relation to the WSGIPath change', () => {
    const out = evaluateBundle(
      {
        environments: [
          {
            environment,
            options: [{ namespace: 'aws:elasticbeanstalk:container:python', optionName: 'WSGIPath', value: 'app.py' }],
            events: config,
            version,
            logs: [],
            metrics: read({ health: points([0, 0, 0, 25, 25]) }),
          },
        ],
      },
      context(),
    );
    const f3 = out.findings.find((f) => f.rule === 'F3');
    const metric = f3?.evidence.find((e) => e.source === 'metric');
    expect(metric?.text).toBe('Health Severe since 12:03 UTC, 2 min after the configuration change at 12:01 UTC');
    expect(metric?.metric?.series.points.map((p) => p.v)).toEqual([0, 0, 0, 25, 25]);
    expect(metric?.metric?.change).toEqual({ at: at('12:01:00'), label: 'Configuration change' });
  });
});

describe('health metric recovery after a fix', () => {
  const fix: EventFact[] = [
    { at: at('12:10:05'), severity: 'INFO', message: "Updating environment orders-prod's configuration settings." },
    ...deployV7,
  ];
  // Severe until 12:12, OK from 12:13 on.
  const recovered = read({ health: points([...Array<number>(13).fill(25), 0, 0]) });

  it('says how long after the change the metric turned OK, on the endpoint clock', () => {
    const out = metricRecovery(recovered, fix);
    expect(out.state).toBe('recovered');
    expect(out.tookSeconds).toBe(175);
    expect(out.text).toBe(
      "Health metric OK 2 min 55 s after the change (on the endpoint's clock: the configuration change at 12:10:05 UTC, first OK minute at 12:13 UTC).",
    );
    expect(out.newest).toEqual({ t: '2026-03-01T12:14:00.000Z', v: 0 });
  });

  it('counts from the change when the metric was already OK in the minute it landed', () => {
    const early = metricRecovery(read({ health: points([...Array<number>(10).fill(25), 0, 0, 0]) }), fix);
    expect(early).toMatchObject({ state: 'recovered', tookSeconds: 0 });
    expect(early.text).toBe(
      "Health metric OK within a minute of the change (on the endpoint's clock: the configuration change at 12:10:05 UTC, first OK minute at 12:10 UTC).",
    );
  });

  it('keeps waiting while the newest point is Warning or worse, or older than the change', () => {
    const still = metricRecovery(read({ health: points([25, 25, 15]) }), []);
    expect(still).toMatchObject({
      state: 'waiting',
      text: 'Health metric still Warning at 12:02 UTC; waiting for it to drop below Warning.',
    });
    // OK before the fix does not count: no datapoint since the change yet.
    const stale = metricRecovery(read({ health: points([0, 0]) }), fix);
    expect(stale.state).toBe('waiting');
    expect(stale.text).toContain('has no datapoint since the configuration change yet');
  });

  it('cannot judge without metrics, and says why', () => {
    const denied = metricRecovery(read({ status: 'denied', note: 'cloudwatch:GetMetricData was denied.' }), fix);
    expect(denied).toEqual({
      state: 'unavailable',
      text: 'Health metric not checked: cloudwatch:GetMetricData was denied.',
    });
    expect(metricRecovery(read(), fix).state).toBe('unavailable');
  });
});
