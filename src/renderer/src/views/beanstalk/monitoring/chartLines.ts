/** Which of the answer's series go on which Monitoring chart, in which colour. */
import type { EnvironmentMetrics, MetricSeries } from '../../../../../shared/contract';
import type { ChartLine } from './MetricChart';

const COLORS: Readonly<Record<string, string>> = {
  health: '#c0392b',
  r2xx: '#2e8540',
  r3xx: '#2f6fb5',
  r4xx: '#d98c00',
  r5xx: '#c0392b',
  p50: '#2f6fb5',
  p90: '#8e44ad',
  p99: '#c0392b',
  dbcpu: '#16a085',
  dbconn: '#2f6fb5',
};

/** One colour per instance, in the same order on the CPU and load charts; distinguishable on white. */
const INSTANCE_COLORS = [
  '#2f6fb5',
  '#d35400',
  '#2e8540',
  '#8e44ad',
  '#c0392b',
  '#16a085',
  '#7f8c8d',
  '#b7950b',
  '#1f618d',
  '#a04000',
] as const;

export interface PanelCharts {
  health: ChartLine[];
  requests: ChartLine[];
  latency: ChartLine[];
  cpu: ChartLine[];
  load: ChartLine[];
  dbCpu: ChartLine[];
  dbConnections: ChartLine[];
}

const EMPTY: PanelCharts = {
  health: [],
  requests: [],
  latency: [],
  cpu: [],
  load: [],
  dbCpu: [],
  dbConnections: [],
};

/** Made once per answer: new arrays would make uPlot rebuild every chart on each store update. */
export function chartsOf(metrics: EnvironmentMetrics | undefined): PanelCharts {
  if (!metrics) return EMPTY;
  const byId = new Map(metrics.series.map((s) => [s.id, s]));
  const fixed = (ids: readonly string[]): ChartLine[] =>
    ids.flatMap((id) => {
      const series = byId.get(id);
      return series ? [{ series, color: COLORS[id] ?? '#555' }] : [];
    });
  const perInstance = (prefix: string): ChartLine[] =>
    metrics.series
      .filter((s: MetricSeries) => s.id.startsWith(`${prefix}_i`))
      .map((series, i) => ({ series, color: INSTANCE_COLORS[i % INSTANCE_COLORS.length]! }));
  return {
    health: fixed(['health']),
    requests: fixed(['r2xx', 'r3xx', 'r4xx', 'r5xx']),
    latency: fixed(['p50', 'p90', 'p99']),
    cpu: perInstance('cpu'),
    load: perInstance('load'),
    dbCpu: fixed(['dbcpu']),
    dbConnections: fixed(['dbconn']),
  };
}

/**
 * Past this many lines a chart draws only the highest few until asked for all: twenty overlapping
 * lines of a week's minutes cost ~100 ms a frame to stroke in a software-rendered canvas and are
 * unreadable anyway, while the few highest are the ones an operator is looking for.
 */
export const MANY_LINES = 8;
export const DRAWN_WHEN_MANY = 5;

/** The indexes of the lines to draw: all, or the few with the highest peak when there are many. */
export function drawnLines(lines: readonly ChartLine[], drawAll: boolean): ReadonlySet<number> {
  if (drawAll || lines.length <= MANY_LINES) return new Set(lines.map((_, i) => i));
  const peak = (l: ChartLine) => l.series.points.reduce((m, p) => Math.max(m, p.v), -Infinity);
  return new Set(
    lines
      .map((l, i) => ({ i, peak: peak(l) }))
      .sort((a, b) => b.peak - a.peak || a.i - b.i)
      .slice(0, DRAWN_WHEN_MANY)
      .map((x) => x.i),
  );
}
