/**
 * Turns the measurements into issue 11's table and target lines: each target
 * met or missed, with the figure it was judged on. Judges nothing else; the
 * benchmark asserts nothing.
 */
import type { CliRun, Minimum } from './cliBaseline';
import type { FilterFigures, UiFigures, UiView } from './consoleUi';
import type { SandboxPages } from './sandboxPages';
import { totalCalls } from './consoleMain';
import { VIEW_LABELS, type ViewId, type ViewRun } from './trellisViews';

export const TARGETS = {
  callsRatio: 1.05,
  timeRatio: 0.5,
  firstRowsAfterAnswerMs: 300,
  rssMiB: 300,
  heapMiB: 200,
  filterMs: 50,
} as const;

export interface ViewResult {
  view: ViewId;
  label: string;
  trellis: {
    /** The first load of the view, before any timed round: its calls are the ones reported. */
    cold: ViewRun;
    runs: ViewRun[];
    calls: number;
    /** True when a timed round made a different number of calls than the cold load. */
    callsVaried: boolean;
    callsByOperation: Record<string, number>;
    firstRowsMs: number | null;
    completeMs: number | null;
    rows: number;
  };
  minimum: Minimum;
  cli: { commands: string[]; runs: CliRun[]; ms: number };
  /** Median over rounds of Trellis's complete time / the CLI's. */
  timeRatio: number;
  /** The CLI with --page-size at the API's largest page, where the command takes it. */
  cliLargestPages: { commands: string[]; runs: CliRun[]; ms: number; timeRatio: number } | null;
  /** Medians over the rounds: the sandbox building the view's pages for a bare SDK client. */
  sandbox: (SandboxPages & { runs: SandboxPages[] }) | null;
  ui: UiView | null;
}

export interface Verdict {
  target: string;
  scope: string;
  figure: string;
  met: boolean | null;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
}

const medianOrNull = (xs: readonly (number | null)[]): number | null => {
  const known = xs.filter((x): x is number => x !== null);
  return known.length ? median(known) : null;
};

export function viewResult(
  view: ViewId,
  cold: ViewRun,
  runs: ViewRun[],
  minimum: Minimum,
  cli: { commands: string[]; runs: CliRun[] },
  tuned: { commands: string[]; runs: CliRun[] } | null,
  ui: UiView | null,
  sandboxRuns: SandboxPages[],
): ViewResult {
  // Round by round, Trellis's time over the CLI's on the same data just after it; the median of those.
  const ratioTo = (against: CliRun[]) =>
    median(runs.map((r, i) => (r.completeMs ?? 0) / (against[i]?.ms ?? NaN)).filter((x) => !Number.isNaN(x)));
  return {
    view,
    label: VIEW_LABELS[view],
    trellis: {
      cold,
      runs,
      calls: totalCalls(cold.calls),
      callsByOperation: cold.calls,
      callsVaried: runs.some((r) => totalCalls(r.calls) !== totalCalls(cold.calls)),
      firstRowsMs: medianOrNull(runs.map((r) => r.firstRowsMs)),
      completeMs: medianOrNull(runs.map((r) => r.completeMs)),
      rows: cold.rows,
    },
    minimum,
    cli: { ...cli, ms: median(cli.runs.map((r) => r.ms)) },
    timeRatio: ratioTo(cli.runs),
    cliLargestPages: tuned && {
      ...tuned,
      ms: median(tuned.runs.map((r) => r.ms)),
      timeRatio: ratioTo(tuned.runs),
    },
    sandbox: sandboxRuns.length
      ? {
          pages: sandboxRuns[0]!.pages,
          sandboxMs: median(sandboxRuns.map((r) => r.sandboxMs)),
          sdkMs: median(sandboxRuns.map((r) => r.sdkMs)),
          runs: sandboxRuns,
        }
      : null,
    ui,
  };
}

const ms = (n: number | null | undefined) => (n === null || n === undefined || Number.isNaN(n) ? '—' : n.toFixed(0));
const mark = (met: boolean | null) => (met === null ? 'n/a' : met ? 'met' : 'MISSED');

function callsRatio(r: ViewResult): number | null {
  if (r.minimum.total === 0) return r.trellis.calls === 0 ? 1 : null;
  return r.trellis.calls / r.minimum.total;
}

/** Trellis's time to complete over the CLI's (median of the rounds' ratios); a view with no RPC of its own costs nothing. */
const timeRatio = (r: ViewResult): number => r.timeRatio;

export function viewVerdicts(r: ViewResult): Verdict[] {
  const ratio = callsRatio(r);
  const time = timeRatio(r);
  const gap = r.ui ? (r.ui.answerToRowsMs ?? r.ui.clickToRowsMs) : null;
  return [
    {
      target: `calls ≤ ${TARGETS.callsRatio} × minimum`,
      scope: r.label,
      figure: `${r.trellis.calls} vs ${r.minimum.total}${ratio === null ? '' : ` (${ratio.toFixed(2)}×)`}`,
      met: ratio === null ? r.trellis.calls <= r.minimum.total : ratio <= TARGETS.callsRatio,
    },
    {
      target: `complete ≤ ${TARGETS.timeRatio} × AWS CLI`,
      scope: r.label,
      figure:
        `${ms(r.trellis.completeMs ?? 0)} ms vs ${ms(r.cli.ms)} ms (median ratio of the rounds ${time.toFixed(2)}×)` +
        (r.cliLargestPages
          ? `; vs the CLI with --page-size at the largest page ${ms(r.cliLargestPages.ms)} ms (${r.cliLargestPages.timeRatio.toFixed(2)}×)`
          : ''),
      met: time <= TARGETS.timeRatio,
    },
    {
      target: `first rows < ${TARGETS.firstRowsAfterAnswerMs} ms after the ${r.ui?.stream ? 'first page arrives' : 'answer'}`,
      scope: r.label,
      figure:
        gap === null ? 'not measured' : `${ms(gap)} ms${r.ui?.answerToRowsMs === null ? ' (tab switch, no RPC)' : ''}`,
      met: gap === null ? null : gap < TARGETS.firstRowsAfterAnswerMs,
    },
    ...streamVerdicts(r),
  ];
}

/** A view that streams: no long task while its later pages arrive. */
function streamVerdicts(r: ViewResult): Verdict[] {
  const s = r.ui?.stream;
  if (!s) return [];
  return [
    {
      target: `no long task > ${TARGETS.filterMs} ms while later pages stream in`,
      scope: r.label,
      figure:
        `longest ${s.longTasksWhileStreaming ? `${ms(s.longestTaskWhileStreamingMs)} ms (${s.longTasksWhileStreaming} long task(s))` : 'none ≥ 50 ms'} ` +
        `from first rows (${ms(s.clickToFirstPageMs + s.firstPageToRowsMs)} ms after the click) to complete (${ms(s.clickToCompleteMs)} ms); ` +
        `from the click, the view's first render included: ${s.longestTaskFromClickMs ? `${ms(s.longestTaskFromClickMs)} ms` : 'none ≥ 50 ms'}`,
      met: s.longestTaskWhileStreamingMs <= TARGETS.filterMs,
    },
  ];
}

export interface MemoryFigures {
  rssMiB: number;
  peakRssMiB: number;
  heapUsedMiB: number;
  /** After each view's cold load, in turn: which view's answer grows the process. */
  rssAfterView: Record<ViewId, number>;
  /** After a full collection (node --expose-gc): what stays once the answers are garbage. */
  rssAfterGcMiB: number | null;
  /** Right after createAppContext, before any view: what the data adds is rssMiB minus this. */
  baselineRssMiB: number;
  rssAfterUiMiB: number | null;
  sandboxRssMiB: number | null;
}

function filterVerdict(name: string, f: FilterFigures): Verdict {
  const worst = Math.max(f.maxMs, f.longestTaskMs);
  return {
    target: `filter update < ${TARGETS.filterMs} ms, no long task > ${TARGETS.filterMs} ms`,
    scope: name,
    figure: `keystroke→paint median ${ms(f.medianMs)} ms, max ${ms(f.maxMs)} ms over ${f.keystrokes} keys; longest task ${f.longestTaskMs > 0 ? `${ms(f.longestTaskMs)} ms` : 'none ≥ 50 ms'}`,
    met: Number.isNaN(worst) ? null : worst <= TARGETS.filterMs && f.maxMs < TARGETS.filterMs,
  };
}

export function globalVerdicts(
  memory: MemoryFigures,
  ui: UiFigures | null,
  rolesCount: number,
  parameters: number,
): Verdict[] {
  return [
    {
      target: `main-process RSS < ${TARGETS.rssMiB} MB`,
      scope: 'every view loaded',
      figure: `${memory.rssMiB.toFixed(0)} MiB (peak ${memory.peakRssMiB.toFixed(0)} MiB, JS heap ${memory.heapUsedMiB.toFixed(0)} MiB)`,
      met: memory.rssMiB < TARGETS.rssMiB,
    },
    {
      target: `renderer JS heap < ${TARGETS.heapMiB} MB`,
      scope: 'every view loaded (Chromium)',
      figure: ui ? `${ui.rendererHeapMiB.toFixed(1)} MiB` : 'not measured',
      met: ui ? ui.rendererHeapMiB < TARGETS.heapMiB : null,
    },
    ui
      ? filterVerdict(`IAM roles filter (${rolesCount.toLocaleString('en-US')} roles)`, ui.rolesFilter)
      : { target: 'filter', scope: 'IAM roles', figure: 'not measured', met: null },
    ui
      ? filterVerdict(`Parameters filter (${parameters.toLocaleString('en-US')} parameters)`, ui.parametersFilter)
      : { target: 'filter', scope: 'Parameters', figure: 'not measured', met: null },
    {
      target: 'sandbox writes/s at 50,000 resources within 2× of 1,000',
      scope: 'sandbox state store',
      figure: 'not measured by this benchmark (the state store’s own)',
      met: null,
    },
  ];
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

export function printReport(results: ViewResult[], global: Verdict[], memory: MemoryFigures): void {
  const head = [
    'view',
    'calls',
    'minimum',
    'ratio',
    'first rows ms',
    'complete ms',
    'CLI ms',
    'Trellis/CLI',
    'UI rows ms',
    'sandbox ms',
  ];
  const rows = results.map((r) => {
    const ratio = callsRatio(r);
    return [
      r.label,
      String(r.trellis.calls),
      String(r.minimum.total),
      ratio === null ? '—' : ratio.toFixed(2),
      r.trellis.firstRowsMs === null ? 'shared' : ms(r.trellis.firstRowsMs),
      r.trellis.completeMs === null ? 'shared' : ms(r.trellis.completeMs),
      ms(r.cli.ms),
      timeRatio(r).toFixed(2),
      ms(r.ui?.clickToRowsMs),
      r.sandbox ? `${ms(r.sandbox.sandboxMs)}/${r.sandbox.pages}p` : '—',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  console.log(`\n${pad(head, widths)}`);
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(pad(row, widths));
  console.log(
    '\nfirst rows ms / complete ms: in-process router calls, median of the timed rounds (calls: the cold first load). IAM and Parameters',
  );
  console.log(
    'stream: first rows = their first page event (GetAccountAuthorizationDetails, DescribeParameters), complete = the answer. The other',
  );
  console.log(
    'views but events get their data in one RPC (first rows = complete); events read a first page, then older pages. "shared":',
  );
  console.log(
    "the Users tab makes no RPC (the roles snapshot holds the users). Trellis/CLI: median of the rounds' ratios.",
  );
  console.log(
    'UI rows ms: Chromium, click to first rows in the DOM. sandbox ms: the sandbox building the same pages for a bare SDK client',
  );
  console.log('(sum of request → response headers, and the number of pages).');
  console.log(
    `\nmain process: RSS ${memory.rssMiB.toFixed(0)} MiB after loading every view (${memory.baselineRssMiB.toFixed(0)} MiB before any; peak ${memory.peakRssMiB.toFixed(0)} MiB; JS heap ${memory.heapUsedMiB.toFixed(0)} MiB)` +
      `${memory.rssAfterGcMiB === null ? '' : `; ${memory.rssAfterGcMiB.toFixed(0)} MiB after a full GC`}` +
      `${memory.rssAfterUiMiB === null ? '' : `; ${memory.rssAfterUiMiB.toFixed(0)} MiB after the Chromium part (includes the playwright client)`}` +
      `${memory.sandboxRssMiB === null ? '' : `; sandbox child ${memory.sandboxRssMiB.toFixed(0)} MiB`}`,
  );
  console.log(
    `sandbox's share of Trellis's time to complete (sandbox ms / complete ms): ${results
      .filter((r) => r.sandbox && r.trellis.completeMs)
      .map((r) => `${r.view} ${(r.sandbox!.sandboxMs / r.trellis.completeMs!).toFixed(2)}`)
      .join(', ')}`,
  );
  console.log(
    `  RSS after each view's first load: ${Object.entries(memory.rssAfterView)
      .map(([v, mib]) => `${v} ${mib.toFixed(0)}`)
      .join(', ')} MiB`,
  );
  console.log('\nTargets:');
  const verdicts = [...results.flatMap(viewVerdicts), ...global];
  for (const v of verdicts) console.log(`  ${mark(v.met).padEnd(6)} ${v.target} — ${v.scope}: ${v.figure}`);
}

export function allVerdicts(results: ViewResult[], global: Verdict[]): Verdict[] {
  return [...results.flatMap(viewVerdicts), ...global];
}
