import { DescribeEnvironmentResourcesCommand } from '@aws-sdk/client-elastic-beanstalk';
import { DescribeInstancesCommand, type Instance } from '@aws-sdk/client-ec2';
import type { EnvironmentResources, Target } from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { panelProblem } from './beanstalkEnvironments';

type ResourceInstance = EnvironmentResources['instances'][number];

/** Where an EC2 instance sits and what it runs as: the part the console's panels and the scan both read. */
export interface InstancePlacement {
  instanceId: string;
  state?: string;
  privateIp?: string;
  vpcId?: string;
  subnetId?: string;
  instanceProfileArn?: string;
}

export function instancePlacement(i: Instance): InstancePlacement {
  return {
    instanceId: i.InstanceId ?? '',
    state: i.State?.Name,
    privateIp: i.PrivateIpAddress,
    vpcId: i.VpcId,
    subnetId: i.SubnetId,
    instanceProfileArn: i.IamInstanceProfile?.Arn,
  };
}

function instanceOf(i: Instance): ResourceInstance {
  return {
    ...instancePlacement(i),
    availabilityZone: i.Placement?.AvailabilityZone,
    securityGroups: (i.SecurityGroups ?? []).map((g) => ({
      id: g.GroupId ?? '',
      ...(g.GroupName ? { name: g.GroupName } : {}),
    })),
  };
}

async function describeInstances(aws: ClientFactory, target: Target, ids: string[]): Promise<Instance[]> {
  return aws.call(target, 'ec2', 'DescribeInstances', async (client) => {
    const out: Instance[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new DescribeInstancesCommand({ InstanceIds: ids, NextToken: token }));
      for (const r of page.Reservations ?? []) out.push(...(r.Instances ?? []));
      token = page.NextToken;
    } while (token);
    return out;
  });
}

/**
 * What the environment runs on, with the network facts that database and
 * security-group checks need (failures.md F4, F5). EC2 is a separate
 * permission, so its failure leaves the EB half standing with ids only.
 */
export async function resources(
  aws: ClientFactory,
  target: Target,
  environmentName: string,
): Promise<EnvironmentResources> {
  const described = await aws.call(target, 'elasticbeanstalk', 'DescribeEnvironmentResources', async (client) => {
    const out = await client.send(new DescribeEnvironmentResourcesCommand({ EnvironmentName: environmentName }));
    return out.EnvironmentResources ?? {};
  });
  const ids = (described.Instances ?? []).map((i) => i.Id ?? '').filter(Boolean);
  const result: EnvironmentResources = {
    environmentName,
    instances: ids.map((instanceId) => ({ instanceId, securityGroups: [] })),
    autoScalingGroups: (described.AutoScalingGroups ?? []).map((g) => g.Name ?? '').filter(Boolean),
    loadBalancers: (described.LoadBalancers ?? []).map((l) => l.Name ?? '').filter(Boolean),
  };
  if (ids.length === 0) return result;
  try {
    const byId = new Map((await describeInstances(aws, target, ids)).map((i) => [i.InstanceId ?? '', i]));
    result.instances = ids.map((id) => {
      const found = byId.get(id);
      return found ? instanceOf(found) : { instanceId: id, securityGroups: [] };
    });
  } catch (err) {
    result.instancesProblem = panelProblem(err);
  }
  return result;
}
