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
import {
  GetGroupPolicyCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListInstanceProfilesForRoleCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type {
  AttachedPolicy,
  DeniedRead,
  Group,
  IamSnapshot,
  IamSnapshotPage,
  InlinePolicy,
  ManagedPolicySummary,
  Role,
  Target,
  User,
} from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { TrellisError } from '../aws/errors';
import { deniedPermission, permissionText } from './deniedPermission';
import { attached, iso, policySummary, sortedSnapshot } from './iamShapes';
import { decodePolicyDocument } from './policyDocuments';

/** Bounds every List loop: IAM pages hold up to 1,000 items, so this is far past any real account. */
const MAX_PAGES = 1000;

/** What each call adds to the view, for the notice that names a refused one. */
const PARTS: Readonly<Record<string, string>> = {
  ListRoles: 'roles',
  ListUsers: 'users',
  ListGroups: 'groups',
  ListPolicies: 'customer managed policies',
  ListAttachedRolePolicies: 'managed policies attached to roles',
  ListRolePolicies: 'inline policies of roles',
  GetRolePolicy: 'inline policy documents of roles',
  ListInstanceProfilesForRole: 'instance profiles of roles',
  ListAttachedUserPolicies: 'managed policies attached to users',
  ListUserPolicies: 'inline policies of users',
  GetUserPolicy: 'inline policy documents of users',
  ListGroupsForUser: 'group memberships of users',
  ListAttachedGroupPolicies: 'managed policies attached to groups',
  ListGroupPolicies: 'inline policies of groups',
  GetGroupPolicy: 'inline policy documents of groups',
};

type Run = <R>(operation: string, fn: (client: IAMClient) => Promise<R>) => Promise<R>;

/** The refused calls so far; a refused operation is skipped from then on. */
class Refusals {
  readonly denied: DeniedRead[] = [];
  private readonly refused = new Set<string>();

  constructor(first: DeniedRead) {
    this.denied.push(first);
  }

  isRefused(operation: string): boolean {
    return this.refused.has(operation);
  }

  /** Runs the call; an access denial is recorded and answered with undefined, any other error is thrown. */
  async attempt<R>(run: Run, operation: string, fn: (client: IAMClient) => Promise<R>): Promise<R | undefined> {
    if (this.refused.has(operation)) return undefined;
    try {
      return await run(operation, fn);
    } catch (err) {
      const permission = deniedPermission(err, { action: `iam:${operation}` });
      if (!permission) throw err;
      if (!this.refused.has(operation)) {
        this.refused.add(operation);
        this.denied.push({ ...permission, part: PARTS[operation] ?? operation });
      }
      return undefined;
    }
  }
}

/** A List call's pages, one call a page, ending at the first refusal. */
async function listAll<T>(
  refusals: Refusals,
  run: Run,
  operation: string,
  page: (client: IAMClient, marker: string | undefined) => Promise<{ items: T[]; marker?: string }>,
  onPage: (items: T[]) => Promise<void>,
): Promise<void> {
  let marker: string | undefined;
  for (let n = 0; n < MAX_PAGES; n += 1) {
    const out = await refusals.attempt(run, operation, (client) => page(client, marker));
    if (!out) return;
    await onPage(out.items);
    marker = out.marker;
    if (!marker) return;
  }
}

/** Every name of a principal's inline policies (paged), then each document. */
async function inlinePolicies(
  refusals: Refusals,
  run: Run,
  list: {
    operation: string;
    page: (client: IAMClient, marker?: string) => Promise<{ names: string[]; marker?: string }>;
  },
  get: { operation: string; document: (client: IAMClient, name: string) => Promise<string | undefined> },
): Promise<InlinePolicy[]> {
  const names: string[] = [];
  await listAll(
    refusals,
    run,
    list.operation,
    async (client, marker) => {
      const out = await list.page(client, marker);
      return { items: out.names, ...(out.marker ? { marker: out.marker } : {}) };
    },
    async (items) => void names.push(...items),
  );
  const out: InlinePolicy[] = [];
  for (const name of names) {
    const doc = await refusals.attempt(run, get.operation, (client) => get.document(client, name));
    // A name without its document still shows the policy exists; the notice says the documents are missing.
    out.push({ name, document: doc === undefined ? '' : decodePolicyDocument(doc) });
  }
  return out;
}

async function attachedPolicies(
  refusals: Refusals,
  run: Run,
  operation: string,
  page: (client: IAMClient, marker?: string) => Promise<{ items: AttachedPolicy[]; marker?: string }>,
): Promise<AttachedPolicy[]> {
  const out: AttachedPolicy[] = [];
  await listAll(refusals, run, operation, page, async (items) => void out.push(...items));
  return out;
}

function roleReader(refusals: Refusals, run: Run) {
  return async (role: Role): Promise<Role> => {
    const RoleName = role.name;
    const [attachedList, inline, profiles] = await Promise.all([
      attachedPolicies(refusals, run, 'ListAttachedRolePolicies', async (c, Marker) => {
        const out = await c.send(new ListAttachedRolePoliciesCommand({ RoleName, Marker }));
        return { items: attached(out.AttachedPolicies), marker: out.IsTruncated ? out.Marker : undefined };
      }),
      inlinePolicies(
        refusals,
        run,
        {
          operation: 'ListRolePolicies',
          page: async (c, Marker) => {
            const out = await c.send(new ListRolePoliciesCommand({ RoleName, Marker }));
            return { names: out.PolicyNames ?? [], marker: out.IsTruncated ? out.Marker : undefined };
          },
        },
        {
          operation: 'GetRolePolicy',
          document: async (c, PolicyName) =>
            (await c.send(new GetRolePolicyCommand({ RoleName, PolicyName }))).PolicyDocument,
        },
      ),
      refusals.attempt(run, 'ListInstanceProfilesForRole', async (c) =>
        ((await c.send(new ListInstanceProfilesForRoleCommand({ RoleName }))).InstanceProfiles ?? []).map((ip) => ({
          name: ip.InstanceProfileName ?? '',
          arn: ip.Arn ?? '',
        })),
      ),
    ]);
    return { ...role, attachedPolicies: attachedList, inlinePolicies: inline, instanceProfiles: profiles ?? [] };
  };
}

function userReader(refusals: Refusals, run: Run) {
  return async (user: User): Promise<User> => {
    const UserName = user.name;
    const [attachedList, inline, groups] = await Promise.all([
      attachedPolicies(refusals, run, 'ListAttachedUserPolicies', async (c, Marker) => {
        const out = await c.send(new ListAttachedUserPoliciesCommand({ UserName, Marker }));
        return { items: attached(out.AttachedPolicies), marker: out.IsTruncated ? out.Marker : undefined };
      }),
      inlinePolicies(
        refusals,
        run,
        {
          operation: 'ListUserPolicies',
          page: async (c, Marker) => {
            const out = await c.send(new ListUserPoliciesCommand({ UserName, Marker }));
            return { names: out.PolicyNames ?? [], marker: out.IsTruncated ? out.Marker : undefined };
          },
        },
        {
          operation: 'GetUserPolicy',
          document: async (c, PolicyName) =>
            (await c.send(new GetUserPolicyCommand({ UserName, PolicyName }))).PolicyDocument,
        },
      ),
      refusals.attempt(run, 'ListGroupsForUser', async (c) =>
        ((await c.send(new ListGroupsForUserCommand({ UserName }))).Groups ?? []).map((g) => g.GroupName ?? ''),
      ),
    ]);
    return { ...user, attachedPolicies: attachedList, inlinePolicies: inline, groups: groups ?? [] };
  };
}

function groupReader(refusals: Refusals, run: Run) {
  return async (group: Group): Promise<Group> => {
    const GroupName = group.name;
    const [attachedList, inline] = await Promise.all([
      attachedPolicies(refusals, run, 'ListAttachedGroupPolicies', async (c, Marker) => {
        const out = await c.send(new ListAttachedGroupPoliciesCommand({ GroupName, Marker }));
        return { items: attached(out.AttachedPolicies), marker: out.IsTruncated ? out.Marker : undefined };
      }),
      inlinePolicies(
        refusals,
        run,
        {
          operation: 'ListGroupPolicies',
          page: async (c, Marker) => {
            const out = await c.send(new ListGroupPoliciesCommand({ GroupName, Marker }));
            return { names: out.PolicyNames ?? [], marker: out.IsTruncated ? out.Marker : undefined };
          },
        },
        {
          operation: 'GetGroupPolicy',
          document: async (c, PolicyName) =>
            (await c.send(new GetGroupPolicyCommand({ GroupName, PolicyName }))).PolicyDocument,
        },
      ),
    ]);
    return { ...group, attachedPolicies: attachedList, inlinePolicies: inline };
  };
}

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
