/**
 * The List-call readers behind the IAM snapshot without
 * GetAccountAuthorizationDetails: each principal kind's attached and inline
 * policies and memberships, read page by page, with every refused call
 * recorded once (Refusals) and skipped from then on.
 */
import {
  GetGroupPolicyCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListInstanceProfilesForRoleCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { AttachedPolicy, DeniedRead, Group, InlinePolicy, Role, User } from '../../shared/contract';
import { deniedPermission } from './deniedPermission';
import { attached } from './iamShapes';
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

export type Run = <R>(operation: string, fn: (client: IAMClient) => Promise<R>) => Promise<R>;

/** The refused calls so far; a refused operation is skipped from then on. */
export class Refusals {
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
export async function listAll<T>(
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

export function roleReader(refusals: Refusals, run: Run) {
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

export function userReader(refusals: Refusals, run: Run) {
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

export function groupReader(refusals: Refusals, run: Run) {
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
