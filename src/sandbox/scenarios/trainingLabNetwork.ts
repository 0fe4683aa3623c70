/**
 * The training lab's network (seed 004): the default VPC, where the learner's
 * first environment (`Bbruceeb1-env`) ended up, and `edx-build-aws-vpc`, built
 * for the course's RDS database with public and private subnets in two zones,
 * holding the jumpbox of seed 000.
 */
import type { Ec2State, SubnetState } from '../state/networkState';
import { allTrafficOut, defaultGroupRules, defaultNetwork } from './network';

export const EDX_VPC_ID = 'vpc-0e5d4c3b2a1f09876';
export const EDX_DEFAULT_SG_ID = 'sg-0e5d4c3b2a1f00100';
export const WEB_SERVER_SG_ID = 'sg-0e5d4c3b2a1f00101';
export const FLASK_INSTANCE_SG_ID = 'sg-0e5d4c3b2a1f00102';
/** Seed 000's jumpbox: a plain EC2 instance (no Beanstalk tags) running as EC2_Can_Use_Services. */
export const JUMPBOX_INSTANCE_ID = 'i-0b3e5d7f9a1c2e4f6';
export const EDX_SUBNETS = {
  publicA: 'subnet-0e5d4c3b2a1f00011',
  publicB: 'subnet-0e5d4c3b2a1f00012',
  privateA: 'subnet-0e5d4c3b2a1f00021',
  privateB: 'subnet-0e5d4c3b2a1f00022',
} as const;

function edxSubnet(id: string, cidrBlock: string, zone: string, name: string, isPublic: boolean): SubnetState {
  return {
    id,
    vpcId: EDX_VPC_ID,
    cidrBlock,
    availabilityZone: `us-east-1${zone}`,
    defaultForAz: false,
    mapPublicIpOnLaunch: isPublic,
    tags: [{ key: 'Name', value: name }],
  };
}

export function trainingLabNetwork(accountId: string): Ec2State {
  const network = defaultNetwork('us-east-1');
  return {
    vpcs: [
      ...network.vpcs,
      {
        id: EDX_VPC_ID,
        cidrBlock: '10.1.0.0/16',
        isDefault: false,
        tags: [{ key: 'Name', value: 'edx-build-aws-vpc' }],
      },
    ],
    subnets: [
      ...network.subnets,
      edxSubnet(EDX_SUBNETS.publicA, '10.1.1.0/24', 'a', 'edx-subnet-public-a', true),
      edxSubnet(EDX_SUBNETS.publicB, '10.1.2.0/24', 'b', 'edx-subnet-public-b', true),
      edxSubnet(EDX_SUBNETS.privateA, '10.1.3.0/24', 'a', 'edx-subnet-private-a', false),
      edxSubnet(EDX_SUBNETS.privateB, '10.1.4.0/24', 'b', 'edx-subnet-private-b', false),
    ],
    securityGroups: [
      ...network.securityGroups,
      {
        id: EDX_DEFAULT_SG_ID,
        name: 'default',
        description: 'default VPC security group',
        vpcId: EDX_VPC_ID,
        ...defaultGroupRules(EDX_DEFAULT_SG_ID),
        tags: [],
      },
      {
        id: WEB_SERVER_SG_ID,
        name: 'web-server-sg',
        description: 'Web servers for the photos app',
        vpcId: EDX_VPC_ID,
        ingress: [
          { ipProtocol: 'tcp', fromPort: 80, toPort: 80, ipRanges: [{ cidrIp: '0.0.0.0/0' }], userIdGroupPairs: [] },
          {
            ipProtocol: 'tcp',
            fromPort: 22,
            toPort: 22,
            ipRanges: [{ cidrIp: '0.0.0.0/0', description: 'SSH from Cloud9' }],
            userIdGroupPairs: [],
          },
        ],
        egress: [allTrafficOut()],
        tags: [{ key: 'Name', value: 'web-server-sg' }],
      },
      {
        id: FLASK_INSTANCE_SG_ID,
        name: 'custom_eb_asg',
        description: 'Custom SG to replace the EC2 SG created by EB',
        vpcId: EDX_VPC_ID,
        ingress: [
          {
            ipProtocol: 'tcp',
            fromPort: 80,
            toPort: 80,
            ipRanges: [{ cidrIp: '10.1.0.0/16', description: 'HTTP from the VPC' }],
            userIdGroupPairs: [],
          },
        ],
        egress: [allTrafficOut()],
        tags: [],
      },
    ],
    instances: [
      {
        id: JUMPBOX_INSTANCE_ID,
        imageId: 'ami-0c2b8ca1dad447f8a',
        instanceType: 't2.micro',
        state: 'running',
        launchTime: '2018-07-02T18:40:03Z',
        vpcId: EDX_VPC_ID,
        subnetId: EDX_SUBNETS.publicA,
        availabilityZone: 'us-east-1a',
        privateIpAddress: '10.1.1.24',
        publicIpAddress: '34.228.61.10',
        securityGroupIds: [WEB_SERVER_SG_ID],
        iamInstanceProfileArn: `arn:aws:iam::${accountId}:instance-profile/EC2_Can_Use_Services`,
        tags: [{ key: 'Name', value: 'edx-jumpbox' }],
      },
    ],
  };
}
