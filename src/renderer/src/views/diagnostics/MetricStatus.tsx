import { formatClock } from '../../model/time';
import { METRIC_WAIT_MS, type VerifyState } from '../../stores/diagnosticsRecheck';

const WAIT_MINUTES = METRIC_WAIT_MS / 60_000;

/**
 * After a verified fix, the health metric's own verdict: recovered (and how
 * long it took), still waiting (until when the console keeps asking), or
 * given up on with the newest value, so the user knows where to look next.
 */
export function MetricStatus({ state }: { state: VerifyState }) {
  const metric = state.result?.status === 'verified' ? state.result.metric : undefined;
  if (!metric) return null;
  if (metric.state === 'recovered') {
    return (
      <p role="status" className="verify verify-ok">
        <span aria-hidden="true">✓ </span>
        {metric.text}
      </p>
    );
  }
  if (metric.state === 'unavailable') {
    return (
      <p role="status" className="verify">
        {metric.text}
      </p>
    );
  }
  if (state.metricTimedOut) {
    return (
      <p role="status" className="verify verify-bad">
        <span aria-hidden="true">✕ </span>
        Health metric not recovered after waiting {WAIT_MINUTES} min: {metric.text} Follow it on the environment’s
        Monitoring tab, or check again.
      </p>
    );
  }
  return (
    <p role="status" className="verify verify-busy">
      {metric.text}
      {state.metricDeadline !== undefined && (
        <span className="muted">
          {' '}
          (asking again every few seconds until {formatClock(new Date(state.metricDeadline).toISOString())})
        </span>
      )}
    </p>
  );
}
