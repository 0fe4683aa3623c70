/**
 * The identity policies that apply to a user or a role, read from the state
 * on every call, so attaching, detaching or putting a policy takes effect on
 * the very next request, as it (eventually) does in AWS.
 */
import { findManagedPolicy } from '../services/iam/lookup';
import type { RoleState, StateDocument, UserState } from '../state/document';
import type { PolicySource } from './evaluator';

/** Managed policies in their default version, then inline policies; a dangling attachment grants nothing. */
export function identityPolicies(doc: StateDocument, entity: UserState | RoleState): PolicySource[] {
  const managed = entity.attachedPolicyArns.flatMap((arn): PolicySource[] => {
    const policy = findManagedPolicy(doc, arn);
    const version = policy?.versions.find((candidate) => candidate.versionId === policy.defaultVersionId);
    return policy && version ? [{ id: policy.name, document: version.document }] : [];
  });
  const inline = entity.inlinePolicies.map((policy) => ({ id: policy.name, document: policy.document }));
  return [...managed, ...inline];
}
