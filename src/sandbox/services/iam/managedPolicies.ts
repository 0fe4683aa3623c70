import { isDraft } from 'immer';
import { AwsError, deleteConflict, entityAlreadyExists, noSuchEntity } from '../../errors';
import type { QueryAction } from '../../protocols/awsQuery';
import { pageFields, paginate, sortByKey } from '../../protocols/pagination';
import { isoSeconds } from '../../protocols/xml';
import { isAwsManagedPolicyArn } from '../../state/arns';
import type { CustomerPolicyState, StateDocument } from '../../state/document';
import { newUniqueId } from '../../state/ids';
import { requirePolicyDocument } from './documents';
import {
  allManagedPolicies,
  attachmentCount,
  policyUsage,
  boundaryUsageCount,
  customerPolicyArn,
  type ManagedPolicyView,
  type PolicyVersionView,
  requireManagedPolicy,
  sameName,
} from './lookup';
import {
  arnRule,
  descriptionRule,
  pathPrefixRule,
  pathRule,
  policyDocumentRule,
  policyNameRule,
  readPaging,
  readTags,
  requireArnShape,
  versionIdRule,
} from './rules';
import { policyVersionXml, policyXml } from './shapes';

const policyKey = (policy: ManagedPolicyView): string => `${policy.name}\n${policy.arn}`;

/** Sorted once per version of the account's policies: sorting 1,600 AWS policies per page would dominate a listing. */
const sortedByState = new WeakMap<object, readonly ManagedPolicyView[]>();

function sortedManagedPolicies(doc: StateDocument): readonly ManagedPolicyView[] {
  if (isDraft(doc.iam)) return sortByKey(allManagedPolicies(doc), policyKey);
  let sorted = sortedByState.get(doc.iam.policies);
  if (!sorted) sortedByState.set(doc.iam.policies, (sorted = sortByKey(allManagedPolicies(doc), policyKey)));
  return sorted;
}

/**
 * OnlyAttached keeps policies in use; PolicyUsageFilter says which use counts.
 * PermissionsBoundary on its own also narrows to policies used as boundaries.
 * A retired AWS policy AWS no longer lists shows only while something uses it.
 */
const listPolicies: QueryAction = (params, { store }) => {
  const doc = store.document;
  const scope = params.enumValue('Scope', ['All', 'AWS', 'Local'] as const) ?? 'All';
  const onlyAttached = params.boolean('OnlyAttached') ?? false;
  const prefix = params.string('PathPrefix', pathPrefixRule) ?? '/';
  const usage = params.enumValue('PolicyUsageFilter', ['PermissionsPolicy', 'PermissionsBoundary'] as const);
  const { maxItems, marker } = readPaging(params);
  const counts = policyUsage(doc);
  const inUse = (policy: ManagedPolicyView): boolean => {
    const counted = counts.get(policy.arn);
    const asPermissions = (counted?.attachments ?? 0) > 0;
    const asBoundary = (counted?.boundaries ?? 0) > 0;
    if (usage === 'PermissionsPolicy') return asPermissions;
    if (usage === 'PermissionsBoundary') return asBoundary;
    return asPermissions || asBoundary;
  };
  const policies = sortedManagedPolicies(doc).filter(
    (policy) =>
      (scope === 'All' || (scope === 'AWS') === policy.awsManaged) &&
      policy.path.startsWith(prefix) &&
      (!onlyAttached || inUse(policy)) &&
      (usage !== 'PermissionsBoundary' || inUse(policy)) &&
      (policy.listed || inUse(policy)),
  );
  const page = paginate(policies, policyKey, maxItems, marker);
  return {
    Policies: page.items.map((policy) => policyXml(doc, policy, { withDescription: false })),
    ...pageFields(page),
  };
};

const getPolicy: QueryAction = (params, { store }) => {
  const doc = store.document;
  const arn = params.requiredString('PolicyArn', arnRule);
  requireArnShape(arn);
  return { Policy: policyXml(doc, requireManagedPolicy(doc, arn), { withDescription: true }) };
};

function requireVersion(policy: ManagedPolicyView, versionId: string): PolicyVersionView {
  const version = policy.versions.find((candidate) => candidate.versionId === versionId);
  if (!version) throw noSuchEntity(`Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`);
  return version;
}

const getPolicyVersion: QueryAction = (params, { store }) => {
  const arn = params.requiredString('PolicyArn', arnRule);
  const versionId = params.requiredString('VersionId', versionIdRule);
  requireArnShape(arn);
  const policy = requireManagedPolicy(store.document, arn);
  return { PolicyVersion: policyVersionXml(policy, requireVersion(policy, versionId), true) };
};

/** Newest first, as AWS lists versions. The key inverts the number so the shared pager can walk it. */
const versionKey = (version: PolicyVersionView): string =>
  String(1_000_000_000 - Number(version.versionId.slice(1))).padStart(10, '0');

const listPolicyVersions: QueryAction = (params, { store }) => {
  const arn = params.requiredString('PolicyArn', arnRule);
  requireArnShape(arn);
  const { maxItems, marker } = readPaging(params);
  const policy = requireManagedPolicy(store.document, arn);
  const page = paginate(sortByKey(policy.versions, versionKey), versionKey, maxItems, marker);
  return { Versions: page.items.map((version) => policyVersionXml(policy, version, false)), ...pageFields(page) };
};

const createPolicy: QueryAction = (params, { store, now }) => {
  const name = params.requiredString('PolicyName', policyNameRule);
  const document = requirePolicyDocument(params.requiredString('PolicyDocument', policyDocumentRule));
  const path = params.string('Path', pathRule) ?? '/';
  const description = params.string('Description', descriptionRule);
  const tags = readTags(params);
  return store.mutate((draft) => {
    if (draft.iam.policies.some((policy) => sameName(policy.name, name))) {
      throw entityAlreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);
    }
    const created = isoSeconds(now());
    const policy: CustomerPolicyState = {
      name,
      id: newUniqueId('ANPA'),
      path,
      ...(description === undefined ? {} : { description }),
      createDate: created,
      updateDate: created,
      defaultVersionId: 'v1',
      versions: [{ versionId: 'v1', document, createDate: created }],
      tags,
    };
    draft.iam.policies.push(policy);
    return {
      Policy: policyXml(draft, requireManagedPolicy(draft, customerPolicyArn(draft, policy)), {
        withDescription: true,
      }),
    };
  });
};

const deletePolicy: QueryAction = (params, { store, principal }) => {
  const arn = params.requiredString('PolicyArn', arnRule);
  requireArnShape(arn);
  store.mutate((draft) => {
    const view = requireManagedPolicy(draft, arn);
    if (isAwsManagedPolicyArn(arn)) {
      // AWS managed policies belong to AWS's account; nobody in this account may delete them.
      throw new AwsError(
        'AccessDenied',
        `User: ${principal.arn} is not authorized to perform: iam:DeletePolicy on resource: policy ${arn}`,
        403,
      );
    }
    if (attachmentCount(draft, arn) > 0 || boundaryUsageCount(draft, arn) > 0) {
      throw deleteConflict('Cannot delete a policy attached to entities.');
    }
    if (view.versions.length > 1) {
      throw deleteConflict(
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
      );
    }
    draft.iam.policies = draft.iam.policies.filter((policy) => customerPolicyArn(draft, policy) !== arn);
  });
  return undefined;
};

export const managedPolicyActions: ReadonlyMap<string, QueryAction> = new Map([
  ['ListPolicies', listPolicies],
  ['GetPolicy', getPolicy],
  ['GetPolicyVersion', getPolicyVersion],
  ['ListPolicyVersions', listPolicyVersions],
  ['CreatePolicy', createPolicy],
  ['DeletePolicy', deletePolicy],
]);
