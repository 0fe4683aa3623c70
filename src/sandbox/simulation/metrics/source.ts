/**
 * The sandbox's metrics as a MetricSource: a pure function of the state
 * document and the clock. Samples are computed when asked for, never
 * stored, so a week of one-minute data costs no memory between calls.
 */
import type { StateDocument } from '../../state/document';
import { allSeries, type Series } from './catalog';
import { MINUTE_MS } from './noise';
import { metricScene } from './scene';
import type { MetricId, MetricSource, PeriodSamples } from './types';

/** CloudWatch keeps one-minute data 15 days; ListMetrics looks back two weeks. */
const RETENTION_MS = 15 * 24 * 60 * MINUTE_MS;
const LIST_WINDOW_MS = 14 * 24 * 60 * MINUTE_MS;

export function metricKey(id: MetricId): string {
  const dims = [...id.dimensions]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((d) => `${d.name}=${d.value}`)
    .join(',');
  return `${id.namespace}|${id.metricName}|${dims}`;
}

function samplesOf(series: Series, start: Date, end: Date, periodSeconds: number, now: Date): PeriodSamples[] {
  const clock = now.getTime();
  const periodMs = Math.max(1, Math.round(periodSeconds * 1000));
  const first = Math.max(start.getTime(), series.from, clock - RETENTION_MS);
  const stop = Math.min(end.getTime(), series.until, clock + 1);
  const out: PeriodSamples[] = [];
  let values: number[] = [];
  let timestamp = NaN;
  for (let minute = Math.ceil(first / MINUTE_MS) * MINUTE_MS; minute < stop; minute += MINUTE_MS) {
    const value = series.valueAt(minute, clock);
    if (value === undefined) continue;
    const period = Math.floor(minute / periodMs) * periodMs;
    if (period !== timestamp) {
      values = [];
      timestamp = period;
      out.push({ timestamp: new Date(period), values, unit: series.unit });
    }
    values.push(value);
  }
  return out;
}

/** `now` is the clock the document was read at; each call passes its own, which wins. */
export function metricSourceFor(document: StateDocument, now: Date): MetricSource {
  let index: Map<string, Series> | undefined;
  const series = (): Map<string, Series> => {
    index ??= new Map(allSeries(metricScene(document)).map((s) => [metricKey(s.id), s]));
    return index;
  };
  const listed = (at: Date, namespace?: string): MetricId[] => {
    const clock = at.getTime();
    return [...series().values()]
      .filter((s) => namespace === undefined || s.id.namespace === namespace)
      .filter((s) => s.from <= clock && s.until > clock - LIST_WINDOW_MS)
      .map((s) => s.id);
  };
  return {
    list: (at = now, namespace) => listed(at, namespace),
    samples: (id, start, end, periodSeconds, at = now) => {
      const found = series().get(metricKey(id));
      return found ? samplesOf(found, start, end, periodSeconds, at) : [];
    },
  };
}
