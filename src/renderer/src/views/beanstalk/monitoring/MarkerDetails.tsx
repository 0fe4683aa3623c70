import { useEffect, useRef } from 'react';
import type { MonitoringMarker } from '../../../../../shared/contract';
import { routeHref } from '../../../model/route';
import { formatDateTime } from '../../../model/time';
import { markerColor, markerSummary, OUTCOME_TEXT } from './chartMarkers';

/**
 * What a chart marker stands for: the operation's events as EB recorded
 * them, and the Trellis journal entry when the change was made here. Focus
 * moves to it on open and back to the marker's button on close.
 */
export function MarkerDetails({
  marker,
  onClose,
  onShowEvents,
}: {
  marker: MonitoringMarker;
  onClose: () => void;
  onShowEvents?: () => void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [marker.id]);
  const summary = markerSummary(marker);

  return (
    <section
      className="marker-details"
      aria-label="Marker details"
      style={{ borderLeftColor: markerColor(marker.kind) }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <div className="marker-details-head">
        <h3 ref={headingRef} tabIndex={-1}>
          {marker.title}
        </h3>
        <button type="button" className="button button-small" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="marker-details-facts">
        <dt>Started</dt>
        <dd>{formatDateTime(marker.at)}</dd>
        <dt>Outcome</dt>
        <dd>{OUTCOME_TEXT[marker.outcome]}</dd>
        {summary && (
          <>
            <dt>Change</dt>
            <dd>{summary}</dd>
          </>
        )}
        {marker.versionLabel && (
          <>
            <dt>Version</dt>
            <dd>
              <code>{marker.versionLabel}</code>
            </dd>
          </>
        )}
        {marker.requestId && (
          <>
            <dt>Request id</dt>
            <dd>
              <code>{marker.requestId}</code>
            </dd>
          </>
        )}
      </dl>
      {marker.events.length > 0 ? (
        <ol className="marker-events" aria-label="Events of this change">
          {marker.events.map((e) => (
            <li key={`${e.date}|${e.message}`}>
              <span className="nowrap">{formatDateTime(e.date)}</span> <span className="muted">{e.severity}</span>{' '}
              {e.message}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">Elastic Beanstalk recorded no events for this change in the range shown.</p>
      )}
      <p className="marker-links">
        {marker.journalEntryId && (
          <a href={routeHref({ section: 'journal', entryId: marker.journalEntryId })}>Open the Journal entry</a>
        )}
        {onShowEvents && (
          <button type="button" className="button button-small" onClick={onShowEvents}>
            Show in Events
          </button>
        )}
      </p>
    </section>
  );
}
