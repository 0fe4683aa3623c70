/**
 * Elastic Beanstalk's `aws:elasticbeanstalk:healthreporting:system`
 * `ConfigDocument`: which enhanced-health metrics EB publishes to CloudWatch
 * as custom metrics, per environment and per instance. Only `EnvironmentHealth`
 * is published (free) without it. One reading of the document for the
 * sandbox that honours it, the planner that changes it and the console that
 * explains empty charts with it.
 *
 *   {"Version":1,"CloudWatchMetrics":{"Environment":{"ApplicationRequests5xx":60},"Instance":{"CPUUser":60}}}
 *
 * A metric's value is its publishing period in seconds; null or absent means
 * not published. Keys other than CloudWatchMetrics (such as `Rules`) are kept
 * as they are.
 */

export const HEALTH_REPORTING_NAMESPACE = 'aws:elasticbeanstalk:healthreporting:system';
export const CONFIG_DOCUMENT_OPTION = 'ConfigDocument';
export const SYSTEM_TYPE_OPTION = 'SystemType';
/** The one period EB publishes these metrics at. */
export const PUBLISHING_PERIOD_SECONDS = 60;
/** Published whenever enhanced health is on, with or without a ConfigDocument, and not billed. */
export const FREE_METRIC = 'EnvironmentHealth';

export type MetricLevel = 'Environment' | 'Instance';

const REQUESTS = [
  'ApplicationRequestsTotal',
  'ApplicationRequests2xx',
  'ApplicationRequests3xx',
  'ApplicationRequests4xx',
  'ApplicationRequests5xx',
];
const LATENCY = ['P10', 'P50', 'P75', 'P85', 'P90', 'P95', 'P99', 'P99.9'].map((p) => `ApplicationLatency${p}`);
const INSTANCE_COUNTS = [
  'InstancesOk',
  'InstancesPending',
  'InstancesInfo',
  'InstancesUnknown',
  'InstancesNoData',
  'InstancesWarning',
  'InstancesDegraded',
  'InstancesSevere',
];
const INSTANCE_ONLY = [
  'InstanceHealth',
  'CPUUser',
  'CPUSystem',
  'CPUIdle',
  'CPUIowait',
  'CPUIrq',
  'CPUNice',
  'CPUSoftirq',
  'LoadAverage1min',
  'LoadAverage5min',
  'RootFilesystemUtil',
];

/** The metrics a ConfigDocument may name at each level, as EB lists them. */
export const CONFIGURABLE_METRICS: Readonly<Record<MetricLevel, readonly string[]>> = {
  Environment: [FREE_METRIC, ...INSTANCE_COUNTS, ...REQUESTS, ...LATENCY],
  Instance: [...INSTANCE_ONLY, ...REQUESTS, ...LATENCY],
};

/** The level a chart's metric is published at: CPU, load and disk exist only per instance. */
export function metricLevel(metricName: string): MetricLevel | undefined {
  if (CONFIGURABLE_METRICS.Environment.includes(metricName)) return 'Environment';
  if (CONFIGURABLE_METRICS.Instance.includes(metricName)) return 'Instance';
  return undefined;
}

export interface ConfigDocument {
  /** Every key of the document as read, so a merge keeps `Rules` and anything newer. */
  readonly raw: Readonly<Record<string, unknown>>;
  /** Metric name → period in seconds, only the published ones. */
  readonly Environment: ReadonlyMap<string, number>;
  readonly Instance: ReadonlyMap<string, number>;
}

export type ConfigDocumentReading = { ok: true; document: ConfigDocument } | { ok: false; reason: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** No CloudWatchMetrics: only the free metric is published. */
export const EMPTY_CONFIG_DOCUMENT: ConfigDocument = { raw: {}, Environment: new Map(), Instance: new Map() };

function readLevel(metrics: Record<string, unknown>, level: MetricLevel): Map<string, number> | string {
  const section = metrics[level];
  if (section === undefined || section === null) return new Map();
  if (!isRecord(section)) return `CloudWatchMetrics.${level} must be an object of metric names`;
  const out = new Map<string, number>();
  for (const [name, period] of Object.entries(section)) {
    if (!CONFIGURABLE_METRICS[level].includes(name)) return `${name} is not a valid ${level} metric`;
    if (period === null) continue;
    if (typeof period !== 'number' || !Number.isInteger(period) || period <= 0 || period % 60 !== 0)
      return `the period of ${level} metric ${name} must be ${PUBLISHING_PERIOD_SECONDS} or null`;
    out.set(name, period);
  }
  return out;
}

/** Reads a ConfigDocument; absent or empty text is a document that publishes nothing beyond the free metric. */
export function readConfigDocument(text: string | undefined): ConfigDocumentReading {
  if (text === undefined || text.trim() === '') return { ok: true, document: EMPTY_CONFIG_DOCUMENT };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'ConfigDocument is not a valid JSON document' };
  }
  if (!isRecord(parsed)) return { ok: false, reason: 'ConfigDocument must be a JSON object' };
  if (parsed['Version'] !== undefined && parsed['Version'] !== 1)
    return { ok: false, reason: 'ConfigDocument Version must be 1' };
  const metrics = parsed['CloudWatchMetrics'];
  if (metrics !== undefined && metrics !== null && !isRecord(metrics))
    return { ok: false, reason: 'CloudWatchMetrics must be an object with Environment and Instance' };
  const environment = readLevel(metrics ?? {}, 'Environment');
  if (typeof environment === 'string') return { ok: false, reason: environment };
  const instance = readLevel(metrics ?? {}, 'Instance');
  if (typeof instance === 'string') return { ok: false, reason: instance };
  return { ok: true, document: { raw: parsed, Environment: environment, Instance: instance } };
}

/** Whether EB publishes the metric under this document; the free metric always is. */
export function isPublished(document: ConfigDocument, level: MetricLevel, metricName: string): boolean {
  return (level === 'Environment' && metricName === FREE_METRIC) || document[level].has(metricName);
}

/**
 * The document with `additions` published every minute, everything else as
 * it was. Text that does not parse is replaced, since EB would refuse it anyway.
 */
export function withPublishedMetrics(
  text: string | undefined,
  additions: Readonly<Partial<Record<MetricLevel, readonly string[]>>>,
): string {
  const reading = readConfigDocument(text);
  const raw = reading.ok ? reading.document.raw : {};
  const metrics = isRecord(raw['CloudWatchMetrics']) ? raw['CloudWatchMetrics'] : {};
  const level = (name: MetricLevel): Record<string, unknown> => {
    const before = isRecord(metrics[name]) ? metrics[name] : {};
    const added = (additions[name] ?? []).filter((m) => m !== FREE_METRIC);
    return { ...before, ...Object.fromEntries(added.map((m) => [m, PUBLISHING_PERIOD_SECONDS])) };
  };
  return JSON.stringify({
    ...raw,
    Version: 1,
    CloudWatchMetrics: { ...metrics, Environment: level('Environment'), Instance: level('Instance') },
  });
}
