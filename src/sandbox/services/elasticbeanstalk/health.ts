/** DescribeEnvironmentHealth and DescribeInstancesHealth (enhanced health), from the derived health. */
import type { QueryAction } from '../../protocols/awsQuery';
import type { QueryParams } from '../../protocols/queryParams';
import type { XmlNode } from '../../protocols/xml';
import {
  type ApplicationFigures,
  environmentApplicationFigures,
  type InstanceFigures,
  instanceFigures,
} from '../../simulation/metrics/healthReport';
import { REQUEST_WINDOW_SECONDS } from '../../simulation/metrics/instanceFigures';
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

/** EB's ApplicationMetrics: requests over the last 10 seconds, as the CloudWatch metrics count them this minute. */
function applicationMetricsXml(figures: ApplicationFigures | undefined): XmlNode {
  if (!figures) return { Duration: REQUEST_WINDOW_SECONDS };
  const { latency } = figures;
  return {
    Duration: REQUEST_WINDOW_SECONDS,
    RequestCount: figures.requestCount,
    StatusCodes: {
      Status2xx: figures.status2xx,
      Status3xx: figures.status3xx,
      Status4xx: figures.status4xx,
      Status5xx: figures.status5xx,
    },
    Latency: latency && {
      P999: latency['P99.9'],
      P99: latency.P99,
      P95: latency.P95,
      P90: latency.P90,
      P85: latency.P85,
      P75: latency.P75,
      P50: latency.P50,
      P10: latency.P10,
    },
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
    ApplicationMetrics: include('ApplicationMetrics')
      ? applicationMetricsXml(environmentApplicationFigures(doc, env, now()))
      : undefined,
    InstancesHealth: include('InstancesHealth') ? counts : undefined,
    RefreshedAt: include('RefreshedAt') ? now() : undefined,
  };
};

function instanceHealthXml(
  env: EnvironmentState,
  instance: InstanceState,
  health: CurrentHealth,
  figures: InstanceFigures | undefined,
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
    ApplicationMetrics: include('ApplicationMetrics') ? applicationMetricsXml(figures?.application) : undefined,
    System: include('System')
      ? {
          CPUUtilization: {
            User: figures?.cpu.user ?? 0,
            Nice: 0,
            System: figures?.cpu.system ?? 0,
            Idle: figures?.cpu.idle ?? 100,
            IOWait: figures?.cpu.iowait ?? 0,
            IRQ: 0,
            SoftIRQ: 0,
          },
          LoadAverage: [...(figures?.loadAverage ?? [0, 0, 0])],
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
    InstanceHealthList: page.map((instance) =>
      instanceHealthXml(env, instance, health, instanceFigures(doc, env, instance.id, now()), include),
    ),
    RefreshedAt: include('RefreshedAt') ? now() : undefined,
    NextToken: start + page.length < instances.length && last ? encodeToken(last.id) : undefined,
  };
};

export const healthActions: ReadonlyMap<string, QueryAction> = new Map([
  ['DescribeEnvironmentHealth', describeEnvironmentHealth],
  ['DescribeInstancesHealth', describeInstancesHealth],
]);
