import { deleteConflict, entityAlreadyExists, limitExceeded, noSuchEntity } from '../../errors';
import type { QueryAction } from '../../protocols/awsQuery';
import { pageFields, paginate, sortByKey } from '../../protocols/pagination';
import { isoSeconds } from '../../protocols/xml';
import { newUniqueId } from '../../state/ids';
import { requireInstanceProfile, requireRole, sameName } from './lookup';
import { instanceProfileNameRule, pathPrefixRule, pathRule, readPaging, readTags, roleNameRule } from './rules';
import { instanceProfileXml } from './shapes';

/** AWS allows exactly one role per instance profile, and the quota cannot be raised. */
const ROLES_PER_INSTANCE_PROFILE = 1;

const listInstanceProfiles: QueryAction = (params, { store }) => {
  const doc = store.document;
  const prefix = params.string('PathPrefix', pathPrefixRule) ?? '/';
  const { maxItems, marker } = readPaging(params);
  const profiles = sortByKey(
    doc.iam.instanceProfiles.filter((profile) => profile.path.startsWith(prefix)),
    (profile) => profile.name,
  );
  const page = paginate(profiles, (profile) => profile.name, maxItems, marker);
  return { InstanceProfiles: page.items.map((profile) => instanceProfileXml(doc, profile)), ...pageFields(page) };
};

const listInstanceProfilesForRole: QueryAction = (params, { store }) => {
  const doc = store.document;
  const role = requireRole(doc, params.requiredString('RoleName', roleNameRule));
  const { maxItems, marker } = readPaging(params);
  const profiles = sortByKey(
    doc.iam.instanceProfiles.filter((profile) => profile.roleNames.includes(role.name)),
    (profile) => profile.name,
  );
  const page = paginate(profiles, (profile) => profile.name, maxItems, marker);
  return { InstanceProfiles: page.items.map((profile) => instanceProfileXml(doc, profile)), ...pageFields(page) };
};

const getInstanceProfile: QueryAction = (params, { store }) => {
  const doc = store.document;
  const profile = requireInstanceProfile(doc, params.requiredString('InstanceProfileName', instanceProfileNameRule));
  return { InstanceProfile: instanceProfileXml(doc, profile) };
};

const createInstanceProfile: QueryAction = (params, { store, now }) => {
  const name = params.requiredString('InstanceProfileName', instanceProfileNameRule);
  const path = params.string('Path', pathRule) ?? '/';
  const tags = readTags(params);
  return store.mutate((draft) => {
    if (draft.iam.instanceProfiles.some((profile) => sameName(profile.name, name))) {
      throw entityAlreadyExists(`Instance Profile ${name} already exists.`);
    }
    const profile = { name, id: newUniqueId('AIPA'), path, createDate: isoSeconds(now()), roleNames: [], tags };
    draft.iam.instanceProfiles.push(profile);
    return { InstanceProfile: instanceProfileXml(draft, profile) };
  });
};

const deleteInstanceProfile: QueryAction = (params, { store }) => {
  const name = params.requiredString('InstanceProfileName', instanceProfileNameRule);
  store.mutate((draft) => {
    const profile = requireInstanceProfile(draft, name);
    if (profile.roleNames.length > 0) {
      throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
    }
    draft.iam.instanceProfiles = draft.iam.instanceProfiles.filter((candidate) => candidate !== profile);
  });
  return undefined;
};

const addRoleToInstanceProfile: QueryAction = (params, { store }) => {
  const profileName = params.requiredString('InstanceProfileName', instanceProfileNameRule);
  const roleName = params.requiredString('RoleName', roleNameRule);
  store.mutate((draft) => {
    const profile = requireInstanceProfile(draft, profileName);
    const role = requireRole(draft, roleName);
    if (profile.roleNames.length >= ROLES_PER_INSTANCE_PROFILE) {
      throw limitExceeded(`Cannot exceed quota for InstanceSessionsPerInstanceProfile: ${ROLES_PER_INSTANCE_PROFILE}`);
    }
    profile.roleNames.push(role.name);
  });
  return undefined;
};

const removeRoleFromInstanceProfile: QueryAction = (params, { store }) => {
  const profileName = params.requiredString('InstanceProfileName', instanceProfileNameRule);
  const roleName = params.requiredString('RoleName', roleNameRule);
  store.mutate((draft) => {
    const profile = requireInstanceProfile(draft, profileName);
    requireRole(draft, roleName);
    if (!profile.roleNames.includes(roleName)) {
      throw noSuchEntity(`The role with name ${roleName} cannot be found in instance profile ${profileName}.`);
    }
    profile.roleNames = profile.roleNames.filter((candidate) => candidate !== roleName);
  });
  return undefined;
};

export const instanceProfileActions: ReadonlyMap<string, QueryAction> = new Map([
  ['ListInstanceProfiles', listInstanceProfiles],
  ['ListInstanceProfilesForRole', listInstanceProfilesForRole],
  ['GetInstanceProfile', getInstanceProfile],
  ['CreateInstanceProfile', createInstanceProfile],
  ['DeleteInstanceProfile', deleteInstanceProfile],
  ['AddRoleToInstanceProfile', addRoleToInstanceProfile],
  ['RemoveRoleFromInstanceProfile', removeRoleFromInstanceProfile],
]);
