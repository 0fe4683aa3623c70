/**
 * The monitoring benchmark's sandbox scene, built here and saved as a state
 * file (the lab seed and the large-account scenario stay as they are): the
 * large account at 200 environments, its other parts kept small, and its
 * first environment grown to 20 running instances launched more than a week
 * ago, so a week of one-minute data exists for every instance. The metric
 * simulation counts an environment's instances by their
 * `elasticbeanstalk:environment-id` tag (src/sandbox/simulation/metrics/scene.ts).
 * It also gets a property naming one of the account's databases, so the
 * tab has a database to chart.
 */
import { SANDBOX_REGION, type ScenarioScale } from '../../../src/sandbox';
import { buildScenario } from '../../../src/sandbox/scenarios';
import { evaluateEnvironment } from '../../../src/sandbox/simulation/healthEvaluator';
import { NS } from '../../../src/sandbox/simulation/options';
import type { StateDocument } from '../../../src/sandbox/state/document';
import { writeStateFileAtomically } from '../../../src/sandbox/state/store';

export const ENVIRONMENTS = 200;
export const INSTANCES = 20;
/** Launched this long before the scene's clock: a week of data and a day to spare. */
const LAUNCHED_BEFORE_MS = 8 * 24 * 3_600_000;

/** The environment list needs 200 environments; IAM, parameters and the rest only need to exist. */
export const SCENE_SCALE: Partial<ScenarioScale> = {
  roles: 50,
  users: 10,
  applications: 40,
  environments: ENVIRONMENTS,
  events: 4_000,
  domains: 0,
  parameters: 200,
  dbInstances: 20,
  securityGroups: 400,
  seed: 15,
};

export interface MonitoringScene {
  /** The environment with 20 instances. */
  bigEnvironment: string;
  environments: number;
  /** Instances of the big environment running at the scene's clock. */
  instances: number;
  /** Time to build the document and to write it, ms (the sandbox's share, not the console's). */
  buildMs: number;
  writeMs: number;
}

function setOption(env: StateDocument['elasticbeanstalk']['environments'][number], name: string, value: string) {
  const found = env.optionSettings.find((o) => o.optionName === name);
  if (found) found.value = value;
  else env.optionSettings.push({ namespace: NS.asg, optionName: name, value });
}

/** Grows the first environment to `INSTANCES` instances, all launched before the week the benchmark reads. */
function growFirstEnvironment(doc: StateDocument, now: Date): { name: string; instances: number } {
  const env = doc.elasticbeanstalk.environments[0];
  if (!env) throw new Error('The scene has no environment to grow.');
  const owned = doc.ec2.instances.filter((i) =>
    i.tags.some((t) => t.key === 'elasticbeanstalk:environment-id' && t.value === env.id),
  );
  const model = owned[0];
  if (!model) throw new Error(`Environment ${env.name} has no instance to copy.`);
  const launchTime = new Date(now.getTime() - LAUNCHED_BEFORE_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (const instance of owned) instance.launchTime = launchTime;
  const [a, b, c] = model.privateIpAddress.split('.');
  for (let k = owned.length; k < INSTANCES; k++) {
    doc.ec2.instances.push({
      ...model,
      id: `i-0b3c${k.toString(16).padStart(13, '0')}`,
      launchTime,
      privateIpAddress: `${a}.${b}.${c}.${200 + k}`,
      publicIpAddress: `54.200.15.${10 + k}`,
      tags: model.tags.map((t) => ({ ...t })),
    });
  }
  setOption(env, 'MinSize', String(INSTANCES));
  setOption(env, 'MaxSize', String(INSTANCES + 4));
  const type = env.optionSettings.find((o) => o.optionName === 'EnvironmentType');
  if (type) type.value = 'LoadBalanced';
  // A plain property naming a DB's endpoint, as the tab finds its database (its DB charts); the app declares
  // no requirement on it, so the sandbox's health for the environment is unchanged.
  const db = doc.rds.instances[0];
  if (db) {
    env.optionSettings.push({
      namespace: NS.environmentProperties,
      optionName: 'DB_HOST',
      value: `${db.id}.${db.endpointLabel}.${SANDBOX_REGION}.rds.amazonaws.com`,
    });
  }
  const diagnosis = evaluateEnvironment(doc, env);
  env.lastHealth = {
    status: diagnosis.health,
    causes: [...diagnosis.causes],
    refreshedAt: env.lastHealth.refreshedAt,
    ...(diagnosis.operationFailed ? { operationFailed: true } : {}),
  };
  const running = doc.ec2.instances.filter(
    (i) =>
      i.state === 'running' && i.tags.some((t) => t.value === env.id && t.key === 'elasticbeanstalk:environment-id'),
  );
  return { name: env.name, instances: running.length };
}

/** Builds the scene at `now` and saves it to `stateFile` for the sandbox child to load. */
export async function writeMonitoringScene(stateFile: string, now: Date): Promise<MonitoringScene> {
  const t0 = performance.now();
  const doc = buildScenario('large-account', now, SCENE_SCALE);
  const big = growFirstEnvironment(doc, now);
  const buildMs = performance.now() - t0;
  const environments = doc.elasticbeanstalk.environments.length;
  if (environments !== ENVIRONMENTS)
    throw new Error(`The scene has ${environments} environments, not ${ENVIRONMENTS}.`);
  if (big.instances !== INSTANCES) throw new Error(`${big.name} has ${big.instances} instances, not ${INSTANCES}.`);
  const t1 = performance.now();
  await writeStateFileAtomically(stateFile, doc);
  return { bigEnvironment: big.name, environments, instances: big.instances, buildMs, writeMs: performance.now() - t1 };
}
