/**
 * The pure log derivation: a scene (platform generation, instance, operations,
 * log epochs) in, each platform's files out, with the lines the real stacks
 * print for each cause. Names, regions and ports here are not the training
 * lab's, so nothing passes by matching the lab.
 */
import { describe, expect, it } from 'vitest';
import { renderInstanceLogs } from '../../../src/sandbox/simulation/logs/instanceLogs';
import { fileText, LOG_FILES, type RenderedLogFile } from '../../../src/sandbox/simulation/logs/logFiles';
import type { LogScene } from '../../../src/sandbox/simulation/logs/timeline';
import type { LogCause, SourceFrame } from '../../../src/sandbox/state/logState';

const T0 = Date.parse('2027-03-01T08:00:00Z');
const HOUR = 3_600_000;
const CONFIG_FRAMES: SourceFrame[] = [
  { file: 'app.py', line: 3, function: '<module>', code: 'import settings' },
  { file: 'settings.py', line: 5, function: '<module>', code: "ORDERS_DB = os.environ['ORDERS_DB']" },
];
const VIEW_FRAME: SourceFrame[] = [
  { file: 'app.py', line: 21, function: 'index', code: "bucket = os.environ['ORDERS_BUCKET']" },
];
const DENIED =
  'botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the PutObject operation: User: arn:aws:sts::210987654321:assumed-role/orders-web/i-0fedcba9876543210 is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::orders-uploads/x" because no identity-based policy allows the s3:PutObject action';
const PG_TIMEOUT =
  'psycopg2.OperationalError: could not connect to server: Connection timed out. Is the server running on host "orders.abc123.eu-west-1.rds.amazonaws.com" and accepting TCP/IP connections on port 6543?';
const MYSQL_TIMEOUT =
  "mysql.connector.errors.InterfaceError: 2003: Can't connect to MySQL server on 'shop.abc123.eu-west-1.rds.amazonaws.com:3307' (110 Connection timed out)";

function scene(generation: LogScene['generation'], causes: LogCause[], extra: Partial<LogScene> = {}): LogScene {
  return {
    generation,
    pythonVersion: generation === 'legacy' ? '3.6' : '3.11',
    environment: { id: 'e-k2m4n6p8q0', name: 'orders-env', cname: 'orders-env.x7y8z9.eu-west-1.elasticbeanstalk.com' },
    versionLabel: 'v7',
    wsgiPath: generation === 'legacy' ? 'app.py' : 'app:application',
    instance: { id: 'i-0fedcba9876543210', privateIp: '172.31.40.12', launchedAt: T0 },
    operations: [{ kind: 'launch', requestId: 'r-1', startedAt: T0, completedAt: T0 + 30_000, failed: false }],
    epochs: [{ from: 0, confirmedAt: T0 + 3 * HOUR, streaming: false, causes }],
    until: T0 + 3 * HOUR,
    ...extra,
  };
}

function text(files: readonly RenderedLogFile[], path: string): string {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path} in ${files.map((f) => f.path).join(', ')}`);
  return fileText(file);
}

function statuses(accessLog: string): Set<string> {
  return new Set([...accessLog.matchAll(/" (\d{3}) \d+ "/g)].map((m) => m[1] ?? ''));
}

const L = LOG_FILES.legacy;
const G = LOG_FILES.gunicorn;
/** Apache 2.4's error_log prefix as seed 004 quotes it. */
const APACHE_ERROR =
  /^\[\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2}\.\d{6} \d{4}\] \[:error\] \[pid \d+\] \[remote [\d.]+:\d+\] /;

describe('legacy Python (Apache + mod_wsgi)', () => {
  it('writes error_log, access_log and eb-activity.log, healthy: Apache starts and every request is 2xx', () => {
    const files = renderInstanceLogs(scene('legacy', []));
    expect(files.map((f) => f.path)).toEqual([L.deployment, L.access, L.error]);
    const errors = text(files, L.error);
    expect(errors).toMatch(
      /\[mpm_prefork:notice\] \[pid \d+\] AH00163: Apache\/2\.4\.\d+ \(Amazon\) mod_wsgi\/3\.5 Python\/3\.6\.\d+ configured -- resuming normal operations/,
    );
    expect(errors).not.toContain('[:error]');
    expect(statuses(text(files, L.access))).toEqual(new Set(['200']));
    expect(text(files, L.deployment)).toContain(
      '[Initialization] : Completed activity. Result:\n  Initialization - Command CMD-Startup succeeded',
    );
  });

  it('a WSGIPath naming no file: the hook fails in eb-activity.log and mod_wsgi answers 404', () => {
    const files = renderInstanceLogs(
      scene('legacy', [{ kind: 'wsgi-file-missing', path: 'app.py' }], {
        operations: [{ kind: 'launch', requestId: 'r', startedAt: T0, completedAt: T0 + 30_000, failed: true }],
      }),
    );
    const activity = text(files, L.deployment);
    expect(activity).toMatch(
      /\[Initialization\/AppDeployStage0\/AppDeployPreHook\/04configen\.py\] : Activity execution failed, because: Your WSGIPath refers to a file that does not exist\. \(ElasticBeanstalk::ExternalInvocationError\)/,
    );
    expect(activity).toContain('Initialization - Command CMD-Startup failed');
    expect(text(files, L.error)).toMatch(
      /\[:error\] \[pid \d+\] \[client [\d.]+:\d+\] Target WSGI script not found or unable to stat: \/opt\/python\/current\/app\/app\.py\n/,
    );
    expect(statuses(text(files, L.access))).toEqual(new Set(['404']));
  });

  it('no requirements.txt: mod_wsgi cannot load the module, ModuleNotFoundError in the seed-004 shape, 500s', () => {
    const frames: SourceFrame[] = [{ file: 'app.py', line: 2, function: '<module>', code: 'import requests' }];
    const files = renderInstanceLogs(scene('legacy', [{ kind: 'module-missing', module: 'requests', frames }]));
    const lines = text(files, L.error).split('\n');
    const last = lines.find((line) => line.endsWith("ModuleNotFoundError: No module named 'requests'"));
    expect(last).toMatch(APACHE_ERROR);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /mod_wsgi \(pid=\d+\): Target WSGI script '\/opt\/python\/current\/app\/app\.py' cannot be loaded as Python module\.$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/ {2}File "\/opt\/python\/current\/app\/app\.py", line 2, in <module>$/),
    );
    expect(statuses(text(files, L.access))).toEqual(new Set(['500']));
  });

  it('a missing property read at import: KeyError with the chain of imports and os.py', () => {
    const files = renderInstanceLogs(
      scene('legacy', [{ kind: 'key-error', name: 'ORDERS_DB', frames: CONFIG_FRAMES }]),
    );
    const error = text(files, L.error);
    const traceback = error
      .trimEnd()
      .split('\n')
      .map((line) => line.replace(APACHE_ERROR, ''))
      .slice(-9);
    expect(traceback[0]).toMatch(
      /^mod_wsgi \(pid=\d+\): Exception occurred processing WSGI script '\/opt\/python\/current\/app\/app\.py'\.$/,
    );
    expect(traceback.slice(1)).toEqual([
      'Traceback (most recent call last):',
      '  File "/opt/python/current/app/app.py", line 3, in <module>',
      '    import settings',
      '  File "/opt/python/current/app/settings.py", line 5, in <module>',
      "    ORDERS_DB = os.environ['ORDERS_DB']",
      '  File "/usr/lib64/python3.6/os.py", line 669, in __getitem__',
      '    raise KeyError(key) from None',
      "KeyError: 'ORDERS_DB'",
    ]);
  });

  it('NoRegionError, MySQL 2003 and the app’s AccessDenied come from views, logged by Flask through mod_wsgi', () => {
    const causes: LogCause[] = [
      { kind: 'no-region', frames: [] },
      { kind: 'database', engine: 'mysql', error: MYSQL_TIMEOUT, frames: VIEW_FRAME },
      { kind: 'access-denied', error: DENIED, frames: [] },
    ];
    const errors = text(renderInstanceLogs(scene('legacy', causes)), L.error).split('\n');
    for (const final of ['botocore.exceptions.NoRegionError: You must specify a region.', MYSQL_TIMEOUT, DENIED]) {
      const line = errors.find((l) => l.endsWith(final));
      expect(line, final).toMatch(APACHE_ERROR);
    }
    expect(errors).toContainEqual(
      expect.stringMatching(/\] \[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}\] ERROR in app: Exception on \/ \[GET\]$/),
    );
    expect(errors).toContainEqual(
      expect.stringMatching(/File "\/opt\/python\/current\/app\/app\.py", line 21, in index$/),
    );
  });

  it('a secret the instance role cannot fetch stops the deployment in eb-activity.log', () => {
    const failure =
      'AccessDeniedException: User: arn:aws:sts::210987654321:assumed-role/orders-web/i-0fedcba9876543210 is not authorized to perform: ssm:GetParameter';
    const files = renderInstanceLogs(
      scene('legacy', [{ kind: 'secrets', failures: [failure] }], {
        operations: [{ kind: 'launch', requestId: 'r', startedAt: T0, completedAt: T0 + 30_000, failed: true }],
      }),
    );
    expect(text(files, L.deployment)).toContain(
      `Activity execution failed, because: Instance deployment failed to get one or more secrets: ${failure} (ElasticBeanstalk::ExternalInvocationError)`,
    );
  });
});

describe('Amazon Linux 2 / 2023 (nginx + gunicorn)', () => {
  it('writes eb-engine.log, nginx logs and web.stdout.log; healthy: gunicorn boots and nginx serves 200', () => {
    const files = renderInstanceLogs(scene('gunicorn', []));
    expect(files.map((f) => f.path)).toEqual([G.deployment, G.access, G.error, G.web]);
    const web = text(files, G.web);
    expect(web).toMatch(
      /^Mar {2}1 08:00:\d{2} ip-172-31-40-12 web\[(\d+)\]: \[2027-03-01 08:00:\d{2} \+0000\] \[\1\] \[INFO\] Starting gunicorn 22\.0\.0$/m,
    );
    expect(web).toContain('[INFO] Listening at: http://127.0.0.1:8000');
    expect(web).not.toContain('ERROR');
    expect(text(files, G.error)).toBe('');
    expect(statuses(text(files, G.access))).toEqual(new Set(['200']));
    expect(text(files, G.deployment)).toMatch(
      /^2027\/03\/01 08:00:\d{2}\.\d{6} \[INFO\] Executing instruction: StageApplication$/m,
    );
  });

  it('a WSGI module that is not there: the worker fails to boot and nginx finds nothing upstream', () => {
    const cause: LogCause = {
      kind: 'wsgi-target-missing',
      target: 'app:application',
      module: 'app',
      callable: 'application',
      reason: 'module',
    };
    const files = renderInstanceLogs(scene('gunicorn', [cause]));
    const web = text(files, G.web);
    expect(web).toMatch(/\[ERROR\] Exception in worker process\n/);
    expect(web).toMatch(/web\[\d+\]: ModuleNotFoundError: No module named 'app'\n/);
    expect(web).toMatch(/\[INFO\] Reason: Worker failed to boot\.\n/);
    expect(text(files, G.error)).toMatch(
      /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} \[error\] (\d+)#\1: \*\d+ connect\(\) failed \(111: Connection refused\) while connecting to upstream, client: [\d.]+, server: , request: "GET \/ HTTP\/1\.1", upstream: "http:\/\/127\.0\.0\.1:8000\/", host: "orders-env\.x7y8z9\.eu-west-1\.elasticbeanstalk\.com"$/m,
    );
    expect(statuses(text(files, G.access))).toEqual(new Set(['502']));
  });

  it('a callable gunicorn cannot parse fails the app load with gunicorn’s own words', () => {
    const cause: LogCause = {
      kind: 'wsgi-target-missing',
      target: 'app:make app',
      module: 'app',
      callable: 'make app',
      reason: 'callable',
    };
    const web = text(renderInstanceLogs(scene('gunicorn', [cause])), G.web);
    expect(web).toContain("Failed to parse 'make app' as an attribute name or function call.");
    expect(web).toContain('[INFO] Reason: App failed to load.');
  });

  it('no requirements.txt: ModuleNotFoundError for the first import, through gunicorn’s import frames', () => {
    const frames: SourceFrame[] = [{ file: 'app.py', line: 1, function: '<module>', code: 'from flask import Flask' }];
    const web = text(
      renderInstanceLogs(scene('gunicorn', [{ kind: 'module-missing', module: 'flask', frames }])),
      G.web,
    );
    expect(web).toMatch(/gunicorn\/util\.py", line \d+, in import_app\n/);
    expect(web).toMatch(/web\[\d+\]: {3}File "\/var\/app\/current\/app\.py", line 1, in <module>\n/);
    expect(web).toMatch(/web\[\d+\]: ModuleNotFoundError: No module named 'flask'\n/);
  });

  it('KeyError, NoRegionError, a PostgreSQL timeout and AccessDenied fail requests with Flask tracebacks and 500s', () => {
    const causes: LogCause[] = [
      { kind: 'key-error', name: 'ORDERS_BUCKET', frames: VIEW_FRAME },
      { kind: 'no-region', frames: [] },
      { kind: 'database', engine: 'postgres', error: PG_TIMEOUT, frames: [] },
      { kind: 'access-denied', error: DENIED, frames: [] },
    ];
    const files = renderInstanceLogs(scene('gunicorn', causes));
    const web = text(files, G.web);
    expect(web).toMatch(
      /web\[\d+\]: \[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}\] ERROR in app: Exception on \/ \[GET\]\n/,
    );
    expect(web).toContain(`web[`);
    for (const final of [
      "KeyError: 'ORDERS_BUCKET'",
      'botocore.exceptions.NoRegionError: You must specify a region.',
      PG_TIMEOUT,
      DENIED,
    ]) {
      expect(web).toContain(`: ${final}\n`);
    }
    expect(web).toContain('File "<frozen os>", line 679, in __getitem__');
    expect(web).toContain('File "/var/app/current/app.py", line 21, in index');
    expect(statuses(text(files, G.access))).toEqual(new Set(['500']));
  });

  it('AccessDenied alone fails only the requests that make the call', () => {
    const files = renderInstanceLogs(scene('gunicorn', [{ kind: 'access-denied', error: DENIED, frames: [] }]));
    const access = text(files, G.access);
    expect(statuses(access)).toEqual(new Set(['200', '500']));
    const failing = [...access.matchAll(/" 500 /g)].length / [...access.matchAll(/HTTP\/1\.1" /g)].length;
    expect(failing).toBeGreaterThan(0.25);
    expect(failing).toBeLessThan(0.42);
  });

  it('a secret the instance role cannot fetch: eb-engine.log stops the command at FlipApplication, web never starts', () => {
    const failure =
      'AccessDeniedException: User: arn:aws:sts::210987654321:assumed-role/orders-web/i-0fedcba9876543210 is not authorized to perform: ssm:GetParameter';
    const files = renderInstanceLogs(
      scene('gunicorn', [{ kind: 'secrets', failures: [failure] }], {
        operations: [{ kind: 'launch', requestId: 'r', startedAt: T0, completedAt: T0 + 30_000, failed: true }],
      }),
    );
    const engine = text(files, G.deployment);
    expect(engine).toMatch(
      /\[ERROR\] An error occurred during execution of command \[app-deploy\] - \[FlipApplication\]\. Stop running the command\. Error: Instance deployment failed to get one or more secrets: AccessDeniedException: /,
    );
    expect(engine).toContain('"status":"FAILURE"');
    expect(text(files, G.web)).toBe('');
    expect(statuses(text(files, G.access))).toEqual(new Set(['502']));
  });
});

describe('determinism and history', () => {
  it('the same scene gives the same text; another instance gets other pids and clients', () => {
    const causes: LogCause[] = [{ kind: 'no-region', frames: [] }];
    const first = renderInstanceLogs(scene('gunicorn', causes)).map(fileText);
    expect(renderInstanceLogs(scene('gunicorn', causes)).map(fileText)).toEqual(first);
    const other = scene('gunicorn', causes, {
      instance: { id: 'i-0aaaabbbbccccdddd', privateIp: '172.31.9.8', launchedAt: T0 },
    });
    expect(renderInstanceLogs(other).map(fileText)).not.toEqual(first);
  });

  it('a later epoch changes the lines after it and leaves the earlier lines exactly as they were', () => {
    const broken: LogCause[] = [{ kind: 'database', engine: 'postgres', error: PG_TIMEOUT, frames: [] }];
    const change = T0 + 2 * HOUR;
    const before = renderInstanceLogs(scene('gunicorn', broken, { until: change }));
    const after = renderInstanceLogs(
      scene('gunicorn', broken, {
        epochs: [
          { from: 0, confirmedAt: change, streaming: false, causes: broken },
          { from: change + 1, confirmedAt: T0 + 3 * HOUR, streaming: false, causes: [] },
        ],
      }),
    );
    // Both reads cover their last two hours of traffic; where they overlap, the lines are the same.
    const start = after.find((f) => f.path === G.access)?.lines[0]?.at ?? 0;
    for (const path of [G.access, G.web]) {
      const now = (after.find((f) => f.path === path)?.lines ?? []).filter((l) => l.at >= start);
      const old = (before.find((f) => f.path === path)?.lines ?? []).filter((l) => l.at >= start);
      expect(old.length).toBeGreaterThan(50);
      expect(now.filter((l) => l.at <= change)).toEqual(old);
    }
    // After the fix nginx keeps logging requests; the app has nothing more to say.
    expect(after.find((f) => f.path === G.access)?.lines.some((l) => l.at > change)).toBe(true);
    expect(after.find((f) => f.path === G.web)?.lines.some((l) => l.at > change)).toBe(false);
    const access = after.find((f) => f.path === G.access)?.lines ?? [];
    expect(
      statuses(
        access
          .filter((l) => l.at > change)
          .map((l) => l.text)
          .join('\n'),
      ),
    ).toEqual(new Set(['200']));
    expect(
      statuses(
        access
          .filter((l) => l.at <= change)
          .map((l) => l.text)
          .join('\n'),
      ),
    ).toEqual(new Set(['500']));
  });

  it('an update that completes restarts the app: eb-engine logs the command and gunicorn starts again', () => {
    const files = renderInstanceLogs(
      scene('gunicorn', [], {
        operations: [
          { kind: 'launch', requestId: 'a', startedAt: T0, completedAt: T0 + 30_000, failed: false },
          { kind: 'update', requestId: 'b', startedAt: T0 + HOUR, completedAt: T0 + HOUR + 15_000, failed: false },
        ],
      }),
    );
    expect(text(files, G.deployment)).toContain('[INFO] Engine received EB command config-deploy');
    expect([...text(files, G.web).matchAll(/Starting gunicorn/g)]).toHaveLength(2);
  });
});
