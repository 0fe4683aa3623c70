/**
 * The AWS resources Elastic Beanstalk creates for an environment, modelled
 * in EC2 state: an instance security group and the Auto Scaling group's
 * instances, tagged the way EB and CloudFormation tag them so `DescribeInstances`
 * with `tag:elasticbeanstalk:environment-name` finds them.
 */
import { createHash, randomInt } from 'node:crypto';
import { AwsError } from '../errors';
import { isoSeconds } from '../protocols/xml';
import { allTrafficOut } from '../scenarios/network';
import type { EnvironmentState, OptionSettingState } from '../state/beanstalkState';
import type { StateDocument } from '../state/document';
import { newEc2Id } from '../state/ids';
import type { Ec2TagState, InstanceState, SubnetState } from '../state/networkState';
import { instanceProfileName, listValue, NS, optionValue } from './options';
import { iamArn } from '../state/arns';

export function stackName(env: Pick<EnvironmentState, 'id'>): string {
  return `awseb-${env.id}-stack`;
}

/** CloudFormation's physical-name suffix, derived from the environment id so it is stable without being stored. */
export function stackSuffix(env: Pick<EnvironmentState, 'id'>, logicalId: string): string {
  const digest = createHash('sha256').update(`${env.id}/${logicalId}`).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return [...digest.subarray(0, 12)].map((byte) => alphabet.charAt(byte % alphabet.length)).join('');
}

export function autoScalingGroupName(env: Pick<EnvironmentState, 'id'>): string {
  return `${stackName(env)}-AWSEBAutoScalingGroup-${stackSuffix(env, 'AWSEBAutoScalingGroup')}`;
}

export function managedSecurityGroupName(env: Pick<EnvironmentState, 'id'>): string {
  return `${stackName(env)}-AWSEBSecurityGroup-${stackSuffix(env, 'AWSEBSecurityGroup')}`;
}

function environmentTags(env: EnvironmentState, logicalId: string): Ec2TagState[] {
  return [
    { key: 'elasticbeanstalk:environment-name', value: env.name },
    { key: 'elasticbeanstalk:environment-id', value: env.id },
    { key: 'aws:cloudformation:stack-name', value: stackName(env) },
    { key: 'aws:cloudformation:logical-id', value: logicalId },
    { key: 'Name', value: env.name },
  ];
}

export function configurationError(value: string, namespace: string, optionName: string, reason: string): AwsError {
  return new AwsError(
    'ConfigurationValidationException',
    `Configuration validation exception: Invalid option value: '${value}' (Namespace: '${namespace}', OptionName: '${optionName}'): ${reason}`,
    400,
  );
}

export interface NetworkPlacement {
  readonly vpcId: string;
  readonly subnets: readonly SubnetState[];
}

/** The VPC and subnets an environment's instances go to: its `aws:ec2:vpc` options, or the default VPC. */
export function resolvePlacement(doc: StateDocument, settings: readonly OptionSettingState[]): NetworkPlacement {
  const vpcOption = optionValue(settings, NS.vpc, 'VPCId');
  const vpc =
    vpcOption === undefined ? doc.ec2.vpcs.find((v) => v.isDefault) : doc.ec2.vpcs.find((v) => v.id === vpcOption);
  if (!vpc) {
    if (vpcOption === undefined) throw new AwsError('InvalidParameterValue', 'No default VPC for this user.', 400);
    throw configurationError(vpcOption, NS.vpc, 'VPCId', `No VPC found with id ${vpcOption}`);
  }
  const subnetIds = listValue(optionValue(settings, NS.vpc, 'Subnets'));
  if (subnetIds.length === 0) {
    const inVpc = doc.ec2.subnets.filter((s) => s.vpcId === vpc.id);
    const defaults = inVpc.filter((s) => s.defaultForAz);
    return { vpcId: vpc.id, subnets: defaults.length > 0 ? defaults : inVpc };
  }
  const subnets = subnetIds.map((id) => {
    const subnet = doc.ec2.subnets.find((s) => s.id === id);
    if (!subnet) throw configurationError(id, NS.vpc, 'Subnets', `The subnet ID '${id}' does not exist`);
    if (subnet.vpcId !== vpc.id) {
      throw configurationError(id, NS.vpc, 'Subnets', `Subnet ${id} is not in VPC ${vpc.id}`);
    }
    return subnet;
  });
  return { vpcId: vpc.id, subnets };
}

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function numberToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** A free address in the subnet; AWS reserves the first four and the last one. */
export function allocatePrivateIp(doc: StateDocument, subnet: SubnetState): string {
  const [base = '0.0.0.0', bits = '24'] = subnet.cidrBlock.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = ipToNumber(base);
  const used = new Set(doc.ec2.instances.filter((i) => i.state !== 'terminated').map((i) => i.privateIpAddress));
  const first = randomInt(4, size - 1);
  for (let step = 0; step < size - 5; step += 1) {
    const candidate = numberToIp(start + 4 + ((first - 4 + step) % (size - 5)));
    if (!used.has(candidate)) return candidate;
  }
  throw new AwsError(
    'InsufficientFreeAddressesInSubnet',
    `There are not enough free addresses in subnet '${subnet.id}'.`,
    400,
  );
}

function publicIp(): string {
  return `54.${randomInt(144, 176)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

/** Creates the EB-managed instance security group unless the options disable it; returns the instance groups. */
function instanceSecurityGroups(draft: StateDocument, env: EnvironmentState, vpcId: string): string[] {
  const settings = env.optionSettings;
  const groups: string[] = [];
  const disabled =
    optionValue(settings, NS.launchConfiguration, 'DisableDefaultEC2SecurityGroup')?.toLowerCase() === 'true';
  if (!disabled) {
    const name = managedSecurityGroupName(env);
    let group = draft.ec2.securityGroups.find((g) => g.name === name && g.vpcId === vpcId);
    if (!group) {
      group = {
        id: newEc2Id('sg'),
        name,
        description: 'SecurityGroup for ElasticBeanstalk environment.',
        vpcId,
        ingress: [
          { ipProtocol: 'tcp', fromPort: 80, toPort: 80, ipRanges: [{ cidrIp: '0.0.0.0/0' }], userIdGroupPairs: [] },
        ],
        egress: [allTrafficOut()],
        tags: environmentTags(env, 'AWSEBSecurityGroup'),
      };
      draft.ec2.securityGroups.push(group);
    }
    groups.push(group.id);
  }
  const defaultVpc = draft.ec2.vpcs.find((v) => v.isDefault);
  for (const value of listValue(optionValue(settings, NS.launchConfiguration, 'SecurityGroups'))) {
    // IDs work anywhere; names resolve only in the default VPC. Unresolvable values are the evaluator's to report.
    const group = value.startsWith('sg-')
      ? draft.ec2.securityGroups.find((g) => g.id === value && g.vpcId === vpcId)
      : draft.ec2.securityGroups.find((g) => g.name === value && g.vpcId === vpcId && vpcId === defaultVpc?.id);
    if (group && !groups.includes(group.id)) groups.push(group.id);
  }
  return groups;
}

/** Launches the environment's instances: `aws:autoscaling:asg` MinSize of them (default 1), spread over its subnets. */
export function launchInstances(draft: StateDocument, env: EnvironmentState, now: Date): InstanceState[] {
  const settings = env.optionSettings;
  const placement = resolvePlacement(draft, settings);
  const groups = instanceSecurityGroups(draft, env, placement.vpcId);
  const count = Math.max(0, Number(optionValue(settings, NS.asg, 'MinSize') ?? '1') || 1);
  const profile = optionValue(settings, NS.launchConfiguration, 'IamInstanceProfile');
  const profileName = profile === undefined ? undefined : instanceProfileName(profile);
  const profileState =
    profileName === undefined ? undefined : draft.iam.instanceProfiles.find((p) => p.name === profileName);
  const profileArn =
    profileName === undefined
      ? undefined
      : iamArn(draft.account, 'instance-profile', profileState?.path ?? '/', profileName);
  const instanceType =
    listValue(optionValue(settings, NS.instances, 'InstanceTypes'))[0] ??
    optionValue(settings, NS.launchConfiguration, 'InstanceType') ??
    't3.micro';
  const associatePublic = optionValue(settings, NS.vpc, 'AssociatePublicIpAddress');
  const launched: InstanceState[] = [];
  for (let index = 0; index < count; index += 1) {
    const subnet = placement.subnets[index % placement.subnets.length];
    if (!subnet) throw new AwsError('InvalidParameterValue', `VPC ${placement.vpcId} has no subnets.`, 400);
    const instance: InstanceState = {
      id: newEc2Id('i'),
      imageId: 'ami-0e4d2b8a9c1f3e5d7',
      instanceType,
      state: 'pending',
      launchTime: isoSeconds(now),
      vpcId: placement.vpcId,
      subnetId: subnet.id,
      availabilityZone: subnet.availabilityZone,
      privateIpAddress: allocatePrivateIp(draft, subnet),
      ...((associatePublic ?? String(subnet.mapPublicIpOnLaunch)) === 'true' ? { publicIpAddress: publicIp() } : {}),
      securityGroupIds: groups,
      ...(profileArn === undefined ? {} : { iamInstanceProfileArn: profileArn }),
      tags: [
        ...environmentTags(env, 'AWSEBAutoScalingGroup'),
        { key: 'aws:autoscaling:groupName', value: autoScalingGroupName(env) },
      ],
    };
    draft.ec2.instances.push(instance);
    launched.push(instance);
  }
  return launched;
}

export function environmentInstances(doc: StateDocument, env: Pick<EnvironmentState, 'id'>): InstanceState[] {
  return doc.ec2.instances.filter(
    (i) =>
      i.state !== 'terminated' && i.tags.some((t) => t.key === 'elasticbeanstalk:environment-id' && t.value === env.id),
  );
}

export function terminateInstances(draft: StateDocument, env: Pick<EnvironmentState, 'id'>): void {
  for (const instance of environmentInstances(draft, env)) instance.state = 'terminated';
}

/** CloudFormation deletes the stack's security group with the environment. */
export function deleteManagedSecurityGroup(draft: StateDocument, env: Pick<EnvironmentState, 'id'>): void {
  const name = managedSecurityGroupName(env);
  draft.ec2.securityGroups = draft.ec2.securityGroups.filter((g) => g.name !== name);
}
