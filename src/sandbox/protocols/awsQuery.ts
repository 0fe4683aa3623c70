/**
 * The awsQuery protocol (IAM, STS, and later Elastic Beanstalk and RDS):
 * form-encoded parameters in, XML out, errors in an `<ErrorResponse>` envelope.
 */
import { AwsError, internalFailure } from '../errors';
import type { RequestContext, SandboxRequest, SandboxResponse, ServiceModule } from '../serviceModule';
import { escapeAttribute, renderElement, type XmlNode } from './xml';
import { QueryParams } from './queryParams';

export type QueryAction = (params: QueryParams, context: RequestContext) => XmlNode | undefined;

export interface AwsQueryServiceDefinition {
  readonly signingName: string;
  /** The response namespace, e.g. `https://iam.amazonaws.com/doc/2010-05-08/`. */
  readonly xmlns: string;
  /** The API version, used in AWS's "Could not find operation" message. */
  readonly version: string;
  readonly actions: ReadonlyMap<string, QueryAction>;
  /** The ARNs an action acts on, for resource-level policies; undefined judges it on `*`. */
  readonly resources?: RequestResources<QueryParams>;
}

export type RequestResources<P> = (action: string, params: P, context: RequestContext) => readonly string[] | undefined;

export function renderQueryResult(
  action: string,
  xmlns: string,
  result: XmlNode | undefined,
  requestId: string,
): string {
  const resultXml = result === undefined ? '' : renderElement(`${action}Result`, result);
  const metadata = renderElement('ResponseMetadata', { RequestId: requestId });
  return `<${action}Response xmlns="${escapeAttribute(xmlns)}">${resultXml}${metadata}</${action}Response>`;
}

export function renderQueryError(error: AwsError, xmlns: string | undefined, requestId: string): string {
  const envelope = {
    Error: { Type: error.type, Code: error.code, Message: error.message },
    RequestId: requestId,
  };
  return renderElement('ErrorResponse', envelope, xmlns ? { xmlns } : {});
}

export function queryResponse(status: number, body: string, requestId: string): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId },
    body,
  };
}

/** Reads parameters from the query string and, for form posts, the body; the body wins on a clash. */
export function readQueryParams(request: SandboxRequest): QueryParams {
  const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
  const isForm = contentType === '' || contentType.startsWith('application/x-www-form-urlencoded');
  const body = isForm && request.body.length > 0 ? new URLSearchParams(request.body.toString('utf8')) : undefined;
  return QueryParams.fromSearchParams(request.query, ...(body ? [body] : []));
}

export function createAwsQueryService(definition: AwsQueryServiceDefinition): ServiceModule {
  const { signingName, xmlns, version, actions, resources } = definition;
  const errorResponse = (error: AwsError, requestId: string): SandboxResponse =>
    queryResponse(error.status, renderQueryError(error, xmlns, requestId), requestId);

  return {
    signingName,
    renderError: errorResponse,
    handle(request, context) {
      try {
        const params = readQueryParams(request);
        const action = params.raw('Action');
        if (action === undefined || action === '') {
          throw new AwsError('MissingAction', 'Missing Action', 400);
        }
        const handler = actions.get(action);
        if (!handler) {
          throw new AwsError('InvalidAction', `Could not find operation ${action} for version ${version}`, 400);
        }
        context.authorize(`${signingName}:${action}`, resources?.(action, params, context));
        const result = handler(params, context);
        return queryResponse(200, renderQueryResult(action, xmlns, result, context.requestId), context.requestId);
      } catch (error: unknown) {
        if (error instanceof AwsError) return errorResponse(error, context.requestId);
        // A bug in a handler must still look like AWS to the client, not hang or drop the socket.
        console.error(`[sandbox] ${signingName} handler failed:`, error);
        return errorResponse(
          internalFailure('The request processing has failed because of an unknown error.'),
          context.requestId,
        );
      }
    },
  };
}
