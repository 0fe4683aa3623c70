import { describe, expect, it } from 'vitest';
import { defaultRolePolicies } from '../../../src/main/changes/planners/iamEnvironmentRoles';
import { awsManagedPolicyArn, inPartition, partitionOf } from '../../../src/shared/aws/partitions';

describe('partitions', () => {
  it('follows the region', () => {
    expect(partitionOf('cn-northwest-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-east-1')).toBe('aws-us-gov');
    expect(partitionOf('eu-central-1')).toBe('aws');
    // A region whose name merely contains "cn" is commercial.
    expect(partitionOf('ca-central-1')).toBe('aws');
  });

  it('names AWS managed policies in the account’s partition, paths included', () => {
    expect(awsManagedPolicyArn('aws-cn', 'service-role/AWSElasticBeanstalkEnhancedHealth')).toBe(
      'arn:aws-cn:iam::aws:policy/service-role/AWSElasticBeanstalkEnhancedHealth',
    );
    expect(inPartition('arn:aws-us-gov:iam::aws:policy/IAMFullAccess', 'aws')).toBe(
      'arn:aws:iam::aws:policy/IAMFullAccess',
    );
  });

  it('gives new Elastic Beanstalk roles the default policies of the target’s partition', () => {
    expect(defaultRolePolicies('service', { region: 'cn-north-1' })).toEqual([
      'arn:aws-cn:iam::aws:policy/service-role/AWSElasticBeanstalkEnhancedHealth',
      'arn:aws-cn:iam::aws:policy/AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy',
    ]);
    expect(defaultRolePolicies('instance', { region: 'us-east-1' })).toEqual([
      'arn:aws:iam::aws:policy/AWSElasticBeanstalkWebTier',
      'arn:aws:iam::aws:policy/AWSElasticBeanstalkWorkerTier',
      'arn:aws:iam::aws:policy/AWSElasticBeanstalkMulticontainerDocker',
    ]);
  });
});
