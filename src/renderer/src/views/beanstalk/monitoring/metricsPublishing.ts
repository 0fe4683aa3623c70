/**
 * Which empty charts are empty because the environment does not publish
 * their metrics: the health reporting ConfigDocument does not list them.
 * Pure, so the notice's wording and its plan can be tested without a DOM.
 */
import type { OptionSetting } from '../../../../../shared/contract';
import {
  CONFIG_DOCUMENT_OPTION,
  EMPTY_CONFIG_DOCUMENT,
  FREE_METRIC,
  HEALTH_REPORTING_NAMESPACE,
  isPublished,
  type MetricLevel,
  metricLevel,
  readConfigDocument,
} from '../../../../../shared/healthReporting/configDocument';

export interface UnpublishedGroup {
  /** What the chart shows, as a sentence subject: "Requests", "Latency". */
  readonly subject: string;
  readonly level: MetricLevel;
  readonly metricNames: readonly string[];
}

const GROUPS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^ApplicationRequests/, 'Requests'],
  [/^ApplicationLatency/, 'Latency'],
  [/^CPU/, 'CPU'],
  [/^LoadAverage/, 'Load'],
  [/^RootFilesystemUtil$/, 'Disk use'],
  [/^Instances/, 'Instance counts by health'],
];

const subjectOf = (metricName: string): string =>
  GROUPS.find(([pattern]) => pattern.test(metricName))?.[1] ?? metricName;

export function configDocumentText(options: readonly OptionSetting[] | undefined): string | undefined {
  return options?.find((o) => o.namespace === HEALTH_REPORTING_NAMESPACE && o.optionName === CONFIG_DOCUMENT_OPTION)
    ?.value;
}

/**
 * The empty metrics the ConfigDocument does not publish, grouped by chart.
 * Nothing when EnvironmentHealth is empty too: then the environment publishes
 * nothing at all (basic health, or an endpoint such as moto that has no
 * Elastic Beanstalk metrics), and the ConfigDocument is not the reason.
 */
export function unpublishedGroups(
  emptyMetricNames: readonly string[],
  configDocument: string | undefined,
): UnpublishedGroup[] {
  if (emptyMetricNames.includes(FREE_METRIC)) return [];
  const reading = readConfigDocument(configDocument);
  const document = reading.ok ? reading.document : EMPTY_CONFIG_DOCUMENT;
  const groups = new Map<string, { subject: string; level: MetricLevel; metricNames: string[] }>();
  for (const name of new Set(emptyMetricNames)) {
    const level = metricLevel(name);
    if (level === undefined || isPublished(document, level, name)) continue;
    const subject = subjectOf(name);
    const group = groups.get(subject) ?? { subject, level, metricNames: [] };
    group.metricNames.push(name);
    groups.set(subject, group);
  }
  return [...groups.values()];
}
