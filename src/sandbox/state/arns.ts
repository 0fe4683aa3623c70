/**
 * IAM ARNs are derived from account, path and name rather than stored, so they
 * can never disagree. The account's partition (`aws` unless the state says
 * `aws-cn` or `aws-us-gov`) is part of every one.
 */
import type { Partition } from '../../shared/aws/partitions';

export type IamResourceType = 'role' | 'user' | 'group' | 'policy' | 'instance-profile';

/** What an ARN needs of the account: `doc.account` is one. */
export interface AccountRef {
  readonly id: string;
  readonly partition?: Partition | undefined;
}

export function partitionOfAccount(account: AccountRef): Partition {
  return account.partition ?? 'aws';
}

export function iamArn(account: AccountRef, type: IamResourceType, path: string, name: string): string {
  return `arn:${partitionOfAccount(account)}:iam::${account.id}:${type}${path}${name}`;
}

export function rootArn(account: AccountRef): string {
  return `arn:${partitionOfAccount(account)}:iam::${account.id}:root`;
}

/** True for `arn:aws:iam::aws:policy/...` (or aws-cn, aws-us-gov), the namespace AWS managed policies live in. */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:aws(?:-[a-z]+)*:iam::aws:policy\//.test(arn);
}
