import { useEffect, useId, useMemo, useRef, useState } from 'react';
import UplotReact from 'uplot-react';
import uPlot from 'uplot';
import type { MetricSeries, MonitoringMarker } from '../../../../../shared/contract';
import { formatDateTime } from '../../../model/time';
import { drawMarkers, markerColor, markerName } from './chartMarkers';
import { DRAWN_WHEN_MANY, drawnLines, MANY_LINES } from './chartLines';
import { alignRows, noDataMessage, plotData } from './metricRows';

export interface ChartLine {
  series: MetricSeries;
  color: string;
}

interface Props {
  /** The figure's accessible name and caption, e.g. "Health over time". */
  title: string;
  lines: readonly ChartLine[];
  /** How a value reads in the table and on the y axis. */
  format: (value: number) => string;
  /** Health draws steps between its codes and names its axis ticks. */
  kind: 'line' | 'step';
  /** Fixed y ticks (health codes); free when absent. */
  yTicks?: readonly number[];
  /** Paints a strip along the bottom in the first line's value colour per period (health's coloured band). */
  band?: (value: number) => string;
  /** The window read, so every chart spans the same time whatever its data covers. */
  span?: { start: string; end: string };
  /** Deploys and configuration changes, drawn as vertical lines and listed as buttons under the plot. */
  markers?: readonly MonitoringMarker[];
  selectedMarkerId?: string | null;
  onOpenMarker?: (marker: MonitoringMarker) => void;
  /** Said instead of a plot when there are no lines at all (no instances, no database). */
  emptyText?: string;
}

const NO_MARKERS: readonly MonitoringMarker[] = [];

const HEIGHT = 180;

/** The width of the box the chart sits in, followed as the window resizes (uPlot draws at a fixed size). */
function useWidth(): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(600);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(240, Math.floor(el.clientWidth)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/**
 * One chart of the Monitoring tab: a uPlot drawing for the eye and, behind
 * "Show table", the same numbers as a table for screen readers and copying.
 * The canvas is hidden from assistive technology; the table is the text.
 */
export function MetricChart({
  title,
  lines,
  format,
  kind,
  yTicks,
  band,
  span,
  markers = NO_MARKERS,
  selectedMarkerId = null,
  onOpenMarker,
  emptyText,
}: Props) {
  const [showTable, setShowTable] = useState(false);
  const [drawAll, setDrawAll] = useState(false);
  const drawn = useMemo(() => drawnLines(lines, drawAll), [lines, drawAll]);
  const many = lines.length > MANY_LINES;
  const [boxRef, width] = useWidth();
  const tableId = useId();
  const series = useMemo(() => lines.map((l) => l.series), [lines]);
  const rows = useMemo(() => alignRows(series), [series]);
  const data = useMemo(() => plotData(rows, series.length), [rows, series.length]);
  const empty = lines.filter((l) => l.series.points.length === 0);
  const spanStart = span ? Date.parse(span.start) / 1000 : undefined;
  const spanEnd = span ? Date.parse(span.end) / 1000 : undefined;

  const options = useMemo<uPlot.Options>(
    () => ({
      width,
      height: HEIGHT,
      legend: { show: true },
      hooks: {
        draw: [
          (u: uPlot) => {
            if (band) drawBand(u, band);
            drawMarkers(u, markers, selectedMarkerId);
          },
        ],
      },
      cursor: { drag: { x: true, y: false } },
      scales: {
        ...(spanStart !== undefined && spanEnd !== undefined
          ? { x: { time: true, range: [spanStart, spanEnd] as uPlot.Range.MinMax } }
          : {}),
        ...(yTicks ? { y: { range: [Math.min(...yTicks) - (band ? 4 : 0), Math.max(...yTicks) + 1] } } : {}),
      },
      axes: [
        {},
        {
          size: 80,
          // Ticks only at the codes; the room made below the lowest for the band gets none.
          ...(yTicks ? { splits: () => [...yTicks] } : {}),
          values: (_u: uPlot, ticks: number[]) => ticks.map(format),
        },
      ],
      series: [
        {},
        ...lines.map((l, i) => ({
          label: l.series.label,
          stroke: l.color,
          show: drawn.has(i),
          width: many ? 1 : 2,
          spanGaps: false,
          points: { show: kind !== 'step' && rows.length <= 90 },
          value: (_u: uPlot, v: number | null) => (v === null ? '–' : format(v)),
          ...(kind === 'step' && stepped ? { paths: stepped } : {}),
        })),
      ],
    }),
    [width, lines, drawn, many, format, kind, yTicks, band, rows.length, spanStart, spanEnd, markers, selectedMarkerId],
  );

  return (
    <figure className="metric-chart" aria-label={title}>
      <figcaption className="metric-chart-head">
        <span className="metric-chart-title">{title}</span>
        <button
          type="button"
          className="button button-small"
          aria-expanded={showTable}
          aria-controls={tableId}
          onClick={() => setShowTable((v) => !v)}
        >
          {showTable ? 'Hide table' : 'Show table'}
        </button>
      </figcaption>
      {lines.length === 0 && emptyText && <p className="muted metric-chart-empty">{emptyText}</p>}
      {empty.length > 0 && <p className="muted metric-chart-empty">{noDataMessage(empty.map((l) => l.series))}</p>}
      {many && (
        <p className="muted metric-chart-empty">
          {drawAll
            ? `Drawing all ${lines.length} lines.`
            : `Drawing the ${DRAWN_WHEN_MANY} lines with the highest peak of ${lines.length}; the table has them all.`}{' '}
          <button type="button" className="button button-small" onClick={() => setDrawAll((v) => !v)}>
            {drawAll ? `Draw the ${DRAWN_WHEN_MANY} highest` : `Draw all ${lines.length} lines`}
          </button>
        </p>
      )}
      <div ref={boxRef} className="metric-chart-plot" aria-hidden="true">
        {rows.length > 0 && <UplotReact options={options} data={data} />}
      </div>
      {markers.length > 0 && lines.length > 0 && (
        <ul className="metric-markers" aria-label={`Markers on ${title}`}>
          {markers.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                className="metric-marker"
                aria-pressed={m.id === selectedMarkerId}
                style={{ borderColor: markerColor(m.kind) }}
                onClick={() => onOpenMarker?.(m)}
              >
                {markerName(m)}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div id={tableId} hidden={!showTable}>
        {showTable && <MetricTable title={title} lines={lines} rows={rows} format={format} />}
      </div>
    </figure>
  );
}

function MetricTable({
  title,
  lines,
  rows,
  format,
}: {
  title: string;
  lines: readonly ChartLine[];
  rows: ReturnType<typeof alignRows>;
  format: (value: number) => string;
}) {
  // Newest first: the question is usually "what is it now".
  const newestFirst = [...rows].reverse();
  return (
    <div className="metric-table-box">
      <table className="table metric-table" aria-label={`${title}, as a table`}>
        <thead>
          <tr>
            <th scope="col">Time</th>
            {lines.map((l) => (
              <th key={l.series.id} scope="col">
                {l.series.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((r) => (
            <tr key={r.t}>
              <th scope="row">{formatDateTime(r.t)}</th>
              {r.values.map((v, i) => (
                <td key={lines[i]!.series.id}>{v === null ? '–' : format(v)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Health holds its value until the next sample, so it is drawn as steps, not slopes. */
const stepped: uPlot.Series.PathBuilder | undefined = uPlot.paths.stepped?.({ align: 1 });

const BAND_CSS_PX = 10;

/**
 * Each period of the first series as a coloured block along the bottom of the plot, held until the next point.
 * Only the periods in view are visited (a week of minutes is 10,080 of them, redrawn on every frame of a pan),
 * and touching blocks of one colour are filled as one rectangle: the same pixels, a few fills instead of thousands.
 */
function drawBand(u: uPlot, colorOf: (value: number) => string): void {
  const xs = u.data[0];
  const ys = u.data[1];
  if (!ys) return;
  const { left, top, width, height } = u.bbox;
  const right = left + width;
  const bandTop = top + height - BAND_CSS_PX * uPlot.pxRatio;
  const bandHeight = BAND_CSS_PX * uPlot.pxRatio;
  const ctx = u.ctx;
  // The period before the first one in view still reaches into it.
  const [firstInView = 0, lastInView = xs.length - 1] = u.series[0]?.idxs ?? [];
  let runColor = '';
  let runStart = 0;
  let runEnd = 0;
  const flush = () => {
    if (runColor === '') return;
    ctx.fillStyle = runColor;
    ctx.fillRect(runStart, bandTop, runEnd - runStart, bandHeight);
  };
  // Whole pixels, so neighbouring periods meet without antialiased seams.
  ctx.save();
  for (let i = Math.max(0, firstInView - 1); i < xs.length && i <= lastInView + 1; i++) {
    const value = ys[i];
    if (value === null || value === undefined) continue;
    const x0 = Math.floor(Math.max(left, u.valToPos(xs[i]!, 'x', true)));
    const next = xs[i + 1];
    const x1 = Math.ceil(next === undefined ? right : Math.min(right, u.valToPos(next, 'x', true)));
    if (x1 <= x0) continue;
    const color = colorOf(value);
    // Opaque colours: a block overlapping the run's last pixel paints it the same colour either way.
    if (color === runColor && x0 <= runEnd) {
      runEnd = Math.max(runEnd, x1);
      continue;
    }
    flush();
    runColor = color;
    runStart = x0;
    runEnd = x1;
  }
  flush();
  ctx.restore();
}
