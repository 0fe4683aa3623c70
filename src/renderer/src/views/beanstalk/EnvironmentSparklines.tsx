/**
 * The environment list's two sparkline cells, health and 5xx over the last
 * hour, drawn from the one answer for the whole list. The table is
 * virtualised, so only the rows on screen draw theirs. Where a metric is not
 * published (moto, or an environment without enhanced health reporting) the
 * cell says so in words, under the same kind of name as a drawn line.
 */
import { useMemo } from 'react';
import './sparklines.css';
import type { AppError, EnvironmentListMetrics, EnvironmentSparklines } from '../../../../shared/contract';
import { Sparkline } from '../../components/Sparkline';
import { sparkRuns, type SparkRun } from '../../model/sparkline';
import {
  errorsBox,
  errorsColor,
  errorsSummary,
  healthBox,
  healthColor,
  healthSummary,
  type SparkSummary,
} from './sparklines';

/** Fits the sparkline columns of beanstalk.css inside their cell padding, with the 5xx's value beside it. */
const WIDTH = 60;
const HEIGHT = 18;

/** The list's answer as a row needs it; `error` only when there is no earlier answer to show. */
export interface SparklineSource {
  metrics: EnvironmentListMetrics | undefined;
  sparklines: EnvironmentSparklines | undefined;
  error: AppError | undefined;
}

const NOTHING: EnvironmentSparklines = { environmentName: '', health: [], errors: [], requests: [] };

/** Before the first answer, or when it failed: said under the cell's name, like a line or a gap. */
function Pending({ what, error }: { what: string; error: AppError | undefined }) {
  const state = error ? 'Unavailable' : 'Loading…';
  return (
    <span
      className="muted spark-gap"
      role="img"
      aria-label={`${what}, last hour: ${state}`}
      title={error ? error.message : undefined}
    >
      {state}
    </span>
  );
}

/** `showNow` puts the newest value beside the line; health's is already the row's Health status. */
function Cell({ summary, runs, showNow }: { summary: SparkSummary; runs: readonly SparkRun[]; showNow: boolean }) {
  if (summary.gap) {
    // Named like a drawn line, so "No data" is read with what it is about.
    return (
      <span className="muted spark-gap" role="img" aria-label={summary.label} title={summary.label}>
        {summary.gap}
      </span>
    );
  }
  return (
    <span className="spark-cell">
      <Sparkline label={summary.label} runs={runs} width={WIDTH} height={HEIGHT} />
      {showNow && (
        <span className="spark-now" aria-hidden="true">
          {summary.now}
        </span>
      )}
    </span>
  );
}

export function HealthSparkline({ source }: { source: SparklineSource }) {
  const { metrics } = source;
  const points = (source.sparklines ?? NOTHING).health;
  const runs = useMemo(
    () =>
      metrics
        ? sparkRuns(points, healthBox(Date.parse(metrics.start), Date.parse(metrics.end), WIDTH, HEIGHT), healthColor)
        : [],
    [metrics, points],
  );
  if (!metrics) return <Pending what="Health" error={source.error} />;
  return <Cell summary={healthSummary(points)} runs={runs} showNow={false} />;
}

export function ErrorsSparkline({ source }: { source: SparklineSource }) {
  const { metrics } = source;
  const sparklines = source.sparklines ?? NOTHING;
  const runs = useMemo(() => {
    if (!metrics) return [];
    const box = errorsBox(
      sparklines.errors,
      metrics.errorsAs,
      Date.parse(metrics.start),
      Date.parse(metrics.end),
      WIDTH,
      HEIGHT,
    );
    return sparkRuns(sparklines.errors, box, errorsColor);
  }, [metrics, sparklines]);
  if (!metrics) return <Pending what="5xx" error={source.error} />;
  return <Cell summary={errorsSummary(sparklines, metrics.errorsAs)} runs={runs} showNow />;
}
