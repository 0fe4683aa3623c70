/**
 * The ec2Query protocol: awsQuery-style form parameters, but lists are
 * `Name.N` (no `.member`), responses have no `Result` wrapper, list entries
 * are `<item>`, element names are lower camel case, and errors come in a
 * `<Response><Errors>` envelope with `RequestID`.
 */
import { AwsError } from '../errors';
import type { RequestContext, SandboxResponse, ServiceModule } from '../serviceModule';
import { readQueryParams, type RequestResources } from './awsQuery';
import type { QueryParams } from './queryParams';
import { escapeAttribute, renderChildren, renderElement, type XmlNode } from './xml';

export const EC2_XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

export type Ec2Action = (params: QueryParams, context: RequestContext) => XmlNode;

export interface Ec2Filter {
  readonly name: string;
  readonly values: readonly string[];
}

function indexed(params: QueryParams, pattern: RegExp): Array<[number, RegExpExecArray]> {
  const found: Array<[number, RegExpExecArray]> = [];
  for (const name of params.names()) {
    const match = pattern.exec(name);
    if (match) found.push([Number(match[1]), match]);
  }
  return found.sort((a, b) => a[0] - b[0]);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `InstanceId.1`, `InstanceId.2`, … in index order. */
export function ec2List(params: QueryParams, name: string): string[] {
  const pattern = new RegExp(`^${escapeRegExp(name)}\\.(\\d+)$`);
  return indexed(params, pattern).flatMap(([, match]) => {
    const value = params.raw(match[0]);
    return value === undefined ? [] : [value];
  });
}

/** `Filter.N.Name` with `Filter.N.Value.M`. */
export function ec2Filters(params: QueryParams): Ec2Filter[] {
  return indexed(params, /^Filter\.(\d+)\.Name$/).map(([index, match]) => ({
    name: params.raw(match[0]) ?? '',
    values: ec2List(params, `Filter.${index}.Value`),
  }));
}

export function renderEc2Result(action: string, result: XmlNode, requestId: string): string {
  const body = renderChildren({ requestId, ...result }, 'item');
  return `<${action}Response xmlns="${escapeAttribute(EC2_XMLNS)}">${body}</${action}Response>`;
}

export function renderEc2Error(error: AwsError, requestId: string): string {
  return renderElement('Response', {
    Errors: { Error: { Code: error.code, Message: error.message } },
    RequestID: requestId,
  });
}

function ec2Response(status: number, body: string, requestId: string): SandboxResponse {
  return { status, headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-RequestId': requestId }, body };
}

/** `resources` names the ARNs an action acts on, for resource-level policies; undefined judges it on `*`. */
export function createEc2QueryService(
  signingName: string,
  actions: ReadonlyMap<string, Ec2Action>,
  resources?: RequestResources<QueryParams>,
): ServiceModule {
  const errorResponse = (error: AwsError, requestId: string): SandboxResponse =>
    ec2Response(error.status, renderEc2Error(error, requestId), requestId);
  return {
    signingName,
    renderError: errorResponse,
    handle(request, context) {
      try {
        const params = readQueryParams(request);
        const action = params.raw('Action');
        if (action === undefined || action === '')
          throw new AwsError('MissingAction', 'The request must contain the parameter Action.', 400);
        const handler = actions.get(action);
        if (!handler)
          throw new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`, 400);
        context.authorize(`${signingName}:${action}`, resources?.(action, params, context));
        return ec2Response(
          200,
          renderEc2Result(action, handler(params, context), context.requestId),
          context.requestId,
        );
      } catch (error: unknown) {
        if (error instanceof AwsError) return errorResponse(error, context.requestId);
        console.error(`[sandbox] ${signingName} handler failed:`, error);
        return errorResponse(
          new AwsError('InternalError', 'An internal error has occurred.', 500, 'Receiver'),
          context.requestId,
        );
      }
    },
  };
}
