/**
 * What the Monitoring tab charts beside the environment: its instances
 * (DescribeEnvironmentResources) and the DB instance its app connects to.
 * The database is found as the Doctor links them (diagnostics/network/
 * databaseLinks.ts): an environment property, or an SSM secret the
 * environment references, whose value names the DB's endpoint or identifier.
 * Secret values stay in main and only the DB identifier leaves this module.
 */
import { DescribeEnvironmentResourcesCommand } from '@aws-sdk/client-elastic-beanstalk';
import { GetParametersCommand } from '@aws-sdk/client-ssm';
import type { DatabaseSummary, Target } from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { parameterNameFromArn } from '../diagnostics/beanstalk/parameters';
import { hostNaming } from '../diagnostics/network/databaseLinks';
import { PROPERTIES_NAMESPACE, readConfigurationSets, SECRETS_NAMESPACE } from './beanstalkConfiguration';
import { panelProblem } from './beanstalkEnvironments';
import { listDatabases } from './databases';

type PanelProblem = ReturnType<typeof panelProblem>;

export interface MonitoringTargets {
  instances: string[];
  database: { id: string; via: string } | null;
  /** Why a part could not be found; the charts load without it. */
  notes: string[];
  /** The last of `notes` about the database, as data: the alarms list shows it with its guided fix. */
  databaseProblem?: PanelProblem;
  /** Read calls made (0 when remembered). */
  lookups: number;
}

/** Names of secrets that may hold a host; the others (passwords, keys) are never decrypted for this. */
const HOST_LIKE = /HOST|ENDPOINT|ADDRESS|SERVER|URL|URI|DSN/i;
/** GetParameters takes at most ten names. */
const MAX_SECRETS = 10;

/**
 * Instances and databases change with deploys and configuration changes, not
 * minute to minute, so a tab refreshing every minute asks again only after this.
 */
const REMEMBER_MS = 2 * 60_000;
const MAX_REMEMBERED = 50;
const remembered = new Map<string, { at: number; targets: MonitoringTargets }>();

/** Forgets what was found, for tests that change an environment between loads. */
export function forgetMonitoringTargets(): void {
  remembered.clear();
}

export async function monitoringTargets(
  aws: ClientFactory,
  target: Target,
  environmentName: string,
  nowMs: number = Date.now(),
): Promise<MonitoringTargets> {
  const key = `${target.profile}\u0000${target.region}\u0000${environmentName}`;
  const known = remembered.get(key);
  if (known && nowMs - known.at < REMEMBER_MS) return { ...known.targets, lookups: 0 };
  const [instances, database] = await Promise.all([
    environmentInstances(aws, target, environmentName),
    environmentDatabase(aws, target, environmentName),
  ]);
  const targets: MonitoringTargets = {
    instances: instances.ids,
    database: database.link,
    notes: [...instances.notes, ...database.notes],
    ...(database.problem ? { databaseProblem: database.problem } : {}),
    lookups: instances.lookups + database.lookups,
  };
  // A failed lookup is asked again next time rather than remembered as "none".
  if (targets.notes.length === 0) {
    if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value ?? '');
    remembered.set(key, { at: nowMs, targets });
  }
  return targets;
}

async function environmentInstances(
  aws: ClientFactory,
  target: Target,
  environmentName: string,
): Promise<{ ids: string[]; notes: string[]; lookups: number }> {
  try {
    const described = await aws.call(target, 'elasticbeanstalk', 'DescribeEnvironmentResources', (client) =>
      client.send(new DescribeEnvironmentResourcesCommand({ EnvironmentName: environmentName })),
    );
    const ids = (described.EnvironmentResources?.Instances ?? []).flatMap((i) => (i.Id ? [i.Id] : []));
    return { ids: [...new Set(ids)].sort(), notes: [], lookups: 1 };
  } catch (err) {
    return { ids: [], notes: [`Instances could not be listed: ${panelProblem(err).message}`], lookups: 1 };
  }
}

interface Candidate {
  via: string;
  value: string;
}

async function environmentDatabase(
  aws: ClientFactory,
  target: Target,
  environmentName: string,
): Promise<{ link: MonitoringTargets['database']; notes: string[]; problem?: PanelProblem; lookups: number }> {
  let lookups = 0;
  const notes: string[] = [];
  let problem: PanelProblem | undefined;
  let candidates: Candidate[];
  let secretArns: Array<{ name: string; arn: string }>;
  try {
    lookups += 2; // DescribeEnvironments for the application name, then DescribeConfigurationSettings.
    const sets = await readConfigurationSets(aws, target, environmentName);
    const settings = (sets.deployed ?? sets.pending)?.OptionSettings ?? [];
    candidates = settings
      .filter((o) => o.Namespace === PROPERTIES_NAMESPACE && o.OptionName && o.Value)
      .map((o) => ({ via: `environment property ${o.OptionName ?? ''}`, value: o.Value ?? '' }));
    secretArns = settings
      .filter((o) => o.Namespace === SECRETS_NAMESPACE && o.OptionName && HOST_LIKE.test(o.OptionName))
      .map((o) => ({ name: o.OptionName ?? '', arn: o.Value ?? '' }))
      .slice(0, MAX_SECRETS);
  } catch (err) {
    const problem = panelProblem(err);
    return { link: null, notes: [`The database could not be found: ${problem.message}`], problem, lookups };
  }
  if (secretArns.length > 0) {
    lookups++;
    try {
      candidates.push(...(await secretCandidates(aws, target, secretArns)));
    } catch (err) {
      problem = panelProblem(err);
      notes.push(`Secrets naming the database could not be read: ${problem.message}`);
    }
  }
  // Without a value that could name a host there is nothing to match: no need to list every DB.
  if (candidates.length === 0) return { link: null, notes, ...(problem ? { problem } : {}), lookups };
  let databases: DatabaseSummary[];
  try {
    lookups++;
    databases = await listDatabases(aws, target);
  } catch (err) {
    const listed = panelProblem(err);
    return {
      link: null,
      notes: [...notes, `Databases could not be listed: ${listed.message}`],
      problem: listed,
      lookups,
    };
  }
  return { link: linkedDatabase(candidates, databases), notes, ...(problem ? { problem } : {}), lookups };
}

async function secretCandidates(
  aws: ClientFactory,
  target: Target,
  secrets: ReadonlyArray<{ name: string; arn: string }>,
): Promise<Candidate[]> {
  const byParameter = new Map<string, string>();
  for (const s of secrets) {
    const parameter = parameterNameFromArn(s.arn);
    if (parameter) byParameter.set(parameter, s.name);
  }
  if (byParameter.size === 0) return [];
  const out = await aws.call(target, 'ssm', 'GetParameters', (client) =>
    client.send(new GetParametersCommand({ Names: [...byParameter.keys()], WithDecryption: true })),
  );
  return (out.Parameters ?? []).flatMap((p) => {
    const name = p.Name === undefined ? undefined : byParameter.get(p.Name);
    return name && p.Value ? [{ via: `environment secret ${name}`, value: p.Value }] : [];
  });
}

/**
 * The first DB a candidate names, properties before secrets as read. Names
 * with HOST in them go first: RDS_HOSTNAME is what EB itself sets.
 */
export function linkedDatabase(
  candidates: readonly Candidate[],
  databases: readonly DatabaseSummary[],
): MonitoringTargets['database'] {
  const ordered = [...candidates].sort((a, b) => Number(/HOST/i.test(b.via)) - Number(/HOST/i.test(a.via)));
  for (const candidate of ordered) {
    for (const database of databases) {
      if (hostNaming(candidate.value, database)) return { id: database.id, via: candidate.via };
    }
  }
  return null;
}
