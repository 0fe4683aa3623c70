/**
 * Finding IAM entities, with AWS's NoSuchEntity wording when they are absent,
 * and one view over managed policies whether AWS or the account owns them.
 */
import { isDraft } from 'immer';
import { noSuchEntity } from '../../errors';
import { ALL_AWS_MANAGED_POLICIES, type AwsManagedPolicy } from '../../scenarios/awsManagedPolicies';
import { inPartition, type Partition } from '../../../shared/aws/partitions';
import { iamArn, partitionOfAccount } from '../../state/arns';
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
  return iamArn(doc.account, 'role', role.path, role.name);
}

export function userArn(doc: StateDocument, user: UserState): string {
  return iamArn(doc.account, 'user', user.path, user.name);
}

export function instanceProfileArn(doc: StateDocument, profile: InstanceProfileState): string {
  return iamArn(doc.account, 'instance-profile', profile.path, profile.name);
}

export function customerPolicyArn(doc: StateDocument, policy: CustomerPolicyState): string {
  return iamArn(doc.account, 'policy', policy.path, policy.name);
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
  /** False for a retired AWS policy that ListPolicies shows only while something uses it. */
  readonly listed: boolean;
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
    listed: policy.listed,
    tags: [],
    // Documents inflate when read, so a view costs nothing until a document is asked for.
    versions: policy.versions,
  };
}

interface AwsPolicyViews {
  readonly list: readonly ManagedPolicyView[];
  readonly byArn: ReadonlyMap<string, ManagedPolicyView>;
}

/**
 * Built once per partition: AWS's policies do not change while the sandbox
 * runs, and an aws-cn account sees the same set as `arn:aws-cn:iam::aws:policy/…`.
 */
const viewsByPartition = new Map<Partition, AwsPolicyViews>();

function awsPolicyViews(doc: StateDocument): AwsPolicyViews {
  const partition = partitionOfAccount(doc.account);
  let views = viewsByPartition.get(partition);
  if (!views) {
    const list = ALL_AWS_MANAGED_POLICIES.map(awsPolicyView).map((view) =>
      partition === 'aws' ? view : { ...view, arn: inPartition(view.arn, partition) },
    );
    views = { list, byArn: new Map(list.map((view) => [view.arn, view])) };
    viewsByPartition.set(partition, views);
  }
  return views;
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
    listed: true,
    tags: policy.tags,
    versions: policy.versions,
  };
}

export function allManagedPolicies(doc: StateDocument): ManagedPolicyView[] {
  return [...awsPolicyViews(doc).list, ...doc.iam.policies.map((p) => customerPolicyView(doc, p))];
}

export function findManagedPolicy(doc: StateDocument, arn: string): ManagedPolicyView | undefined {
  const aws = awsPolicyViews(doc).byArn.get(arn);
  if (aws) return aws;
  const own = doc.iam.policies.find((policy) => customerPolicyArn(doc, policy) === arn);
  return own ? customerPolicyView(doc, own) : undefined;
}

export function requireManagedPolicy(doc: StateDocument, arn: string): ManagedPolicyView {
  const policy = findManagedPolicy(doc, arn);
  if (!policy) throw noSuchEntity(`Policy ${arn} was not found.`);
  return policy;
}

export interface PolicyUsage {
  /** Users, groups and roles the policy is attached to. */
  readonly attachments: number;
  /** Users and roles it is the permissions boundary of. */
  readonly boundaries: number;
}

const NO_USAGE: PolicyUsage = { attachments: 0, boundaries: 0 };

function countUsage(doc: StateDocument): ReadonlyMap<string, PolicyUsage> {
  const usage = new Map<string, { attachments: number; boundaries: number }>();
  const entry = (arn: string): { attachments: number; boundaries: number } => {
    let found = usage.get(arn);
    if (!found) usage.set(arn, (found = { attachments: 0, boundaries: 0 }));
    return found;
  };
  for (const entity of [...doc.iam.users, ...doc.iam.roles, ...(doc.iam.groups ?? [])]) {
    for (const arn of new Set(entity.attachedPolicyArns)) entry(arn).attachments += 1;
  }
  for (const entity of [...doc.iam.users, ...doc.iam.roles]) {
    if (entity.permissionsBoundaryArn !== undefined) entry(entity.permissionsBoundaryArn).boundaries += 1;
  }
  return usage;
}

/**
 * Counted from the entities rather than stored, so it cannot drift from the
 * attachments; counted once per state version (the store replaces the iam
 * object on every change), so listing 1,600 policies does not recount per policy.
 * A draft may still change, so it is counted afresh.
 */
const usageByState = new WeakMap<object, ReadonlyMap<string, PolicyUsage>>();

export function policyUsage(doc: StateDocument): ReadonlyMap<string, PolicyUsage> {
  if (isDraft(doc.iam)) return countUsage(doc);
  let usage = usageByState.get(doc.iam);
  if (!usage) usageByState.set(doc.iam, (usage = countUsage(doc)));
  return usage;
}

export function attachmentCount(doc: StateDocument, arn: string): number {
  return (policyUsage(doc).get(arn) ?? NO_USAGE).attachments;
}

export function boundaryUsageCount(doc: StateDocument, arn: string): number {
  return (policyUsage(doc).get(arn) ?? NO_USAGE).boundaries;
}

export function policyName(doc: StateDocument, arn: string): string {
  return findManagedPolicy(doc, arn)?.name ?? arn.slice(arn.lastIndexOf('/') + 1);
}
