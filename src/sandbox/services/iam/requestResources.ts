/**
 * The IAM entity a request acts on, so a policy scoped to
 * `arn:aws:iam::123456789012:role/app/*` allows exactly the roles it names.
 * Where a request names several entities, AWS judges it on the one the
 * action's resource type is: AddRoleToInstanceProfile on the instance
 * profile, AddUserToGroup on the group, AttachRolePolicy on the role.
 */
import type { RequestResources } from '../../protocols/awsQuery';
import type { QueryParams } from '../../protocols/queryParams';
import { iamArn } from '../../state/arns';
import type { StateDocument } from '../../state/document';

/** Actions on the caller's own user when UserName is left out (the self-service ones). */
const SELF_SERVICE = new Set([
  'CreateAccessKey',
  'ListAccessKeys',
  'UpdateAccessKey',
  'DeleteAccessKey',
  'GetUser',
  'ListMFADevices',
  'ListGroupsForUser',
]);

function named(params: QueryParams, name: string): string | undefined {
  const value = params.raw(name);
  return value === undefined || value === '' ? undefined : value;
}

/** An existing entity's ARN carries its path; one being created takes the Path it is given. */
function pathOf(entities: ReadonlyArray<{ name: string; path: string }>, name: string, params: QueryParams): string {
  return entities.find((entity) => entity.name === name)?.path ?? named(params, 'Path') ?? '/';
}

function entityArn(doc: StateDocument, action: string, params: QueryParams): string | undefined {
  const account = doc.account;
  const profile = named(params, 'InstanceProfileName');
  if (profile !== undefined) {
    return iamArn(account, 'instance-profile', pathOf(doc.iam.instanceProfiles, profile, params), profile);
  }
  const group = named(params, 'GroupName');
  if (group !== undefined) return iamArn(account, 'group', pathOf(doc.iam.groups, group, params), group);
  const role = named(params, 'RoleName');
  if (role !== undefined) return iamArn(account, 'role', pathOf(doc.iam.roles, role, params), role);
  const user = named(params, 'UserName');
  if (user !== undefined) return iamArn(account, 'user', pathOf(doc.iam.users, user, params), user);
  const policyArn = named(params, 'PolicyArn') ?? named(params, 'PolicySourceArn');
  if (policyArn !== undefined) return policyArn;
  const policyName = action === 'CreatePolicy' ? named(params, 'PolicyName') : undefined;
  if (policyName !== undefined) return iamArn(account, 'policy', named(params, 'Path') ?? '/', policyName);
  return undefined;
}

export const iamRequestResources: RequestResources<QueryParams> = (action, params, { store, principal }) => {
  const arn = entityArn(store.document, action, params);
  if (arn !== undefined) return [arn];
  // Without a UserName these act on the caller, and a policy scoped to `user/${aws:username}` must allow them.
  if (SELF_SERVICE.has(action) && principal.kind === 'user') return [principal.arn];
  return undefined;
};
