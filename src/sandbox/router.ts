/**
 * Routes an AWS API request: the SigV4 credential scope names the service and
 * the access key, the key resolves to a principal, and the service module for
 * that signing name answers in its own protocol. The scope comes from the
 * Authorization header or, for a presigned URL, from `X-Amz-Credential`.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { AwsError, internalFailure } from './errors';
import { type Authorizer, credentialRejected, resolvePrincipal } from './identity';
import { partitionOf } from '../shared/aws/partitions';
import { partitionOfAccount } from './state/arns';
import { policyAuthorizer } from './policy/authorizer';
import type { FaultInjector } from './faults/injector';
import { operationOf } from './faults/operations';
import { checkRequestSyntax } from './protocols/requestSyntax';
import { queryResponse, renderQueryError } from './protocols/awsQuery';
import { isoSeconds } from './protocols/xml';
import type { RequestContext, SandboxRequest, SandboxResponse, ServiceModule } from './serviceModule';
import { cloudWatchService } from './services/cloudwatch';
import { ec2Service } from './services/ec2';
import { elasticBeanstalkService } from './services/elasticbeanstalk';
import { evaluationContext } from './services/elasticbeanstalk/healthRefresh';
import { iamService } from './services/iam';
import { rdsService } from './services/rds';
import { openSearchService } from './services/opensearch';
import { s3Service } from './services/s3';
import { ssoPortalService } from './services/sso/portal';
import type { UnsignedService } from './services/sso/unsigned';
import { ssoOidcService } from './services/ssoOidc';
import { ssmService } from './services/ssm';
import { stsService } from './services/sts';
import { logsService } from './services/logs';
import { hasDueOperations } from './simulation/lifecycle';
import { hasDueLogWork, settleWithLogs } from './simulation/logs/delivery';
import { type CredentialScope, isPresigned, parseAuthorization, parsePresignedQuery } from './sigv4';
import type { StateDocument } from './state/document';
import type { StateStore } from './state/store';

/** Services the sandbox speaks, by SigV4 signing name. Later services register here. */
export const SERVICES: readonly ServiceModule[] = [
  iamService,
  stsService,
  elasticBeanstalkService,
  s3Service,
  ec2Service,
  rdsService,
  ssmService,
  openSearchService,
  logsService,
  cloudWatchService,
];

/** Services called without SigV4 (SSO's device flow and portal), claimed by method and path. */
export const UNSIGNED_SERVICES: readonly UnsignedService[] = [ssoOidcService, ssoPortalService];

export interface RouterOptions {
  readonly store: StateStore;
  readonly now: () => Date;
  readonly authorizer?: Authorizer;
  readonly services?: readonly ServiceModule[];
  readonly unsignedServices?: readonly UnsignedService[];
  /** Injected faults (throttling, 5xx, latency, hangs, …), decided per authenticated request. */
  readonly faults?: FaultInjector;
}

/** What the HTTP server knows about a request beyond its parsed form. */
export interface WireContext {
  /** Aborts when the client goes away or the sandbox closes: an injected delay or hang then ends. */
  readonly signal?: AbortSignal;
  /** The query string exactly as sent (no `?`): URLSearchParams has already forgiven its errors. */
  readonly rawQuery?: string;
  /** Set when the server refused the request before reading it (an oversized body): the error, by signing name. */
  readonly refusal?: (service: string | undefined) => AwsError;
}

export type Router = (request: SandboxRequest, wire?: WireContext) => Promise<SandboxResponse>;

/** The signing name a request's credential scope claims, or undefined when it claims none that parses. */
function claimedService(request: SandboxRequest): string | undefined {
  try {
    const header = request.headers['authorization'];
    if (header === undefined)
      return isPresigned(request.query) ? parsePresignedQuery(request.query).service : undefined;
    return parseAuthorization(Array.isArray(header) ? header[0] : header).service;
  } catch {
    return undefined;
  }
}

/** Thrown when the client is gone: there is no one to answer, and the request must not reach the service. */
class ClientGone extends Error {}

/** Waits until `signal` aborts (a hang) or `ms` pass (latency); rejects with ClientGone on abort. */
async function holdRequest(ms: number | undefined, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) throw new ClientGone();
  if (ms === undefined) {
    // Without a signal nothing could ever end a hang, so the router refuses to hang forever unobserved.
    if (!signal) throw new Error('A hang fault needs an abort signal to end it.');
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    throw new ClientGone();
  }
  try {
    await delay(ms, undefined, signal ? { signal } : {});
  } catch {
    throw new ClientGone();
  }
}

/** Before the service is known there is no protocol to borrow, so the awsQuery envelope stands in. */
function genericError(error: AwsError, requestId: string): SandboxResponse {
  return queryResponse(error.status, renderQueryError(error, undefined, requestId), requestId);
}

type KeyUse = NonNullable<StateDocument['iam']['accessKeys'][number]['lastUsed']>;

/**
 * AWS records every use of a user's key; GetAccessKeyLastUsed and rule F14 read it back. A mutation clones
 * and later rewrites the whole state, so a use that records nothing new (same second, service and region)
 * leaves the state alone: a burst of calls then costs one write, not one per call.
 */
function recordKeyUse(store: StateStore, accessKeyId: string, use: KeyUse): void {
  const recorded = store.document.iam.accessKeys.find((key) => key.accessKeyId === accessKeyId);
  if (!recorded) return;
  const last = recorded.lastUsed;
  if (last?.date === use.date && last.serviceName === use.serviceName && last.region === use.region) return;
  store.mutate((draft) => {
    const key = draft.iam.accessKeys.find((candidate) => candidate.accessKeyId === accessKeyId);
    if (key) key.lastUsed = use;
  });
}

export function createRouter(options: RouterOptions): Router {
  const { store, now } = options;
  const authorizer = options.authorizer ?? policyAuthorizer;
  const services = new Map((options.services ?? SERVICES).map((service) => [service.signingName, service]));
  const unsignedServices = options.unsignedServices ?? UNSIGNED_SERVICES;

  return async (request, wire = {}) => {
    const { signal } = wire;
    const requestId = randomUUID();
    if (wire.refusal) {
      const name = claimedService(request);
      const claimed = name === undefined ? undefined : services.get(name);
      const error = wire.refusal(claimed?.signingName);
      return claimed ? claimed.renderError(error, requestId) : genericError(error, requestId);
    }
    let service: ServiceModule | undefined;
    try {
      const header = request.headers['authorization'];
      const presigned = header === undefined && isPresigned(request.query);
      // Unsigned calls name no service, so their method and path must; a signed request never gets here.
      const unsigned = header === undefined && !presigned ? unsignedServices.find((s) => s.claims(request)) : undefined;
      if (unsigned) {
        const host = request.headers['host'];
        const response = unsigned.handle(request, {
          requestId,
          store,
          now,
          ...(host === undefined ? {} : { endpoint: `http://${host}` }),
        });
        await store.flush();
        return response;
      }
      // A presigned URL's errors belong to the service its credential names, even when the rest is malformed.
      if (presigned) service = services.get(request.query.get('X-Amz-Credential')?.split('/')[3] ?? '');
      const scope: CredentialScope = presigned
        ? parsePresignedQuery(request.query)
        : parseAuthorization(Array.isArray(header) ? header[0] : header);
      service = services.get(scope.service);
      if (!service) {
        throw new AwsError(
          'NotImplemented',
          `The Trellis sandbox does not emulate the '${scope.service}' service.`,
          501,
        );
      }
      checkRequestSyntax(scope.service, request, wire.rawQuery ?? '');
      // An account lives in one partition: keys from it mean nothing to another partition's endpoints.
      if (partitionOf(scope.region) !== partitionOfAccount(store.document.account)) {
        throw credentialRejected(scope.service, 'invalid');
      }
      const tokenHeader = request.headers['x-amz-security-token'];
      const principal = resolvePrincipal(store.document, {
        accessKeyId: scope.accessKeyId,
        // Temporary credentials sign the token in a header, or in the query of a presigned URL.
        sessionToken:
          (Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader) ??
          request.query.get('X-Amz-Security-Token') ??
          undefined,
        service: scope.service,
        at: now(),
      });
      // Faults come after authentication, as AWS throttles and fails calls it has already accepted.
      const fault = options.faults?.decide({
        service: scope.service,
        operation: operationOf(scope.service, request),
        principalArn: principal.arn,
      });
      if (fault?.kind === 'error') return service.renderError(fault.error, requestId);
      if (fault?.kind === 'latency') await holdRequest(fault.ms, signal);
      if (fault?.kind === 'hang') await holdRequest(undefined, signal);
      if (principal.kind === 'user')
        recordKeyUse(store, scope.accessKeyId, {
          date: isoSeconds(now()),
          serviceName: scope.service,
          region: scope.region,
        });
      // Simulated operations and log deliveries complete lazily: whatever is due by now happens before the request sees the state.
      const at = now();
      if (hasDueOperations(store.document, at) || hasDueLogWork(store.document, at.getTime()))
        store.mutate((draft) => settleWithLogs(draft, at, evaluationContext(store)));
      const host = request.headers['host'];
      const context: RequestContext = {
        requestId,
        service: scope.service,
        region: scope.region,
        accessKeyId: scope.accessKeyId,
        principal,
        store,
        now,
        ...(host === undefined ? {} : { endpoint: `http://${host}` }),
        ...(request.remoteAddress === undefined ? {} : { sourceIp: request.remoteAddress }),
        authorize: (action, resources) =>
          authorizer.authorize({
            principal,
            action,
            ...(resources === undefined ? {} : { resources }),
            document: store.document,
            at: now(),
            region: scope.region,
            ...(request.remoteAddress === undefined ? {} : { sourceIp: request.remoteAddress }),
          }),
      };
      const response = await service.handle(request, context);
      await store.flush();
      return response;
    } catch (error: unknown) {
      // Nobody is listening: the server discards whatever is returned.
      if (error instanceof ClientGone) return genericError(internalFailure('The client went away.'), requestId);
      const awsError =
        error instanceof AwsError ? error : internalFailure('The sandbox could not save its state; see its log.');
      if (!(error instanceof AwsError)) console.error('[sandbox] request failed:', error);
      // A call can change state and still fail (a key's last use, a settled operation): keep it before answering.
      if (error instanceof AwsError) await store.flush().catch(() => undefined);
      return service ? service.renderError(awsError, requestId) : genericError(awsError, requestId);
    }
  };
}
