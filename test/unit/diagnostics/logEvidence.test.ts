/**
 * Instance log lines as evidence: the platform texts the patterns must read,
 * the rules that a log line alone can raise, the sentence that says a log
 * proves a finding, and the scan's wait for tail logs.
 */
import { describe, expect, it } from 'vitest';
import type { DatabaseSummary, LogRetrieval } from '../../../src/shared/contract';
import type { EnvironmentDetail, LogLineFact } from '../../../src/main/diagnostics/facts';
import type { EvaluationContext } from '../../../src/main/diagnostics/types';
import { evaluateEnvironmentProperties } from '../../../src/main/diagnostics/rules/environmentProperties';
import type { PropertiesEnvironmentFacts } from '../../../src/main/diagnostics/beanstalk/propertyFacts';
import { logEvidence, hasKind } from '../../../src/main/diagnostics/beanstalk/eventText';
import { linkDatabases } from '../../../src/main/diagnostics/network/databaseLinks';
import { publicFinding } from '../../../src/main/diagnostics/engine';
import { readTailLogLines, type TailLogSource } from '../../../src/main/diagnostics/instanceLogs';
import { parseText, ruleOf } from '../../../src/main/diagnostics/text/patterns';

const ctx: EvaluationContext = {
  account: '111122223333',
  region: 'eu-west-1',
  partition: 'aws',
  now: new Date('2026-03-01T12:00:00Z'),
  settings: { deployers: [], requiredProperties: {}, parameterPaths: {} },
};

function line(text: string, file = '/var/log/web.stdout.log', instanceId = 'i-0a1b2c3d4e5f60718'): LogLineFact {
  return { file, instanceId, sampledAt: '2026-03-01T11:59:00Z', text };
}

function propertiesFacts(logs: LogLineFact[]): PropertiesEnvironmentFacts {
  return {
    environment: {
      name: 'ledger-prod',
      id: 'e-ledger0001',
      applicationName: 'ledger',
      status: 'Ready',
      health: 'Red',
      causes: [],
      solutionStackName: '64bit Amazon Linux 2023 v4.3.0 running Python 3.11',
      versionLabel: 'v7',
      tier: 'WebServer',
    },
    options: [],
    properties: {},
    secrets: {},
    events: [],
    logs,
    referencedParameters: {},
    parameterValues: {},
    existingTargetParameters: [],
    generated: {},
  };
}

describe('platform log texts', () => {
  it.each([
    [
      '[Sun Jul 15 01:48:17.460386 2018] [:error] [pid 2855] [client 172.31.9.4:41822] Target WSGI script not found or unable to stat: /opt/python/current/app/application.py',
      'wsgi-path-missing',
      'F3',
    ],
    [
      '2026/03/01 11:58:02 [error] 2871#2871: *14 connect() failed (111: Connection refused) while connecting to upstream, client: 10.4.0.12, server: , request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8000/", host: "ledger-prod.eu-west-1.elasticbeanstalk.com"',
      'web-not-running',
      'F3',
    ],
    ["Mar  1 11:58:01 ip-10-4-1-20 web[3001]: ModuleNotFoundError: No module named 'flask'", 'module-not-found', 'F15'],
    [
      'Mar  1 11:58:01 ip-10-4-1-20 web[3001]: [2026-03-01 11:58:01 +0000] [3001] [ERROR] Worker failed to boot.',
      'web-not-running',
      'F3',
    ],
  ])('reads %s', (text, kind, rule) => {
    const parsed = parseText(text);
    expect(parsed.map((p) => p.kind)).toContain(kind);
    const first = parsed.find((p) => p.kind === kind);
    expect(first && ruleOf(first)).toBe(rule);
  });
});

describe('log evidence', () => {
  it('quotes the newest distinct matching lines with their file and instance', () => {
    const lines = [
      line('[INFO] Booting worker with pid: 3001'),
      line("KeyError: 'LEDGER_DSN'"),
      line('[INFO] Booting worker with pid: 3002'),
      line("KeyError: 'LEDGER_DSN'"),
    ];
    const evidence = logEvidence(lines, hasKind('missing-properties'));
    expect(evidence).toEqual([
      {
        source: 'log',
        label: '/var/log/web.stdout.log on i-0a1b2c3d4e5f60718',
        text: "KeyError: 'LEDGER_DSN'",
        at: '2026-03-01T11:59:00Z',
      },
    ]);
  });

  it('raises F7 from a NoRegionError in the log when nothing else shows the app calls AWS', () => {
    const quiet = evaluateEnvironmentProperties({ environments: [propertiesFacts([])] }, ctx);
    expect(quiet.findings.filter((f) => f.rule === 'F7')).toHaveLength(0);

    const logged = evaluateEnvironmentProperties(
      {
        environments: [
          propertiesFacts([
            line('Traceback (most recent call last):'),
            line('botocore.exceptions.NoRegionError: You must specify a region.'),
          ]),
        ],
      },
      ctx,
    );
    const f7 = logged.findings.find((f) => f.rule === 'F7');
    expect(f7?.evidence).toContainEqual(
      expect.objectContaining({ source: 'log', text: 'botocore.exceptions.NoRegionError: You must specify a region.' }),
    );
  });

  it('adds a property named by a KeyError in the log to what F8 requires', () => {
    const out = evaluateEnvironmentProperties(
      { environments: [propertiesFacts([line('    raise KeyError(key) from None'), line("KeyError: 'LEDGER_DSN'")])] },
      ctx,
    );
    const f8 = out.findings.find((f) => f.rule === 'F8');
    expect(f8?.summary).toContain('LEDGER_DSN');
    expect(f8?.evidence.some((e) => e.source === 'log' && e.text === "KeyError: 'LEDGER_DSN'")).toBe(true);
  });

  it('says in the explanation that a log line proves the finding', () => {
    const out = evaluateEnvironmentProperties(
      { environments: [propertiesFacts([line("KeyError: 'LEDGER_DSN'")])] },
      ctx,
    );
    const f8 = out.findings.find((f) => f.rule === 'F8');
    if (!f8) throw new Error('F8 expected');
    expect(publicFinding(f8, undefined).explanation).toContain(
      "The instance log proves it: /var/log/web.stdout.log on i-0a1b2c3d4e5f60718 says “KeyError: 'LEDGER_DSN'”.",
    );
    const withoutLog = { ...f8, evidence: f8.evidence.filter((e) => e.source !== 'log') };
    expect(publicFinding(withoutLog, undefined).explanation).not.toContain('instance log');
  });
});

describe('database links from log lines', () => {
  const database: DatabaseSummary = {
    id: 'ledger-db',
    engine: 'postgres',
    engineVersion: '16.3',
    status: 'available',
    endpoint: { address: 'ledger-db.c9xk2p.eu-west-1.rds.amazonaws.com', port: 6543 },
    vpcId: 'vpc-0ledger',
    subnetGroup: 'ledger-subnets',
    clusterId: null,
    publiclyAccessible: false,
    securityGroupIds: ['sg-0db'],
    arn: null,
  };
  function detail(logs: LogLineFact[]): EnvironmentDetail {
    return {
      environment: propertiesFacts([]).environment,
      options: [],
      properties: {},
      secrets: {},
      events: [],
      instances: [],
      logs,
    };
  }

  it('links the database a connection timeout in the log names, once per distinct line', () => {
    const timeout =
      'psycopg2.OperationalError: connection to server at "ledger-db.c9xk2p.eu-west-1.rds.amazonaws.com" (10.4.2.9), port 6543 failed: Connection timed out';
    const links = linkDatabases(detail([line(timeout), line(timeout)]), {}, [database]);
    expect(links).toHaveLength(1);
    expect(links[0]?.connectionLogs).toHaveLength(1);
    expect(links[0]?.reasons).toContainEqual(expect.objectContaining({ via: 'log', text: timeout }));
    expect(linkDatabases(detail([line('[INFO] Listening at: http://127.0.0.1:8000')]), {}, [database])).toEqual([]);
  });
});

describe('reading tail logs for a scan', () => {
  it('waits while the instances upload, then gives one fact per non-blank line', async () => {
    const answers: LogRetrieval[] = [
      { state: 'pending', waitedMs: 1000 },
      { state: 'pending', waitedMs: 3000 },
      {
        state: 'ready',
        infoType: 'tail',
        waitedMs: 5000,
        totalBytes: 60,
        apiCalls: 3,
        instances: [
          {
            instanceId: 'i-1',
            sampledAt: '2026-03-01T12:00:05Z',
            files: [{ path: '/var/log/nginx/error.log', text: 'first\n\nsecond\n', bytes: 14, lineCount: 2 }],
          },
        ],
      },
    ];
    const sleeps: number[] = [];
    const source: TailLogSource = {
      requestLogs: async (_target, environmentName, infoType, waitLimitSeconds) => ({
        requestId: 'r-1',
        environmentName,
        infoType,
        requestedAt: '2026-03-01T12:00:00Z',
        instanceIds: ['i-1'],
        waitLimitSeconds,
      }),
      retrieveLogs: async () => {
        const next = answers.shift();
        if (!next) throw new Error('asked too often');
        return next;
      },
    };
    const read = await readTailLogLines(source, { profile: 'p', region: 'eu-west-1' }, 'ledger-prod', {
      pollMs: 250,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    expect(sleeps).toEqual([250, 250]);
    expect(read.lines.map((l) => `${l.file}|${l.instanceId}|${l.text}`)).toEqual([
      '/var/log/nginx/error.log|i-1|first',
      '/var/log/nginx/error.log|i-1|second',
    ]);
    expect(read.apiCalls).toBe(2 + 3 + 3);
  });
});
