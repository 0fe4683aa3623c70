/**
 * The health reporting ConfigDocument the scenarios' environments were set
 * up with (only EnvironmentHealth is published without one).
 */
import { PUBLISHING_PERIOD_SECONDS } from '../../shared/healthReporting/configDocument';

const minutely = (names: readonly string[]): Record<string, number> =>
  Object.fromEntries(names.map((name) => [name, PUBLISHING_PERIOD_SECONDS]));
const REQUEST_METRICS = ['Total', '2xx', '3xx', '4xx', '5xx'].map((s) => `ApplicationRequests${s}`);
const LATENCY_METRICS = ['P10', 'P50', 'P75', 'P85', 'P90', 'P95', 'P99', 'P99.9'].map((p) => `ApplicationLatency${p}`);
const STATUS_COUNTS = ['Ok', 'Pending', 'Info', 'Unknown', 'NoData', 'Warning', 'Degraded', 'Severe'].map(
  (s) => `Instances${s}`,
);

/**
 * The lab was set up with enhanced monitoring: requests, latency and instance counts per environment, and
 * CPU, load, disk, requests and latency per instance, every minute (only EnvironmentHealth is free).
 */
export const LAB_CONFIG_DOCUMENT = JSON.stringify({
  Version: 1,
  CloudWatchMetrics: {
    Environment: minutely([...STATUS_COUNTS, ...REQUEST_METRICS, ...LATENCY_METRICS]),
    Instance: minutely([
      'InstanceHealth',
      'CPUUser',
      'CPUSystem',
      'CPUIowait',
      'CPUIdle',
      'LoadAverage1min',
      'RootFilesystemUtil',
      ...REQUEST_METRICS,
      ...LATENCY_METRICS,
    ]),
  },
});
