/** IAM ARNs are derived from account, path and name rather than stored, so they can never disagree. */

export type IamResourceType = 'role' | 'user' | 'group' | 'policy' | 'instance-profile';

export function iamArn(accountId: string, type: IamResourceType, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${type}${path}${name}`;
}

export function rootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

/** True for `arn:aws:iam::aws:policy/...`, the namespace AWS managed policies live in. */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return arn.startsWith('arn:aws:iam::aws:policy/');
}
