/** IAM response shapes, field order as AWS sends them. */
import type { XmlNode } from '../../protocols/xml';
import type {
  AccessKeyState,
  InlinePolicyState,
  InstanceProfileState,
  RoleState,
  StateDocument,
  TagState,
  UserState,
} from '../../state/document';
import { encodePolicyDocument } from './documents';
import {
  attachmentCount,
  boundaryUsageCount,
  instanceProfileArn,
  type ManagedPolicyView,
  policyName,
  type PolicyVersionView,
  roleArn,
  userArn,
} from './lookup';

/** AWS leaves `Tags` out entirely when an entity has none. */
export function tagsXml(tags: readonly TagState[]): XmlNode[] | undefined {
  return tags.length === 0 ? undefined : tags.map((tag) => ({ Key: tag.key, Value: tag.value }));
}

function boundaryXml(arn: string | undefined): XmlNode | undefined {
  return arn === undefined
    ? undefined
    : { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn };
}

function roleLastUsedXml(role: RoleState): XmlNode {
  return role.lastUsed ? { LastUsedDate: role.lastUsed.date, Region: role.lastUsed.region } : {};
}

/** The summary ListRoles and instance profiles carry; GetRole adds boundary, tags and last use. */
export function roleSummaryXml(doc: StateDocument, role: RoleState): XmlNode {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: roleArn(doc, role),
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodePolicyDocument(role.assumeRolePolicyDocument),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
  };
}

export function roleXml(doc: StateDocument, role: RoleState): XmlNode {
  return {
    ...roleSummaryXml(doc, role),
    PermissionsBoundary: boundaryXml(role.permissionsBoundaryArn),
    Tags: tagsXml(role.tags),
    RoleLastUsed: roleLastUsedXml(role),
  };
}

export function userSummaryXml(doc: StateDocument, user: UserState): XmlNode {
  return {
    Path: user.path,
    UserName: user.name,
    UserId: user.id,
    Arn: userArn(doc, user),
    CreateDate: user.createDate,
    PasswordLastUsed: user.passwordLastUsed,
  };
}

export function userXml(doc: StateDocument, user: UserState): XmlNode {
  return {
    ...userSummaryXml(doc, user),
    PermissionsBoundary: boundaryXml(user.permissionsBoundaryArn),
    Tags: tagsXml(user.tags),
  };
}

export function instanceProfileXml(doc: StateDocument, profile: InstanceProfileState): XmlNode {
  const roles = profile.roleNames.flatMap((name) => {
    const role = doc.iam.roles.find((candidate) => candidate.name === name);
    return role ? [roleSummaryXml(doc, role)] : [];
  });
  return {
    Path: profile.path,
    InstanceProfileName: profile.name,
    InstanceProfileId: profile.id,
    Arn: instanceProfileArn(doc, profile),
    CreateDate: profile.createDate,
    Roles: roles,
    Tags: tagsXml(profile.tags),
  };
}

export function attachedPoliciesXml(doc: StateDocument, arns: readonly string[]): XmlNode[] {
  return arns.map((arn) => ({ PolicyName: policyName(doc, arn), PolicyArn: arn }));
}

export function inlinePoliciesXml(policies: readonly InlinePolicyState[]): XmlNode[] {
  return policies.map((policy) => ({
    PolicyName: policy.name,
    PolicyDocument: encodePolicyDocument(policy.document),
  }));
}

export interface PolicyXmlOptions {
  /** GetPolicy and GetAccountAuthorizationDetails include the description; ListPolicies does not. */
  readonly withDescription: boolean;
}

export function policyXml(doc: StateDocument, policy: ManagedPolicyView, options: PolicyXmlOptions): XmlNode {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: attachmentCount(doc, policy.arn),
    PermissionsBoundaryUsageCount: boundaryUsageCount(doc, policy.arn),
    IsAttachable: policy.attachable,
    Description: options.withDescription ? policy.description : undefined,
    CreateDate: policy.createDate,
    UpdateDate: policy.updateDate,
    Tags: options.withDescription ? tagsXml(policy.tags) : undefined,
  };
}

export function policyVersionXml(
  policy: ManagedPolicyView,
  version: PolicyVersionView,
  withDocument: boolean,
): XmlNode {
  return {
    Document: withDocument ? encodePolicyDocument(version.document) : undefined,
    VersionId: version.versionId,
    IsDefaultVersion: version.versionId === policy.defaultVersionId,
    CreateDate: version.createDate,
  };
}

export function accessKeyMetadataXml(key: AccessKeyState): XmlNode {
  return { UserName: key.userName, AccessKeyId: key.accessKeyId, Status: key.status, CreateDate: key.createDate };
}
