/**
 * The IAM snapshot without GetAccountAuthorizationDetails. `ViewOnlyAccess`
 * and many custom operator roles allow `iam:List*` but not that one call, so
 * the view reads what it can with ListRoles, ListUsers, ListGroups and
 * ListPolicies (Scope=Local), then each principal's attached and inline
 * policies and memberships, and says which calls were refused and what is
 * missing because of them.
 *
 * A refused per-principal call (say `iam:GetRolePolicy`) is not asked again
 * for the next principal: an operator role that lacks it for one role almost
 * always lacks it for all, and asking 5,000 times would only cost time. The
 * snapshot streams in the same page shape as the one-call read, one page per
 * List page once its principals' details are in.
 */
import { ListGroupsCommand, ListPoliciesCommand, ListRolesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import type {
  DeniedRead,
  Group,
  IamSnapshot,
  IamSnapshotPage,
  ManagedPolicySummary,
  Role,
  Target,
  User,
} from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { TrellisError } from '../aws/errors';
import { permissionText } from './deniedPermission';
import { iso, policySummary, sortedSnapshot } from './iamShapes';
import { decodePolicyDocument } from './policyDocuments';
import { groupReader, listAll, Refusals, roleReader, userReader, type Run } from './iamPrincipalReaders';

/**
 * The snapshot from the List calls, after `gaadDenied` (the refusal of
 * GetAccountAuthorizationDetails, which stays first in `denied`). When not one
 * List call is allowed either, there is nothing to show: that is an
 * access-denied error naming every refused call.
 */
export async function snapshotFromListCalls(
  aws: ClientFactory,
  target: Target,
  gaadDenied: DeniedRead,
  onPage?: (page: IamSnapshotPage) => void,
): Promise<IamSnapshot> {
  let apiCalls = 0;
  const run: Run = (operation, fn) => {
    apiCalls += 1;
    return aws.call(target, 'iam', operation, fn);
  };
  const refusals = new Refusals(gaadDenied);
  const roles: Role[] = [];
  const users: User[] = [];
  const groups: Group[] = [];
  const localPolicies: ManagedPolicySummary[] = [];
  let pages = 0;
  const emit = (rows: Partial<Pick<IamSnapshotPage, 'roles' | 'users' | 'groups' | 'localPolicies'>>) => {
    pages += 1;
    onPage?.({
      roles: rows.roles ?? [],
      users: rows.users ?? [],
      groups: rows.groups ?? [],
      localPolicies: rows.localPolicies ?? [],
      pages,
      loaded: { roles: roles.length, users: users.length, localPolicies: localPolicies.length },
    });
  };

  const readRole = roleReader(refusals, run);
  await listAll(
    refusals,
    run,
    'ListRoles',
    async (c, Marker) => {
      const out = await c.send(new ListRolesCommand({ Marker, MaxItems: 1000 }));
      const items = (out.Roles ?? []).map((r): Role => ({
        name: r.RoleName ?? '',
        arn: r.Arn ?? '',
        id: r.RoleId ?? '',
        path: r.Path ?? '/',
        createDate: iso(r.CreateDate),
        ...(r.Description ? { description: r.Description } : {}),
        ...(r.MaxSessionDuration ? { maxSessionDuration: r.MaxSessionDuration } : {}),
        trustPolicy: decodePolicyDocument(r.AssumeRolePolicyDocument),
        attachedPolicies: [],
        inlinePolicies: [],
        instanceProfiles: [],
      }));
      return { items, marker: out.IsTruncated ? out.Marker : undefined };
    },
    async (items) => {
      const read = await Promise.all(items.map(readRole));
      roles.push(...read);
      emit({ roles: read });
    },
  );

  const readUser = userReader(refusals, run);
  await listAll(
    refusals,
    run,
    'ListUsers',
    async (c, Marker) => {
      const out = await c.send(new ListUsersCommand({ Marker, MaxItems: 1000 }));
      const items = (out.Users ?? []).map((u): User => ({
        name: u.UserName ?? '',
        arn: u.Arn ?? '',
        id: u.UserId ?? '',
        path: u.Path ?? '/',
        createDate: iso(u.CreateDate),
        attachedPolicies: [],
        inlinePolicies: [],
        groups: [],
      }));
      return { items, marker: out.IsTruncated ? out.Marker : undefined };
    },
    async (items) => {
      const read = await Promise.all(items.map(readUser));
      users.push(...read);
      emit({ users: read });
    },
  );

  const readGroup = groupReader(refusals, run);
  await listAll(
    refusals,
    run,
    'ListGroups',
    async (c, Marker) => {
      const out = await c.send(new ListGroupsCommand({ Marker, MaxItems: 1000 }));
      const items = (out.Groups ?? []).map((g): Group => ({
        name: g.GroupName ?? '',
        arn: g.Arn ?? '',
        id: g.GroupId ?? '',
        path: g.Path ?? '/',
        createDate: iso(g.CreateDate),
        attachedPolicies: [],
        inlinePolicies: [],
      }));
      return { items, marker: out.IsTruncated ? out.Marker : undefined };
    },
    async (items) => {
      const read = await Promise.all(items.map(readGroup));
      groups.push(...read);
      emit({ groups: read });
    },
  );

  await listAll(
    refusals,
    run,
    'ListPolicies',
    async (c, Marker) => {
      const out = await c.send(new ListPoliciesCommand({ Scope: 'Local', Marker, MaxItems: 1000 }));
      return { items: (out.Policies ?? []).map(policySummary), marker: out.IsTruncated ? out.Marker : undefined };
    },
    async (items) => {
      localPolicies.push(...items);
      emit({ localPolicies: items });
    },
  );

  const lists = ['ListRoles', 'ListUsers', 'ListGroups', 'ListPolicies'];
  if (lists.every((operation) => refusals.isRefused(operation))) {
    throw new TrellisError({
      code: 'access-denied',
      message: `Missing permission: ${refusals.denied.map(permissionText).join(', ')}`,
      service: 'iam',
      operation: 'GetAccountAuthorizationDetails',
      retryable: false,
      hint: 'IAM can be read with iam:GetAccountAuthorizationDetails, or with iam:ListRoles, iam:ListUsers, iam:ListGroups and iam:ListPolicies and the per-principal List and Get calls.',
    });
  }
  return sortedSnapshot(
    { roles, users, groups, localPolicies },
    { apiCalls, source: 'list-calls', denied: refusals.denied },
  );
}
