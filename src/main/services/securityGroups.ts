import {
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  type IpPermission,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import type { IngressRule, SecurityGroupChoice, SecurityGroupDetail, Target } from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';

const ENV_TAG = 'elasticbeanstalk:environment-name';

/** Groups by id; a filter (not GroupIds) so a group deleted meanwhile is simply absent, not an error for the whole call. */
export async function describeGroups(
  aws: ClientFactory,
  target: Target,
  groupIds?: readonly string[],
): Promise<SecurityGroup[]> {
  return aws.call(target, 'ec2', 'DescribeSecurityGroups', async (client) => {
    const out: SecurityGroup[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new DescribeSecurityGroupsCommand({
          ...(groupIds ? { Filters: [{ Name: 'group-id', Values: [...groupIds] }] } : {}),
          NextToken: token,
        }),
      );
      out.push(...(page.SecurityGroups ?? []));
      token = page.NextToken;
    } while (token);
    return out;
  });
}

/** An instance of a Beanstalk environment: the environment, and the groups it carries with their names. */
interface EnvironmentInstance {
  env: string;
  groups: Array<{ id: string; name: string | undefined }>;
}

/** The tagged instances of Beanstalk environments in any of `groupIds`. */
async function environmentInstances(
  aws: ClientFactory,
  target: Target,
  groupIds: readonly string[],
): Promise<EnvironmentInstance[]> {
  return aws.call(target, 'ec2', 'DescribeInstances', async (client) => {
    const found: EnvironmentInstance[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new DescribeInstancesCommand({
          Filters: [
            { Name: 'instance.group-id', Values: [...groupIds] },
            { Name: 'tag-key', Values: [ENV_TAG] },
          ],
          NextToken: token,
        }),
      );
      for (const instance of (page.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
        const env = instance.Tags?.find((t) => t.Key === ENV_TAG)?.Value;
        const groups = (instance.SecurityGroups ?? []).map((g) => ({ id: g.GroupId ?? '', name: g.GroupName }));
        if (env) found.push({ env, groups });
      }
      token = page.NextToken;
    } while (token);
    return found;
  });
}

/** Owners from EB's tag on each group. */
function taggedOwners(groups: readonly SecurityGroup[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const g of groups) {
    const tag = g.Tags?.find((t) => t.Key === ENV_TAG)?.Value;
    if (g.GroupId && tag) owners.set(g.GroupId, tag);
  }
  return owners;
}

/**
 * Which Beanstalk environment owns each group: EB tags the groups it creates,
 * and a custom group (seed 002's `custom_eb_asg`) is known through the tagged
 * instances that use it. One DescribeInstances call covers every group.
 */
async function environmentsByGroup(
  aws: ClientFactory,
  target: Target,
  groups: readonly SecurityGroup[],
): Promise<Map<string, string>> {
  const owners = taggedOwners(groups);
  const untagged = groups.map((g) => g.GroupId ?? '').filter((id) => id !== '' && !owners.has(id));
  if (untagged.length === 0) return owners;
  const wanted = new Set(untagged);
  for (const { env, groups: used } of await environmentInstances(aws, target, untagged)) {
    for (const { id } of used) if (wanted.has(id) && !owners.has(id)) owners.set(id, env);
  }
  return owners;
}

/** A rule admits the database when it is all traffic, or TCP with the port in range. */
export function admitsPort(protocol: string, fromPort: number | undefined, toPort: number | undefined, port: number) {
  if (protocol === '-1') return true;
  return protocol === 'tcp' && fromPort !== undefined && toPort !== undefined && fromPort <= port && port <= toPort;
}

function rulesOf(
  permission: IpPermission,
  names: ReadonlyMap<string, string>,
  owners: ReadonlyMap<string, string>,
  dbPort: number | undefined,
): IngressRule[] {
  const protocol = permission.IpProtocol ?? '-1';
  const fromPort = protocol === '-1' ? null : (permission.FromPort ?? null);
  const toPort = protocol === '-1' ? null : (permission.ToPort ?? null);
  const admitsDbPort = dbPort !== undefined && admitsPort(protocol, fromPort ?? undefined, toPort ?? undefined, dbPort);
  const base = { protocol, fromPort, toPort, admitsDbPort };
  return [
    ...(permission.UserIdGroupPairs ?? []).map((pair) => ({
      ...base,
      source: {
        kind: 'group' as const,
        groupId: pair.GroupId ?? '',
        groupName: names.get(pair.GroupId ?? '') ?? pair.GroupName ?? null,
        environmentName: owners.get(pair.GroupId ?? '') ?? null,
      },
      description: pair.Description ?? null,
    })),
    ...(permission.IpRanges ?? []).map((range) => ({
      ...base,
      source: { kind: 'cidr' as const, cidr: range.CidrIp ?? '' },
      description: range.Description ?? null,
    })),
    ...(permission.Ipv6Ranges ?? []).map((range) => ({
      ...base,
      source: { kind: 'cidr' as const, cidr: range.CidrIpv6 ?? '' },
      description: range.Description ?? null,
    })),
  ];
}

/**
 * The groups with their ingress rules, each group source resolved to its name
 * and owning Beanstalk environment, so "from sg-0f2a…" reads as "from
 * awseb-…-AWSEBSecurityGroup (Bbruceeb2-env)".
 *
 * At most three calls, usually two: the groups by id; then one
 * DescribeInstances for the owners of the untagged ones and of every source,
 * whose instances also name the groups they carry (a source is nearly always
 * an environment's instance group); then, only for sources no environment's
 * instance carries, those groups by id for their names and tags.
 */
export async function securityGroups(
  aws: ClientFactory,
  target: Target,
  groupIds: readonly string[],
  dbPort?: number,
): Promise<SecurityGroupDetail[]> {
  const groups = await describeGroups(aws, target, groupIds);
  const known = new Set(groups.map((g) => g.GroupId ?? ''));
  const referenced = new Set(
    groups.flatMap((g) =>
      (g.IpPermissions ?? []).flatMap((p) => (p.UserIdGroupPairs ?? []).map((u) => u.GroupId ?? '')),
    ),
  );
  const sources = [...referenced].filter((id) => id !== '' && !known.has(id));
  const owners = taggedOwners(groups);
  const names = new Map(groups.map((g) => [g.GroupId ?? '', g.GroupName ?? '']));
  const lookup = [...[...known].filter((id) => id !== '' && !owners.has(id)), ...sources];
  const seen = lookup.length > 0 ? await environmentInstances(aws, target, lookup) : [];
  const wanted = new Set(lookup);
  for (const { env, groups: used } of seen) {
    for (const { id, name } of used) {
      if (!wanted.has(id)) continue;
      if (!owners.has(id)) owners.set(id, env);
      if (name !== undefined && !names.has(id)) names.set(id, name);
    }
  }
  const unnamed = sources.filter((id) => !names.has(id));
  const rest = unnamed.length > 0 ? await describeGroups(aws, target, unnamed) : [];
  for (const g of rest) names.set(g.GroupId ?? '', g.GroupName ?? '');
  // Tags name the owner of a source read by id; none of its environment's instances carried it, or it would be named.
  for (const [id, env] of taggedOwners(rest)) owners.set(id, env);
  // Keep the caller's order, which is the database's own order of groups.
  return groupIds.flatMap((id) => {
    const g = groups.find((candidate) => candidate.GroupId === id);
    if (!g) return [];
    return [
      {
        groupId: id,
        groupName: g.GroupName ?? id,
        description: g.Description ?? '',
        vpcId: g.VpcId ?? null,
        environmentName: owners.get(id) ?? null,
        ingress: (g.IpPermissions ?? []).flatMap((p) => rulesOf(p, names, owners, dbPort)),
      },
    ];
  });
}

/** Every group in the region, for a rule's source picker, with the Beanstalk environment that owns it. */
export async function securityGroupChoices(aws: ClientFactory, target: Target): Promise<SecurityGroupChoice[]> {
  const groups = await describeGroups(aws, target);
  const owners = await environmentsByGroup(aws, target, groups);
  return groups
    .map((g) => ({
      groupId: g.GroupId ?? '',
      groupName: g.GroupName ?? '',
      vpcId: g.VpcId ?? null,
      environmentName: owners.get(g.GroupId ?? '') ?? null,
    }))
    .sort((a, b) => a.groupName.localeCompare(b.groupName));
}
