import { deleteConflict, entityAlreadyExists } from '../../errors';
import type { QueryAction } from '../../protocols/awsQuery';
import { pageFields, paginate, sortByKey } from '../../protocols/pagination';
import { isoSeconds } from '../../protocols/xml';
import { newUniqueId } from '../../state/ids';
import { requirePolicyDocument } from './documents';
import { requireManagedPolicy, requireRole, sameName } from './lookup';
import {
  arnRule,
  descriptionRule,
  pathPrefixRule,
  pathRule,
  policyDocumentRule,
  readPaging,
  readTags,
  roleNameRule,
} from './rules';
import { roleSummaryXml, roleXml } from './shapes';

const listRoles: QueryAction = (params, { store }) => {
  const doc = store.document;
  const prefix = params.string('PathPrefix', pathPrefixRule) ?? '/';
  const { maxItems, marker } = readPaging(params);
  const roles = sortByKey(
    doc.iam.roles.filter((role) => role.path.startsWith(prefix)),
    (role) => role.name,
  );
  const page = paginate(roles, (role) => role.name, maxItems, marker);
  return { Roles: page.items.map((role) => roleSummaryXml(doc, role)), ...pageFields(page) };
};

const getRole: QueryAction = (params, { store }) => {
  const doc = store.document;
  const role = requireRole(doc, params.requiredString('RoleName', roleNameRule));
  return { Role: roleXml(doc, role) };
};

const createRole: QueryAction = (params, { store, now }) => {
  const name = params.requiredString('RoleName', roleNameRule);
  const trust = requirePolicyDocument(params.requiredString('AssumeRolePolicyDocument', policyDocumentRule));
  const path = params.string('Path', pathRule) ?? '/';
  const description = params.string('Description', descriptionRule);
  const maxSessionDuration = params.integer('MaxSessionDuration', { min: 3600, max: 43200 }) ?? 3600;
  const boundary = params.string('PermissionsBoundary', arnRule);
  const tags = readTags(params);
  return store.mutate((draft) => {
    if (draft.iam.roles.some((role) => sameName(role.name, name))) {
      throw entityAlreadyExists(`Role with name ${name} already exists.`);
    }
    if (boundary !== undefined) requireManagedPolicy(draft, boundary);
    const role = {
      name,
      id: newUniqueId('AROA'),
      path,
      createDate: isoSeconds(now()),
      assumeRolePolicyDocument: trust,
      ...(description === undefined ? {} : { description }),
      maxSessionDuration,
      ...(boundary === undefined ? {} : { permissionsBoundaryArn: boundary }),
      tags,
      attachedPolicyArns: [],
      inlinePolicies: [],
    };
    draft.iam.roles.push(role);
    return { Role: roleXml(draft, role) };
  });
};

const deleteRole: QueryAction = (params, { store }) => {
  const name = params.requiredString('RoleName', roleNameRule);
  store.mutate((draft) => {
    const role = requireRole(draft, name);
    if (draft.iam.instanceProfiles.some((profile) => profile.roleNames.includes(name))) {
      throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
    }
    if (role.attachedPolicyArns.length > 0)
      throw deleteConflict('Cannot delete entity, must detach all policies first.');
    if (role.inlinePolicies.length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    draft.iam.roles = draft.iam.roles.filter((candidate) => candidate !== role);
  });
  return undefined;
};

/** Replaces the trust policy; IAM keeps the text as sent, as it does for CreateRole. */
const updateAssumeRolePolicy: QueryAction = (params, { store }) => {
  const name = params.requiredString('RoleName', roleNameRule);
  const trust = requirePolicyDocument(params.requiredString('PolicyDocument', policyDocumentRule));
  store.mutate((draft) => {
    requireRole(draft, name).assumeRolePolicyDocument = trust;
  });
  return undefined;
};

export const roleActions: ReadonlyMap<string, QueryAction> = new Map([
  ['ListRoles', listRoles],
  ['GetRole', getRole],
  ['CreateRole', createRole],
  ['DeleteRole', deleteRole],
  ['UpdateAssumeRolePolicy', updateAssumeRolePolicy],
]);
