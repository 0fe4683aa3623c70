/**
 * Services whose calls carry no SigV4 signature: SSO OIDC's device flow and
 * the SSO portal, which the SDKs call with `smithy.api#noAuth` (the portal's
 * caller proves itself with a bearer token header instead). With no
 * credential scope to name the service, the router asks each of these in turn
 * whether the request's method and path are one of its operations; their
 * paths (`/client/register`, `/token`, `/assignment/…`) are disjoint from each
 * other, and signed requests never reach them.
 */
import type { AwsError } from '../../errors';
import type { SandboxRequest, SandboxResponse } from '../../serviceModule';
import type { StateStore } from '../../state/store';

export interface UnsignedContext {
  readonly requestId: string;
  readonly store: StateStore;
  readonly now: () => Date;
  /** `http://<Host header>`: where the client reached the sandbox, for the verification URL. */
  readonly endpoint?: string;
}

export type UnsignedOperation = (request: SandboxRequest, context: UnsignedContext) => unknown;

export interface UnsignedService {
  /** For logs and errors; not a signing name, since nothing is signed. */
  readonly name: string;
  claims(request: SandboxRequest): boolean;
  handle(request: SandboxRequest, context: UnsignedContext): SandboxResponse;
}

/** An operation's route: restJson1 names it by method and path alone (the query carries members, not the operation). */
export const routeKey = (method: string, path: string): string => `${method.toUpperCase()} ${path}`;

export interface RestJsonUnsignedDefinition {
  readonly name: string;
  readonly operations: ReadonlyMap<string, UnsignedOperation>;
  readonly renderError: (error: AwsError, requestId: string) => SandboxResponse;
  /** Turns what an operation threw into the service's error; anything else becomes an internal error. */
  readonly asError: (error: unknown) => AwsError;
}

export function createRestJsonUnsignedService(definition: RestJsonUnsignedDefinition): UnsignedService {
  const { name, operations, renderError, asError } = definition;
  return {
    name,
    claims: (request) => operations.has(routeKey(request.method, request.path)),
    handle(request, context) {
      try {
        const operation = operations.get(routeKey(request.method, request.path));
        if (!operation)
          throw new Error(`${name} was handed ${request.method} ${request.path}, which it does not claim`);
        return {
          status: 200,
          headers: { 'content-type': 'application/json', 'x-amzn-requestid': context.requestId },
          body: JSON.stringify(operation(request, context)),
        };
      } catch (error: unknown) {
        return renderError(asError(error), context.requestId);
      }
    },
  };
}
