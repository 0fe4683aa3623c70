import { useEffect, useId } from 'react';
import './alarms.css';
import type { AlarmStateValue, Target } from '../../../../../shared/contract';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { GridHead } from '../../../components/GridHead';
import { RefreshButton } from '../../../components/RefreshButton';
import { useAutoRefresh } from '../../../hooks/useAutoRefresh';
import { dataOf } from '../../../model/loadable';
import { problemAsError } from '../../../model/panelProblem';
import { formatClock, formatDateTime } from '../../../model/time';
import { useAlarms } from '../../../stores/alarms';
import { useChanges } from '../../../stores/changes';
import { AlarmPresets } from './AlarmPresets';

/** CloudWatch evaluates alarms every period, a minute at the finest; polling faster shows nothing new. */
const AUTO_REFRESH_MS = 60_000;

/** The state as a word and a colour (the health badge's), so it never rests on colour alone. */
const STATE_LOOK: Record<AlarmStateValue, { word: string; color: string }> = {
  ALARM: { word: 'ALARM', color: 'red' },
  OK: { word: 'OK', color: 'green' },
  INSUFFICIENT_DATA: { word: 'Insufficient data', color: 'grey' },
};

function AlarmState({ state }: { state: AlarmStateValue }) {
  const look = STATE_LOOK[state];
  return (
    <span className={`health health-${look.color}`}>
      <span className="health-dot" aria-hidden="true" />
      {look.word}
    </span>
  );
}

/** The CloudWatch alarms on the environment's metrics and its database's, with their state, and the two one-click alarms. */
export function AlarmsSection({ target, environmentName }: { target: Target; environmentName: string }) {
  const headingId = useId();
  const loadable = useAlarms((s) => s.alarms[environmentName]);
  const lastRunAt = useAlarms((s) => s.loadedAt[environmentName] ?? null);
  const data = dataOf(loadable);
  const load = () => void useAlarms.getState().load(target, environmentName);

  useEffect(() => {
    void useAlarms.getState().load(target, environmentName);
    // An alarm made, deleted or put back here or from the Journal shows once the change is applied.
    return useChanges.subscribe((s, prev) => {
      if (s.phase === 'done' && prev.phase !== 'done' && s.plan?.intent.kind.startsWith('cloudwatch.')) {
        void useAlarms.getState().load(target, environmentName);
      }
    });
  }, [target, environmentName]);
  useAutoRefresh(load, AUTO_REFRESH_MS, lastRunAt);

  const remove = (alarmName: string) =>
    void useChanges.getState().preview(target, { kind: 'cloudwatch.deleteAlarm', alarmName });

  return (
    <section
      className="alarms-section"
      aria-labelledby={headingId}
      aria-busy={loadable?.status === 'loading' || undefined}
    >
      <div className="alarms-head">
        <h3 id={headingId}>Alarms</h3>
        <span className="fetch-meta">
          {data ? <span title={formatDateTime(data.readAt)}>Read {formatClock(data.readAt)}</span> : 'Not loaded yet'}
        </span>
        <span className="spacer" />
        <RefreshButton busy={loadable?.status === 'loading'} onRefresh={load} />
      </div>
      {loadable?.status === 'error' && (
        <ErrorNotice error={loadable.error} title="Alarms could not be read" onRetry={load} />
      )}
      {data?.databasesProblem && (
        <ErrorNotice
          error={problemAsError(data.databasesProblem)}
          title="The database's alarms are not shown: the environment's database could not be found"
        />
      )}
      {!data && loadable?.status !== 'error' && <p className="muted">Loading alarms…</p>}
      {data && data.alarms.length === 0 && (
        <p className="muted">
          No CloudWatch alarms watch {environmentName}&apos;s metrics
          {data.databases.length ? ` or those of its database ${data.databases.join(', ')}` : ' or its database’s'}.
        </p>
      )}
      {data && data.alarms.length > 0 && (
        <table className="grid grid-compact alarms-table" aria-label="Alarms">
          <GridHead columns={['Alarm', 'Watches', 'Condition', 'State', 'Reason', 'Updated']} />
          <tbody>
            {data.alarms.map((a) => (
              <tr key={a.name}>
                <th scope="row">
                  <code>{a.name}</code>
                  {a.description && <span className="alarm-description">{a.description}</span>}
                </th>
                <td className="nowrap">
                  {a.scope === 'database' ? 'Database ' : ''}
                  <code>{a.resource}</code>
                </td>
                <td>{a.condition}</td>
                <td className="nowrap">
                  <AlarmState state={a.state} />
                </td>
                <td className="alarm-reason">{a.stateReason || '—'}</td>
                <td className="nowrap" title={formatDateTime(a.stateUpdated)}>
                  {a.stateUpdated ? formatDateTime(a.stateUpdated) : '—'}
                </td>
                <td className="nowrap">
                  {a.madeByTrellis && (
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={`Delete alarm ${a.name}`}
                      onClick={() => remove(a.name)}
                    >
                      Delete…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data?.truncated && (
        <p className="muted">
          The region has more alarms than Trellis reads at once ({data.calls} pages); some may be missing here.
        </p>
      )}
      <AlarmPresets target={target} environmentName={environmentName} alarms={data} />
    </section>
  );
}
