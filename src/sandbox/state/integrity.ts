/**
 * Cross-references the schema cannot express: names that must be unique, and
 * references that must point at something. Checked when a state file is loaded
 * so a hand edit that breaks them is reported up front.
 */
import { inPartition } from '../../shared/aws/partitions';
import { iamArn, partitionOfAccount } from './arns';
import { findCloudIntegrityProblems, repeated } from './cloudIntegrity';
import type { StateDocument } from './document';

export function findIntegrityProblems(doc: StateDocument, awsPolicyArns: ReadonlySet<string>): string[] {
  const { iam, account } = doc;
  const problems: string[] = [];
  const uniqueNames: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['user', iam.users.map((u) => u.name)],
    ['role', iam.roles.map((r) => r.name)],
    ['group', iam.groups.map((g) => g.name)],
    ['instance profile', iam.instanceProfiles.map((p) => p.name)],
    ['policy', iam.policies.map((p) => p.name)],
    ['access key', iam.accessKeys.map((k) => k.accessKeyId)],
    ['MFA device', iam.mfaDevices.map((d) => d.serialNumber)],
    ['session access key', doc.sts.sessions.map((s) => s.accessKeyId)],
  ];
  for (const [what, values] of uniqueNames) {
    for (const value of repeated(values, (v) => v.toLowerCase()))
      problems.push(`${what} '${value}' appears more than once`);
  }

  // The catalogue is written in `aws`; an aws-cn account attaches the same policies under its own partition.
  const partition = partitionOfAccount(account);
  const policyArns = new Set([
    ...[...awsPolicyArns].map((arn) => (partition === 'aws' ? arn : inPartition(arn, partition))),
    ...iam.policies.map((p) => iamArn(account, 'policy', p.path, p.name)),
  ]);
  const checkAttachments = (kind: string, entity: { name: string; attachedPolicyArns: string[] }): void => {
    for (const arn of entity.attachedPolicyArns) {
      if (!policyArns.has(arn))
        problems.push(`${kind} '${entity.name}' has policy ${arn} attached, which does not exist`);
    }
    if (entity.attachedPolicyArns.length > 10)
      problems.push(`${kind} '${entity.name}' has more than 10 managed policies`);
  };
  for (const user of iam.users) checkAttachments('user', user);
  for (const role of iam.roles) checkAttachments('role', role);
  for (const group of iam.groups) checkAttachments('group', group);

  for (const entity of [...iam.users, ...iam.roles]) {
    if (entity.permissionsBoundaryArn && !policyArns.has(entity.permissionsBoundaryArn)) {
      problems.push(`'${entity.name}' has permissions boundary ${entity.permissionsBoundaryArn}, which does not exist`);
    }
  }
  const roleNames = new Set(iam.roles.map((r) => r.name));
  for (const profile of iam.instanceProfiles) {
    for (const roleName of profile.roleNames) {
      if (!roleNames.has(roleName)) {
        problems.push(`instance profile '${profile.name}' contains role '${roleName}', which does not exist`);
      }
    }
  }
  const userNames = new Set(iam.users.map((u) => u.name));
  for (const group of iam.groups) {
    for (const member of group.userNames) {
      if (!userNames.has(member)) problems.push(`group '${group.name}' has member '${member}', which does not exist`);
    }
  }
  for (const key of iam.accessKeys) {
    if (!userNames.has(key.userName)) {
      problems.push(`access key ${key.accessKeyId} belongs to user '${key.userName}', which does not exist`);
    }
  }
  for (const policy of iam.policies) {
    if (!policy.versions.some((v) => v.versionId === policy.defaultVersionId)) {
      problems.push(
        `policy '${policy.name}' has default version ${policy.defaultVersionId}, which is not among its versions`,
      );
    }
  }
  problems.push(...findCloudIntegrityProblems(doc));
  return problems;
}
