/**
 * Finding IAM entities, with AWS's NoSuchEntity wording when they are absent,
 * and one view over managed policies whether AWS or the account owns them.
 */
import { noSuchEntity } from '../../errors';
import { findAwsManagedPolicy, AWS_MANAGED_POLICIES, type AwsManagedPolicy } from '../../scenarios/awsManagedPolicies';
import { iamArn } from '../../state/arns';
import type {
  CustomerPolicyState,
  InstanceProfileState,
  RoleState,
  StateDocument,
  TagState,
  UserState,
} from '../../state/document';

export function requireRole(doc: StateDocument, name: string): RoleState {
  const role = doc.iam.roles.find((candidate) => candidate.name === name);
  if (!role) throw noSuchEntity(`The role with name ${name} cannot be found.`);
  return role;
}

export function requireUser(doc: StateDocument, name: string): UserState {
  const user = doc.iam.users.find((candidate) => candidate.name === name);
  if (!user) throw noSuchEntity(`The user with name ${name} cannot be found.`);
  return user;
}

export function requireInstanceProfile(doc: StateDocument, name: string): InstanceProfileState {
  const profile = doc.iam.instanceProfiles.find((candidate) => candidate.name === name);
  if (!profile) throw noSuchEntity(`Instance Profile ${name} cannot be found.`);
  return profile;
}

/** IAM names are unique regardless of case: `Admins` and `admins` cannot both exist. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function roleArn(doc: StateDocument, role: RoleState): string {
  return iamArn(doc.account.id, 'role', role.path, role.name);
}

export function userArn(doc: StateDocument, user: UserState): string {
  return iamArn(doc.account.id, 'user', user.path, user.name);
}

export function instanceProfileArn(doc: StateDocument, profile: InstanceProfileState): string {
  return iamArn(doc.account.id, 'instance-profile', profile.path, profile.name);
}

export function customerPolicyArn(doc: StateDocument, policy: CustomerPolicyState): string {
  return iamArn(doc.account.id, 'policy', policy.path, policy.name);
}

export interface PolicyVersionView {
  readonly versionId: string;
  readonly document: string;
  readonly createDate: string;
}

export interface ManagedPolicyView {
  readonly arn: string;
  readonly name: string;
  readonly id: string;
  readonly path: string;
  readonly description: string | undefined;
  readonly createDate: string;
  readonly updateDate: string;
  readonly defaultVersionId: string;
  readonly attachable: boolean;
  readonly awsManaged: boolean;
  readonly tags: readonly TagState[];
  readonly versions: readonly PolicyVersionView[];
}

function awsPolicyView(policy: AwsManagedPolicy): ManagedPolicyView {
  return {
    arn: policy.arn,
    name: policy.name,
    id: policy.id,
    path: policy.path,
    description: policy.description,
    createDate: policy.createDate,
    updateDate: policy.updateDate,
    defaultVersionId: policy.defaultVersionId,
    attachable: policy.attachable,
    awsManaged: true,
    tags: [],
    // Only the current version is bundled; its date is when AWS last changed the policy.
    versions: [{ versionId: policy.defaultVersionId, document: policy.document, createDate: policy.updateDate }],
  };
}

function customerPolicyView(doc: StateDocument, policy: CustomerPolicyState): ManagedPolicyView {
  return {
    arn: customerPolicyArn(doc, policy),
    name: policy.name,
    id: policy.id,
    path: policy.path,
    description: policy.description,
    createDate: policy.createDate,
    updateDate: policy.updateDate,
    defaultVersionId: policy.defaultVersionId,
    attachable: true,
    awsManaged: false,
    tags: policy.tags,
    versions: policy.versions,
  };
}

export function allManagedPolicies(doc: StateDocument): ManagedPolicyView[] {
  return [...AWS_MANAGED_POLICIES.map(awsPolicyView), ...doc.iam.policies.map((p) => customerPolicyView(doc, p))];
}

export function findManagedPolicy(doc: StateDocument, arn: string): ManagedPolicyView | undefined {
  const aws = findAwsManagedPolicy(arn);
  if (aws) return awsPolicyView(aws);
  const own = doc.iam.policies.find((policy) => customerPolicyArn(doc, policy) === arn);
  return own ? customerPolicyView(doc, own) : undefined;
}

export function requireManagedPolicy(doc: StateDocument, arn: string): ManagedPolicyView {
  const policy = findManagedPolicy(doc, arn);
  if (!policy) throw noSuchEntity(`Policy ${arn} was not found.`);
  return policy;
}

/** Counted from the entities rather than stored, so it cannot drift from the attachments. */
export function attachmentCount(doc: StateDocument, arn: string): number {
  return [...doc.iam.users, ...doc.iam.roles].filter((entity) => entity.attachedPolicyArns.includes(arn)).length;
}

export function boundaryUsageCount(doc: StateDocument, arn: string): number {
  return [...doc.iam.users, ...doc.iam.roles].filter((entity) => entity.permissionsBoundaryArn === arn).length;
}

export function policyName(doc: StateDocument, arn: string): string {
  return findManagedPolicy(doc, arn)?.name ?? arn.slice(arn.lastIndexOf('/') + 1);
}
