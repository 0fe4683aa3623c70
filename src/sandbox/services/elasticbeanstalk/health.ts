/** DescribeEnvironmentHealth and DescribeInstancesHealth (enhanced health), from the derived health. */
import type { QueryAction } from '../../protocols/awsQuery';
import type { QueryParams } from '../../protocols/queryParams';
import type { XmlNode } from '../../protocols/xml';
import { environmentInstances } from '../../simulation/provisioning';
import type { EnvironmentState } from '../../state/beanstalkState';
import type { InstanceState } from '../../state/networkState';
import { refreshRuntimeHealth } from './healthRefresh';
import { decodeToken, encodeToken, invalidParameterValue, requireEnvironment } from './lookup';
import { type CurrentHealth, currentHealth } from './shapes';

const ENVIRONMENT_ATTRIBUTES = [
  'Status',
  'Color',
  'Causes',
  'ApplicationMetrics',
  'InstancesHealth',
  'All',
  'HealthStatus',
  'RefreshedAt',
] as const;
const INSTANCE_ATTRIBUTES = [
  'HealthStatus',
  'Color',
  'Causes',
  'ApplicationMetrics',
  'RefreshedAt',
  'LaunchedAt',
  'System',
  'Deployment',
  'AvailabilityZone',
  'InstanceType',
  'All',
] as const;

/** Which attributes to include; AWS returns only the ones asked for, and `All` means every one. */
function attributeFilter(params: QueryParams, allowed: readonly string[]): (name: string) => boolean {
  const requested = params.stringList('AttributeNames');
  for (const name of requested) {
    if (!allowed.includes(name)) {
      throw invalidParameterValue(
        `Value '${name}' at 'attributeNames' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
      );
    }
  }
  // Without AttributeNames EB returns only the key fields; the SDK callers always ask.
  return (name) => requested.includes('All') || requested.includes(name);
}

function failing5xx(health: CurrentHealth): boolean {
  return health.causes.some((cause) => cause.includes('HTTP 5xx'));
}

function applicationMetrics(env: EnvironmentState, health: CurrentHealth, scale: number): XmlNode {
  if (
    env.status !== 'Ready' ||
    health.causes.some((c) => c.includes('not running') || c.includes('sending data') || c.startsWith('Command failed'))
  ) {
    return { Duration: 10 };
  }
  const requests = 60 * scale;
  const fivexx = failing5xx(health);
  return {
    Duration: 10,
    RequestCount: requests,
    StatusCodes: { Status2xx: fivexx ? 0 : requests, Status3xx: 0, Status4xx: 0, Status5xx: fivexx ? requests : 0 },
    Latency: { P999: 0.412, P99: 0.203, P95: 0.052, P90: 0.031, P85: 0.024, P75: 0.013, P50: 0.006, P10: 0.002 },
  };
}

const describeEnvironmentHealth: QueryAction = (params, { store, now }) => {
  refreshRuntimeHealth(store, [requireEnvironment(store.document, params).id], now());
  const doc = store.document;
  const env = requireEnvironment(doc, params);
  const include = attributeFilter(params, ENVIRONMENT_ATTRIBUTES);
  const health = currentHealth(env);
  const instances = environmentInstances(doc, env);
  const counts: Record<string, number> = {
    NoData: 0,
    Unknown: 0,
    Pending: 0,
    Ok: 0,
    Info: 0,
    Warning: 0,
    Degraded: 0,
    Severe: 0,
  };
  counts[health.status] = (counts[health.status] ?? 0) + instances.length;
  return {
    EnvironmentName: env.name,
    HealthStatus: include('HealthStatus') ? health.status : undefined,
    Status: include('Status') ? env.status : undefined,
    Color: include('Color') ? health.color : undefined,
    Causes: include('Causes') ? [...health.causes] : undefined,
    ApplicationMetrics: include('ApplicationMetrics') ? applicationMetrics(env, health, instances.length) : undefined,
    InstancesHealth: include('InstancesHealth') ? counts : undefined,
    RefreshedAt: include('RefreshedAt') ? now() : undefined,
  };
};

function instanceHealthXml(
  env: EnvironmentState,
  instance: InstanceState,
  health: CurrentHealth,
  include: (name: string) => boolean,
): XmlNode {
  const deploying = env.operation !== undefined && env.operation.kind !== 'terminate';
  const failed = env.status === 'Ready' && health.causes.includes('Command failed on all instances.');
  return {
    InstanceId: instance.id,
    HealthStatus: include('HealthStatus') ? health.status : undefined,
    Color: include('Color') ? health.color : undefined,
    Causes: include('Causes') ? [...health.causes] : undefined,
    LaunchedAt: include('LaunchedAt') ? instance.launchTime : undefined,
    ApplicationMetrics: include('ApplicationMetrics') ? applicationMetrics(env, health, 1) : undefined,
    System: include('System')
      ? {
          CPUUtilization: { User: 1.2, Nice: 0, System: 0.4, Idle: 98.2, IOWait: 0.2, IRQ: 0, SoftIRQ: 0 },
          LoadAverage: [0.02, 0.04, 0.01],
        }
      : undefined,
    Deployment: include('Deployment')
      ? {
          VersionLabel: env.versionLabel,
          DeploymentId: env.deploymentId,
          Status: deploying ? 'InProgress' : failed ? 'Failed' : 'Deployed',
          DeploymentTime: env.deployedAt,
        }
      : undefined,
    AvailabilityZone: include('AvailabilityZone') ? instance.availabilityZone : undefined,
    InstanceType: include('InstanceType') ? instance.instanceType : undefined,
  };
}

const describeInstancesHealth: QueryAction = (params, { store, now }) => {
  refreshRuntimeHealth(store, [requireEnvironment(store.document, params).id], now());
  const doc = store.document;
  const env = requireEnvironment(doc, params);
  const include = attributeFilter(params, INSTANCE_ATTRIBUTES);
  const health = currentHealth(env);
  const token = params.string('NextToken');
  const instances = environmentInstances(doc, env).sort((a, b) => a.id.localeCompare(b.id));
  // EB pages instance health 100 at a time.
  const start = token === undefined ? 0 : instances.findIndex((i) => i.id === decodeToken(token)) + 1;
  const page = instances.slice(start, start + 100);
  const last = page[page.length - 1];
  return {
    InstanceHealthList: page.map((instance) => instanceHealthXml(env, instance, health, include)),
    RefreshedAt: include('RefreshedAt') ? now() : undefined,
    NextToken: start + page.length < instances.length && last ? encodeToken(last.id) : undefined,
  };
};

export const healthActions: ReadonlyMap<string, QueryAction> = new Map([
  ['DescribeEnvironmentHealth', describeEnvironmentHealth],
  ['DescribeInstancesHealth', describeInstancesHealth],
]);
