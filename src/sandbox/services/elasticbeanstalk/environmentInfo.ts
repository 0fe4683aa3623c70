/**
 * RequestEnvironmentInfo and RetrieveEnvironmentInfo: "Request logs" in the
 * EB console and `eb logs`. The request returns at once; the instances
 * deliver on the sandbox clock (simulation/logs/delivery.ts) and each entry
 * of the retrieval names its instance and carries a presigned URL to the
 * object in S3, valid (like the object) for 15 minutes.
 */
import type { QueryAction } from '../../protocols/awsQuery';
import type { QueryParams } from '../../protocols/queryParams';
import { pathStyleObjectUrl, presignS3GetUrl } from '../../sigv4';
import { type InfoType, INFO_EXPIRY_MS, startInfoRequest } from '../../simulation/logs/delivery';
import { invalidParameterValue, requireEnvironment } from './lookup';

const INFO_TYPES = ['tail', 'bundle', 'analyze'] as const;

/**
 * EB signs the URLs with its own credentials, so they work whatever the caller may do in S3. In the
 * sandbox an unknown key acts as the account's administrator, which is what this one is.
 */
const LOG_DELIVERY_CREDENTIALS = {
  accessKeyId: 'AKIAEBLOGDELIVERY0001',
  secretAccessKey: 'trellis-sandbox-log-delivery-not-secret',
} as const;

function readInfoType(params: QueryParams): InfoType {
  const value = params.enumValue('InfoType', INFO_TYPES) ?? params.requiredString('InfoType');
  if (value === 'analyze') {
    throw invalidParameterValue(
      "InfoType 'analyze' (AI analysis of logs and events) is not available in the Trellis sandbox; use 'tail' or 'bundle'.",
    );
  }
  return value === 'bundle' ? 'bundle' : 'tail';
}

const requestEnvironmentInfo: QueryAction = (params, { store, now, region, requestId }) => {
  const infoType = readInfoType(params);
  store.mutate((draft) => {
    const env = requireEnvironment(draft, params);
    startInfoRequest(draft, env, { requestId, infoType, region, at: now() });
  });
  return undefined;
};

const retrieveEnvironmentInfo: QueryAction = (params, { store, now, endpoint }) => {
  const infoType = readInfoType(params);
  const doc = store.document;
  const env = requireEnvironment(doc, params);
  const at = now().getTime();
  const samples = (doc.elasticbeanstalk.environmentInfo ?? [])
    .filter((r) => r.environmentId === env.id && r.infoType === infoType && r.completesAt + INFO_EXPIRY_MS > at)
    .flatMap((r) => (r.samples ?? []).map((sample) => ({ sample, region: r.region })))
    // Oldest first: the EB CLI keeps the last entry it reads for each instance.
    .sort((a, b) => a.sample.sampledAt - b.sample.sampledAt);
  return {
    EnvironmentInfo: samples.map(({ sample, region }) => ({
      InfoType: infoType,
      Ec2InstanceId: sample.instanceId,
      SampleTimestamp: new Date(sample.sampledAt),
      Message: presignS3GetUrl({
        url: pathStyleObjectUrl(endpoint ?? 'http://127.0.0.1', sample.bucket, sample.key),
        region,
        ...LOG_DELIVERY_CREDENTIALS,
        signedAt: new Date(sample.sampledAt),
        expiresSeconds: INFO_EXPIRY_MS / 1000,
      }),
    })),
  };
};

export const environmentInfoActions: ReadonlyMap<string, QueryAction> = new Map([
  ['RequestEnvironmentInfo', requestEnvironmentInfo],
  ['RetrieveEnvironmentInfo', retrieveEnvironmentInfo],
]);
