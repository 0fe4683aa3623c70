import type { IncomingHttpHeaders } from 'node:http';
import type { AwsError } from './errors';
import type { Principal } from './identity';
import type { StateStore } from './state/store';

/** One HTTP request as the router hands it to a service, body already read. */
export interface SandboxRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The client's address, for aws:SourceIp. */
  readonly remoteAddress?: string;
}

export interface SandboxResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Text is sent as UTF-8; bytes (S3 object bodies) as they are. */
  readonly body: string | Uint8Array;
}

/**
 * Everything a service needs to answer one call. The principal is resolved
 * per request from the access key, so a policy evaluator can later decide in
 * `authorize` without any service module changing.
 */
export interface RequestContext {
  readonly requestId: string;
  /** The signing name from the credential scope, e.g. `iam`. */
  readonly service: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly principal: Principal;
  readonly store: StateStore;
  readonly now: () => Date;
  /** `http://<Host header>`: where the client reached the sandbox, for URLs it hands back (presigned log objects). */
  readonly endpoint?: string;
  /** The client's address (aws:SourceIp), when the server knows it. */
  readonly sourceIp?: string;
  /**
   * Throws an AwsError when the principal may not perform `action`
   * (`iam:ListRoles`) on every one of `resources` (ARNs). Without resources the
   * request is judged on `*`, as AWS judges actions that have no resource type.
   */
  readonly authorize: (action: string, resources?: readonly string[]) => void;
}

/**
 * A service the sandbox speaks, keyed by its SigV4 signing name. Each module
 * owns its wire protocol, including how its errors look.
 */
export interface ServiceModule {
  readonly signingName: string;
  /** May be async for services that need it (S3 bodies, simulated delays); awsQuery ones answer at once. */
  handle(request: SandboxRequest, context: RequestContext): SandboxResponse | Promise<SandboxResponse>;
  /** Renders an error raised before the service saw the request (authentication). */
  renderError(error: AwsError, requestId: string): SandboxResponse;
}
