/**
 * SimulatePrincipalPolicy and SimulateCustomPolicy: the evaluator that
 * enforces the sandbox's requests (src/shared/iam), applied to a user's or a
 * role's policies (or to the policies given) for each requested action and
 * resource, so "would this be allowed?" and "was it allowed?" agree.
 */
import { authorize, type ResourcePolicy } from '../../../shared/iam/evaluation';
import type { RequestPrincipal } from '../../../shared/iam/principals';
import type { RequestContext } from '../../../shared/iam/requestContext';
import type { MatchedStatement, PolicyInput } from '../../../shared/iam/statements';
import { AwsError, invalidInput, noSuchEntity } from '../../errors';
import type { QueryAction } from '../../protocols/awsQuery';
import { decodeMarker, encodeMarker } from '../../protocols/pagination';
import type { QueryParams } from '../../protocols/queryParams';
import type { XmlNode } from '../../protocols/xml';
import { boundaryPolicies, identityPolicies } from '../../policy/principalPolicies';
import type { RoleState, StateDocument, UserState } from '../../state/document';
import { roleArn, userArn } from './lookup';
import { arnRule, readPaging } from './rules';
import {
  accountOfArn,
  readCallerArn,
  readContextEntries,
  readPolicyList,
  readResourceOwner,
  readResourcePolicy,
} from './simulationInputs';

function requirePrincipal(doc: StateDocument, arn: string): UserState | RoleState {
  const entity =
    doc.iam.users.find((user) => userArn(doc, user) === arn) ??
    doc.iam.roles.find((role) => roleArn(doc, role) === arn);
  if (entity) return entity;
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  if (/^arn:aws[a-z-]*:iam::\d{12}:user\//.test(arn)) throw noSuchEntity(`The user with name ${name} cannot be found.`);
  if (/^arn:aws[a-z-]*:iam::\d{12}:role\//.test(arn)) throw noSuchEntity(`The role with name ${name} cannot be found.`);
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

interface Simulation {
  readonly identityPolicies: readonly PolicyInput[];
  readonly boundaryPolicies: readonly PolicyInput[] | undefined;
  /** Who calls, for a resource policy's Principal; undefined when no resource policy needs one. */
  readonly caller: RequestPrincipal | undefined;
  readonly context: RequestContext;
  readonly resourcePolicy: (action: string) => ResourcePolicy | undefined;
  /** ResourceOwner's account; the caller's own when not given. */
  readonly resourceAccount: string | undefined;
}

function matchedStatementXml(statement: MatchedStatement): XmlNode {
  return {
    SourcePolicyId: statement.policyId,
    SourcePolicyType: statement.policyType === 'resource' ? 'Resource Policy' : 'IAM Policy',
  };
}

/** One result per action and resource, actions outermost, in request order, as AWS lists them; paged by index. */
function simulate(params: QueryParams, simulation: Simulation): XmlNode {
  const actions = requiredList(params.stringList('ActionNames'), 'actionNames');
  const listedResources = params.stringList('ResourceArns');
  const resources = listedResources.length > 0 ? listedResources : ['*'];
  const { maxItems, marker } = readPaging(params);
  const results: XmlNode[] = actions.flatMap((action) => {
    const resourcePolicy = simulation.resourcePolicy(action);
    if (resourcePolicy && !simulation.caller) {
      throw invalidInput('CallerArn is required when a ResourcePolicy is given and the policy source is not a user.');
    }
    return resources.map((resource): XmlNode => {
      const evaluation = authorize({
        action,
        resource,
        context: simulation.context,
        identityPolicies: simulation.identityPolicies,
        ...(simulation.caller ? { principal: simulation.caller } : {}),
        ...(simulation.resourceAccount ? { resourceAccount: simulation.resourceAccount } : {}),
        ...(simulation.boundaryPolicies ? { boundaryPolicies: simulation.boundaryPolicies } : {}),
        ...(resourcePolicy ? { resourcePolicy } : {}),
      });
      return {
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: evaluation.decision,
        MatchedStatements: evaluation.matchedStatements.map(matchedStatementXml),
        MissingContextValues: [...evaluation.missingContextKeys],
        ...(evaluation.boundaryDecision === undefined
          ? {}
          : {
              PermissionsBoundaryDecisionDetail: {
                AllowedByPermissionsBoundary: evaluation.boundaryDecision === 'allowed',
              },
            }),
      };
    });
  });

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
}

/** The caller a resource policy sees: CallerArn, else the user being simulated. */
function callerOf(callerArn: string | undefined, fallback: string | undefined): RequestPrincipal | undefined {
  const arn = callerArn ?? fallback;
  const accountId = arn === undefined ? undefined : accountOfArn(arn);
  return arn !== undefined && accountId !== undefined ? { arn, accountId } : undefined;
}

const simulatePrincipalPolicy: QueryAction = (params, { store }) => {
  const doc = store.document;
  const sourceArn = params.requiredString('PolicySourceArn', arnRule);
  const entity = requirePrincipal(doc, sourceArn);
  const isUser = /:user\//.test(sourceArn);
  const extra = readPolicyList(params, 'PolicyInputList');
  const boundaryOverride = readPolicyList(params, 'PermissionsBoundaryPolicyInputList');
  const boundary = boundaryOverride.length > 0 ? boundaryOverride : boundaryPolicies(doc, entity);
  return simulate(params, {
    identityPolicies: [...identityPolicies(doc, entity), ...extra],
    boundaryPolicies: boundary,
    caller: callerOf(readCallerArn(params), isUser ? sourceArn : undefined),
    context: readContextEntries(params),
    resourcePolicy: (action) => readResourcePolicy(params, action),
    resourceAccount: readResourceOwner(params),
  });
};

const simulateCustomPolicy: QueryAction = (params) => {
  const policies = readPolicyList(params, 'PolicyInputList');
  requiredList(
    policies.map((policy) => policy.id),
    'policyInputList',
  );
  const boundary = readPolicyList(params, 'PermissionsBoundaryPolicyInputList');
  return simulate(params, {
    identityPolicies: policies,
    boundaryPolicies: boundary.length > 0 ? boundary : undefined,
    caller: callerOf(readCallerArn(params), undefined),
    context: readContextEntries(params),
    resourcePolicy: (action) => readResourcePolicy(params, action),
    resourceAccount: readResourceOwner(params),
  });
};

export const simulationActions: ReadonlyMap<string, QueryAction> = new Map([
  ['SimulatePrincipalPolicy', simulatePrincipalPolicy],
  ['SimulateCustomPolicy', simulateCustomPolicy],
]);
