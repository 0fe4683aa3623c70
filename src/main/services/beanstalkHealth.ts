import {
  DescribeEnvironmentHealthCommand,
  type DescribeEnvironmentHealthCommandOutput,
  DescribeInstancesHealthCommand,
  type SingleInstanceHealth,
} from '@aws-sdk/client-elastic-beanstalk';
import type { EnvironmentHealth, InstanceHealth, Target } from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { isoOpt, panelProblem, toColor, toHealthStatus } from './beanstalkEnvironments';

export function instanceOf(i: SingleInstanceHealth): InstanceHealth {
  const d = i.Deployment;
  return {
    instanceId: i.InstanceId ?? '',
    healthStatus: toHealthStatus(i.HealthStatus),
    color: toColor(i.Color),
    causes: i.Causes ?? [],
    availabilityZone: i.AvailabilityZone,
    instanceType: i.InstanceType,
    launchedAt: isoOpt(i.LaunchedAt),
    deployment: d
      ? {
          versionLabel: d.VersionLabel,
          deploymentId: d.DeploymentId,
          status: d.Status,
          deployedAt: isoOpt(d.DeploymentTime),
        }
      : undefined,
  };
}

/** The two enhanced-health answers as EB gave them, each settled on its own. */
export interface EnhancedHealthRead {
  readonly environment: PromiseSettledResult<DescribeEnvironmentHealthCommandOutput>;
  readonly instances: PromiseSettledResult<SingleInstanceHealth[]>;
}

/** DescribeEnvironmentHealth and every page of DescribeInstancesHealth, with all attributes, side by side. */
export async function readEnhancedHealth(
  aws: ClientFactory,
  target: Target,
  environmentName: string,
): Promise<EnhancedHealthRead> {
  const [environment, instances] = await Promise.allSettled([
    aws.call(target, 'elasticbeanstalk', 'DescribeEnvironmentHealth', (client) =>
      client.send(new DescribeEnvironmentHealthCommand({ EnvironmentName: environmentName, AttributeNames: ['All'] })),
    ),
    aws.call(target, 'elasticbeanstalk', 'DescribeInstancesHealth', async (client) => {
      const out: SingleInstanceHealth[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new DescribeInstancesHealthCommand({
            EnvironmentName: environmentName,
            AttributeNames: ['All'],
            ...(token ? { NextToken: token } : {}),
          }),
        );
        out.push(...(page.InstanceHealthList ?? []));
        token = page.NextToken;
      } while (token);
      return out;
    }),
  ]);
  return { environment, instances };
}

/**
 * `eb health` as data: the environment's enhanced health and each instance's.
 * The two halves fail independently (one permission can be granted without
 * the other), so a failure becomes a problem on its half, not an error.
 */
export function healthOf(
  environmentName: string,
  { environment: env, instances }: EnhancedHealthRead,
): EnvironmentHealth {
  const result: EnvironmentHealth = {
    environmentName,
    causes: [],
    instanceCounts: {},
    instances: [],
  };
  if (env.status === 'fulfilled') {
    const h = env.value;
    result.status = h.Status;
    result.color = toColor(h.Color);
    result.healthStatus = toHealthStatus(h.HealthStatus);
    result.causes = h.Causes ?? [];
    result.refreshedAt = isoOpt(h.RefreshedAt);
    for (const [state, count] of Object.entries(h.InstancesHealth ?? {})) {
      if (typeof count === 'number') result.instanceCounts[state] = count;
    }
  } else {
    result.problem = panelProblem(env.reason);
  }
  if (instances.status === 'fulfilled') {
    result.instances = instances.value.map(instanceOf).sort((a, b) => a.instanceId.localeCompare(b.instanceId));
  } else {
    result.instancesProblem = panelProblem(instances.reason);
  }
  return result;
}

export async function health(aws: ClientFactory, target: Target, environmentName: string): Promise<EnvironmentHealth> {
  return healthOf(environmentName, await readEnhancedHealth(aws, target, environmentName));
}
