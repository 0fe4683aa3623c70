import { useEffect, useMemo, useState } from 'react';
import type { Severity, Target } from '../../../../shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAutoRefresh } from '../../hooks/useAutoRefresh';
import { severities, sinceChoices, type SinceChoice } from '../../model/events';
import { dataOf } from '../../model/loadable';
import { EVENTS_POLL_MS } from '../../model/refreshSchedule';
import { formatClock } from '../../model/time';
import { useBeanstalk } from '../../stores/beanstalk';
import { EventList } from './EventList';

const HIGHLIGHT_MS = 4000;

interface Props {
  target: Target;
  environmentName: string;
}

/** A live tail like `eb events -f`: a first page, then a poll every 5 s from the newest event. */
export function EventsPanel({ target, environmentName }: Props) {
  const log = useBeanstalk((s) => s.events[environmentName]);
  const query = useBeanstalk((s) => s.eventQuery);
  const [search, setSearch] = useState('');
  const data = dataOf(log);

  useEffect(() => {
    const state = useBeanstalk.getState();
    if (!dataOf(state.events[environmentName])) void state.loadEvents(target, environmentName);
    else void state.pollEvents(target, environmentName);
  }, [target, environmentName]);

  useAutoRefresh(
    () => void useBeanstalk.getState().pollEvents(target, environmentName),
    // A failing poll backs off to every 20 s instead of hammering the API.
    log?.status === 'ready' ? (data?.pollError ? EVENTS_POLL_MS * 4 : EVENTS_POLL_MS) : null,
    data?.checkedAt ?? null,
  );

  const freshSerial = data?.freshSerial ?? 0;
  useEffect(() => {
    if (freshSerial === 0) return;
    const timer = window.setTimeout(() => useBeanstalk.getState().clearFresh(environmentName), HIGHLIGHT_MS);
    return () => window.clearTimeout(timer);
  }, [freshSerial, environmentName]);

  const fresh = useMemo(() => new Set(data?.fresh ?? []), [data?.fresh]);
  const loadOlder = () => void useBeanstalk.getState().loadOlderEvents(target, environmentName);
  // Scrolling to the end reads the next page, but only when not searching (a search would read every page at once)
  // and not after a failure (the notice offers Retry).
  const canLoadOnScroll = !!data?.nextToken && !data.olderError && search.trim() === '';

  const setQuery = (q: { severity?: Severity; since?: SinceChoice }) =>
    useBeanstalk.getState().setEventQuery(target, environmentName, q);
  const reload = () => void useBeanstalk.getState().loadEvents(target, environmentName);
  const announcement =
    data && data.fresh.length > 0 ? `${data.fresh.length} new event${data.fresh.length === 1 ? '' : 's'}` : '';

  return (
    <section className="eb-events" aria-label="Events" aria-busy={log?.status === 'loading' || undefined}>
      <div className="table-toolbar eb-events-toolbar">
        <label className="inline-field">
          <span>Minimum severity</span>
          <select
            aria-label="Minimum severity"
            value={query.severity}
            onChange={(e) => setQuery({ severity: e.target.value as Severity })}
          >
            {severities.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Since</span>
          <select
            aria-label="Since"
            value={query.since}
            onChange={(e) => setQuery({ since: e.target.value as SinceChoice })}
          >
            {sinceChoices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <input
          type="search"
          className="filter"
          aria-label="Search events"
          placeholder="Search messages, severities, versions, request ids"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <span className="spacer" />
        {data && (
          <span className="fetch-meta tail-status" title={`${data.apiCalls} DescribeEvents call(s) so far`}>
            <span className="tail-dot" aria-hidden="true" /> Live · checked{' '}
            {formatClock(new Date(data.checkedAt).toISOString())}
          </span>
        )}
      </div>
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      {log?.status === 'error' && (
        <ErrorNotice
          error={log.error}
          title={data ? 'Could not refresh events' : 'Could not read events'}
          onRetry={reload}
        />
      )}
      {data?.pollError && (
        <ErrorNotice compact error={data.pollError} title="The live tail could not poll; it will try again" />
      )}
      {!data ? (
        log?.status !== 'error' && <p className="loading">Loading events…</p>
      ) : (
        <EventList
          key={environmentName}
          events={data.events}
          search={search}
          fresh={fresh}
          onNearEnd={canLoadOnScroll ? loadOlder : undefined}
          emptyText={(q) =>
            data.events.length === 0
              ? `No events at ${query.severity} or above for this period.`
              : `No events match ‘${q}’.`
          }
        />
      )}
      {data && (
        <div className="eb-events-footer">
          {data.olderError && (
            <ErrorNotice compact error={data.olderError} title="Could not load older events" onRetry={loadOlder} />
          )}
          {data.nextToken ? (
            <>
              <span className="muted">
                {data.events.length.toLocaleString('en-US')} events loaded; there are older ones.
              </span>
              <button
                type="button"
                className="button"
                disabled={data.older === 'loading'}
                aria-busy={data.older === 'loading' || undefined}
                onClick={loadOlder}
              >
                {data.older === 'loading' ? 'Loading…' : 'Load older'}
              </button>
            </>
          ) : (
            <span className="muted">
              {data.events.length.toLocaleString('en-US')} event{data.events.length === 1 ? '' : 's'}; that is
              everything for this period.
            </span>
          )}
        </div>
      )}
    </section>
  );
}
