/**
 * A sparkline's geometry: points in time mapped into a small box as SVG
 * polyline coordinates, split where the colour changes. Pure.
 */
import type { MetricPoint } from '../../../shared/contract';

const round1 = (n: number) => Math.round(n * 10) / 10;

/** A run of the line in one colour, as SVG polyline coordinates. */
export interface SparkRun {
  color: string;
  points: string;
}

export interface SparkBox {
  width: number;
  height: number;
  /** The range drawn, epoch ms: the answer's start and end, so every row's x axis is the same hour. */
  start: number;
  end: number;
  /** Values mapped to the bottom and the top edge. */
  min: number;
  max: number;
}

/**
 * Consecutive points of the same colour share a polyline, and each run
 * starts at the previous run's last point so the line has no breaks: at
 * most a handful of elements a row, whatever the number of points.
 */
export function sparkRuns(points: readonly MetricPoint[], box: SparkBox, colorOf: (v: number) => string): SparkRun[] {
  const span = Math.max(1, box.end - box.start);
  const range = box.max - box.min || 1;
  // A pixel of margin so a line along the top or bottom edge is not cut in half by the box.
  const inner = box.height - 2;
  const xy = points.map((p) => {
    const x = ((Date.parse(p.t) - box.start) / span) * box.width;
    const clamped = Math.min(box.max, Math.max(box.min, p.v));
    const y = 1 + inner - ((clamped - box.min) / range) * inner;
    return `${round1(x)},${round1(y)}`;
  });
  // One point is no line: draw it as a short dash ending at its instant.
  if (points.length === 1) {
    const [x, y] = xy[0]!.split(',').map(Number) as [number, number];
    return [{ color: colorOf(points[0]!.v), points: `${round1(Math.max(0, x - 3))},${y} ${x},${y}` }];
  }
  const runs: SparkRun[] = [];
  points.forEach((p, i) => {
    const color = colorOf(p.v);
    const last = runs[runs.length - 1];
    if (last && last.color === color) last.points += ` ${xy[i]}`;
    else runs.push({ color, points: last ? `${xy[i - 1]} ${xy[i]}` : xy[i]! });
  });
  return runs;
}
