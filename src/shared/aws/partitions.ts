/**
 * AWS partitions. An account lives in exactly one, and every ARN it owns or
 * uses, AWS managed policies included, carries that partition's name. The
 * region a console profile targets tells which one it is.
 */
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;
export type Partition = (typeof PARTITIONS)[number];

export function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** `AWSElasticBeanstalkWebTier` or `service-role/AWSElasticBeanstalkEnhancedHealth`, in the given partition. */
export function awsManagedPolicyArn(partition: Partition | string, pathAndName: string): string {
  return `arn:${partition}:iam::aws:policy/${pathAndName.replace(/^\/+/, '')}`;
}

/** The same AWS managed policy in another partition: `arn:aws:iam::aws:policy/X` → `arn:aws-cn:iam::aws:policy/X`. */
export function inPartition(arn: string, partition: Partition | string): string {
  return arn.replace(/^arn:[a-z-]+:/, `arn:${partition}:`);
}
