/**
 * `eb logs --stream` in the console: when the environment streams to
 * CloudWatch Logs, a Live tail that polls by time (main de-duplicates by
 * event id, and so does the store) and follows the newest line until the
 * reader scrolls up. When it does not stream, an offer to turn streaming on
 * through the ordinary previewed option change.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { LiveLogEvent, Target } from '../../../../../shared/contract';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useAutoRefresh } from '../../../hooks/useAutoRefresh';
import { dataOf } from '../../../model/loadable';
import { lineSeverity, plural } from '../../../model/logText';
import { formatClock, formatDateTime } from '../../../model/time';
import { useBeanstalk } from '../../../stores/beanstalk';
import { useChanges } from '../../../stores/changes';
import { LIVE_POLL_MS, useLogs } from '../../../stores/logs';

const STREAMING_NAMESPACE = 'aws:elasticbeanstalk:cloudwatch:logs';
const ROW_HEIGHT = 18;

interface Props {
  target: Target;
  environmentName: string;
}

export function LiveTail({ target, environmentName }: Props) {
  const streaming = useLogs((s) => s.streaming[environmentName]);
  const live = useLogs((s) => s.live[environmentName]);
  const data = dataOf(streaming);

  // Read again whenever the environment's status moves: turning streaming on takes effect as its update ends.
  const status = useBeanstalk((s) => dataOf(s.environments)?.find((e) => e.name === environmentName)?.status);
  useEffect(() => {
    void useLogs.getState().loadStreaming(target, environmentName);
  }, [target, environmentName, status]);

  // Turning streaming on is an option change; read the setting again once one for this environment is applied.
  useEffect(
    () =>
      useChanges.subscribe((state, prev) => {
        const intent = state.plan?.intent;
        if (state.phase !== 'done' || prev.phase === 'done' || intent?.kind !== 'beanstalk.updateOptions') return;
        if (intent.environmentName === environmentName) void useLogs.getState().loadStreaming(target, environmentName);
      }),
    [target, environmentName],
  );

  useAutoRefresh(
    () => void useLogs.getState().pollLive(target, environmentName),
    live?.on ? (live.pollError ? LIVE_POLL_MS * 4 : LIVE_POLL_MS) : null,
    live?.checkedAt ?? null,
  );

  const turnOn = () =>
    void useChanges.getState().preview(target, {
      kind: 'beanstalk.updateOptions',
      environmentName,
      set: [{ namespace: STREAMING_NAMESPACE, optionName: 'StreamLogs', value: 'true' }],
      remove: [],
    });

  return (
    <section className="logs-live" aria-label="Live tail">
      <div className="logs-live-head">
        <h3>Live tail</h3>
        <span className="muted">CloudWatch Logs</span>
        <span className="spacer" />
        {data?.enabled && (
          <button
            type="button"
            className={live?.on ? 'button button-small button-primary' : 'button button-small'}
            aria-pressed={live?.on ?? false}
            onClick={() => useLogs.getState().setLive(target, environmentName, !live?.on)}
          >
            Live tail
          </button>
        )}
      </div>
      {streaming?.status === 'error' && (
        <ErrorNotice
          compact
          error={streaming.error}
          title="Could not read the streaming setting"
          onRetry={() => void useLogs.getState().loadStreaming(target, environmentName)}
        />
      )}
      {!data ? (
        streaming?.status !== 'error' && <p className="loading">Checking log streaming…</p>
      ) : !data.enabled ? (
        <div className="logs-streaming-off">
          <p>
            {environmentName} does not stream its logs to CloudWatch Logs, so there is nothing to tail live. Turning it
            on sets <code>{STREAMING_NAMESPACE}</code> <code>StreamLogs=true</code>; Elastic Beanstalk then creates a
            log group per file under <code>/aws/elasticbeanstalk/{environmentName}/</code>, which CloudWatch Logs bills
            for storing.
          </p>
          <button type="button" className="button" onClick={turnOn}>
            Turn on log streaming
          </button>
        </div>
      ) : (
        <>
          <p className="muted logs-live-meta">
            Streaming {plural(data.logGroups.length, 'log group')}
            {data.retentionInDays ? `, kept ${data.retentionInDays} days` : ''}.
            {live?.on && live.checkedAt && <> Checked {formatClock(new Date(live.checkedAt).toISOString())}.</>}
          </p>
          {live?.pollError && (
            <ErrorNotice compact error={live.pollError} title="The live tail could not poll; it will try again" />
          )}
          {live && (live.on || live.events.length > 0) && <LiveLines events={live.events} added={live.added} />}
        </>
      )}
    </section>
  );
}

function LiveLines({ events, added }: { events: LiveLogEvent[]; added: number }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  /** While the reader has scrolled up: the newest line they had when they did, so arrivals can be counted. */
  const [pausedAt, setPausedAt] = useState<string | null>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the virtualizer is read fresh each render
  const virtualizer = useVirtualizer({
    count: events.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (i) => events[i]?.id ?? i,
    overscan: 10,
  });
  const several = new Set(events.map((e) => e.instanceId)).size > 1;
  const following = pausedAt === null;
  const unseen = following ? 0 : events.length - 1 - events.findIndex((e) => e.id === pausedAt);

  // Follow the newest line unless the reader has scrolled up to read.
  const lastId = events.at(-1)?.id;
  useEffect(() => {
    if (lastId && following) virtualizer.scrollToIndex(events.length - 1, { align: 'end' });
  }, [lastId, following, events.length, virtualizer]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT;
    if (atBottom) setPausedAt(null);
    else if (following) setPausedAt(lastId ?? null);
  };

  return (
    <>
      <p className="sr-only" aria-live="polite">
        {added > 0 ? `${plural(added, 'new line')}` : ''}
      </p>
      {!following && (
        <div className="logs-live-paused" role="status">
          Paused while you read{unseen > 0 ? ` · ${plural(unseen, 'new line')}` : ''}.{' '}
          <button type="button" className="button button-small" onClick={() => setPausedAt(null)}>
            Jump to newest
          </button>
        </div>
      )}
      {events.length === 0 ? (
        <p className="muted">No lines yet; new ones appear here as the instances write them.</p>
      ) : (
        <div
          ref={scrollRef}
          className="log-scroll log-live-scroll"
          role="log"
          aria-live="off"
          aria-label="Live log lines"
          tabIndex={0}
          onScroll={onScroll}
        >
          <div className="log-rows" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const e = events[item.index]!;
              const severity = lineSeverity(e.message);
              return (
                <div
                  key={item.key}
                  className={severity ? `log-row log-line log-line-${severity}` : 'log-row log-line'}
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <span className="log-gutter log-time" title={formatDateTime(e.timestamp)}>
                    {formatClock(e.timestamp)}
                  </span>
                  <span className="log-source muted">
                    {several ? `${e.instanceId} ` : ''}
                    {e.file}
                  </span>
                  <span className="log-text">
                    {severity && <span className="sr-only">{severity === 'error' ? 'Error: ' : 'Warning: '}</span>}
                    {e.message}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      )}
    </>
  );
}
