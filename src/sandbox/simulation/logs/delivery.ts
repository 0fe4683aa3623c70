/**
 * RequestEnvironmentInfo as EB runs it, on the sandbox clock: the request is
 * recorded and answered at once; when the clock passes its completion time
 * (tail 5 s, bundle 10 s) the next request to the sandbox settles it: each
 * running instance's logs are written to the account's
 * `elasticbeanstalk-<region>-<account>` bucket and EB emits "Pulled logs for
 * environment instances." under the request's id. Fifteen minutes later the
 * objects are deleted, as AWS documents.
 */
import { ensureStorageBucket } from '../storageBucket';
import { createHash } from 'node:crypto';
import { isoSeconds } from '../../protocols/xml';
import type { EnvironmentState } from '../../state/beanstalkState';
import type { StateDocument } from '../../state/document';
import type { EnvironmentInfoRequest, EnvironmentInfoSample } from '../../state/logState';
import { addEnvironmentEvent } from '../events';
import type { EvaluationContext } from '../healthEvaluator';
import { settleEnvironments } from '../lifecycle';
import { environmentInstances } from '../provisioning';
import { observeLogEpochs } from './epochs';
import { instanceLogFiles } from './instanceLogs';
import { bundleZip, tailText } from './logFiles';

export type InfoType = EnvironmentInfoRequest['infoType'];

/** How long the instances take to collect and upload, on the sandbox clock. */
export const INFO_DELAY_MS: Readonly<Record<InfoType, number>> = { tail: 5_000, bundle: 10_000 };
/** "The files are deleted after 15 minutes." (EnvironmentInfoDescription.Message) */
export const INFO_EXPIRY_MS = 15 * 60_000;
export const INFO_STARTING_MESSAGE = 'requestEnvironmentInfo is starting.';
/** The event the EB CLI waits for (ebcli/operations/commonops.py `_is_success_event`, strings `logs.pulled`). */
export const INFO_PULLED_MESSAGE = 'Pulled logs for environment instances.';

/** AWS's keys: `resources/environments/logs/tail/<env>/<instance>/TailLogs-<ms>.out`, `.../bundle/.../BundleLogs-<ms>.zip`. */
export function infoObjectKey(
  infoType: InfoType,
  environmentId: string,
  instanceId: string,
  sampledAt: number,
): string {
  const name = infoType === 'tail' ? `TailLogs-${sampledAt}.out` : `BundleLogs-${sampledAt}.zip`;
  return `resources/environments/logs/${infoType}/${environmentId}/${instanceId}/${name}`;
}

export function startInfoRequest(
  draft: StateDocument,
  env: EnvironmentState,
  request: { requestId: string; infoType: InfoType; region: string; at: Date },
): void {
  const at = request.at.getTime();
  draft.elasticbeanstalk.environmentInfo = [
    ...(draft.elasticbeanstalk.environmentInfo ?? []),
    {
      requestId: request.requestId,
      environmentId: env.id,
      environmentName: env.name,
      infoType: request.infoType,
      region: request.region,
      requestedAt: at,
      completesAt: at + INFO_DELAY_MS[request.infoType],
    },
  ];
  addEnvironmentEvent(draft, env, request.at, {
    severity: 'INFO',
    message: INFO_STARTING_MESSAGE,
    requestId: request.requestId,
  });
}

/** True when a request is due for delivery or a delivery has expired, so a read-only request knows it must write. */
export function hasDueLogWork(doc: StateDocument, at: number): boolean {
  return (doc.elasticbeanstalk.environmentInfo ?? []).some(
    (r) => (r.samples === undefined ? r.completesAt : r.completesAt + INFO_EXPIRY_MS) <= at,
  );
}

function putObject(
  draft: StateDocument,
  region: string,
  key: string,
  body: Uint8Array,
  at: number,
  contentType: string,
): string {
  const bucket = ensureStorageBucket(draft, region, new Date(at));
  const object = {
    key,
    bodyBase64: Buffer.from(body).toString('base64'),
    etag: `"${createHash('md5').update(body).digest('hex')}"`,
    size: body.length,
    lastModified: isoSeconds(new Date(at)),
    contentType,
  };
  bucket.objects = [...bucket.objects.filter((o) => o.key !== key), object];
  return bucket.name;
}

function deliver(draft: StateDocument, request: EnvironmentInfoRequest, context: EvaluationContext): void {
  const at = request.completesAt;
  const env = draft.elasticbeanstalk.environments.find((e) => e.id === request.environmentId);
  // An environment terminated meanwhile has no instances left to answer.
  if (!env || env.status === 'Terminated') {
    request.samples = [];
    return;
  }
  observeLogEpochs(draft, env, at, context);
  const samples: EnvironmentInfoSample[] = [];
  for (const instance of environmentInstances(draft, env).filter((i) => i.state === 'running')) {
    const files = instanceLogFiles(draft, env, instance, at);
    const key = infoObjectKey(request.infoType, env.id, instance.id, at);
    const tail = request.infoType === 'tail';
    const body = tail ? new TextEncoder().encode(tailText(files)) : bundleZip(files, at);
    const bucket = putObject(draft, request.region, key, body, at, tail ? 'text/plain' : 'application/zip');
    samples.push({ instanceId: instance.id, sampledAt: at, bucket, key });
  }
  request.samples = samples;
  addEnvironmentEvent(draft, env, new Date(at), {
    severity: 'INFO',
    message: INFO_PULLED_MESSAGE,
    requestId: request.requestId,
  });
}

function expire(draft: StateDocument, request: EnvironmentInfoRequest): void {
  for (const sample of request.samples ?? []) {
    const bucket = draft.s3.buckets.find((b) => b.name === sample.bucket);
    if (bucket) bucket.objects = bucket.objects.filter((o) => o.key !== sample.key);
  }
}

/**
 * Everything due by `now`, in time order: operations and log deliveries
 * interleave, so logs taken at 5 s see an update that completes at 15 s as
 * still running. Then deliveries older than 15 minutes expire.
 */
export function settleWithLogs(draft: StateDocument, now: Date, context: EvaluationContext = {}): void {
  const at = now.getTime();
  const requests = draft.elasticbeanstalk.environmentInfo ?? [];
  const due = requests
    .filter((r) => r.samples === undefined && r.completesAt <= at)
    .sort((a, b) => a.completesAt - b.completesAt);
  for (const request of due) {
    settleEnvironments(draft, new Date(request.completesAt), context);
    deliver(draft, request, context);
  }
  settleEnvironments(draft, now, context);
  const expired = requests.filter((r) => r.samples !== undefined && r.completesAt + INFO_EXPIRY_MS <= at);
  for (const request of expired) expire(draft, request);
  if (expired.length > 0) draft.elasticbeanstalk.environmentInfo = requests.filter((r) => !expired.includes(r));
}
