/**
 * EC2 answers as the facts rules read: tags as a record, an instance with its
 * placement and groups (and the environment EB tagged it with), a security
 * group with its ingress flattened to CIDRs and group ids.
 */
import type { Instance, SecurityGroup } from '@aws-sdk/client-ec2';
import { instancePlacement } from '../services/beanstalkResources';
import type { InstanceFact, SecurityGroupFact } from './facts';

const ENV_TAG = 'elasticbeanstalk:environment-name';

export function tagsOf(tags: readonly { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key) out[t.Key] = t.Value ?? '';
  return out;
}

export function instanceFact(i: Instance): InstanceFact {
  const tags = tagsOf(i.Tags);
  return {
    ...instancePlacement(i),
    securityGroupIds: (i.SecurityGroups ?? []).map((g) => g.GroupId ?? '').filter(Boolean),
    ...(tags.Name ? { name: tags.Name } : {}),
    ...(tags[ENV_TAG] ? { environmentName: tags[ENV_TAG] } : {}),
  };
}

export function groupFact(g: SecurityGroup): SecurityGroupFact {
  return {
    id: g.GroupId ?? '',
    name: g.GroupName ?? '',
    vpcId: g.VpcId,
    description: g.Description ?? '',
    tags: tagsOf(g.Tags),
    ingress: (g.IpPermissions ?? []).map((p) => ({
      protocol: p.IpProtocol ?? '-1',
      fromPort: p.FromPort,
      toPort: p.ToPort,
      cidrs: [
        ...(p.IpRanges ?? []).map((r) => r.CidrIp ?? ''),
        ...(p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6 ?? ''),
      ].filter(Boolean),
      groupIds: (p.UserIdGroupPairs ?? []).map((pair) => pair.GroupId ?? '').filter(Boolean),
    })),
  };
}
