import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient } from '@aws-sdk/client-iam';
import { ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticsearchServiceClient } from '@aws-sdk/client-elasticsearch-service';
import { OpenSearchClient } from '@aws-sdk/client-opensearch';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient, type Credentials } from '@aws-sdk/client-sts';
import type { fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { DeserializeMiddleware, MetadataBearer, RetryStrategyV2 } from '@smithy/types';
import type { Target } from '../../shared/contract';
import { cancelledError, currentCallSignal } from '../ipc/callSignal';
import { TrellisError, toAppError } from './errors';
import { consoleRetryStrategy } from './retryStrategy';
import type { ProfileRegistry } from './profiles';

/** What every client is built with; each SDK client accepts this shape. */
export interface CommonClientConfig {
  region: string;
  endpoint?: string;
  credentials: AwsCredentialIdentityProvider;
  retryMode: 'adaptive';
  maxAttempts: number;
  retryStrategy: RetryStrategyV2;
  requestHandler: NodeHttpHandler;
  /** Set when we found no endpoint, so the SDK does not look one up for the wrong profile. */
  ignoreConfiguredEndpointUrls?: boolean;
}

/**
 * The services Trellis talks to. Adding one is one line here:
 * the SDK service id (from the client's runtime config) names its
 * AWS_ENDPOINT_URL_<SERVICE> variable and `[services]` key.
 */
export const serviceCatalog = {
  iam: { endpointId: 'IAM', create: (config: CommonClientConfig) => new IAMClient(config) },
  sts: { endpointId: 'STS', create: (config: CommonClientConfig) => new STSClient(config) },
  elasticbeanstalk: {
    endpointId: 'Elastic Beanstalk',
    create: (config: CommonClientConfig) => new ElasticBeanstalkClient(config),
  },
  ec2: { endpointId: 'EC2', create: (config: CommonClientConfig) => new EC2Client(config) },
  rds: { endpointId: 'RDS', create: (config: CommonClientConfig) => new RDSClient(config) },
  ssm: { endpointId: 'SSM', create: (config: CommonClientConfig) => new SSMClient(config) },
  opensearch: { endpointId: 'OpenSearch', create: (config: CommonClientConfig) => new OpenSearchClient(config) },
  // The 2015 API of the same service: some read-only policies (ViewOnlyAccess) allow only its Describe calls.
  elasticsearch: {
    endpointId: 'Elasticsearch Service',
    create: (config: CommonClientConfig) => new ElasticsearchServiceClient(config),
  },
  cloudwatch: { endpointId: 'CloudWatch', create: (config: CommonClientConfig) => new CloudWatchClient(config) },
  logs: { endpointId: 'CloudWatch Logs', create: (config: CommonClientConfig) => new CloudWatchLogsClient(config) },
  // Custom endpoints (the sandbox, LocalStack, moto) serve buckets by path, not by subdomain.
  s3: {
    endpointId: 'S3',
    create: (config: CommonClientConfig) =>
      new S3Client({ ...config, forcePathStyle: 'endpoint' in config && !!config.endpoint }),
  },
} as const;

export type ServiceId = keyof typeof serviceCatalog;
export type ClientFor<S extends ServiceId> = ReturnType<(typeof serviceCatalog)[S]['create']>;
export const serviceIds = Object.keys(serviceCatalog) as ServiceId[];

/** One HTTP attempt of one AWS operation, as sent (retries are separate attempts). */
export interface SentRequest {
  profile: string;
  region: string;
  service: ServiceId;
  /** The API operation, e.g. 'DescribeParameters'. */
  operation: string;
}

export interface ClientFactoryOptions {
  maxAttempts?: number;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  perServiceConcurrency?: number;
  /** Told of every attempt sent, so benchmarks can count calls against the minimum a view needs. */
  onRequest?: (request: SentRequest) => void;
}

/** What every SDK client has in common for adding a middleware; their own stacks differ only in input and output types. */
interface ObservableClient {
  middlewareStack: {
    add(
      middleware: DeserializeMiddleware<object, MetadataBearer>,
      options: { step: 'deserialize'; name: string },
    ): void;
  };
}

interface CachedClient {
  client: { destroy(): void };
  profile: string;
  endpoint?: string;
  inFlight: number;
  /** Invalidated while a call was using it; destroyed when that call ends. */
  retired: boolean;
}

export class ClientFactory {
  private readonly clients = new Map<string, CachedClient>();
  private readonly limits = new Map<string, Semaphore>();
  private readonly settings: Required<Omit<ClientFactoryOptions, 'onRequest'>>;
  private readonly onRequest: ClientFactoryOptions['onRequest'];
  private readonly offRegistry: () => void;
  private destroyed = false;

  constructor(
    private readonly registry: ProfileRegistry,
    options: ClientFactoryOptions = {},
  ) {
    this.settings = {
      // Five, not the SDK's three: with three, one call in 37 failed at 30% throttling and one in 125 at 20%,
      // so a Doctor scan (about a hundred calls) often showed an error (issue 13's soak). Timeouts still get one.
      maxAttempts: options.maxAttempts ?? 5,
      // A silent endpoint is reported within 10 s (issue 13): a short connect, then an idle-socket timeout
      // that a slow page still beats (the clock restarts with every byte), and no retry of a timeout.
      connectionTimeoutMs: options.connectionTimeoutMs ?? 3_000,
      requestTimeoutMs: options.requestTimeoutMs ?? 9_000,
      perServiceConcurrency: options.perServiceConcurrency ?? 4,
    };
    this.onRequest = options.onRequest;
    // Changed files can change keys, regions or endpoints of any profile (source_profile chains), so drop them all.
    this.offRegistry = registry.onChange(() => this.invalidate());
  }

  /** Runs fn with the cached client for (profile, region, service) inside that service's concurrency limit; every error comes out as TrellisError with service+operation filled in. */
  async call<S extends ServiceId, R>(
    target: Target,
    service: S,
    operation: string,
    fn: (client: ClientFor<S>) => Promise<R>,
  ): Promise<R> {
    let endpoint: string | undefined;
    const signal = currentCallSignal();
    try {
      if (signal?.aborted) throw cancelledError();
      const limit = this.limitFor(target.profile, service);
      return await limit.run(async () => {
        const entry = this.entryFor(target, service);
        endpoint = entry.endpoint;
        entry.inFlight++;
        try {
          return await fn(abortable(entry.client, signal) as ClientFor<S>);
        } finally {
          entry.inFlight--;
          if (entry.retired && entry.inFlight === 0) entry.client.destroy();
        }
      }, signal);
    } catch (err) {
      // The renderer has stopped waiting; nothing about this call's credentials or endpoint is wrong.
      if (signal?.aborted) throw cancelledError();
      const rejected = this.registry.afterRejection(target.profile, toAppError(err, { service, operation, endpoint }));
      // Clients keep the credentials they were given until shortly before they expire; these must not be sent again.
      if (rejected.stale) this.invalidate(target.profile);
      const appError = rejected.error;
      throw new TrellisError({
        ...appError,
        service: appError.service ?? service,
        operation: appError.operation ?? operation,
      });
    }
  }

  /** Destroys cached clients (all, or one profile's); the next call builds fresh ones. */
  invalidate(profile?: string): void {
    for (const [key, entry] of this.clients) {
      if (profile !== undefined && entry.profile !== profile) continue;
      this.clients.delete(key);
      entry.retired = true;
      if (entry.inFlight === 0) entry.client.destroy();
    }
  }

  destroy(): void {
    this.destroyed = true;
    this.offRegistry();
    this.invalidate();
  }

  private entryFor<S extends ServiceId>(target: Target, service: S): CachedClient {
    if (this.destroyed) {
      throw new TrellisError({
        code: 'internal',
        message: 'The AWS client factory has been shut down.',
        retryable: false,
      });
    }
    const key = `${target.profile}\u0000${target.region}\u0000${service}`;
    const cached = this.clients.get(key);
    if (cached) return cached;
    const profile = this.registry.resolve(target.profile);
    const endpoint = profile.endpointFor(service);
    const client = serviceCatalog[service].create({
      region: target.region,
      credentials: profile.credentials,
      retryMode: 'adaptive',
      maxAttempts: this.settings.maxAttempts,
      retryStrategy: consoleRetryStrategy(this.settings.maxAttempts),
      requestHandler: new NodeHttpHandler({
        connectionTimeout: this.settings.connectionTimeoutMs,
        requestTimeout: this.settings.requestTimeoutMs,
        throwOnRequestTimeout: true,
      }),
      ...(endpoint ? { endpoint } : { ignoreConfiguredEndpointUrls: true }),
    });
    const onRequest = this.onRequest;
    if (onRequest) {
      // The deserialize step sits inside the retry loop, so each attempt is reported once.
      (client as unknown as ObservableClient).middlewareStack.add(
        (next, context) => (args) => {
          onRequest({
            profile: target.profile,
            region: target.region,
            service,
            operation: String(context.commandName ?? 'unknown').replace(/Command$/, ''),
          });
          return next(args);
        },
        { step: 'deserialize', name: 'trellisRequestObserver' },
      );
    }
    const entry: CachedClient = { client, profile: target.profile, endpoint, inFlight: 0, retired: false };
    this.clients.set(key, entry);
    return entry;
  }

  private limitFor(profile: string, service: ServiceId): Semaphore {
    const key = `${profile}\u0000${service}`;
    let limit = this.limits.get(key);
    if (!limit) {
      limit = new Semaphore(this.settings.perServiceConcurrency);
      this.limits.set(key, limit);
    }
    return limit;
  }
}

/**
 * The cached client as one call sees it: every `send` (paginators included)
 * carries the call's abort signal, so cancelling the call closes its HTTP
 * request instead of letting it run on unseen. Other members pass through.
 */
function abortable<C extends { destroy(): void }>(client: C, signal: AbortSignal | undefined): C {
  if (!signal) return client;
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver) as unknown;
      const send = Reflect.get(target, property, target) as (command: unknown, options?: object) => Promise<unknown>;
      return (command: unknown, options?: object) => send.call(target, command, { abortSignal: signal, ...options });
    },
  });
}

/** A counting semaphore: at most `size` runs at once, the rest wait in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`concurrency must be a positive integer, got ${size}`);
  }

  /** A run still waiting when `signal` aborts leaves the queue and rejects; one already running is the SDK's to stop. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.active >= this.size) {
      await new Promise<void>((resolve, reject) => {
        const admit = () => {
          signal?.removeEventListener('abort', leave);
          resolve();
        };
        const leave = () => {
          const at = this.waiting.indexOf(admit);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(cancelledError());
        };
        this.waiting.push(admit);
        signal?.addEventListener('abort', leave, { once: true });
      });
    } else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` never dips and lets a newcomer jump the queue.
      if (next) next();
      else this.active--;
    }
  }
}

type RoleAssumer = NonNullable<NonNullable<Parameters<typeof fromIni>[0]>['roleAssumer']>;

/**
 * AssumeRole through an STS client of our own, so the call goes to the
 * profile's STS endpoint; the SDK's default assumer would look the endpoint
 * up for AWS_PROFILE instead.
 */
export function stsRoleAssumer(region: string | undefined, endpoint: string | undefined): RoleAssumer {
  return (sourceCredentials, params) =>
    withSts(region, endpoint, sourceCredentials, async (sts) => {
      const { Credentials: c } = await sts.send(new AssumeRoleCommand(params));
      return temporaryCredentials(c, params.RoleArn);
    });
}

/** GetSessionToken with an MFA code, for a keys profile that names its own mfa_serial. */
export function stsSessionToken(
  region: string | undefined,
  endpoint: string | undefined,
): (
  keys: AwsCredentialIdentity,
  serial: string,
  code: string,
  durationSeconds?: number,
) => Promise<AwsCredentialIdentity> {
  return (keys, serial, code, durationSeconds) =>
    withSts(region, endpoint, keys, async (sts) => {
      const { Credentials: c } = await sts.send(
        new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: code, DurationSeconds: durationSeconds }),
      );
      return temporaryCredentials(c, serial);
    });
}

async function withSts<T>(
  region: string | undefined,
  endpoint: string | undefined,
  credentials: AwsCredentialIdentity,
  fn: (sts: STSClient) => Promise<T>,
): Promise<T> {
  const sts = new STSClient({
    region: region ?? 'us-east-1',
    credentials,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: 5_000,
      requestTimeout: 20_000,
      throwOnRequestTimeout: true,
    }),
    ...(endpoint ? { endpoint } : { ignoreConfiguredEndpointUrls: true }),
  });
  try {
    return await fn(sts);
  } finally {
    sts.destroy();
  }
}

function temporaryCredentials(c: Credentials | undefined, what: string): AwsCredentialIdentity {
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`STS returned no credentials for ${what}`);
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
    ...(c.Expiration ? { expiration: c.Expiration } : {}),
  };
}
