/**
 * Says, per chart, when a chart is empty because Elastic Beanstalk does not
 * publish its metrics: only EnvironmentHealth is free, the rest need the
 * health reporting ConfigDocument to list them. Offers the option change as
 * an ordinary previewed plan, with what it costs. Charts empty for any other
 * reason (no traffic, an endpoint without these metrics) get nothing here.
 */
import { useEffect, useMemo } from 'react';
import type { Target } from '../../../../../shared/contract';
import {
  CONFIG_DOCUMENT_OPTION,
  HEALTH_REPORTING_NAMESPACE,
  type MetricLevel,
  withPublishedMetrics,
} from '../../../../../shared/healthReporting/configDocument';
import { instanceBounds, publishingCost } from '../../../../../shared/healthReporting/cost';
import { dataOf } from '../../../model/loadable';
import { useBeanstalk } from '../../../stores/beanstalk';
import { useChanges } from '../../../stores/changes';
import { configDocumentText, type UnpublishedGroup, unpublishedGroups } from './metricsPublishing';

interface Props {
  target: Target;
  environmentName: string;
  /** CloudWatch metric names of the Monitoring answer's series that have no points. */
  emptyMetricNames: string[];
}

function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

function sentence(group: UnpublishedGroup): string {
  const verb = group.subject.endsWith('s') ? 'are' : 'is';
  const where = group.level === 'Instance' ? ' for its instances' : '';
  return `${group.subject} ${verb} not published: the environment's health reporting ConfigDocument does not list ${list(group.metricNames)}${where}.`;
}

const namesAt = (groups: readonly UnpublishedGroup[], level: MetricLevel): string[] =>
  groups.filter((g) => g.level === level).flatMap((g) => g.metricNames);

export function MetricsPublishingNotice({ target, environmentName, emptyMetricNames }: Props) {
  const configuration = useBeanstalk((s) => dataOf(s.configuration[environmentName]));
  // Read again when the environment's status moves: a ConfigDocument change takes effect as its update ends.
  const status = useBeanstalk((s) => dataOf(s.environments)?.find((e) => e.name === environmentName)?.status);
  useEffect(() => {
    void useBeanstalk.getState().loadConfiguration(target, environmentName);
  }, [target, environmentName, status]);

  const current = configDocumentText(configuration?.options);
  const key = emptyMetricNames.join('\n');
  const groups = useMemo(() => unpublishedGroups(key ? key.split('\n') : [], current), [key, current]);
  if (!configuration || groups.length === 0) return null;

  const environment = namesAt(groups, 'Environment');
  const instance = namesAt(groups, 'Instance');
  const cost = publishingCost(environment.length, instance.length, instanceBounds(configuration.options));
  const draft = configuration.draft ? configDocumentText(configuration.draft) : undefined;
  const pending = draft !== undefined && unpublishedGroups([...environment, ...instance], draft).length === 0;
  const publish = () =>
    void useChanges.getState().preview(target, {
      kind: 'beanstalk.updateOptions',
      environmentName,
      set: [
        {
          namespace: HEALTH_REPORTING_NAMESPACE,
          optionName: CONFIG_DOCUMENT_OPTION,
          value: withPublishedMetrics(current, { Environment: environment, Instance: instance }),
        },
      ],
      remove: [],
    });

  return (
    <section className="notice notice-warning" aria-label="Metrics not published">
      <div className="notice-body">
        <p className="notice-title">Some charts are empty because Elastic Beanstalk does not publish their metrics</p>
        <ul className="notice-message">
          {groups.map((group) => (
            <li key={group.subject}>{sentence(group)}</li>
          ))}
        </ul>
        <p className="notice-hint">
          Only EnvironmentHealth is published free. The others are published when the{' '}
          <code>{HEALTH_REPORTING_NAMESPACE}</code> <code>{CONFIG_DOCUMENT_OPTION}</code> lists them, from the minute
          the update that lists them completes; earlier minutes stay empty.
        </p>
        <p className="notice-hint">{cost}</p>
        {pending ? (
          <p className="notice-message" role="status">
            An update that publishes them is in progress; the charts fill from the minute it completes.
          </p>
        ) : (
          <button type="button" className="button" onClick={publish}>
            Publish these metrics
          </button>
        )}
      </div>
    </section>
  );
}
