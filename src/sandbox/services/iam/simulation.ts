/**
 * SimulatePrincipalPolicy: the same evaluator that enforces users' calls,
 * applied to a user's or a role's identity policies for each requested action
 * and resource, so "would this be allowed?" and "was it allowed?" agree.
 */
import { AwsError, noSuchEntity } from '../../errors';
import type { QueryAction } from '../../protocols/awsQuery';
import { decodeMarker, encodeMarker } from '../../protocols/pagination';
import type { XmlNode } from '../../protocols/xml';
import { evaluate } from '../../policy/evaluator';
import { identityPolicies } from '../../policy/principalPolicies';
import type { RoleState, StateDocument, UserState } from '../../state/document';
import { roleArn, userArn } from './lookup';
import { arnRule, readPaging } from './rules';

function requirePrincipal(doc: StateDocument, arn: string): UserState | RoleState {
  const entity =
    doc.iam.users.find((user) => userArn(doc, user) === arn) ??
    doc.iam.roles.find((role) => roleArn(doc, role) === arn);
  if (entity) return entity;
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  if (/^arn:aws:iam::\d{12}:user\//.test(arn)) throw noSuchEntity(`The user with name ${name} cannot be found.`);
  if (/^arn:aws:iam::\d{12}:role\//.test(arn)) throw noSuchEntity(`The role with name ${name} cannot be found.`);
  throw new AwsError('InvalidInput', `Invalid ARN: ${arn}. Only user and role ARNs can be simulated.`, 400);
}

function requiredList(values: string[], member: string): string[] {
  if (values.length > 0) return values;
  throw new AwsError(
    'ValidationError',
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    400,
  );
}

const simulatePrincipalPolicy: QueryAction = (params, { store }) => {
  const doc = store.document;
  const entity = requirePrincipal(doc, params.requiredString('PolicySourceArn', arnRule));
  const actions = requiredList(params.stringList('ActionNames'), 'actionNames');
  const listedResources = params.stringList('ResourceArns');
  const resources = listedResources.length > 0 ? listedResources : ['*'];
  const { maxItems, marker } = readPaging(params);
  const policies = identityPolicies(doc, entity);

  // One result per action and resource, actions outermost, in request order, as AWS lists them.
  const results: XmlNode[] = actions.flatMap((action) =>
    resources.map((resource): XmlNode => {
      const evaluation = evaluate(policies, action, resource);
      return {
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: evaluation.decision,
        MatchedStatements: evaluation.matchedStatements.map((statement) => ({
          SourcePolicyId: statement.sourcePolicyId,
          SourcePolicyType: statement.sourcePolicyType,
        })),
        // ContextEntries are not read, so conditions stay undecided (policy/evaluator.ts) and no key is reported missing.
        MissingContextValues: [],
      };
    }),
  );

  // Results have no natural key, so the marker carries the index of the next one.
  const start = marker === undefined ? 0 : Number(decodeMarker(marker));
  if (!Number.isInteger(start) || start < 0 || start > results.length) {
    throw new AwsError('InvalidInput', 'Invalid Marker.', 400);
  }
  const limit = maxItems ?? 100;
  const page = results.slice(start, start + limit);
  const next = start + limit;
  return next < results.length
    ? { EvaluationResults: page, IsTruncated: true, Marker: encodeMarker(String(next)) }
    : { EvaluationResults: page, IsTruncated: false };
};

export const simulationActions: ReadonlyMap<string, QueryAction> = new Map([
  ['SimulatePrincipalPolicy', simulatePrincipalPolicy],
]);
