/**
 * A tiny line chart as one SVG with a few polylines: cheap enough for every
 * row on screen of a long table, no chart library. The picture is named by
 * `label`, which says in words what the line shows, so it never depends on
 * the drawing or its colours.
 */
import type { SparkRun } from '../model/sparkline';

export function Sparkline({
  label,
  runs,
  width,
  height,
}: {
  label: string;
  runs: readonly SparkRun[];
  width: number;
  height: number;
}) {
  return (
    <svg
      className="sparkline"
      role="img"
      aria-label={label}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      focusable="false"
    >
      <title>{label}</title>
      {runs.map((run, i) => (
        <polyline key={i} points={run.points} stroke={run.color} />
      ))}
    </svg>
  );
}
