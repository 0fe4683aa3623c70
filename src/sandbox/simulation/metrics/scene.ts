/**
 * What the metric simulation reads from a state document, gathered once per
 * document: each environment's timeline and instances, and which databases
 * its app connects to. Documents are immutable snapshots (each write makes a
 * new one), so the gathering is cached by document and dropped with it.
 */
import type { EnvironmentState, EventState } from '../../state/beanstalkState';
import type { StateDocument } from '../../state/document';
import type { InstanceState } from '../../state/networkState';
import type { DbInstanceState } from '../../state/rdsState';
import { databaseForHost } from '../databaseReach';
import { NS, optionValue } from '../options';
import { parameterPlaintext, secretReferences } from '../secrets';
import { type EnvironmentTimeline, environmentTimeline } from './healthTimeline';
import { type InstanceSpan, instanceSpan } from './instanceFigures';
import { seriesSeed } from './noise';
import { type Publishing, publishingOf } from './publishing';

export interface EnvironmentScene {
  readonly env: EnvironmentState;
  readonly timeline: EnvironmentTimeline;
  /** Every instance it ever had that the state still records, oldest first. */
  readonly instances: readonly InstanceSpan[];
  /** Which of its Elastic Beanstalk metrics CloudWatch has, and since when. */
  readonly publishing: Publishing;
}

export interface DatabaseScene {
  readonly db: DbInstanceState;
  readonly created: number;
  readonly seed: number;
  /** Environments whose app connects to it through a plain environment property. */
  readonly clients: readonly EnvironmentScene[];
}

export interface MetricScene {
  readonly environments: readonly EnvironmentScene[];
  readonly databases: readonly DatabaseScene[];
}

const ENV_TAG = 'elasticbeanstalk:environment-id';

const instancesGrouped = new WeakMap<StateDocument, Map<string, InstanceState[]>>();

/** A large account's instances, grouped by environment id once per document. */
function instancesByEnvironment(doc: StateDocument): Map<string, InstanceState[]> {
  const known = instancesGrouped.get(doc);
  if (known) return known;
  const grouped = new Map<string, InstanceState[]>();
  for (const instance of doc.ec2.instances) {
    const id = instance.tags.find((t) => t.key === ENV_TAG)?.value;
    if (id === undefined) continue;
    const list = grouped.get(id) ?? [];
    list.push(instance);
    grouped.set(id, list);
  }
  instancesGrouped.set(doc, grouped);
  return grouped;
}

/**
 * The state does not record when an instance stopped; a terminated one is
 * taken to have run until the next instance of its environment launched (a
 * rebuild replaces them all), or until the environment ended.
 */
function instancesOf(doc: StateDocument, env: EnvironmentState, timeline: EnvironmentTimeline): InstanceSpan[] {
  const owned = (instancesByEnvironment(doc).get(env.id) ?? [])
    .map((i) => ({ instance: i, launched: Date.parse(i.launchTime) }))
    .sort((a, b) => a.launched - b.launched);
  return owned.flatMap(({ instance, launched }) => {
    if (instance.state !== 'terminated') return [instanceSpan(instance.id, launched, timeline.ended)];
    const successor = owned.find((o) => o.launched > launched && o.instance.state !== 'terminated');
    const ended = Math.min(successor?.launched ?? Infinity, timeline.ended);
    return ended === Infinity ? [] : [instanceSpan(instance.id, launched, ended)];
  });
}

function databaseOf(doc: StateDocument, env: EnvironmentState): DbInstanceState | undefined {
  const property = doc.elasticbeanstalk.applications.find((a) => a.name === env.applicationName)?.requirements
    ?.databaseHostProperty;
  if (property === undefined) return undefined;
  const plain = optionValue(env.optionSettings, NS.environmentProperties, property);
  // A host in a SecureString written through the API needs the KMS key to read; such an app's connections are not counted.
  const reference = secretReferences(doc, env.optionSettings).find((r) => r.propertyName === property);
  const host = plain ?? (reference?.parameter ? parameterPlaintext(reference.parameter, {}) : undefined);
  return host === undefined ? undefined : databaseForHost(doc, host.trim());
}

/** Per document, each environment gathered the first time a read needs it (a health read needs one). */
const gathered = new WeakMap<StateDocument, Map<string, EnvironmentScene>>();
const eventsByEnvironment = new WeakMap<StateDocument, Map<string, EventState[]>>();

function ownEvents(doc: StateDocument, name: string): readonly EventState[] {
  let grouped = eventsByEnvironment.get(doc);
  if (!grouped) {
    grouped = new Map();
    for (const event of doc.elasticbeanstalk.events) {
      if (event.environmentName === undefined) continue;
      const list = grouped.get(event.environmentName) ?? [];
      list.push(event);
      grouped.set(event.environmentName, list);
    }
    eventsByEnvironment.set(doc, grouped);
  }
  return grouped.get(name) ?? [];
}
const scenes = new WeakMap<StateDocument, MetricScene>();

export function environmentScene(doc: StateDocument, env: EnvironmentState): EnvironmentScene {
  let byId = gathered.get(doc);
  if (!byId) {
    byId = new Map();
    gathered.set(doc, byId);
  }
  const cached = byId.get(env.id);
  if (cached) return cached;
  const timeline = environmentTimeline(doc, env, ownEvents(doc, env.name));
  const scene = {
    env,
    timeline,
    instances: instancesOf(doc, env, timeline),
    publishing: publishingOf(env),
  };
  byId.set(env.id, scene);
  return scene;
}

export function metricScene(doc: StateDocument): MetricScene {
  const cached = scenes.get(doc);
  if (cached) return cached;
  const environments = doc.elasticbeanstalk.environments.map((env) => environmentScene(doc, env));
  const clients = new Map<string, EnvironmentScene[]>();
  for (const scene of environments) {
    const db = databaseOf(doc, scene.env);
    if (db) clients.set(db.id, [...(clients.get(db.id) ?? []), scene]);
  }
  const databases = doc.rds.instances.map((db) => ({
    db,
    created: Date.parse(db.createTime),
    seed: seriesSeed(`rds:${db.id}`),
    clients: clients.get(db.id) ?? [],
  }));
  const scene = { environments, databases };
  scenes.set(doc, scene);
  return scene;
}
