/**
 * Where an environment's instances live and which security groups they carry,
 * from the facts that are there even when nothing is running: the VPC option,
 * then the instances, then the account's default VPC (where EB launches when
 * no VPC is set).
 */
import { NS, nonBlankOptionValue } from '../beanstalk/options';
import type { EnvironmentDetail, SecurityGroupFact, VpcFact } from '../facts';

export const VPC_NAMESPACE = 'aws:ec2:vpc';
export const LAUNCH_NAMESPACE = NS.launchConfiguration;
export const ELBV2_NAMESPACE = 'aws:elbv2:loadbalancer';
const LOGICAL_ID_TAG = 'aws:cloudformation:logical-id';
const ENV_TAG = 'elasticbeanstalk:environment-name';
const GONE_STATES = new Set(['terminated', 'shutting-down']);

export function optionValue(detail: EnvironmentDetail, namespace: string, optionName: string): string | undefined {
  return nonBlankOptionValue(detail.options, namespace, optionName);
}

/** Comma-separated option values (SecurityGroups, Subnets), trimmed, empties dropped. */
export function listValue(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export interface EnvironmentVpc {
  vpcId?: string;
  source: 'option' | 'instances' | 'default VPC' | 'unknown';
  /** Group names are refused here: the VPCId option is set, or the VPC is not the default one. */
  needsGroupIds: boolean;
}

export function environmentVpc(detail: EnvironmentDetail, vpcs: readonly VpcFact[]): EnvironmentVpc {
  const fromOption = optionValue(detail, VPC_NAMESPACE, 'VPCId');
  if (fromOption) return { vpcId: fromOption, source: 'option', needsGroupIds: true };
  const fromInstances = liveInstances(detail).find((i) => i.vpcId)?.vpcId;
  if (fromInstances) {
    const isDefault = vpcs.find((v) => v.id === fromInstances)?.isDefault ?? false;
    return { vpcId: fromInstances, source: 'instances', needsGroupIds: !isDefault };
  }
  const defaultVpc = vpcs.find((v) => v.isDefault)?.id;
  return defaultVpc
    ? { vpcId: defaultVpc, source: 'default VPC', needsGroupIds: false }
    : { source: 'unknown', needsGroupIds: false };
}

export function liveInstances(detail: EnvironmentDetail): EnvironmentDetail['instances'] {
  return detail.instances.filter((i) => !GONE_STATES.has(i.state ?? ''));
}

export type GroupValueVerdict =
  | { value: string; status: 'ok'; group: SecurityGroupFact }
  /** A name where an ID is needed; resolvable to `group` in the environment's VPC. */
  | { value: string; status: 'name-needs-id'; group: SecurityGroupFact }
  | { value: string; status: 'other-vpc'; group: SecurityGroupFact }
  /** `suggestion`: a group whose name matches only when case is ignored. */
  | { value: string; status: 'unknown'; suggestion?: SecurityGroupFact };

const GROUP_ID = /^sg-[0-9a-f]+$/;

/**
 * How EC2 would read one SecurityGroups value for an environment in `vpcId`.
 * Names are matched exactly (EC2 is case-sensitive) and only within the VPC;
 * `namesAllowed` is false for VPC environments and for options that take IDs only.
 */
export function resolveGroupValue(
  value: string,
  groups: readonly SecurityGroupFact[],
  vpcId: string | undefined,
  namesAllowed: boolean,
): GroupValueVerdict {
  const inVpc = (g: SecurityGroupFact): boolean => vpcId === undefined || g.vpcId === vpcId;
  if (GROUP_ID.test(value)) {
    const group = groups.find((g) => g.id === value);
    if (!group) return { value, status: 'unknown' };
    return inVpc(group) ? { value, status: 'ok', group } : { value, status: 'other-vpc', group };
  }
  const exact = groups.find((g) => g.name === value && inVpc(g));
  if (exact)
    return namesAllowed ? { value, status: 'ok', group: exact } : { value, status: 'name-needs-id', group: exact };
  const elsewhere = groups.find((g) => g.name === value);
  if (elsewhere) return { value, status: 'other-vpc', group: elsewhere };
  const suggestion = groups.find((g) => g.name.toLowerCase() === value.toLowerCase() && inVpc(g));
  return suggestion ? { value, status: 'unknown', suggestion } : { value, status: 'unknown' };
}

/**
 * The groups the environment's instances carry or will carry: the running
 * instances' groups, the SecurityGroups option once resolved, and the group EB
 * created for the environment (tagged with its logical id), which is there
 * before the first instance is.
 */
export function instanceGroupIds(
  detail: EnvironmentDetail,
  groups: readonly SecurityGroupFact[],
  vpc: EnvironmentVpc,
): string[] {
  const ids: string[] = [];
  const add = (id: string): void => {
    if (id && !ids.includes(id)) ids.push(id);
  };
  for (const instance of liveInstances(detail)) instance.securityGroupIds.forEach(add);
  for (const group of groups) {
    if (group.tags[ENV_TAG] === detail.environment.name && group.tags[LOGICAL_ID_TAG] === 'AWSEBSecurityGroup') {
      add(group.id);
    }
  }
  for (const value of listValue(optionValue(detail, LAUNCH_NAMESPACE, 'SecurityGroups'))) {
    const verdict = resolveGroupValue(value, groups, vpc.vpcId, true);
    if (verdict.status === 'ok' || verdict.status === 'name-needs-id') add(verdict.group.id);
  }
  return ids;
}

/**
 * The group a database rule should name as its source: one the operator
 * attached to this environment (its SecurityGroups option), which outlives
 * the environment; else the group EB created for the instances. A rule
 * naming EB's own group ties the database to that environment's stack, and
 * terminating the environment then fails to delete the group
 * (DependencyViolation). Other groups the instances happen to share are
 * never chosen: they would open the database to whatever else carries them.
 */
export function managedInstanceGroup(
  groupIds: readonly string[],
  groups: readonly SecurityGroupFact[],
  attached: readonly string[] = [],
): string | undefined {
  const tagsOf = (id: string): Record<string, string> => groups.find((g) => g.id === id)?.tags ?? {};
  const stackOwned = (id: string): boolean => Object.keys(tagsOf(id)).some((k) => k.startsWith('aws:cloudformation:'));
  return (
    attached.find((id) => groupIds.includes(id) && groups.some((g) => g.id === id) && !stackOwned(id)) ??
    groupIds.find((id) => tagsOf(id)[LOGICAL_ID_TAG] === 'AWSEBSecurityGroup') ??
    groupIds[0]
  );
}
