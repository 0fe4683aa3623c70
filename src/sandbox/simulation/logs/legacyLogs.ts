/**
 * The legacy Python platform (Amazon Linux AMI 2018.03: Apache 2.4 with
 * mod_wsgi in daemon mode, the host manager's hooks): what it writes to
 * /var/log/httpd/error_log, /var/log/httpd/access_log and
 * /var/log/eb-activity.log. Seed 004 quotes this error_log's lines, e.g.
 * `[Sat Jul 14 22:03:37.528007 2018] [:error] [pid 2666] [remote 68.196.31.5:28160] ModuleNotFoundError: ...`.
 */
import type { LogCause } from '../../state/logState';
import { accessLogTime, activityTime, apacheErrorTime, pythonLoggingTime, seededInt } from './logClock';
import { LOG_FILES, LogSink, type RenderedLogFile } from './logFiles';
import { importTraceback, pythonRuntime, requestTraceback } from './python';
import { type Deployment, deploymentFailure, deploymentsOf, type LogScene, outcomeFor, visitsOf } from './timeline';

const PYTHON_PATCH: Readonly<Record<string, string>> = { '3.6': '3.6.12', '2.7': '2.7.18', '3.4': '3.4.10' };
const FILES = LOG_FILES.legacy;

function httpdPid(scene: LogScene, deployment: Deployment): number {
  return seededInt(`${scene.instance.id}:httpd:${deployment.index}`, 2000, 9000);
}

/** mod_wsgi's daemon process (WSGIDaemonProcess wsgi processes=1), which runs the app. */
function daemonPid(scene: LogScene, deployment: Deployment): number {
  return httpdPid(scene, deployment) + 4;
}

/** Which hook a failure stops in, and the message the hook reports. */
function failingHook(cause: LogCause): { hook: string; message: string } {
  switch (cause.kind) {
    case 'secrets':
      return {
        hook: '02_get_environment_secrets.py',
        message: `Instance deployment failed to get one or more secrets: ${cause.failures.join('; ')}`,
      };
    case 'bundle':
      return { hook: '01_unzip.sh', message: cause.error };
    default:
      return { hook: '04configen.py', message: 'Your WSGIPath refers to a file that does not exist.' };
  }
}

function activityLabel(scene: LogScene, deployment: Deployment): { label: string; command: string } {
  const version = `${scene.versionLabel ?? 'Sample Application'}@${deployment.index + 1}`;
  switch (deployment.kind) {
    case 'deploy':
      return { label: `Application update ${version}`, command: 'CMD-AppDeploy' };
    case 'update':
      return { label: `Configuration update ${version}`, command: 'CMD-ConfigDeploy' };
    case 'restart':
      return { label: 'Application restart', command: 'CMD-RestartAppServer' };
    default:
      return { label: 'Initialization', command: 'CMD-Startup' };
  }
}

/** The host manager's activity tree for one deployment, stopping at the hook that failed. */
function writeActivity(sink: LogSink, scene: LogScene, deployment: Deployment): void {
  const pid = seededInt(`${scene.instance.id}:hostmanager:${deployment.index}`, 2000, 4000);
  const { label, command } = activityLabel(scene, deployment);
  const restart = deployment.kind === 'restart';
  const stage0 = `${label}/${restart ? 'RestartAppServerStage0' : 'AppDeployStage0'}`;
  const stage1 = `${label}/AppDeployStage1`;
  const steps: Array<readonly [string, readonly string[]]> = restart
    ? [[`${stage0}/RestartAppServerEnactHook`, ['01restart.sh']]]
    : [
        [
          `${stage0}/AppDeployPreHook`,
          ['01_unzip.sh', '02_get_environment_secrets.py', '03deploy.py', '04configen.py', '05_configure_wsgi.sh'],
        ],
        [`${stage1}/AppDeployEnactHook`, ['01flip.py']],
        [`${stage1}/AppDeployPostHook`, ['01_monitor_httpd_pid.sh']],
      ];
  const failure = deploymentFailure(deployment.causes);
  const failed = failure === undefined ? undefined : failingHook(failure);
  // Each entry: the activity line, then continuation lines the host manager writes without a timestamp.
  const entries: Array<readonly [string, ...string[]]> = [[`[${label}] : Starting activity...`]];
  let stopped = false;
  for (const [group, hooks] of steps) {
    if (stopped) break;
    entries.push([`[${group}] : Starting activity...`]);
    for (const hook of hooks) {
      entries.push([`[${group}/${hook}] : Starting activity...`]);
      if (failed && hook === failed.hook) {
        entries.push(
          [
            `[${group}/${hook}] : Activity execution failed, because: ${failed.message} (ElasticBeanstalk::ExternalInvocationError)`,
            `caused by: ${failed.message} (Executor::NonZeroExitStatus)`,
          ],
          [`[${group}/${hook}] : Activity failed.`],
          [`[${group}] : Activity failed.`],
        );
        stopped = true;
        break;
      }
      entries.push([`[${group}/${hook}] : Completed activity.`]);
    }
    if (!stopped) entries.push([`[${group}] : Completed activity.`]);
  }
  entries.push([
    `[${label}] : Completed activity. Result:`,
    `  ${label} - Command ${command} ${failed ? 'failed' : 'succeeded'}`,
  ]);
  const span = Math.max(1, deployment.completedAt - deployment.startedAt - 2_000);
  entries.forEach(([first, ...rest], index) => {
    const t = deployment.startedAt + 1_000 + Math.floor((span * index) / entries.length);
    sink.write(t, `[${activityTime(t)}] INFO  [${pid}]  - ${first}`, ...rest);
  });
}

/** Apache (re)starting once a deployment flips the new app in. */
function writeHttpdStart(
  sink: LogSink,
  scene: LogScene,
  deployment: Deployment,
  previous: Deployment | undefined,
): void {
  const seed = `${scene.instance.id}:httpd:${deployment.index}`;
  const at = deployment.completedAt - 2_000;
  const prefix = (module: string, pid: number, offset: number): string =>
    `[${apacheErrorTime(at + offset, `${seed}:${offset}`)}] [${module}] [pid ${pid}]`;
  if (previous)
    sink.write(
      at - 1_000,
      `${prefix('mpm_prefork:notice', httpdPid(scene, previous), -1_000)} AH00169: caught SIGTERM, shutting down`,
    );
  const pid = httpdPid(scene, deployment);
  const python = PYTHON_PATCH[scene.pythonVersion] ?? `${scene.pythonVersion}.0`;
  sink.write(at, `${prefix('so:warn', pid, 0)} AH01574: module wsgi_module is already loaded, skipping`);
  sink.write(
    at + 1,
    `${prefix('mpm_prefork:notice', pid, 1)} AH00163: Apache/2.4.46 (Amazon) mod_wsgi/3.5 Python/${python} configured -- resuming normal operations`,
  );
  sink.write(at + 2, `${prefix('core:notice', pid, 2)} AH00094: Command line: '/usr/sbin/httpd -D FOREGROUND'`);
}

export function renderLegacyLogs(scene: LogScene): RenderedLogFile[] {
  const runtime = pythonRuntime('legacy', scene.pythonVersion);
  const deployments = deploymentsOf(scene);
  const activity = new LogSink(scene.until);
  const errors = new LogSink(scene.until);
  const access = new LogSink(scene.until);
  let serving: Deployment | undefined;
  for (const deployment of deployments) {
    writeActivity(activity, scene, deployment);
    // A failed deployment never flips the new app in, so Apache keeps running as it was.
    if (deploymentFailure(deployment.causes) === undefined || !serving) {
      writeHttpdStart(errors, scene, deployment, serving);
      serving = deployment;
    }
  }
  // Requests reach the processes of the last deployment that flipped its app in.
  const flips = deployments.filter((d, index) => index === 0 || deploymentFailure(d.causes) === undefined);
  for (const visit of visitsOf(scene, deployments)) {
    const current = [...flips].reverse().find((d) => d.completedAt <= visit.at);
    if (!current) continue;
    const pid = daemonPid(scene, current);
    const outcome = outcomeFor(visit.causes, 'legacy', visit.slot);
    const remote = (offset: number, tag = 'remote'): string =>
      `[${apacheErrorTime(visit.at + offset, `${visit.slot}:${offset}`)}] [:error] [pid ${pid}] [${tag} ${visit.client}:${visit.port}]`;
    let status = 200;
    let bytes = seededInt(`${scene.instance.id}:page`, 1800, 4200);
    if (outcome.kind === 'not-deployed') {
      const path = outcome.cause.kind === 'wsgi-file-missing' ? outcome.cause.path : scene.wsgiPath;
      errors.write(
        visit.at,
        `${remote(0, 'client')} Target WSGI script not found or unable to stat: ${runtime.appDir}/${path}`,
      );
      status = 404;
      bytes = 196;
    } else if (outcome.kind === 'load-error') {
      const script = `${runtime.appDir}/${scene.wsgiPath}`;
      const lines = [
        `mod_wsgi (pid=${pid}): Target WSGI script '${script}' cannot be loaded as Python module.`,
        `mod_wsgi (pid=${pid}): Exception occurred processing WSGI script '${script}'.`,
        ...importTraceback(runtime, outcome.cause),
      ];
      lines.forEach((text, n) => errors.write(visit.at + n, `${remote(n)} ${text}`));
      status = 500;
      bytes = 527;
    } else if (outcome.kind === 'request-error') {
      const lines = [
        `[${pythonLoggingTime(visit.at)}] ERROR in app: Exception on / [GET]`,
        ...requestTraceback(runtime, outcome.cause),
      ];
      lines.forEach((text, n) => errors.write(visit.at + n, `${remote(n)} ${text}`));
      status = 500;
      bytes = 291;
    }
    access.write(
      visit.at,
      `${visit.client} (-) - - [${accessLogTime(visit.at)}] "GET / HTTP/1.1" ${status} ${bytes} "-" "${visit.agent}"`,
    );
  }
  return [activity.file(FILES.deployment), access.file(FILES.access), errors.file(FILES.error)];
}
