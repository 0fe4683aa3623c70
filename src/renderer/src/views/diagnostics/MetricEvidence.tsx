import { useMemo } from 'react';
import 'uplot/dist/uPlot.min.css';
import '../beanstalk/monitoring/monitoring.css';
import type { Evidence, MonitoringMarker } from '../../../../shared/contract';
import { formatDateTime } from '../../model/time';
import { MetricChart, type ChartLine } from '../beanstalk/monitoring/MetricChart';
import { HEALTH_TICKS, healthColor, healthName } from '../beanstalk/monitoring/metricRows';

type MetricPart = NonNullable<Evidence['metric']>;

const percent = (v: number) => `${Math.round(v)} %`;

/** The change as the Monitoring chart draws its markers; a finding knows only when and what, not the outcome. */
function markerOf(change: NonNullable<MetricPart['change']>): MonitoringMarker {
  const kind: MonitoringMarker['kind'] = change.label.startsWith('Deploy')
    ? 'deploy'
    : change.label === 'Configuration change'
      ? 'configuration'
      : change.label === 'Rebuild'
        ? 'rebuild'
        : change.label === 'App server restart'
          ? 'restart'
          : 'update';
  return { id: `change-${change.at}`, at: change.at, kind, title: change.label, outcome: 'unknown', events: [] };
}

/**
 * A finding's metric evidence drawn with the Monitoring tab's chart (its
 * table view included), the change the text relates it to marked on it when
 * the change falls inside the series, and named in words either way.
 */
export function MetricEvidence({ metric }: { metric: MetricPart }) {
  const health = metric.series.metricName === 'EnvironmentHealth';
  const lines = useMemo<ChartLine[]>(() => [{ series: metric.series, color: '#c0392b' }], [metric.series]);
  const points = metric.series.points;
  const first = points[0]?.t;
  const last = points[points.length - 1]?.t;
  const span = useMemo(
    () =>
      first && last
        ? { start: first, end: new Date(Date.parse(last) + metric.period * 1000).toISOString() }
        : undefined,
    [first, last, metric.period],
  );
  const change = metric.change;
  const markers = useMemo(() => {
    if (!change || !span) return [];
    const at = Date.parse(change.at);
    return at >= Date.parse(span.start) && at <= Date.parse(span.end) ? [markerOf(change)] : [];
  }, [change, span]);
  return (
    <div className="metric-evidence">
      <MetricChart
        title={`Metric evidence: ${metric.series.label}`}
        lines={lines}
        format={health ? healthName : percent}
        kind={health ? 'step' : 'line'}
        {...(health ? { yTicks: HEALTH_TICKS, band: healthColor } : {})}
        {...(span ? { span } : {})}
        markers={markers}
      />
      {change && (
        <p className="muted metric-evidence-change">
          Change marker: {change.label} at {formatDateTime(change.at)}
          {markers.length === 0 ? ' (before the charted hours)' : ''}
        </p>
      )}
    </div>
  );
}
