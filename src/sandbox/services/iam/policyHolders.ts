/**
 * Managed-policy attachments and inline policies. Roles, users and groups
 * behave the same way in IAM, so the operations are written once for all three
 * and the action names (AttachRolePolicy / AttachGroupPolicy, ...) come from one table.
 */
import { limitExceeded, noSuchEntity } from '../../errors';
import type { QueryAction } from '../../protocols/awsQuery';
import type { StringRule } from '../../protocols/queryParams';
import { pageFields, paginate, sortByKey } from '../../protocols/pagination';
import type { InlinePolicyState, StateDocument } from '../../state/document';
import { encodePolicyDocument, requirePolicyDocument } from './documents';
import { groupNameRule, requireGroup } from './groups';
import { findManagedPolicy, policyName, requireRole, requireUser } from './lookup';
import {
  arnRule,
  pathPrefixRule,
  policyDocumentRule,
  policyNameRule,
  readPaging,
  requireArnShape,
  roleNameRule,
  userNameRule,
} from './rules';

/** AWS's default quota of managed policies per role, user and group. */
export const MANAGED_POLICIES_PER_ENTITY = 10;

interface PolicyHolder {
  name: string;
  attachedPolicyArns: string[];
  inlinePolicies: InlinePolicyState[];
}

interface HolderKind {
  /** `Role`, `User` or `Group`, as it appears in action names. */
  readonly noun: 'Role' | 'User' | 'Group';
  readonly nameParam: 'RoleName' | 'UserName' | 'GroupName';
  readonly nameRule: StringRule;
  readonly quotaName: string;
  readonly find: (doc: StateDocument, name: string) => PolicyHolder;
}

const KINDS: readonly HolderKind[] = [
  { noun: 'Role', nameParam: 'RoleName', nameRule: roleNameRule, quotaName: 'PoliciesPerRole', find: requireRole },
  { noun: 'User', nameParam: 'UserName', nameRule: userNameRule, quotaName: 'PoliciesPerUser', find: requireUser },
  { noun: 'Group', nameParam: 'GroupName', nameRule: groupNameRule, quotaName: 'PoliciesPerGroup', find: requireGroup },
];

function holderActions(kind: HolderKind): Array<[string, QueryAction]> {
  const { noun, nameParam, nameRule } = kind;
  const lower = noun.toLowerCase();

  const attach: QueryAction = (params, { store }) => {
    const name = params.requiredString(nameParam, nameRule);
    const arn = params.requiredString('PolicyArn', arnRule);
    requireArnShape(arn);
    store.mutate((draft) => {
      const holder = kind.find(draft, name);
      const policy = findManagedPolicy(draft, arn);
      if (!policy || !policy.attachable) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
      // Attaching twice is a no-op in AWS, not an error.
      if (holder.attachedPolicyArns.includes(arn)) return;
      if (holder.attachedPolicyArns.length >= MANAGED_POLICIES_PER_ENTITY) {
        throw limitExceeded(`Cannot exceed quota for ${kind.quotaName}: ${MANAGED_POLICIES_PER_ENTITY}`);
      }
      holder.attachedPolicyArns.push(arn);
    });
    return undefined;
  };

  const detach: QueryAction = (params, { store }) => {
    const name = params.requiredString(nameParam, nameRule);
    const arn = params.requiredString('PolicyArn', arnRule);
    requireArnShape(arn);
    store.mutate((draft) => {
      const holder = kind.find(draft, name);
      if (!holder.attachedPolicyArns.includes(arn)) throw noSuchEntity(`Policy ${arn} was not found.`);
      holder.attachedPolicyArns = holder.attachedPolicyArns.filter((attached) => attached !== arn);
    });
    return undefined;
  };

  const listAttached: QueryAction = (params, { store }) => {
    const doc = store.document;
    const holder = kind.find(doc, params.requiredString(nameParam, nameRule));
    const prefix = params.string('PathPrefix', pathPrefixRule) ?? '/';
    const { maxItems, marker } = readPaging(params);
    const attached = holder.attachedPolicyArns
      .map((arn) => ({ arn, name: policyName(doc, arn), path: findManagedPolicy(doc, arn)?.path ?? '/' }))
      .filter((entry) => entry.path.startsWith(prefix));
    const keyOf = (entry: { name: string; arn: string }): string => `${entry.name}\n${entry.arn}`;
    const page = paginate(sortByKey(attached, keyOf), keyOf, maxItems, marker);
    return {
      AttachedPolicies: page.items.map((entry) => ({ PolicyName: entry.name, PolicyArn: entry.arn })),
      ...pageFields(page),
    };
  };

  const listInline: QueryAction = (params, { store }) => {
    const holder = kind.find(store.document, params.requiredString(nameParam, nameRule));
    const { maxItems, marker } = readPaging(params);
    const names = sortByKey(
      holder.inlinePolicies.map((policy) => policy.name),
      (policyNameValue) => policyNameValue,
    );
    const page = paginate(names, (policyNameValue) => policyNameValue, maxItems, marker);
    return { PolicyNames: page.items, ...pageFields(page) };
  };

  const getInline: QueryAction = (params, { store }) => {
    const name = params.requiredString(nameParam, nameRule);
    const policyNameValue = params.requiredString('PolicyName', policyNameRule);
    const holder = kind.find(store.document, name);
    const policy = holder.inlinePolicies.find((candidate) => candidate.name === policyNameValue);
    if (!policy) throw noSuchEntity(`The ${lower} policy with name ${policyNameValue} cannot be found.`);
    return { [nameParam]: holder.name, PolicyName: policy.name, PolicyDocument: encodePolicyDocument(policy.document) };
  };

  const putInline: QueryAction = (params, { store }) => {
    const name = params.requiredString(nameParam, nameRule);
    const policyNameValue = params.requiredString('PolicyName', policyNameRule);
    const document = requirePolicyDocument(params.requiredString('PolicyDocument', policyDocumentRule));
    store.mutate((draft) => {
      const holder = kind.find(draft, name);
      const existing = holder.inlinePolicies.find((candidate) => candidate.name === policyNameValue);
      if (existing) existing.document = document;
      else holder.inlinePolicies.push({ name: policyNameValue, document });
    });
    return undefined;
  };

  const deleteInline: QueryAction = (params, { store }) => {
    const name = params.requiredString(nameParam, nameRule);
    const policyNameValue = params.requiredString('PolicyName', policyNameRule);
    store.mutate((draft) => {
      const holder = kind.find(draft, name);
      if (!holder.inlinePolicies.some((candidate) => candidate.name === policyNameValue)) {
        throw noSuchEntity(`The ${lower} policy with name ${policyNameValue} cannot be found.`);
      }
      holder.inlinePolicies = holder.inlinePolicies.filter((candidate) => candidate.name !== policyNameValue);
    });
    return undefined;
  };

  return [
    [`Attach${noun}Policy`, attach],
    [`Detach${noun}Policy`, detach],
    [`ListAttached${noun}Policies`, listAttached],
    [`List${noun}Policies`, listInline],
    [`Get${noun}Policy`, getInline],
    [`Put${noun}Policy`, putInline],
    [`Delete${noun}Policy`, deleteInline],
  ];
}

export const policyHolderActions: ReadonlyMap<string, QueryAction> = new Map(KINDS.flatMap(holderActions));
