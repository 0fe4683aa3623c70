/**
 * EC2 as the sandbox models it: VPCs, subnets, security groups with their
 * rules, and instances. Security group rules are modelled the way EC2 stores
 * them (one permission per protocol and port range, each with CIDR and group
 * sources) so Authorize/RevokeSecurityGroupIngress can be added on top.
 */
import { z } from 'zod';
import { ec2Tag, timestamp } from './schemaParts';

const cidr = z.string().regex(/^\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}$/, 'must be an IPv4 CIDR like 10.0.0.0/16');

const vpc = z
  .object({
    id: z.string().regex(/^vpc-[0-9a-f]{8,17}$/),
    cidrBlock: cidr,
    isDefault: z.boolean(),
    tags: z.array(ec2Tag),
  })
  .strict();

const subnet = z
  .object({
    id: z.string().regex(/^subnet-[0-9a-f]{8,17}$/),
    vpcId: z.string(),
    cidrBlock: cidr,
    availabilityZone: z.string().min(1),
    defaultForAz: z.boolean(),
    mapPublicIpOnLaunch: z.boolean(),
    tags: z.array(ec2Tag),
  })
  .strict();

const ipRange = z.object({ cidrIp: cidr, description: z.string().optional() }).strict();
/** Canonical IPv6 CIDRs as EC2 stores them (lower case, compressed); optional so older state files load. */
const ipv6Range = z
  .object({
    cidrIpv6: z.string().regex(/^[0-9a-f:]+\/\d{1,3}$/, 'must be an IPv6 CIDR like 2001:db8::/32'),
    description: z.string().optional(),
  })
  .strict();
const groupPair = z
  .object({ groupId: z.string(), userId: z.string().optional(), description: z.string().optional() })
  .strict();

/** One EC2 IpPermission: `-1` protocol means all traffic and carries no ports. */
const ipPermission = z
  .object({
    ipProtocol: z.string().min(1),
    fromPort: z.number().int().optional(),
    toPort: z.number().int().optional(),
    ipRanges: z.array(ipRange),
    ipv6Ranges: z.array(ipv6Range).optional(),
    userIdGroupPairs: z.array(groupPair),
  })
  .strict();

const securityGroup = z
  .object({
    id: z.string().regex(/^sg-[0-9a-f]{8,17}$/),
    name: z.string().min(1).max(255),
    description: z.string().max(255),
    vpcId: z.string(),
    ingress: z.array(ipPermission),
    egress: z.array(ipPermission),
    tags: z.array(ec2Tag),
  })
  .strict();

const instance = z
  .object({
    id: z.string().regex(/^i-[0-9a-f]{8,17}$/),
    imageId: z.string(),
    instanceType: z.string(),
    state: z.enum(['pending', 'running', 'shutting-down', 'terminated', 'stopping', 'stopped']),
    launchTime: timestamp,
    vpcId: z.string(),
    subnetId: z.string(),
    availabilityZone: z.string(),
    privateIpAddress: z.string(),
    publicIpAddress: z.string().optional(),
    securityGroupIds: z.array(z.string()),
    iamInstanceProfileArn: z.string().optional(),
    tags: z.array(ec2Tag),
  })
  .strict();

export const ec2StateSchema = z
  .object({
    vpcs: z.array(vpc),
    subnets: z.array(subnet),
    securityGroups: z.array(securityGroup),
    instances: z.array(instance),
  })
  .strict();

export type Ec2State = z.infer<typeof ec2StateSchema>;
export type VpcState = Ec2State['vpcs'][number];
export type SubnetState = Ec2State['subnets'][number];
export type SecurityGroupState = Ec2State['securityGroups'][number];
export type IpPermissionState = SecurityGroupState['ingress'][number];
export type InstanceState = Ec2State['instances'][number];
export type Ec2TagState = VpcState['tags'][number];
