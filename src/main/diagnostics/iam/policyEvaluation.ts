/**
 * The Doctor's reading of IAM policy documents, over the shared evaluator
 * (src/shared/iam) that the sandbox enforces with: enough to estimate a
 * decision when SimulatePrincipalPolicy is unavailable (moto, or a scanner
 * without iam:SimulatePrincipalPolicy), to classify what a policy is for, and
 * to check a trust policy.
 *
 * An estimate has no request, so no condition can be decided: an Allow whose
 * condition (or policy variable) is undecided still counts, a Deny still
 * applies, and the estimate says which statements were conditional.
 */
import { authorize, type Decision } from '../../../shared/iam/evaluation';
import { readPolicy, type ParsedPolicy, type Statement } from '../../../shared/iam/policyDocument';
import { UNKNOWN_REQUEST } from '../../../shared/iam/requestContext';
import type { MatchedStatement } from '../../../shared/iam/statements';
import { wildcardMatches } from '../../../shared/iam/wildcards';
import { isObject, stringList } from '../../../shared/search/policyText';

export type { Decision } from '../../../shared/iam/evaluation';

export interface PolicyStatement {
  effect: 'Allow' | 'Deny';
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  principals: string[];
  sid?: string;
  /** Position in the document's Statement list, for evidence. */
  index?: number;
  /** The raw Condition element, when the statement has one. */
  condition?: unknown;
}

function principalsOf(value: unknown): string[] {
  if (value === '*') return ['*'];
  if (!isObject(value)) return [];
  return Object.values(value).flatMap((v) => stringList(v));
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
  return readPolicy(parsed).statements.flatMap((s): PolicyStatement[] =>
    s
      ? [
          {
            effect: s.effect,
            actions: [...(s.action ?? [])],
            notActions: [...(s.notAction ?? [])],
            resources: [...(s.resource ?? [])],
            notResources: [...(s.notResource ?? [])],
            principals: principalsOf(s.principal),
            index: s.index,
            ...(s.sid === undefined ? {} : { sid: s.sid }),
            ...(s.condition === undefined ? {} : { condition: s.condition }),
          },
        ]
      : [],
  );
}

/** IAM's `*` and `?` wildcards; actions compare case-insensitively, resources case-sensitively. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  return wildcardMatches(pattern, value, caseInsensitive);
}

export interface NamedStatements {
  /** Policy name, as it appears in the evidence. */
  name: string;
  statements: PolicyStatement[];
}

export interface Estimate {
  decision: Decision;
  /** The policies whose statements decided it. */
  matched: string[];
  /** The deciding statements themselves, for evidence: `Policy statement 2 "Sid"`. */
  statements: string[];
  /** Whether a deciding statement has a condition the estimate could not evaluate. */
  conditional: boolean;
}

function asStatement(s: PolicyStatement, position: number): Statement {
  const element = (listed: string[], negated: string[]) =>
    negated.length > 0 ? { positive: undefined, negative: negated } : { positive: listed, negative: undefined };
  const action = element(s.actions, s.notActions);
  const resource = element(s.resources, s.notResources);
  return {
    index: s.index ?? position,
    sid: s.sid,
    effect: s.effect,
    action: action.positive,
    notAction: action.negative,
    resource: resource.positive,
    notResource: resource.negative,
    principal: undefined,
    notPrincipal: undefined,
    condition: s.condition,
  };
}

function asPolicy(policy: NamedStatements): ParsedPolicy {
  return { version: '2012-10-17', statements: policy.statements.map(asStatement) };
}

export function describeStatement(statement: MatchedStatement): string {
  const sid = statement.sid ? ` "${statement.sid}"` : '';
  const conditional = statement.undecided ? ', conditional' : '';
  return `${statement.policyId} statement ${statement.statementIndex + 1}${sid}${conditional}`;
}

/**
 * Explicit deny wins, then any allow; what no statement grants is an implicit
 * deny. Without a resource the question is "is it allowed anywhere", so any
 * Resource element counts.
 */
export function estimateDecision(policies: readonly NamedStatements[], action: string, resource?: string): Estimate {
  const result = authorize({
    action,
    resource,
    context: UNKNOWN_REQUEST,
    identityPolicies: policies.map((policy) => ({ id: policy.name, document: asPolicy(policy) })),
    undecidedAllow: 'grant',
  });
  return {
    decision: result.decision,
    matched: [...new Set(result.matchedStatements.map((s) => s.policyId))],
    statements: result.matchedStatements.map(describeStatement),
    conditional: result.undecided,
  };
}

/** The Allow actions a document lists (NotAction statements are left out: they grant "everything but"). */
export function allowedActionPatterns(statements: readonly PolicyStatement[]): string[] {
  return statements.filter((s) => s.effect === 'Allow').flatMap((s) => s.actions);
}

/** Whether a trust policy lets the service assume the role (its Deny statements and conditions read too). */
export function trustsService(trustPolicy: string, service: string): boolean {
  return (
    authorize({
      action: 'sts:AssumeRole',
      resource: undefined,
      context: UNKNOWN_REQUEST,
      principal: { arn: service, accountId: '', service },
      identityPolicies: [],
      resourcePolicy: { policy: { id: 'trust policy', document: trustPolicy }, kind: 'trust' },
      undecidedAllow: 'grant',
    }).decision === 'allowed'
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
