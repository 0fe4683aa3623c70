/**
 * One instance's log files at a moment on the sandbox clock, derived from
 * state: the scene (platform generation, the instance, the environment's
 * operations and log epochs) goes to the generation's renderer.
 *
 * `renderInstanceLogs` is pure: give it a scene and it gives the same files
 * every time, which is what the tests (and a Doctor that wants to show what a
 * cause looks like in a log) rely on.
 */
import type { EnvironmentState } from '../../state/beanstalkState';
import type { StateDocument } from '../../state/document';
import type { InstanceState } from '../../state/networkState';
import { NS, optionValue } from '../options';
import { GUNICORN_DEFAULT_WSGI_PATH, LEGACY_DEFAULT_WSGI_PATH } from '../platform';
import { renderGunicornLogs } from './gunicornLogs';
import { renderLegacyLogs } from './legacyLogs';
import { logGeneration, pythonVersion, type RenderedLogFile } from './logFiles';
import { environmentOperations } from './operations';
import type { LogScene } from './timeline';

export type { LogScene } from './timeline';

export function renderInstanceLogs(scene: LogScene): RenderedLogFile[] {
  return scene.generation === 'legacy' ? renderLegacyLogs(scene) : renderGunicornLogs(scene);
}

/** The scene of one instance of an environment as the state holds it, up to `until` (epoch ms). */
function logSceneFor(doc: StateDocument, env: EnvironmentState, instance: InstanceState, until: number): LogScene {
  const generation = logGeneration(env);
  const configured = optionValue(env.optionSettings, NS.python, 'WSGIPath');
  const wsgiPath =
    generation === 'legacy'
      ? (configured ?? LEGACY_DEFAULT_WSGI_PATH).replace(/^(?:\.\/|\/)+/, '')
      : (configured ?? GUNICORN_DEFAULT_WSGI_PATH);
  return {
    generation,
    pythonVersion: pythonVersion(env),
    environment: { id: env.id, name: env.name, cname: env.cname },
    versionLabel: env.versionLabel,
    wsgiPath,
    instance: { id: instance.id, privateIp: instance.privateIpAddress, launchedAt: Date.parse(instance.launchTime) },
    operations: environmentOperations(doc, env),
    epochs: env.logEpochs ?? [],
    until,
  };
}

export function instanceLogFiles(
  doc: StateDocument,
  env: EnvironmentState,
  instance: InstanceState,
  until: number,
): RenderedLogFile[] {
  return renderInstanceLogs(logSceneFor(doc, env, instance, until));
}
