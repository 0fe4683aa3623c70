/**
 * The policies that apply to a user or a role, read from the state on every
 * call, so attaching, detaching or putting a policy takes effect on the very
 * next request, as it (eventually) does in AWS. A user's identity policies
 * include those of every group it belongs to.
 */
import type { PolicyInput } from '../../shared/iam/statements';
import type { Principal } from '../identity';
import { findManagedPolicy } from '../services/iam/lookup';
import { groupsOfUser } from '../services/iam/groups';
import type { GroupState, RoleState, StateDocument, TagState, UserState } from '../state/document';

/** A managed policy's default version; undefined when the ARN names no policy. */
function managedPolicy(doc: StateDocument, arn: string): PolicyInput | undefined {
  const policy = findManagedPolicy(doc, arn);
  const version = policy?.versions.find((candidate) => candidate.versionId === policy.defaultVersionId);
  return policy && version ? { id: policy.name, document: version.document } : undefined;
}

function ownPolicies(doc: StateDocument, entity: UserState | RoleState | GroupState, idPrefix: string): PolicyInput[] {
  const managed = entity.attachedPolicyArns.flatMap((arn) => managedPolicy(doc, arn) ?? []);
  const inline = entity.inlinePolicies.map((policy) => ({ id: idPrefix + policy.name, document: policy.document }));
  return [...managed, ...inline];
}

/**
 * Managed policies in their default version, then inline policies, then each
 * group's (a user's only; a role has no groups). A group's inline policy is
 * named `group/policy` so evidence says where a statement came from. A
 * dangling attachment grants nothing.
 */
export function identityPolicies(doc: StateDocument, entity: UserState | RoleState): PolicyInput[] {
  const groups = 'assumeRolePolicyDocument' in entity ? [] : groupsOfUser(doc, entity);
  return [...ownPolicies(doc, entity, ''), ...groups.flatMap((group) => ownPolicies(doc, group, `${group.name}/`))];
}

/**
 * The permissions boundary, when the entity has one. A boundary whose policy
 * no longer exists allows nothing, which errs towards refusing.
 */
export function boundaryPolicies(doc: StateDocument, entity: UserState | RoleState): PolicyInput[] | undefined {
  const arn = entity.permissionsBoundaryArn;
  if (arn === undefined) return undefined;
  return [managedPolicy(doc, arn) ?? { id: arn.slice(arn.lastIndexOf('/') + 1), document: '{}' }];
}

/** The user or role behind a principal; undefined for the administrator and for one deleted since. */
export function principalEntity(doc: StateDocument, principal: Principal): UserState | RoleState | undefined {
  switch (principal.kind) {
    case 'root':
      return undefined;
    case 'user':
      return doc.iam.users.find((candidate) => candidate.name === principal.userName);
    case 'assumedRole':
      return doc.iam.roles.find((candidate) => candidate.id === principal.roleId);
  }
}

export interface PrincipalPolicies {
  readonly identityPolicies: PolicyInput[];
  readonly boundaryPolicies?: PolicyInput[];
  /** The user's or role's tags: aws:PrincipalTag/… in conditions and policy variables. */
  readonly tags: readonly TagState[];
}

/** Everything enforcement needs about a caller; a principal that no longer exists has no policies (so, deny). */
export function principalPolicies(doc: StateDocument, principal: Principal): PrincipalPolicies {
  const entity = principalEntity(doc, principal);
  if (!entity) return { identityPolicies: [], tags: [] };
  const boundary = boundaryPolicies(doc, entity);
  return {
    identityPolicies: identityPolicies(doc, entity),
    ...(boundary ? { boundaryPolicies: boundary } : {}),
    tags: entity.tags,
  };
}
