/**
 * Which AWS/ElasticBeanstalk metrics an environment publishes, and when. EB
 * publishes `EnvironmentHealth` whenever enhanced health is on; every other
 * environment and instance metric only while the health reporting
 * ConfigDocument lists it. A change takes effect when the update that makes
 * it completes: minutes before it keep what was published then, which the
 * environment's `healthReportingHistory` records.
 */
import {
  CONFIG_DOCUMENT_OPTION,
  EMPTY_CONFIG_DOCUMENT,
  HEALTH_REPORTING_NAMESPACE,
  isPublished,
  type MetricLevel,
  readConfigDocument,
  SYSTEM_TYPE_OPTION,
} from '../../../shared/healthReporting/configDocument';
import type { EnvironmentState, OptionSettingState } from '../../state/beanstalkState';
import { optionValue } from '../options';
import { configurationError } from '../provisioning';
import type { Series } from './catalog';
import { MINUTE_MS } from './noise';

export interface PublishSpan {
  readonly from: number;
  readonly until: number;
  readonly periodMs: number;
}

export interface Publishing {
  /** The spans the metric was published in, oldest first; empty when it never was. */
  spans(level: MetricLevel, metricName: string): readonly PublishSpan[];
}

interface Epoch {
  readonly from: number;
  readonly until: number;
  readonly systemType: string | undefined;
  readonly configDocument: string | undefined;
}

/** The history kept per environment; far more changes than anyone makes to this option. */
const MAX_HISTORY = 50;
const EB_NAMESPACE = 'AWS/ElasticBeanstalk';

function healthReporting(settings: readonly OptionSettingState[]): Pick<Epoch, 'systemType' | 'configDocument'> {
  return {
    systemType: optionValue(settings, HEALTH_REPORTING_NAMESPACE, SYSTEM_TYPE_OPTION),
    configDocument: optionValue(settings, HEALTH_REPORTING_NAMESPACE, CONFIG_DOCUMENT_OPTION),
  };
}

/**
 * Called as an update's settings become the deployed ones: when health
 * reporting changed, what was in force until `at` joins the history.
 */
export function recordHealthReportingChange(
  env: EnvironmentState,
  before: readonly OptionSettingState[],
  at: string,
): void {
  const old = healthReporting(before);
  const now = healthReporting(env.optionSettings);
  if (old.systemType === now.systemType && old.configDocument === now.configDocument) return;
  const entry = {
    until: at,
    ...(old.systemType === undefined ? {} : { systemType: old.systemType }),
    ...(old.configDocument === undefined ? {} : { configDocument: old.configDocument }),
  };
  env.healthReportingHistory = [...(env.healthReportingHistory ?? []), entry].slice(-MAX_HISTORY);
}

/** EB's configuration validation of the two options, before an update or launch starts. */
export function checkHealthReportingOptions(settings: readonly OptionSettingState[]): void {
  const { systemType, configDocument } = healthReporting(settings);
  if (systemType !== undefined && systemType !== 'basic' && systemType !== 'enhanced')
    throw configurationError(
      systemType,
      HEALTH_REPORTING_NAMESPACE,
      SYSTEM_TYPE_OPTION,
      'Value is not one of the allowed values: [basic, enhanced]',
    );
  if (configDocument === undefined) return;
  const reading = readConfigDocument(configDocument);
  if (!reading.ok)
    throw configurationError(configDocument, HEALTH_REPORTING_NAMESPACE, CONFIG_DOCUMENT_OPTION, reading.reason);
}

/** The first epoch is open at the start: each series' own span says when its data begins. */
function epochsOf(env: EnvironmentState): Epoch[] {
  const epochs: Epoch[] = [];
  let from = -Infinity;
  for (const past of env.healthReportingHistory ?? []) {
    const until = Date.parse(past.until);
    epochs.push({ from, until, systemType: past.systemType, configDocument: past.configDocument });
    from = until;
  }
  epochs.push({ from, until: Infinity, ...healthReporting(env.optionSettings) });
  return epochs;
}

/**
 * The sandbox's environments behave as the console and EB CLI create them:
 * enhanced health unless SystemType says basic.
 */
function periodIn(epoch: Epoch, level: MetricLevel, metricName: string): number | undefined {
  if ((epoch.systemType ?? 'enhanced') !== 'enhanced') return undefined;
  const reading = readConfigDocument(epoch.configDocument);
  // The API refuses a document that does not read; one in a hand-edited state file publishes only the free metric.
  const document = reading.ok ? reading.document : EMPTY_CONFIG_DOCUMENT;
  if (!isPublished(document, level, metricName)) return undefined;
  return (document[level].get(metricName) ?? 60) * 1000;
}

export function publishingOf(env: EnvironmentState): Publishing {
  const epochs = epochsOf(env);
  const cache = new Map<string, PublishSpan[]>();
  return {
    spans(level, metricName) {
      const key = `${level}|${metricName}`;
      const known = cache.get(key);
      if (known) return known;
      const spans: PublishSpan[] = [];
      for (const epoch of epochs) {
        const periodMs = periodIn(epoch, level, metricName);
        if (periodMs === undefined || epoch.until <= epoch.from) continue;
        const last = spans[spans.length - 1];
        if (last && last.until === epoch.from && last.periodMs === periodMs)
          spans[spans.length - 1] = { ...last, until: epoch.until };
        else spans.push({ from: epoch.from, until: epoch.until, periodMs });
      }
      cache.set(key, spans);
      return spans;
    },
  };
}

/**
 * The series as CloudWatch has it: an Elastic Beanstalk series only within
 * its published spans (none at all when never published), at its period;
 * other namespaces unchanged.
 */
export function publishedSeries(series: Series, publishing: Publishing): Series[] {
  if (series.id.namespace !== EB_NAMESPACE) return [series];
  const level: MetricLevel = series.id.dimensions.some((d) => d.name === 'InstanceId') ? 'Instance' : 'Environment';
  const spans = publishing.spans(level, series.id.metricName);
  const first = spans[0];
  const last = spans[spans.length - 1];
  if (!first || !last) return [];
  const from = Math.max(series.from, first.from);
  const until = Math.min(series.until, last.until);
  if (from >= until) return [];
  const whole = spans.length === 1 && first.periodMs === MINUTE_MS;
  return [
    {
      ...series,
      from,
      until,
      // The common case, one span at one minute, costs no lookup per minute.
      valueAt: whole
        ? (minute, now) => (minute < first.from || minute >= first.until ? undefined : series.valueAt(minute, now))
        : (minute, now) => {
            const span = spans.find((s) => s.from <= minute && minute < s.until);
            if (!span || minute % span.periodMs !== 0) return undefined;
            return series.valueAt(minute, now);
          },
    },
  ];
}
