import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import 'uplot/dist/uPlot.min.css';
import './monitoring.css';
import {
  monitoringRanges,
  type MonitoringMarker,
  type MonitoringRange,
  type Target,
} from '../../../../../shared/contract';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { RefreshButton } from '../../../components/RefreshButton';
import { useAutoRefresh } from '../../../hooks/useAutoRefresh';
import { dataOf } from '../../../model/loadable';
import { formatClock, formatDateTime } from '../../../model/time';
import { metricsKey, useMonitoring, type MonitoringWindow } from '../../../stores/monitoring';
import { chartsOf, type PanelCharts } from './chartLines';
import { CustomRangeForm } from './CustomRangeForm';
import { MarkerDetails } from './MarkerDetails';
import { MetricChart } from './MetricChart';
import { LiveInstanceTable } from './LiveInstanceTable';
import { AlarmsSection } from './AlarmsSection';
import { MetricsPublishingNotice } from './MetricsPublishingNotice';
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

const count = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
const seconds = (v: number) => (v < 1 ? `${Math.round(v * 1000)} ms` : `${v.toFixed(2)} s`);
const percent = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} %`;
const load = (v: number) => v.toFixed(2);
const healthLabel = (v: number) => healthName(v);

const NO_INSTANCES = 'No instances are running in this environment.';
const NO_DATABASE = 'No database is linked to this environment.';

/** Every chart but health's, in order; the last two sit under the database's name. */
const LINE_CHARTS: ReadonlyArray<{
  title: string;
  lines: Exclude<keyof PanelCharts, 'health'>;
  format: (v: number) => string;
  emptyText?: string;
}> = [
  { title: 'Requests by status class', lines: 'requests', format: count },
  { title: 'Latency p50, p90, p99', lines: 'latency', format: seconds },
  { title: 'CPU busy per instance', lines: 'cpu', format: percent, emptyText: NO_INSTANCES },
  { title: 'Load average (1 min) per instance', lines: 'load', format: load, emptyText: NO_INSTANCES },
  { title: 'Database CPU', lines: 'dbCpu', format: percent, emptyText: NO_DATABASE },
  { title: 'Database connections', lines: 'dbConnections', format: count, emptyText: NO_DATABASE },
];

const periodText = (period: number) => (period < 3600 ? `${period / 60} min periods` : `${period / 3600} h periods`);

/**
 * The environment's CloudWatch metrics over a chosen range: health, requests
 * by status class, latency, CPU and load per instance, the database's CPU and
 * connections, with its deploys and configuration changes marked on each chart.
 */
export function MonitoringPanel({
  target,
  environmentName,
  onShowEvents,
}: {
  target: Target;
  environmentName: string;
  /** Opens the environment's Events tab, from a marker's details. */
  onShowEvents?: () => void;
}) {
  const [chosen, setChosen] = useState<MonitoringWindow>(60);
  const [customOpen, setCustomOpen] = useState(false);
  const [selected, setSelected] = useState<MonitoringMarker | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const groupName = useId();
  const key = metricsKey(environmentName, chosen);
  const loadable = useMonitoring((s) => s.metrics[key]);
  const lastRunAt = useMonitoring((s) => s.loadedAt[key] ?? null);
  const reload = () => void useMonitoring.getState().load(target, environmentName, chosen);

  useEffect(() => {
    void useMonitoring.getState().load(target, environmentName, chosen);
  }, [target, environmentName, chosen]);
  useAutoRefresh(reload, AUTO_REFRESH_MS, lastRunAt);

  // A new range keeps the last charts (and their open tables) on screen until its answer is in.
  const latest = useMonitoring((s) => s.latest[environmentName]);
  const metrics = dataOf(loadable) ?? latest;
  const charts = useMemo(() => chartsOf(metrics), [metrics]);
  const markers = metrics?.markers;
  const span = useMemo(() => (metrics ? { start: metrics.start, end: metrics.end } : undefined), [metrics]);
  // A refresh brings new marker objects: the open one is found again by id.
  const open = selected ? (markers?.find((m) => m.id === selected.id) ?? selected) : null;

  const openMarker = useCallback((marker: MonitoringMarker) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setSelected(marker);
  }, []);
  const closeMarker = () => {
    setSelected(null);
    opener.current?.focus();
  };
  const markerProps = { span, markers, selectedMarkerId: open?.id ?? null, onOpenMarker: openMarker };
  const database = metrics?.database;

  return (
    <section className="monitoring" aria-label="Monitoring">
      <div className="monitoring-toolbar" role="group" aria-label="Chart controls">
        <div className="segmented" role="radiogroup" aria-label="Time range">
          {monitoringRanges.map((r) => (
            <label key={r}>
              <input
                type="radio"
                name={groupName}
                checked={!customOpen && chosen === r}
                onChange={() => {
                  setCustomOpen(false);
                  setChosen(r);
                }}
                aria-label={RANGE_LABELS[r]}
              />{' '}
              {RANGE_LABELS[r]}
            </label>
          ))}
          <label>
            <input
              type="radio"
              name={groupName}
              checked={customOpen}
              onChange={() => setCustomOpen(true)}
              aria-label="Custom"
            />{' '}
            Custom
          </label>
        </div>
        <span className="fetch-meta">
          {metrics ? (
            <span title={formatDateTime(metrics.readAt)}>
              Last updated {formatClock(metrics.readAt)} · {periodText(metrics.period)}
            </span>
          ) : (
            'Not loaded yet'
          )}
        </span>
        <span className="spacer" />
        <RefreshButton busy={loadable?.status === 'loading'} onRefresh={reload} />
      </div>
      {customOpen && (
        <CustomRangeForm initial={typeof chosen === 'number' ? undefined : chosen} onApply={(w) => setChosen(w)} />
      )}
      {metrics && typeof chosen !== 'number' && (
        <p className="muted monitoring-window">
          Showing {formatDateTime(metrics.start)} to {formatDateTime(metrics.end)}
        </p>
      )}
      {loadable?.status === 'error' && (
        <ErrorNotice error={loadable.error} title="Metrics could not be read" onRetry={reload} />
      )}
      {metrics && (
        <MetricsPublishingNotice
          target={target}
          environmentName={environmentName}
          emptyMetricNames={metrics.emptyMetricNames}
        />
      )}
      {metrics && metrics.notes.length > 0 && (
        <ul className="muted monitoring-notes" aria-label="Monitoring notes">
          {metrics.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {open && <MarkerDetails marker={open} onClose={closeMarker} onShowEvents={onShowEvents} />}
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
            {...markerProps}
          />
          {LINE_CHARTS.slice(0, 4).map((c) => (
            <MetricChart key={c.title} {...c} lines={charts[c.lines]} kind="line" {...markerProps} />
          ))}
          <div className="monitoring-database">
            <p className="muted">
              {database
                ? `Database ${database.id}, named by its ${database.via}.`
                : 'No database: none of the environment’s properties or host secrets names a DB instance in this region.'}
            </p>
            {LINE_CHARTS.slice(4).map((c) => (
              <MetricChart key={c.title} {...c} lines={charts[c.lines]} kind="line" {...markerProps} />
            ))}
          </div>
        </div>
      )}
      <LiveInstanceTable target={target} environmentName={environmentName} />
      <AlarmsSection target={target} environmentName={environmentName} />
    </section>
  );
}
