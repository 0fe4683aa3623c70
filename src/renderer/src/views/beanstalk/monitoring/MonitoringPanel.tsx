import { useEffect, useId, useMemo, useState } from 'react';
import 'uplot/dist/uPlot.min.css';
import './monitoring.css';
import { monitoringRanges, type MonitoringRange, type Target } from '../../../../../shared/contract';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { RefreshButton } from '../../../components/RefreshButton';
import { useAutoRefresh } from '../../../hooks/useAutoRefresh';
import { dataOf } from '../../../model/loadable';
import { formatClock, formatDateTime } from '../../../model/time';
import { metricsKey, useMonitoring } from '../../../stores/monitoring';
import { MetricChart, type ChartLine } from './MetricChart';
import { HEALTH_TICKS, healthColor, healthName } from './metricRows';

const RANGE_LABELS: Record<MonitoringRange, string> = {
  60: '1 h',
  180: '3 h',
  720: '12 h',
  1440: '1 d',
  10080: '1 w',
};

/** A minute: CloudWatch's finest period here, so refreshing faster shows nothing new. */
const AUTO_REFRESH_MS = 60_000;

const COLORS = {
  health: '#c0392b',
  r2xx: '#2e8540',
  r3xx: '#2f6fb5',
  r4xx: '#d98c00',
  r5xx: '#c0392b',
  p50: '#2f6fb5',
  p90: '#8e44ad',
  p99: '#c0392b',
} as const;

const count = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
const seconds = (v: number) => (v < 1 ? `${Math.round(v * 1000)} ms` : `${v.toFixed(2)} s`);
const healthLabel = (v: number) => healthName(v);

/** The environment's CloudWatch metrics: health, requests by status class and latency, over a chosen range. */
export function MonitoringPanel({ target, environmentName }: { target: Target; environmentName: string }) {
  const [range, setRange] = useState<MonitoringRange>(60);
  const groupName = useId();
  const key = metricsKey(environmentName, range);
  const loadable = useMonitoring((s) => s.metrics[key]);
  const lastRunAt = useMonitoring((s) => s.loadedAt[key] ?? null);
  const load = () => void useMonitoring.getState().load(target, environmentName, range);

  useEffect(() => {
    void useMonitoring.getState().load(target, environmentName, range);
  }, [target, environmentName, range]);
  useAutoRefresh(load, AUTO_REFRESH_MS, lastRunAt);

  // A new range keeps the last charts (and their open tables) on screen until its answer is in.
  const latest = useMonitoring((s) => s.latest[environmentName]);
  const metrics = dataOf(loadable) ?? latest;
  // Lines are made once per answer: new arrays would make uPlot rebuild every chart on each store update.
  const charts = useMemo(() => {
    const byId = new Map(metrics?.series.map((s) => [s.id, s]) ?? []);
    const lines = (ids: readonly (keyof typeof COLORS)[]): ChartLine[] =>
      ids.flatMap((id) => {
        const series = byId.get(id);
        return series ? [{ series, color: COLORS[id] }] : [];
      });
    return {
      health: lines(['health']),
      requests: lines(['r2xx', 'r3xx', 'r4xx', 'r5xx']),
      latency: lines(['p50', 'p90', 'p99']),
    };
  }, [metrics]);

  return (
    <section className="monitoring" aria-label="Monitoring">
      <div className="monitoring-toolbar">
        <div className="segmented" role="radiogroup" aria-label="Time range">
          {monitoringRanges.map((r) => (
            <label key={r}>
              <input
                type="radio"
                name={groupName}
                checked={range === r}
                onChange={() => setRange(r)}
                aria-label={RANGE_LABELS[r]}
              />{' '}
              {RANGE_LABELS[r]}
            </label>
          ))}
        </div>
        <span className="fetch-meta">
          {metrics ? (
            <span title={formatDateTime(metrics.readAt)}>
              Last updated {formatClock(metrics.readAt)} · {metrics.period / 60} min periods
            </span>
          ) : (
            'Not loaded yet'
          )}
        </span>
        <span className="spacer" />
        <RefreshButton busy={loadable?.status === 'loading'} onRefresh={load} />
      </div>
      {loadable?.status === 'error' && (
        <ErrorNotice error={loadable.error} title="Metrics could not be read" onRetry={load} />
      )}
      {!metrics && loadable?.status !== 'error' && <p className="muted">Loading metrics…</p>}
      {metrics && (
        <div className="monitoring-charts">
          <MetricChart
            title="Health over time"
            lines={charts.health}
            format={healthLabel}
            kind="step"
            yTicks={HEALTH_TICKS}
            band={healthColor}
          />
          <MetricChart title="Requests by status class" lines={charts.requests} format={count} kind="line" />
          <MetricChart title="Latency p50, p90, p99" lines={charts.latency} format={seconds} kind="line" />
        </div>
      )}
    </section>
  );
}
