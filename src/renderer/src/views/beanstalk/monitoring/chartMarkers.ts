/**
 * Deploy and configuration-change markers on the Monitoring charts: their
 * accessible names, colours, and the vertical lines drawn over each plot.
 * The lines are for the eye; the buttons under each chart carry the names.
 */
import uPlot from 'uplot';
import type { MonitoringMarker } from '../../../../../shared/contract';

const pad = (n: number) => String(n).padStart(2, '0');

/** 24-hour local time, with the date when the marker is not from today (a week's range spans days). */
export function markerTime(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.toDateString() === now.toDateString()
    ? clock
    : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock}`;
}

/** What it changed, in a few words: the journal's title, the version, or the first event that says more than "starting". */
export function markerSummary(marker: MonitoringMarker): string | undefined {
  if (marker.summary) return marker.summary;
  if (marker.versionLabel) return `version ${marker.versionLabel}`;
  return (marker.events.find((e) => !/ is starting\.?$/.test(e.message)) ?? marker.events[0])?.message;
}

/** e.g. "Marker: Configuration change 14:02 — Set WSGIPath on Bbruceeb2-env". */
export function markerName(marker: MonitoringMarker, now?: Date): string {
  const summary = markerSummary(marker);
  return `Marker: ${marker.title} ${markerTime(marker.at, now)}${summary ? ` — ${summary}` : ''}`;
}

export const OUTCOME_TEXT: Readonly<Record<MonitoringMarker['outcome'], string>> = {
  succeeded: 'Completed',
  failed: 'Failed',
  unknown: 'In progress or not recorded in this range',
};

export function markerColor(kind: MonitoringMarker['kind']): string {
  if (kind === 'deploy') return '#2f6fb5';
  if (kind === 'configuration') return '#8e44ad';
  return '#5d6d7e';
}

/** A dashed vertical line per marker across the plot, solid and wider for the one whose details are open. */
export function drawMarkers(u: uPlot, markers: readonly MonitoringMarker[], selectedId: string | null): void {
  const { left, top, width, height } = u.bbox;
  const ctx = u.ctx;
  ctx.save();
  for (const marker of markers) {
    const x = Math.round(u.valToPos(Date.parse(marker.at) / 1000, 'x', true));
    if (x < left || x > left + width) continue;
    const selected = marker.id === selectedId;
    ctx.strokeStyle = markerColor(marker.kind);
    ctx.lineWidth = (selected ? 3 : 1.5) * uPlot.pxRatio;
    ctx.setLineDash(selected ? [] : [5 * uPlot.pxRatio, 4 * uPlot.pxRatio]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    // A flag at the top, so a marker reads as one even where a line runs along it.
    ctx.setLineDash([]);
    ctx.fillStyle = markerColor(marker.kind);
    const flag = 6 * uPlot.pxRatio;
    ctx.beginPath();
    ctx.moveTo(x - flag, top);
    ctx.lineTo(x + flag, top);
    ctx.lineTo(x, top + flag);
    ctx.closePath();
    ctx.fill();
  }
  ctx.restore();
}
