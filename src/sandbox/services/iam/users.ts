import { deleteConflict, entityAlreadyExists } from '../../errors';
import type { QueryAction } from '../../protocols/awsQuery';
import { pageFields, paginate, sortByKey } from '../../protocols/pagination';
import { isoSeconds } from '../../protocols/xml';
import { newUniqueId } from '../../state/ids';
import { requireManagedPolicy, requireUser, sameName } from './lookup';
import { arnRule, pathPrefixRule, pathRule, readPaging, readTags, userNameRule } from './rules';
import { userSummaryXml, userXml } from './shapes';

const listUsers: QueryAction = (params, { store }) => {
  const doc = store.document;
  const prefix = params.string('PathPrefix', pathPrefixRule) ?? '/';
  const { maxItems, marker } = readPaging(params);
  const users = sortByKey(
    doc.iam.users.filter((user) => user.path.startsWith(prefix)),
    (user) => user.name,
  );
  const page = paginate(users, (user) => user.name, maxItems, marker);
  return { Users: page.items.map((user) => userSummaryXml(doc, user)), ...pageFields(page) };
};

/** Without UserName, GetUser describes the caller; for the root that is the account itself. */
const getUser: QueryAction = (params, { store, principal }) => {
  const doc = store.document;
  const name = params.string('UserName', userNameRule) ?? (principal.kind === 'user' ? principal.userName : undefined);
  if (name === undefined) {
    return { User: { UserId: doc.account.id, Arn: principal.arn, CreateDate: doc.account.createDate } };
  }
  return { User: userXml(doc, requireUser(doc, name)) };
};

const createUser: QueryAction = (params, { store, now }) => {
  const name = params.requiredString('UserName', userNameRule);
  const path = params.string('Path', pathRule) ?? '/';
  const boundary = params.string('PermissionsBoundary', arnRule);
  const tags = readTags(params);
  return store.mutate((draft) => {
    if (draft.iam.users.some((user) => sameName(user.name, name))) {
      throw entityAlreadyExists(`User with name ${name} already exists.`);
    }
    if (boundary !== undefined) requireManagedPolicy(draft, boundary);
    const user = {
      name,
      id: newUniqueId('AIDA'),
      path,
      createDate: isoSeconds(now()),
      ...(boundary === undefined ? {} : { permissionsBoundaryArn: boundary }),
      tags,
      attachedPolicyArns: [],
      inlinePolicies: [],
    };
    draft.iam.users.push(user);
    return { User: userXml(draft, user) };
  });
};

const deleteUser: QueryAction = (params, { store }) => {
  const name = params.requiredString('UserName', userNameRule);
  store.mutate((draft) => {
    const user = requireUser(draft, name);
    // AWS words this one from the group's side, even when the user is the one being deleted.
    if (draft.iam.groups.some((group) => group.userNames.includes(user.name))) {
      throw deleteConflict('Cannot delete entity, must remove users from group first.');
    }
    if (draft.iam.accessKeys.some((key) => key.userName === name)) {
      throw deleteConflict('Cannot delete entity, must delete access keys first.');
    }
    if (user.attachedPolicyArns.length > 0)
      throw deleteConflict('Cannot delete entity, must detach all policies first.');
    if (user.inlinePolicies.length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    draft.iam.users = draft.iam.users.filter((candidate) => candidate !== user);
  });
  return undefined;
};

export const userActions: ReadonlyMap<string, QueryAction> = new Map([
  ['ListUsers', listUsers],
  ['GetUser', getUser],
  ['CreateUser', createUser],
  ['DeleteUser', deleteUser],
]);
