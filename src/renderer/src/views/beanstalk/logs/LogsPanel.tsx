/**
 * The environment's Logs tab, as EB's console offers it: "Last 100 lines" or
 * "Full logs" from every running instance, with the wait shown and a way to
 * stop waiting, then the log viewer; below, the CloudWatch Logs live tail.
 */
import { useEffect, useState } from 'react';
import type { LogInfoType, Target } from '../../../../../shared/contract';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { plural } from '../../../model/logText';
import { formatSize } from '../../../model/size';
import { problemAsError } from '../../../model/panelProblem';
import { targetKey } from '../../../model/target';
import { formatClock, formatDateTime } from '../../../model/time';
import { LOG_WAIT_LIMIT_SECONDS, useLogs, type LogFetch } from '../../../stores/logs';
import { LiveTail } from './LiveTail';
import { LogViewer } from './LogViewer';
import { useIndexedFiles } from './useLogWork';

const LABELS: Record<LogInfoType, string> = { tail: 'Last 100 lines', bundle: 'Full logs' };
const WHAT: Record<LogInfoType, string> = { tail: 'the last 100 lines', bundle: 'the full logs' };

interface Props {
  target: Target;
  environmentName: string;
}

/** Seconds since `startedAt`, ticking once a second while mounted. */
function useElapsedSeconds(startedAt: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return Math.max(0, Math.floor((now - startedAt) / 1000));
}

function Wait({
  fetch,
  onCancel,
}: {
  fetch: Extract<LogFetch, { phase: 'requesting' | 'waiting' }>;
  onCancel(): void;
}) {
  const elapsed = useElapsedSeconds(fetch.startedAt);
  const from =
    fetch.phase === 'waiting' ? ` from ${plural(fetch.instanceIds.length, 'instance')}` : ' from Elastic Beanstalk';
  return (
    <div className="notice logs-wait" role="status">
      <span className="logs-spinner" aria-hidden="true" />
      <div className="notice-body">
        <p className="notice-title">
          Waiting for {WHAT[fetch.infoType]}
          {from}…{' '}
          <span className="logs-elapsed" aria-live="off">
            {elapsed} s
          </span>
        </p>
        <p className="notice-message muted">
          {fetch.phase === 'waiting' && fetch.progress ? `Elastic Beanstalk: “${fetch.progress}” ` : ''}
          Each instance uploads its logs to S3 first; Trellis stops waiting after {LOG_WAIT_LIMIT_SECONDS} s.
        </p>
      </div>
      <button type="button" className="button button-small" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

export function LogsPanel({ target, environmentName }: Props) {
  const fetch = useLogs((s) => s.fetches[environmentName]) ?? { phase: 'idle' as const };
  const last = useLogs((s) => s.lastLogs[environmentName]);

  useEffect(() => useLogs.getState().resetFor(targetKey(target)), [target]);

  const request = (infoType: LogInfoType) => void useLogs.getState().requestLogs(target, environmentName, infoType);
  const busy = fetch.phase === 'requesting' || fetch.phase === 'waiting';
  const shown = fetch.phase === 'ready' ? fetch : last;

  return (
    <section className="eb-logs" aria-label="Logs" aria-busy={busy || undefined}>
      <div className="table-toolbar logs-toolbar">
        {(['tail', 'bundle'] as const).map((infoType) => (
          <button
            key={infoType}
            type="button"
            className={infoType === 'tail' ? 'button button-primary' : 'button'}
            disabled={busy}
            onClick={() => request(infoType)}
          >
            {LABELS[infoType]}
          </button>
        ))}
        <span className="muted logs-hint">
          From every running instance, through Elastic Beanstalk and S3 (RequestEnvironmentInfo).
        </span>
      </div>
      {busy && <Wait fetch={fetch} onCancel={() => useLogs.getState().cancel(environmentName)} />}
      {fetch.phase === 'error' && (
        <ErrorNotice
          error={fetch.error}
          title={fetch.error.code === 'timeout' ? 'The logs did not arrive' : `Could not get ${WHAT[fetch.infoType]}`}
          onRetry={() => request(fetch.infoType)}
        />
      )}
      {shown ? (
        <LogsResult
          key={shown.receivedAt}
          environmentName={environmentName}
          stale={fetch.phase !== 'ready'}
          {...shown}
        />
      ) : (
        !busy &&
        fetch.phase !== 'error' && (
          <p className="empty">
            No logs requested yet. “Last 100 lines” takes a few seconds; “Full logs” zips each instance’s /var/log.
          </p>
        )
      )}
      <LiveTail target={target} environmentName={environmentName} />
    </section>
  );
}

type ReadyFetch = Extract<LogFetch, { phase: 'ready' }>;

function LogsResult({
  environmentName,
  infoType,
  logs,
  receivedAt,
  stale,
}: Pick<ReadyFetch, 'infoType' | 'logs' | 'receivedAt'> & { environmentName: string; stale: boolean }) {
  const files = useIndexedFiles(logs.instances);
  const fileCount = logs.instances.reduce((n, i) => n + i.files.length, 0);
  const received = new Date(receivedAt).toISOString();
  return (
    <div className="logs-result">
      <p className="logs-summary">
        <strong>{LABELS[infoType]}</strong>
        <span className="muted">
          {' '}
          · received <span title={formatDateTime(received)}>{formatClock(received)}</span> after{' '}
          {Math.round(logs.waitedMs / 1000)} s · {plural(logs.instances.length, 'instance')} ·{' '}
          {plural(fileCount, 'file')} · {formatSize(logs.totalBytes)}
          {stale && ' · from the previous request'}
        </span>
      </p>
      <ul className="logs-instances" aria-label="Instances">
        {logs.instances.map((i) => (
          <li key={i.instanceId}>
            <code>{i.instanceId}</code>{' '}
            <span className="muted">
              {i.sampledAt ? `sampled ${formatDateTime(i.sampledAt)} · ` : ''}
              {plural(i.files.length, 'file')}
            </span>
            {i.problem && (
              <ErrorNotice compact error={problemAsError(i.problem)} title={`No logs from ${i.instanceId}`} />
            )}
          </li>
        ))}
      </ul>
      {files ? (
        <LogViewer files={files} environmentName={environmentName} infoType={infoType} receivedAt={receivedAt} />
      ) : (
        <p className="loading">Preparing {formatSize(logs.totalBytes)} of logs…</p>
      )}
    </div>
  );
}
