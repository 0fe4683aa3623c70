/**
 * GetAccountAuthorizationDetails: the whole IAM picture in as few calls as
 * possible. One marker pages across all four lists in the order AWS returns
 * them (users, groups, roles, policies).
 */
import type { QueryAction } from '../../protocols/awsQuery';
import { pageFields, paginate, sortByKey } from '../../protocols/pagination';
import type { XmlNode } from '../../protocols/xml';
import type { GroupState, RoleState, StateDocument, UserState } from '../../state/document';
import { groupsOfUser, groupXml } from './groups';
import { allManagedPolicies, type ManagedPolicyView, policyUsage } from './lookup';
import { readPaging } from './rules';
import {
  attachedPoliciesXml,
  inlinePoliciesXml,
  instanceProfileXml,
  policyVersionXml,
  policyXml,
  roleXml,
  userXml,
} from './shapes';

const ENTITY_FILTERS = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;
type EntityFilter = (typeof ENTITY_FILTERS)[number];

type Entry =
  | { readonly kind: 'user'; readonly key: string; readonly user: UserState }
  | { readonly kind: 'group'; readonly key: string; readonly group: GroupState }
  | { readonly kind: 'role'; readonly key: string; readonly role: RoleState }
  | { readonly kind: 'policy'; readonly key: string; readonly policy: ManagedPolicyView };

function userDetail(doc: StateDocument, user: UserState): XmlNode {
  const { PasswordLastUsed: _omitted, ...base } = userXml(doc, user);
  return {
    ...base,
    UserPolicyList: inlinePoliciesXml(user.inlinePolicies),
    GroupList: groupsOfUser(doc, user).map((group) => group.name),
    AttachedManagedPolicies: attachedPoliciesXml(doc, user.attachedPolicyArns),
  };
}

function groupDetail(doc: StateDocument, group: GroupState): XmlNode {
  return {
    ...groupXml(doc, group),
    GroupPolicyList: inlinePoliciesXml(group.inlinePolicies),
    AttachedManagedPolicies: attachedPoliciesXml(doc, group.attachedPolicyArns),
  };
}

function roleDetail(doc: StateDocument, role: RoleState): XmlNode {
  const { Description: _description, MaxSessionDuration: _duration, ...base } = roleXml(doc, role);
  const { PermissionsBoundary, Tags, RoleLastUsed, ...identity } = base;
  return {
    ...identity,
    InstanceProfileList: doc.iam.instanceProfiles
      .filter((profile) => profile.roleNames.includes(role.name))
      .map((profile) => instanceProfileXml(doc, profile)),
    RolePolicyList: inlinePoliciesXml(role.inlinePolicies),
    AttachedManagedPolicies: attachedPoliciesXml(doc, role.attachedPolicyArns),
    PermissionsBoundary,
    Tags,
    RoleLastUsed,
  };
}

/**
 * An AWS managed policy lists its default version only: its history (150
 * versions of ReadOnlyAccess) says nothing about the account, and each
 * document would have to be inflated for every read of the account.
 */
function policyDetail(doc: StateDocument, policy: ManagedPolicyView): XmlNode {
  const { Tags: _tags, ...base } = policyXml(doc, policy, { withDescription: true });
  const versions = policy.awsManaged
    ? policy.versions.filter((version) => version.versionId === policy.defaultVersionId)
    : policy.versions;
  return { ...base, PolicyVersionList: versions.map((version) => policyVersionXml(policy, version, true)) };
}

/** AWS lists only the AWS managed policies something in the account uses, not all of them. */
function entries(doc: StateDocument, filters: ReadonlySet<EntityFilter>): Entry[] {
  const wants = (filter: EntityFilter): boolean => filters.size === 0 || filters.has(filter);
  // The leading digit keeps the four lists in AWS's order under the shared marker.
  const users = wants('User')
    ? sortByKey(doc.iam.users, (u) => u.name).map((user): Entry => ({ kind: 'user', key: `1${user.name}`, user }))
    : [];
  const groups = wants('Group')
    ? sortByKey(doc.iam.groups, (g) => g.name).map((group): Entry => ({ kind: 'group', key: `2${group.name}`, group }))
    : [];
  const roles = wants('Role')
    ? sortByKey(doc.iam.roles, (r) => r.name).map((role): Entry => ({ kind: 'role', key: `3${role.name}`, role }))
    : [];
  // Counted once per state version (policyUsage), not once per policy per page.
  const usage = policyUsage(doc);
  const policies = allManagedPolicies(doc).filter((policy) =>
    policy.awsManaged ? wants('AWSManagedPolicy') && usage.has(policy.arn) : wants('LocalManagedPolicy'),
  );
  const policyEntries = sortByKey(policies, (p) => `${p.name}\n${p.arn}`).map((policy): Entry => ({
    kind: 'policy',
    key: `4${policy.name}\n${policy.arn}`,
    policy,
  }));
  return [...users, ...groups, ...roles, ...policyEntries];
}

const getAccountAuthorizationDetails: QueryAction = (params, { store }) => {
  const doc = store.document;
  const filters = new Set(
    params.stringList('Filter').map((value, index) => {
      const match = ENTITY_FILTERS.find((candidate) => candidate === value);
      if (match === undefined) {
        // Reuse the validator so the message names the list member as AWS does.
        params.enumValue(`Filter.member.${index + 1}`, ENTITY_FILTERS);
      }
      return match ?? 'User';
    }),
  );
  const { maxItems, marker } = readPaging(params);
  const page = paginate(entries(doc, filters), (entry) => entry.key, maxItems, marker);
  const pick = <K extends Entry['kind']>(kind: K): Array<Extract<Entry, { kind: K }>> =>
    page.items.filter((entry): entry is Extract<Entry, { kind: K }> => entry.kind === kind);
  return {
    UserDetailList: pick('user').map((entry) => userDetail(doc, entry.user)),
    GroupDetailList: pick('group').map((entry) => groupDetail(doc, entry.group)),
    RoleDetailList: pick('role').map((entry) => roleDetail(doc, entry.role)),
    Policies: pick('policy').map((entry) => policyDetail(doc, entry.policy)),
    ...pageFields(page),
  };
};

export const authorizationDetailsActions: ReadonlyMap<string, QueryAction> = new Map([
  ['GetAccountAuthorizationDetails', getAccountAuthorizationDetails],
]);
