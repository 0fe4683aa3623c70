import { useId } from 'react';
import { useDiagnostics } from '../../stores/diagnostics';

/**
 * The scan option that reads instance logs. Off by default and said plainly why: each environment costs a
 * log request to Elastic Beanstalk and a wait while its instances upload their logs.
 */
export function ReadLogsOption() {
  const readLogs = useDiagnostics((s) => s.readLogs);
  const hint = useId();
  return (
    <label className="scan-option">
      <input
        type="checkbox"
        checked={readLogs}
        aria-describedby={hint}
        onChange={(e) => useDiagnostics.getState().setReadLogs(e.target.checked)}
      />{' '}
      Read instance logs
      <span id={hint} className="muted scan-option-hint">
        {' '}
        (requests the latest logs from every instance and waits for them: about 5–30 s per environment)
      </span>
    </label>
  );
}
