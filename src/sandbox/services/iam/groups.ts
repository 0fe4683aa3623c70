/**
 * IAM groups: a user's permissions are its own policies and those of every
 * group it belongs to. Groups are not principals (nothing can sign in as one
 * or be named in a policy's Principal), so they only ever add identity
 * policies to their members.
 */
import { deleteConflict, entityAlreadyExists, noSuchEntity } from '../../errors';
import type { QueryAction } from '../../protocols/awsQuery';
import { pageFields, paginate, sortByKey } from '../../protocols/pagination';
import type { XmlNode } from '../../protocols/xml';
import { isoSeconds } from '../../protocols/xml';
import { iamArn } from '../../state/arns';
import type { GroupState, StateDocument, UserState } from '../../state/document';
import { newUniqueId } from '../../state/ids';
import { requireUser, sameName } from './lookup';
import { pathPrefixRule, pathRule, readPaging, userNameRule } from './rules';
import { userSummaryXml } from './shapes';
import type { StringRule } from '../../protocols/queryParams';

export const groupNameRule: StringRule = { min: 1, max: 128, pattern: /[\w+=,.@-]+/ };

export function requireGroup(doc: StateDocument, name: string): GroupState {
  const group = doc.iam.groups.find((candidate) => candidate.name === name);
  if (!group) throw noSuchEntity(`The group with name ${name} cannot be found.`);
  return group;
}

export function groupArn(doc: StateDocument, group: GroupState): string {
  return iamArn(doc.account, 'group', group.path, group.name);
}

/** The groups a user belongs to, in name order, as ListGroupsForUser returns them. */
export function groupsOfUser(doc: StateDocument, user: UserState): GroupState[] {
  return sortByKey(
    doc.iam.groups.filter((group) => group.userNames.includes(user.name)),
    (group) => group.name,
  );
}

export function groupXml(doc: StateDocument, group: GroupState): XmlNode {
  return {
    Path: group.path,
    GroupName: group.name,
    GroupId: group.id,
    Arn: groupArn(doc, group),
    CreateDate: group.createDate,
  };
}

const createGroup: QueryAction = (params, { store, now }) => {
  const name = params.requiredString('GroupName', groupNameRule);
  const path = params.string('Path', pathRule) ?? '/';
  return store.mutate((draft) => {
    if (draft.iam.groups.some((group) => sameName(group.name, name))) {
      throw entityAlreadyExists(`Group with name ${name} already exists.`);
    }
    const group: GroupState = {
      name,
      id: newUniqueId('AGPA'),
      path,
      createDate: isoSeconds(now()),
      userNames: [],
      attachedPolicyArns: [],
      inlinePolicies: [],
    };
    draft.iam.groups.push(group);
    return { Group: groupXml(draft, group) };
  });
};

/** GetGroup pages through the members; the group itself comes with every page. */
const getGroup: QueryAction = (params, { store }) => {
  const doc = store.document;
  const group = requireGroup(doc, params.requiredString('GroupName', groupNameRule));
  const { maxItems, marker } = readPaging(params);
  const members = sortByKey(
    group.userNames.flatMap((userName) => doc.iam.users.find((user) => user.name === userName) ?? []),
    (user) => user.name,
  );
  const page = paginate(members, (user) => user.name, maxItems, marker);
  return {
    Users: page.items.map((user) => userSummaryXml(doc, user)),
    Group: groupXml(doc, group),
    ...pageFields(page),
  };
};

const listGroups: QueryAction = (params, { store }) => {
  const doc = store.document;
  const prefix = params.string('PathPrefix', pathPrefixRule) ?? '/';
  const { maxItems, marker } = readPaging(params);
  const groups = sortByKey(
    doc.iam.groups.filter((group) => group.path.startsWith(prefix)),
    (group) => group.name,
  );
  const page = paginate(groups, (group) => group.name, maxItems, marker);
  return { Groups: page.items.map((group) => groupXml(doc, group)), ...pageFields(page) };
};

const listGroupsForUser: QueryAction = (params, { store }) => {
  const doc = store.document;
  const user = requireUser(doc, params.requiredString('UserName', userNameRule));
  const { maxItems, marker } = readPaging(params);
  const page = paginate(groupsOfUser(doc, user), (group) => group.name, maxItems, marker);
  return { Groups: page.items.map((group) => groupXml(doc, group)), ...pageFields(page) };
};

/** AWS refuses to delete a group that still has members or policies, naming what to remove first. */
const deleteGroup: QueryAction = (params, { store }) => {
  const name = params.requiredString('GroupName', groupNameRule);
  store.mutate((draft) => {
    const group = requireGroup(draft, name);
    if (group.userNames.length > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.');
    if (group.attachedPolicyArns.length > 0) {
      throw deleteConflict('Cannot delete entity, must detach all policies first.');
    }
    if (group.inlinePolicies.length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    draft.iam.groups = draft.iam.groups.filter((candidate) => candidate !== group);
  });
  return undefined;
};

/** Adding a member twice is a no-op in AWS. */
const addUserToGroup: QueryAction = (params, { store }) => {
  const groupName = params.requiredString('GroupName', groupNameRule);
  const userName = params.requiredString('UserName', userNameRule);
  store.mutate((draft) => {
    const group = requireGroup(draft, groupName);
    const user = requireUser(draft, userName);
    if (!group.userNames.includes(user.name)) group.userNames.push(user.name);
  });
  return undefined;
};

const removeUserFromGroup: QueryAction = (params, { store }) => {
  const groupName = params.requiredString('GroupName', groupNameRule);
  const userName = params.requiredString('UserName', userNameRule);
  store.mutate((draft) => {
    const group = requireGroup(draft, groupName);
    const user = requireUser(draft, userName);
    if (!group.userNames.includes(user.name)) {
      throw noSuchEntity(`The user with name ${userName} cannot be found in group ${groupName}.`);
    }
    group.userNames = group.userNames.filter((member) => member !== user.name);
  });
  return undefined;
};

export const groupActions: ReadonlyMap<string, QueryAction> = new Map([
  ['CreateGroup', createGroup],
  ['GetGroup', getGroup],
  ['ListGroups', listGroups],
  ['ListGroupsForUser', listGroupsForUser],
  ['DeleteGroup', deleteGroup],
  ['AddUserToGroup', addUserToGroup],
  ['RemoveUserFromGroup', removeUserFromGroup],
]);
