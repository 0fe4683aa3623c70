/**
 * A small reading of IAM policy documents: enough to estimate a decision when
 * SimulatePrincipalPolicy is unavailable (moto, or a scanner without
 * iam:SimulatePrincipalPolicy), to classify what a policy is for, and to check
 * a trust policy. Conditions are not evaluated, so an estimate is labelled as one.
 */
import { isObject, stringList } from '../../../shared/search/policyText';

export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface PolicyStatement {
  effect: 'Allow' | 'Deny';
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  principals: string[];
  sid?: string;
}

/** Parses a policy document's text; an unreadable document reads as no statements. */
export function statementsOfDocument(text: string | undefined): PolicyStatement[] {
  if (!text) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isObject(parsed)) return [];
  const raw = parsed['Statement'];
  const list: unknown[] = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter(isObject).map((s) => ({
    effect: s['Effect'] === 'Deny' ? 'Deny' : 'Allow',
    actions: stringList(s['Action']),
    notActions: stringList(s['NotAction']),
    resources: stringList(s['Resource']),
    notResources: stringList(s['NotResource']),
    principals: principalsOf(s['Principal']),
    ...(typeof s['Sid'] === 'string' ? { sid: s['Sid'] } : {}),
  }));
}

function principalsOf(value: unknown): string[] {
  if (value === '*') return ['*'];
  if (!isObject(value)) return [];
  return Object.values(value).flatMap((v) => stringList(v));
}

/** IAM's `*` and `?` wildcards; actions compare case-insensitively, resources case-sensitively. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, caseInsensitive ? 'i' : '').test(value);
}

function coversAction(s: PolicyStatement, action: string): boolean {
  if (s.notActions.length) return !s.notActions.some((p) => wildcardMatch(p, action, true));
  return s.actions.some((p) => wildcardMatch(p, action, true));
}

function coversResource(s: PolicyStatement, resource: string | undefined): boolean {
  // Without a resource the question is "is it allowed anywhere", so any resource list counts.
  if (resource === undefined) return s.notResources.length > 0 || s.resources.length > 0;
  if (s.notResources.length) return !s.notResources.some((p) => wildcardMatch(p, resource));
  return s.resources.some((p) => wildcardMatch(p, resource));
}

export interface NamedStatements {
  /** Policy name, as it appears in the evidence. */
  name: string;
  statements: PolicyStatement[];
}

export interface Estimate {
  decision: Decision;
  matched: string[];
}

/** Explicit deny wins, then any allow; what no statement grants is an implicit deny. */
export function estimateDecision(policies: readonly NamedStatements[], action: string, resource?: string): Estimate {
  const matching = (effect: 'Allow' | 'Deny') =>
    policies
      .filter((p) =>
        p.statements.some((s) => s.effect === effect && coversAction(s, action) && coversResource(s, resource)),
      )
      .map((p) => p.name);
  const denied = matching('Deny');
  if (denied.length) return { decision: 'explicitDeny', matched: denied };
  const allowed = matching('Allow');
  return allowed.length ? { decision: 'allowed', matched: allowed } : { decision: 'implicitDeny', matched: [] };
}

/** The Allow actions a document lists (NotAction statements are left out: they grant "everything but"). */
export function allowedActionPatterns(statements: readonly PolicyStatement[]): string[] {
  return statements.filter((s) => s.effect === 'Allow').flatMap((s) => s.actions);
}

/** Whether a trust policy lets the service assume the role (sts:AssumeRole allowed for that principal). */
export function trustsService(trustPolicy: string, service: string): boolean {
  return statementsOfDocument(trustPolicy).some(
    (s) =>
      s.effect === 'Allow' && s.principals.some((p) => p === service || p === '*') && coversAction(s, 'sts:AssumeRole'),
  );
}

/** The services a trust policy names, for evidence. */
export function trustedPrincipals(trustPolicy: string): string[] {
  return [
    ...new Set(
      statementsOfDocument(trustPolicy)
        .filter((s) => s.effect === 'Allow')
        .flatMap((s) => s.principals),
    ),
  ];
}
