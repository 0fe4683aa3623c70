/**
 * The events of one environment as a virtualised table: thousands scroll
 * with only the rows on screen in the DOM, search is one pass over text
 * lower-cased once per event, and time and severity sort. A row shows its
 * message on one line; opening it (click or Enter) shows all of it with the
 * request, application and version.
 */
import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import type { EnvironmentEvent } from '../../../../shared/contract';
import { CopyButton } from '../../components/CopyButton';
import { GridHead, type GridColumn } from '../../components/GridHead';
import { VirtualTable } from '../../components/VirtualTable';
import { isSevere } from '../../model/events';
import { createRowFilter } from '../../model/rowFilter';
import { formatClock, formatDate, formatDateTime } from '../../model/time';
import { eventRowKey, eventSearchText, NEWEST_FIRST, sortEvents, type EventColumn, type EventSort } from './eventRows';

/** `--vtable-row` in iam.css; opened rows are taller, and measured. */
const ROW_HEIGHT = 32;

interface Props {
  events: readonly EnvironmentEvent[];
  search: string;
  /** Keys of the events the last poll brought, highlighted for a moment. */
  fresh: ReadonlySet<string>;
  /** When there is more to load and scrolling near the end should load it. */
  onNearEnd?: () => void;
  /** Says what no match means, e.g. at the chosen severity. */
  emptyText: (search: string) => string;
}

export function EventList({ events, search, fresh, onNearEnd, emptyText }: Props) {
  const [sort, setSort] = useState<EventSort>(NEWEST_FIRST);
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const query = useDeferredValue(search);
  const sorted = useMemo(() => sortEvents(events, sort), [events, sort]);
  const filter = useMemo(() => createRowFilter(sorted, eventSearchText), [sorted]);
  const shown = useMemo(() => filter(query), [filter, query]);
  const [lastOpened, setLastOpened] = useState<string | null>(null);

  const toggle = useCallback((event: EnvironmentEvent) => {
    const key = eventRowKey(event);
    setOpen((o) => {
      const next = new Set(o);
      if (!next.delete(key)) next.add(key);
      return next;
    });
    setLastOpened(key);
  }, []);

  const cells = useCallback(
    (e: EnvironmentEvent) => (
      <>
        <td className="nowrap" title={formatDateTime(e.date)}>
          <span className="muted">{formatDate(e.date)}</span> {formatClock(e.date)}
        </td>
        <td>
          <span className={`severity severity-${e.severity.toLowerCase()}`}>{e.severity}</span>
        </td>
        <td className="event-message">
          <code>{e.message}</code>
          {open.has(eventRowKey(e)) && (
            <span className="muted event-meta">
              {[
                e.applicationName && `application ${e.applicationName}`,
                e.versionLabel && `version ${e.versionLabel}`,
                e.requestId && `request ${e.requestId}`,
              ]
                .filter(Boolean)
                .join(' · ') || 'No request, application or version recorded.'}
            </span>
          )}
        </td>
        <td className="actions-cell">
          <CopyButton text={e.message} what="event message" />
        </td>
      </>
    ),
    [open],
  );

  // Newest and most severe first is what an operator looks for, so a new column starts descending.
  const column = (label: string, id: EventColumn): GridColumn => ({
    label,
    sort: sort.column === id ? (sort.descending ? 'descending' : 'ascending') : null,
    onSort: () => setSort((s) => ({ column: id, descending: s.column === id ? !s.descending : true })),
  });
  const columns = [column('Time', 'time'), column('Severity', 'severity'), 'Message'];

  if (events.length === 0) return <p className="empty">{emptyText(query.trim())}</p>;
  return (
    <>
      {query.trim() && (
        <p className="muted event-match-count" role="status">
          {shown.length.toLocaleString('en-US')} of {events.length.toLocaleString('en-US')} loaded events match
        </p>
      )}
      <VirtualTable
        label="Events"
        className="grid-compact eb-events-grid"
        rows={shown}
        rowKey={eventRowKey}
        estimateRowHeight={ROW_HEIGHT}
        head={<GridHead columns={columns} rowIndexed />}
        columnCount={columns.length + 1}
        columns={
          <>
            <col className="col-event-time" />
            <col className="col-event-severity" />
            <col />
            <col className="col-event-actions" />
          </>
        }
        rowState={(e) => {
          const key = eventRowKey(e);
          const classes = [isSevere(e.severity) ? 'event-severe' : '', fresh.has(key) ? 'event-new' : '']
            .filter(Boolean)
            .join(' ');
          return { className: classes || undefined, expanded: open.has(key) };
        }}
        onOpen={toggle}
        openKey={lastOpened}
        onNearEnd={onNearEnd}
        cells={cells}
        empty={<p className="empty">{emptyText(query.trim())}</p>}
      />
    </>
  );
}
