/**
 * The cost note of a change to the health reporting ConfigDocument: the
 * metrics it starts publishing, each a CloudWatch custom metric.
 */
import type { OptionSetting } from '../../../shared/contract';
import {
  CONFIG_DOCUMENT_OPTION,
  FREE_METRIC,
  HEALTH_REPORTING_NAMESPACE,
  type MetricLevel,
  readConfigDocument,
} from '../../../shared/healthReporting/configDocument';
import { instanceBounds, publishingCost } from '../../../shared/healthReporting/cost';
import type { OptionAssignment, OptionRef } from './beanstalkOptionChanges';

const isConfigDocument = (o: OptionRef): boolean =>
  o.namespace === HEALTH_REPORTING_NAMESPACE && o.optionName === CONFIG_DOCUMENT_OPTION;

function published(text: string | undefined, level: MetricLevel): Set<string> {
  const reading = readConfigDocument(text);
  return new Set(reading.ok ? [...reading.document[level].keys()].filter((m) => m !== FREE_METRIC) : []);
}

/**
 * The cost note for the metrics `set` starts publishing, against the
 * configuration `current`; undefined when the change publishes nothing new.
 */
export function metricsCostNote(
  current: readonly OptionSetting[],
  set: readonly OptionAssignment[],
): string | undefined {
  const change = set.find(isConfigDocument);
  if (!change) return undefined;
  const before = current.find(isConfigDocument)?.value;
  const added = (level: MetricLevel): number => {
    const old = published(before, level);
    return [...published(change.value, level)].filter((m) => !old.has(m)).length;
  };
  const environment = added('Environment');
  const instance = added('Instance');
  if (environment + instance === 0) return undefined;
  return publishingCost(environment, instance, instanceBounds(current));
}
