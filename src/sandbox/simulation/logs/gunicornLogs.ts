/**
 * Amazon Linux 2 and 2023 Python platforms (nginx in front of gunicorn, the
 * Go platform engine): what they write to /var/log/eb-engine.log,
 * /var/log/web.stdout.log (the web process's stdout and stderr through
 * rsyslog), /var/log/nginx/access.log and /var/log/nginx/error.log.
 */
import type { LogCause } from '../../state/logState';
import {
  accessLogTime,
  engineTime,
  gunicornTime,
  nginxErrorTime,
  pythonLoggingTime,
  seededInt,
  syslogTime,
} from './logClock';
import { LOG_FILES, LogSink, type RenderedLogFile } from './logFiles';
import { importTraceback, pythonRuntime, type PythonRuntime, requestTraceback } from './python';
import { type Deployment, deploymentFailure, deploymentsOf, type LogScene, outcomeFor, visitsOf } from './timeline';

const FILES = LOG_FILES.gunicorn;

/** `3.11` → 11, so versions compare as numbers. */
function minor(version: string): number {
  return Number(version.split('.')[1] ?? 0);
}

interface WebProcess {
  readonly master: number;
  readonly worker: number;
}

function webProcess(scene: LogScene, deployment: Deployment): WebProcess {
  const master = seededInt(`${scene.instance.id}:gunicorn:${deployment.index}`, 2000, 30000);
  return { master, worker: master + seededInt(`${scene.instance.id}:worker:${deployment.index}`, 3, 40) };
}

/** The engine's instructions for one command, and where a failure stops it. */
function engineSteps(kind: Deployment['kind']): Array<readonly [string, readonly string[]]> {
  if (kind === 'restart') {
    return [['RestartAppServer', ['Running command /bin/sh -c systemctl restart web.service']]];
  }
  return [
    [
      'PreBuildEbExtension',
      [
        'Starting executing the config set Infra-EmbeddedPreBuild.',
        'Finished executing the config set Infra-EmbeddedPreBuild.',
      ],
    ],
    [
      'StageApplication',
      [
        'Recreating /var/app/staging/',
        'extracting /opt/elasticbeanstalk/deployment/app_source_bundle to /var/app/staging/',
      ],
    ],
    ['RunAppDeployPreBuildHooks', ['The dir .platform/hooks/prebuild/ does not exist']],
    ['InstallDependency', ['checking dependencies file']],
    ['check Procfile', ['creating default Procfile...']],
    ['configure proxy server', []],
    ['RunAppDeployPreDeployHooks', ['The dir .platform/hooks/predeploy/ does not exist']],
    ['stop proxy', ['Running command /bin/sh -c systemctl stop nginx.service']],
    [
      'FlipApplication',
      [
        'Fetching environment variables...',
        'Registering the proc: web',
        'Running command /bin/sh -c systemctl start web.service',
      ],
    ],
    ['start proxy with new configuration', ['Running command /bin/sh -c systemctl start nginx.service']],
    ['RunAppDeployPostDeployHooks', ['The dir .platform/hooks/postdeploy/ does not exist']],
  ];
}

function failure(cause: LogCause): { step: string; message: string } {
  if (cause.kind === 'bundle') return { step: 'StageApplication', message: cause.error };
  const failures = cause.kind === 'secrets' ? cause.failures.join('; ') : cause.kind;
  return { step: 'FlipApplication', message: `Instance deployment failed to get one or more secrets: ${failures}` };
}

function writeEngine(sink: LogSink, scene: LogScene, deployment: Deployment): void {
  const command =
    deployment.kind === 'restart'
      ? 'restart-app-server'
      : deployment.kind === 'update'
        ? 'config-deploy'
        : 'app-deploy';
  const failedCause = deploymentFailure(deployment.causes);
  const failed = failedCause === undefined ? undefined : failure(failedCause);
  const lines: Array<readonly ['INFO' | 'ERROR', string]> = [
    ['INFO', 'Starting...'],
    ['INFO', 'Starting EBPlatform-PlatformEngine'],
    ['INFO', 'reading event message file'],
    ['INFO', `Engine received EB command ${command}`],
  ];
  for (const [instruction, details] of engineSteps(deployment.kind)) {
    lines.push(['INFO', `Executing instruction: ${instruction}`]);
    if (failed?.step === instruction) {
      lines.push([
        'ERROR',
        `An error occurred during execution of command [${command}] - [${instruction}]. Stop running the command. Error: ${failed.message}`,
      ]);
      break;
    }
    for (const detail of details) lines.push(['INFO', detail]);
  }
  const event = failed
    ? { msg: failed.message, timestamp: deployment.completedAt, severity: 'ERROR' }
    : { msg: 'Instance deployment completed successfully.', timestamp: deployment.completedAt, severity: 'INFO' };
  const response = {
    status: failed ? 'FAILURE' : 'SUCCESS',
    api_version: '1.0',
    results: [
      {
        status: failed ? 'FAILURE' : 'SUCCESS',
        msg: failed ? 'Engine execution has encountered an error.' : 'Engine execution has succeeded.',
        returncode: failed ? 1 : 0,
        events: [event],
      },
    ],
  };
  lines.push(
    ['INFO', 'Executing cleanup logic'],
    ['INFO', `CommandService Response: ${JSON.stringify(response)}`],
    ['INFO', `Platform Engine finished execution on command: ${command}`],
  );
  const span = Math.max(1, deployment.completedAt - deployment.startedAt - 1_000);
  lines.forEach(([level, text], index) => {
    const at = deployment.startedAt + 500 + Math.floor((span * index) / lines.length);
    sink.write(at, `${engineTime(at, `${scene.instance.id}:engine:${deployment.index}:${index}`)} [${level}] ${text}`);
  });
}

/** gunicorn's worker failing to import the app, as its arbiter prints it. */
function bootFailure(runtime: PythonRuntime, cause: LogCause): { lines: string[]; reason: string } {
  if (cause.kind === 'wsgi-target-missing' && cause.reason === 'callable') {
    return {
      lines: [`Failed to parse '${cause.callable}' as an attribute name or function call.`],
      reason: 'App failed to load.',
    };
  }
  const site = runtime.sitePackages;
  const importlib = minor(runtime.version) >= 11 ? 1204 : 1014;
  const gunicorn: string[] = [
    `  File "${site}/gunicorn/arbiter.py", line 609, in spawn_worker`,
    '    worker.init_process()',
    `  File "${site}/gunicorn/workers/gthread.py", line 95, in init_process`,
    '    super().init_process()',
    `  File "${site}/gunicorn/workers/base.py", line 134, in init_process`,
    '    self.load_wsgi()',
    `  File "${site}/gunicorn/workers/base.py", line 146, in load_wsgi`,
    '    self.wsgi = self.app.wsgi()',
    `  File "${site}/gunicorn/app/base.py", line 67, in wsgi`,
    '    self.callable = self.load()',
    `  File "${site}/gunicorn/app/wsgiapp.py", line 58, in load`,
    '    return self.load_wsgiapp()',
    `  File "${site}/gunicorn/app/wsgiapp.py", line 48, in load_wsgiapp`,
    '    return util.import_app(self.app_uri)',
    `  File "${site}/gunicorn/util.py", line 359, in import_app`,
    '    mod = importlib.import_module(module)',
    `  File "/usr/lib64/python${runtime.version}/importlib/__init__.py", line 126, in import_module`,
    '    return _bootstrap._gcd_import(name[level:], package, level)',
    `  File "<frozen importlib._bootstrap>", line ${importlib}, in _gcd_import`,
  ];
  if (cause.kind === 'wsgi-target-missing') {
    return {
      lines: [
        'Traceback (most recent call last):',
        ...gunicorn,
        `ModuleNotFoundError: No module named '${cause.module}'`,
      ],
      reason: 'Worker failed to boot.',
    };
  }
  const [head, ...rest] = importTraceback(runtime, cause);
  return {
    lines: [head ?? 'Traceback (most recent call last):', ...gunicorn, ...rest],
    reason: 'Worker failed to boot.',
  };
}

function writeWebStart(sink: LogSink, scene: LogScene, deployment: Deployment, runtime: PythonRuntime): void {
  const { master, worker } = webProcess(scene, deployment);
  const host = `ip-${scene.instance.privateIp.replace(/\./g, '-')}`;
  const at = deployment.completedAt - 1_500;
  const version = minor(scene.pythonVersion) >= 9 ? '22.0.0' : '20.1.0';
  const web = (pid: number, offset: number, text: string): void =>
    sink.write(at + offset, `${syslogTime(at + offset)} ${host} web[${pid}]: ${text}`);
  const log = (pid: number, offset: number, level: string, text: string): void =>
    web(pid, offset, `[${gunicornTime(at + offset)}] [${pid}] [${level}] ${text}`);
  log(master, 0, 'INFO', `Starting gunicorn ${version}`);
  log(master, 1, 'INFO', `Listening at: http://127.0.0.1:8000 (${master})`);
  log(master, 2, 'INFO', 'Using worker: gthread');
  log(master, 3, 'INFO', `Booting worker with pid: ${worker}`);
  const outcome = outcomeFor(deployment.causes, 'gunicorn', 0);
  if (outcome.kind !== 'web-down') return;
  const boot = bootFailure(runtime, outcome.cause);
  if (boot.reason === 'Worker failed to boot.') log(worker, 400, 'ERROR', 'Exception in worker process');
  boot.lines.forEach((text, n) => web(worker, 401 + n, text));
  log(worker, 500, 'INFO', `Worker exiting (pid: ${worker})`);
  log(master, 600, 'ERROR', `Worker (pid:${worker}) exited with code 3`);
  log(master, 601, 'INFO', 'Shutting down: Master');
  log(master, 602, 'INFO', `Reason: ${boot.reason}`);
}

export function renderGunicornLogs(scene: LogScene): RenderedLogFile[] {
  const runtime = pythonRuntime('gunicorn', scene.pythonVersion);
  const deployments = deploymentsOf(scene);
  const engine = new LogSink(scene.until);
  const web = new LogSink(scene.until);
  const access = new LogSink(scene.until);
  const errors = new LogSink(scene.until);
  for (const deployment of deployments) {
    writeEngine(engine, scene, deployment);
    if (deploymentFailure(deployment.causes) === undefined) writeWebStart(web, scene, deployment, runtime);
  }
  const host = `ip-${scene.instance.privateIp.replace(/\./g, '-')}`;
  let connection = 0;
  // Requests reach the processes of the last deployment that flipped its app in.
  const flips = deployments.filter((d, index) => index === 0 || deploymentFailure(d.causes) === undefined);
  for (const visit of visitsOf(scene, deployments)) {
    const current = [...flips].reverse().find((d) => d.completedAt <= visit.at);
    if (!current) continue;
    connection += 1;
    const outcome = outcomeFor(visit.causes, 'gunicorn', visit.slot);
    let status = 200;
    let bytes = seededInt(`${scene.instance.id}:page`, 1800, 4200);
    if (outcome.kind === 'web-down' || outcome.kind === 'not-deployed') {
      const nginx = seededInt(`${scene.instance.id}:nginx:${current.index}`, 2000, 30000);
      errors.write(
        visit.at,
        `${nginxErrorTime(visit.at)} [error] ${nginx}#${nginx}: *${connection} connect() failed (111: Connection refused) while connecting to upstream, client: ${visit.client}, server: , request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8000/", host: "${scene.environment.cname}"`,
      );
      status = 502;
      bytes = 157;
    } else if (outcome.kind === 'request-error') {
      const { worker } = webProcess(scene, current);
      const lines = [
        `[${pythonLoggingTime(visit.at)}] ERROR in app: Exception on / [GET]`,
        ...requestTraceback(runtime, outcome.cause),
      ];
      lines.forEach((text, n) =>
        web.write(visit.at + n, `${syslogTime(visit.at + n)} ${host} web[${worker}]: ${text}`),
      );
      status = 500;
      bytes = 265;
    }
    access.write(
      visit.at,
      `${visit.client} - - [${accessLogTime(visit.at)}] "GET / HTTP/1.1" ${status} ${bytes} "-" "${visit.agent}" "-"`,
    );
  }
  return [engine.file(FILES.deployment), access.file(FILES.access), errors.file(FILES.error), web.file(FILES.web)];
}
