import {
  GetAccessKeyLastUsedCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListGroupsForUserCommand,
  ListInstanceProfilesForRoleCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListAttachedRolePolicies,
  paginateListAttachedUserPolicies,
  paginateListPolicies,
  type AttachedPolicy as SdkAttachedPolicy,
  type GroupDetail,
  type RoleDetail,
  type UserDetail,
} from '@aws-sdk/client-iam';
import type {
  AccessKey,
  AttachedPolicy,
  Group,
  IamSnapshot,
  IamSnapshotPage,
  InlinePolicy,
  ManagedPolicySummary,
  PolicyDocument,
  PrincipalRef,
  Role,
  Target,
  User,
} from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { TrellisError } from '../aws/errors';
import { deniedPermission, permissionText } from './deniedPermission';
import { snapshotFromListCalls } from './iamListing';
import { attached, iso, isoOpt, policySummary, sortedSnapshot } from './iamShapes';
import { decodePolicyDocument } from './policyDocuments';

/** Kept here too: the managed-policy catalogue and older callers import it from the IAM service. */
export { policySummary };

function roleFromDetail(r: RoleDetail): Role {
  return {
    name: r.RoleName ?? '',
    arn: r.Arn ?? '',
    id: r.RoleId ?? '',
    path: r.Path ?? '/',
    createDate: iso(r.CreateDate),
    trustPolicy: decodePolicyDocument(r.AssumeRolePolicyDocument),
    attachedPolicies: attached(r.AttachedManagedPolicies),
    inlinePolicies: (r.RolePolicyList ?? []).map((p) => ({
      name: p.PolicyName ?? '',
      document: decodePolicyDocument(p.PolicyDocument),
    })),
    instanceProfiles: (r.InstanceProfileList ?? []).map((ip) => ({
      name: ip.InstanceProfileName ?? '',
      arn: ip.Arn ?? '',
    })),
    lastUsed: r.RoleLastUsed?.LastUsedDate
      ? { date: iso(r.RoleLastUsed.LastUsedDate), region: r.RoleLastUsed.Region }
      : undefined,
  };
}

function userFromDetail(u: UserDetail): User {
  return {
    name: u.UserName ?? '',
    arn: u.Arn ?? '',
    id: u.UserId ?? '',
    path: u.Path ?? '/',
    createDate: iso(u.CreateDate),
    attachedPolicies: attached(u.AttachedManagedPolicies),
    inlinePolicies: (u.UserPolicyList ?? []).map((p) => ({
      name: p.PolicyName ?? '',
      document: decodePolicyDocument(p.PolicyDocument),
    })),
    groups: u.GroupList ?? [],
  };
}

function groupFromDetail(g: GroupDetail): Group {
  return {
    name: g.GroupName ?? '',
    arn: g.Arn ?? '',
    id: g.GroupId ?? '',
    path: g.Path ?? '/',
    createDate: iso(g.CreateDate),
    attachedPolicies: attached(g.AttachedManagedPolicies),
    inlinePolicies: (g.GroupPolicyList ?? []).map((p) => ({
      name: p.PolicyName ?? '',
      document: decodePolicyDocument(p.PolicyDocument),
    })),
  };
}

/**
 * Everything the IAM view lists, from GetAccountAuthorizationDetails: a
 * handful of pages for a whole account instead of several calls per role.
 * `onPage` is told of each page's rows as it arrives, so a view can show
 * them before the last page. When that one call is denied (ViewOnlyAccess,
 * many operator roles), the List calls read as much as they may instead
 * (iamListing.ts) and the snapshot says so.
 */
export async function snapshot(
  aws: ClientFactory,
  target: Target,
  onPage?: (page: IamSnapshotPage) => void,
): Promise<IamSnapshot> {
  let firstPageSeen = false;
  try {
    return await authorizationDetails(aws, target, (page) => {
      firstPageSeen = true;
      onPage?.(page);
    });
  } catch (err) {
    // A refusal after pages were shown is not "this identity lacks the call"; report it as it is.
    const denied = firstPageSeen ? undefined : deniedPermission(err, { action: 'iam:GetAccountAuthorizationDetails' });
    if (!denied) throw err;
    return snapshotFromListCalls(aws, target, { ...denied, part: 'the one-call listing' }, onPage);
  }
}

async function authorizationDetails(
  aws: ClientFactory,
  target: Target,
  onPage: (page: IamSnapshotPage) => void,
): Promise<IamSnapshot> {
  return aws.call(target, 'iam', 'GetAccountAuthorizationDetails', async (client) => {
    const roles: Role[] = [];
    const users: User[] = [];
    const groups: Group[] = [];
    const localPolicies: ManagedPolicySummary[] = [];
    let apiCalls = 0;
    const pages = paginateGetAccountAuthorizationDetails(
      { client, pageSize: 1000 },
      // Groups are read because a user's permissions include its groups' policies.
      { Filter: ['Role', 'User', 'Group', 'LocalManagedPolicy'] },
    );
    for await (const page of pages) {
      apiCalls += 1;
      const pageRoles = (page.RoleDetailList ?? []).map(roleFromDetail);
      const pageUsers = (page.UserDetailList ?? []).map(userFromDetail);
      const pageGroups = (page.GroupDetailList ?? []).map(groupFromDetail);
      const pagePolicies = (page.Policies ?? []).map(policySummary);
      roles.push(...pageRoles);
      users.push(...pageUsers);
      groups.push(...pageGroups);
      localPolicies.push(...pagePolicies);
      onPage({
        roles: pageRoles,
        users: pageUsers,
        groups: pageGroups,
        localPolicies: pagePolicies,
        pages: apiCalls,
        loaded: { roles: roles.length, users: users.length, localPolicies: localPolicies.length },
      });
    }
    return sortedSnapshot({ roles, users, groups, localPolicies }, { apiCalls, source: 'authorization-details' });
  });
}

async function inlineDocuments(
  names: string[],
  fetch: (name: string) => Promise<string | undefined>,
): Promise<InlinePolicy[]> {
  return Promise.all(names.map(async (name) => ({ name, document: decodePolicyDocument(await fetch(name)) })));
}

/** Read call by call, never from a snapshot: planners and verification need the truth now. */
export async function listAttachedPolicies(
  aws: ClientFactory,
  target: Target,
  principal: PrincipalRef,
): Promise<AttachedPolicy[]> {
  const operation = principal.type === 'role' ? 'ListAttachedRolePolicies' : 'ListAttachedUserPolicies';
  return aws.call(target, 'iam', operation, async (client) => {
    const out: SdkAttachedPolicy[] = [];
    const pages =
      principal.type === 'role'
        ? paginateListAttachedRolePolicies({ client }, { RoleName: principal.name })
        : paginateListAttachedUserPolicies({ client }, { UserName: principal.name });
    for await (const page of pages) out.push(...(page.AttachedPolicies ?? []));
    return attached(out);
  });
}

/** One role read fresh, call by call: used to verify a change, where a cached snapshot would prove nothing. */
export async function getRole(aws: ClientFactory, target: Target, roleName: string): Promise<Role> {
  const role = await aws.call(
    target,
    'iam',
    'GetRole',
    async (c) => (await c.send(new GetRoleCommand({ RoleName: roleName }))).Role,
  );
  if (!role)
    throw new TrellisError({ code: 'not-found', message: `Role ${roleName} was not returned.`, retryable: false });
  const [attachedPolicies, inlineNames, profiles] = await Promise.all([
    listAttachedPolicies(aws, target, { type: 'role', name: roleName }),
    aws.call(
      target,
      'iam',
      'ListRolePolicies',
      async (c) => (await c.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames ?? [],
    ),
    aws.call(
      target,
      'iam',
      'ListInstanceProfilesForRole',
      async (c) =>
        (await c.send(new ListInstanceProfilesForRoleCommand({ RoleName: roleName }))).InstanceProfiles ?? [],
    ),
  ]);
  const inlinePolicies = await inlineDocuments(inlineNames, (name) =>
    aws.call(
      target,
      'iam',
      'GetRolePolicy',
      async (c) => (await c.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }))).PolicyDocument,
    ),
  );
  return {
    name: role.RoleName ?? roleName,
    arn: role.Arn ?? '',
    id: role.RoleId ?? '',
    path: role.Path ?? '/',
    createDate: iso(role.CreateDate),
    description: role.Description || undefined,
    maxSessionDuration: role.MaxSessionDuration,
    trustPolicy: decodePolicyDocument(role.AssumeRolePolicyDocument),
    attachedPolicies,
    inlinePolicies,
    instanceProfiles: profiles.map((ip) => ({ name: ip.InstanceProfileName ?? '', arn: ip.Arn ?? '' })),
    lastUsed: role.RoleLastUsed?.LastUsedDate
      ? { date: iso(role.RoleLastUsed.LastUsedDate), region: role.RoleLastUsed.Region }
      : undefined,
  };
}

export async function getUser(aws: ClientFactory, target: Target, userName: string): Promise<User> {
  const user = await aws.call(
    target,
    'iam',
    'GetUser',
    async (c) => (await c.send(new GetUserCommand({ UserName: userName }))).User,
  );
  if (!user)
    throw new TrellisError({ code: 'not-found', message: `User ${userName} was not returned.`, retryable: false });
  const [attachedPolicies, inlineNames, groups] = await Promise.all([
    listAttachedPolicies(aws, target, { type: 'user', name: userName }),
    aws.call(
      target,
      'iam',
      'ListUserPolicies',
      async (c) => (await c.send(new ListUserPoliciesCommand({ UserName: userName }))).PolicyNames ?? [],
    ),
    aws.call(target, 'iam', 'ListGroupsForUser', async (c) =>
      ((await c.send(new ListGroupsForUserCommand({ UserName: userName }))).Groups ?? []).map((g) => g.GroupName ?? ''),
    ),
  ]);
  const inlinePolicies = await inlineDocuments(inlineNames, (name) =>
    aws.call(
      target,
      'iam',
      'GetUserPolicy',
      async (c) => (await c.send(new GetUserPolicyCommand({ UserName: userName, PolicyName: name }))).PolicyDocument,
    ),
  );
  return {
    name: user.UserName ?? userName,
    arn: user.Arn ?? '',
    id: user.UserId ?? '',
    path: user.Path ?? '/',
    createDate: iso(user.CreateDate),
    attachedPolicies,
    inlinePolicies,
    groups,
  };
}

export async function listPolicies(
  aws: ClientFactory,
  target: Target,
  scope: 'All' | 'AWS' | 'Local',
  onlyAttached: boolean,
): Promise<ManagedPolicySummary[]> {
  return aws.call(target, 'iam', 'ListPolicies', async (client) => {
    const out: ManagedPolicySummary[] = [];
    for await (const page of paginateListPolicies(
      { client, pageSize: 1000 },
      { Scope: scope, OnlyAttached: onlyAttached },
    )) {
      for (const p of page.Policies ?? []) out.push(policySummary(p));
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  });
}

/** Fetched only on request: AWS-managed documents are large and the list view never needs them. */
export async function getPolicyDocument(
  aws: ClientFactory,
  target: Target,
  policyArn: string,
  versionId?: string,
): Promise<PolicyDocument> {
  const version =
    versionId ??
    (await aws.call(
      target,
      'iam',
      'GetPolicy',
      async (c) => (await c.send(new GetPolicyCommand({ PolicyArn: policyArn }))).Policy?.DefaultVersionId,
    ));
  if (!version) {
    throw new TrellisError({
      code: 'not-found',
      message: `Policy ${policyArn} has no default version.`,
      retryable: false,
    });
  }
  const doc = await aws.call(
    target,
    'iam',
    'GetPolicyVersion',
    async (c) =>
      (await c.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: version }))).PolicyVersion?.Document,
  );
  return { policyArn, versionId: version, document: decodePolicyDocument(doc) };
}

export async function listAccessKeys(aws: ClientFactory, target: Target, userName: string): Promise<AccessKey[]> {
  const keys = await aws.call(
    target,
    'iam',
    'ListAccessKeys',
    async (c) => (await c.send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata ?? [],
  );
  return Promise.all(
    keys.map(async (k) => {
      const id = k.AccessKeyId ?? '';
      // A least-privilege profile may list keys but not read their last use: list them anyway, and say why that column is blank.
      let lastUsedUnknown: string | undefined;
      const used = await aws
        .call(
          target,
          'iam',
          'GetAccessKeyLastUsed',
          async (c) => (await c.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: id }))).AccessKeyLastUsed,
        )
        .catch((err: unknown) => {
          const denied = deniedPermission(err, { action: 'iam:GetAccessKeyLastUsed' });
          if (!denied) throw err;
          lastUsedUnknown = `Missing permission: ${permissionText(denied)}`;
          return undefined;
        });
      const status = k.Status === 'Inactive' || k.Status === 'Expired' ? k.Status : 'Active';
      return {
        accessKeyId: id,
        status,
        createDate: iso(k.CreateDate),
        lastUsedDate: isoOpt(used?.LastUsedDate),
        // AWS reports "N/A" for a key that was never used.
        lastUsedService: used?.ServiceName && used.ServiceName !== 'N/A' ? used.ServiceName : undefined,
        lastUsedRegion: used?.Region && used.Region !== 'N/A' ? used.Region : undefined,
        ...(lastUsedUnknown ? { lastUsedUnknown } : {}),
      };
    }),
  );
}
