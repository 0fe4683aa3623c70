/**
 * The monitoring benchmark's figures as min/median/max over its runs, the
 * targets of issue 15's "Speed and cost" met or missed, and the short
 * Markdown table saved next to the JSON.
 */
import type { CallRun } from './consoleCalls';
import type { PaintRun, UiFigures } from './chromium';
import type { FrameStats } from './pagePaint';

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median =
    sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0] ?? NaN, median, max: sorted[sorted.length - 1] ?? NaN };
}

export const showSpread = (s: Spread, unit = 'ms'): string =>
  `${s.median.toFixed(0)}${unit ? ` ${unit}` : ''} (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})`;

const callText = (runs: readonly CallRun[]): string => {
  const counts = runs.map(
    (r) =>
      Object.entries(r.calls)
        .map(([op, n]) => `${op} ${n}`)
        .join(', ') || 'none',
  );
  const distinct = [...new Set(counts)];
  return distinct.join(' or ');
};

export interface CallRow {
  label: string;
  /** How many AWS calls each run made, all operations together. */
  calls: Spread;
  /** GetMetricData requests each run made: the figure the issue's "one call a screen" is about. */
  metricCalls: Spread;
  callsBy: string;
  ms: Spread;
  sandboxMs: Spread;
  consoleMs: Spread;
  series: number;
  points: number;
  answerKiB: number;
}

export function callRow(label: string, runs: readonly CallRun[]): CallRow {
  const last = runs[runs.length - 1];
  return {
    label,
    calls: spread(runs.map((r) => Object.values(r.calls).reduce((a, b) => a + b, 0))),
    metricCalls: spread(runs.map((r) => r.calls.GetMetricData ?? 0)),
    callsBy: callText(runs),
    ms: spread(runs.map((r) => r.ms)),
    sandboxMs: spread(runs.map((r) => r.sandboxMs)),
    consoleMs: spread(runs.map((r) => r.ms - r.sandboxMs)),
    series: last?.series ?? 0,
    points: last?.points ?? 0,
    answerKiB: (last?.answerBytes ?? 0) / 1024,
  };
}

export interface PaintRow {
  label: string;
  answerToPaint: Spread;
  answerToDrawn: Spread;
  canvases: number;
  answerKiB: number;
  meta: string;
  callsBy: string;
}

export function paintRow(label: string, runs: readonly PaintRun[]): PaintRow {
  const last = runs[runs.length - 1];
  const calls = [
    ...new Set(
      runs.map(
        (r) =>
          Object.entries(r.calls)
            .map(([op, n]) => `${op} ${n}`)
            .join(', ') || 'none',
      ),
    ),
  ];
  return {
    label,
    answerToPaint: spread(runs.map((r) => r.answerToPaintMs)),
    answerToDrawn: spread(runs.map((r) => r.answerToDrawnMs)),
    canvases: last?.canvases ?? 0,
    answerKiB: (last?.answerBytes ?? 0) / 1024,
    meta: last?.meta ?? '',
    callsBy: calls.join(' or '),
  };
}

export interface Verdict {
  target: string;
  measured: string;
  met: boolean;
}

const frames = (f: FrameStats): string =>
  `median ${f.medianMs.toFixed(1)}, p95 ${f.p95Ms.toFixed(1)}, max ${f.maxMs.toFixed(1)} ms`;

export function verdicts(calls: readonly CallRow[], paints: readonly PaintRow[], ui: UiFigures | null): Verdict[] {
  const out: Verdict[] = calls
    .filter((c) => c.metricCalls.max > 0)
    .map((c) => ({
      target: `${c.label}: one GetMetricData call`,
      measured: c.callsBy,
      met: c.metricCalls.min === 1 && c.metricCalls.max === 1,
    }));
  for (const p of paints) {
    out.push({
      target: `${p.label}: first paint < 300 ms after the answer`,
      measured: showSpread(p.answerToPaint),
      met: p.answerToPaint.max < 300,
    });
  }
  if (ui?.pan) {
    const panned = [...ui.pan.oneChart, ui.pan.allCharts];
    for (const [index, figures] of panned.entries()) {
      for (const phase of ['pan', 'zoom'] as const) {
        const which =
          figures === ui.pan.allCharts ? `all ${figures.charts} charts` : `"${ui.charts[index]?.title ?? '?'}" alone`;
        out.push({
          target: `${phase}, ${which} (${figures.lines} lines × ${ui.charts[0]?.points ?? 0} points): < 16 ms a frame (p95 gap between frames)`,
          measured: `frame gaps ${frames(figures[phase].interval)}; JS redraw ${frames(figures[phase].work)}; idle page's gaps ${frames(figures.idle.interval)}`,
          // A frame is 16.7 ms at 60 Hz: a gap of up to 17 ms is a frame on time.
          met: figures[phase].interval.p95Ms <= 17,
        });
      }
    }
  }
  return out;
}

export function printReport(calls: readonly CallRow[], paints: readonly PaintRow[], targets: readonly Verdict[]): void {
  console.log('\nAnswers (console main, in process; sandbox time from the proxy in front of it):');
  for (const c of calls) {
    console.log(
      `  ${c.label}: ${c.callsBy}; ${showSpread(c.ms)} total, sandbox ${showSpread(c.sandboxMs)}, console ${showSpread(c.consoleMs)}; ${c.series} series, ${c.points} points, ${c.answerKiB.toFixed(0)} KiB`,
    );
  }
  console.log('\nChromium, answer arrived → charts drawn → next frame:');
  for (const p of paints) {
    console.log(
      `  ${p.label}: paint ${showSpread(p.answerToPaint)}, drawn ${showSpread(p.answerToDrawn)}; ${p.canvases} charts/sparklines drawn, ${p.answerKiB.toFixed(0)} KiB; "${p.meta}"; calls ${p.callsBy}`,
    );
  }
  console.log('\nTargets:');
  for (const t of targets) console.log(`  ${t.met ? 'met   ' : 'MISSED'} ${t.target}: ${t.measured}`);
}

export function markdown(
  header: string,
  calls: readonly CallRow[],
  paints: readonly PaintRow[],
  targets: readonly Verdict[],
): string {
  const lines = [
    '# Monitoring benchmark (issue 15)',
    '',
    header,
    '',
    '| Answer | AWS calls | Total ms | Sandbox ms | Console ms | Series × points | Answer |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...calls.map(
      (c) =>
        `| ${c.label} | ${c.callsBy} | ${showSpread(c.ms, '')} | ${showSpread(c.sandboxMs, '')} | ${showSpread(c.consoleMs, '')} | ${c.series} / ${c.points} | ${c.answerKiB.toFixed(0)} KiB |`,
    ),
    '',
    '| Chromium | Answer → drawn ms | Answer → next frame ms | Charts or sparklines drawn | Note |',
    '| --- | --- | --- | --- | --- |',
    ...paints.map(
      (p) =>
        `| ${p.label} | ${showSpread(p.answerToDrawn, '')} | ${showSpread(p.answerToPaint, '')} | ${p.canvases} | ${p.meta} |`,
    ),
    '',
    '| Target | Measured | Met |',
    '| --- | --- | --- |',
    ...targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met ? 'yes' : 'no'} |`),
    '',
  ];
  return lines.join('\n');
}
