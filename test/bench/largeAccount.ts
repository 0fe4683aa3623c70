// Benchmark (issue 11): every view of a large account, against the AWS CLI.
// `npm run build && npm run bench -- largeAccount`.
//  1. The practice sandbox with the `large-account` scenario (default scale,
//     or BENCH_LARGE_SCALE='{"roles":1000}') in a child process on 127.0.0.1.
//  2. The console's main process here: createAppContext with a temporary HOME
//     whose profile points at it, counting every AWS request attempt.
//  3. Per view, the router channels the renderer's view calls when it opens,
//     BENCH_LARGE_RUNS times (default 3): calls against the minimum, time to
//     first rows and to complete; the same data with the AWS CLI, same runs.
//  4. Main-process RSS with every view loaded; then Chromium (web mode, same
//     main): each view opened through the UI, the IAM roles and Parameters
//     filters, and the renderer's JS heap (skipped without out/renderer).
// Prints the table and each target met or missed, saves
// test/bench/results/largeAccount.json; asserts nothing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_SCALE, type ScenarioScale } from '../../src/sandbox';
import { resolveScale } from '../../src/sandbox/scenarios';
import { accountLayout } from '../../src/sandbox/scenarios/largeAccountLayout';
import { SeededRandom } from '../../src/sandbox/scenarios/largeAccountRandom';
import { cliEnvironment, cliViews, LARGEST_PAGE, minimumCalls, type CliRun } from './largeAccount/cliBaseline';
import { startConsole, type BenchConsole } from './largeAccount/consoleMain';
import { sandboxProbe, type SandboxPages } from './largeAccount/sandboxPages';
import type { UiFigures } from './largeAccount/consoleUi';
import { allVerdicts, globalVerdicts, printReport, viewResult, type MemoryFigures } from './largeAccount/report';
import { CHILD_FLAG, runSandboxChild, spawnSandbox, type SandboxChild } from './largeAccount/sandboxProcess';
import {
  eventPaging,
  loadView,
  VIEW_IDS,
  type ViewFixture,
  type ViewId,
  type ViewRun,
} from './largeAccount/trellisViews';
import { cleanupStack, runBench } from './runBench';

/** Timed rounds after the cold pass (each: every view by Trellis, then by the CLI). */
const RUNS = Math.max(1, Number(process.env.BENCH_LARGE_RUNS ?? 3));
const RESULTS = 'test/bench/results/largeAccount.json';
const SANDBOX_START_TIMEOUT_MS = 300_000;
/** The whole benchmark, however it goes: past this it cleans up and stops. */
const WATCHDOG_MS = Number(process.env.BENCH_LARGE_TIMEOUT_MS ?? 45 * 60_000);
const SEVEN_DAYS_MS = 7 * 24 * 3_600_000;
const MiB = 1024 * 1024;

function scaleFromEnv(): Partial<ScenarioScale> | undefined {
  const text = process.env.BENCH_LARGE_SCALE;
  return text ? (JSON.parse(text) as Partial<ScenarioScale>) : undefined;
}

/** The scenario gives a tenth of all events to its first environment (largeAccountBeanstalk.ts): the one to read. */
function busiestEnvironment(scale: Partial<ScenarioScale> | undefined): string {
  const resolved = resolveScale(scale);
  const layout = accountLayout(resolved, new SeededRandom(resolved.seed));
  const first = layout.environments[0];
  if (!first) throw new Error('The scenario has no environments to read events from.');
  return first.name;
}

const cleanups = cleanupStack();

async function main(): Promise<void> {
  const scale = scaleFromEnv();
  const loadAtStart = os.loadavg();
  const t0 = performance.now();
  const sandbox: SandboxChild = await spawnSandbox(process.argv[1]!, scale, SANDBOX_START_TIMEOUT_MS);
  cleanups.push(() => sandbox.stop());
  console.log(
    `large-account sandbox (pid ${sandbox.pid}) at ${sandbox.endpoint}: built and listening in ${(sandbox.startMs / 1000).toFixed(1)} s (spawn to ready ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  const bench: BenchConsole = await startConsole(sandbox.endpoint);
  cleanups.push(() => bench.close());
  const baselineRssMiB = process.memoryUsage().rss / MiB;
  const cliDir = mkdtempSync(join(tmpdir(), 'trellis-bench-cli-'));
  cleanups.push(() => rmSync(cliDir, { recursive: true, force: true }));
  writeFileSync(join(cliDir, 'empty'), '');

  const fixture: ViewFixture = {
    target: bench.target,
    eventsEnvironment: busiestEnvironment(scale),
    since: new Date(Date.now() - SEVEN_DAYS_MS).toISOString(),
    eventPages: eventPaging(),
  };

  // A first, cold pass of every view: the calls, and main's RSS with every view loaded (before any CLI
  // answer is held in this process).
  const cold = {} as Record<ViewId, ViewRun>;
  const rssAfterView = {} as Record<ViewId, number>;
  for (const view of VIEW_IDS) {
    cold[view] = await loadView(bench, fixture, view);
    rssAfterView[view] = process.memoryUsage().rss / MiB;
  }
  const usage = process.memoryUsage();
  const memory: MemoryFigures = {
    rssMiB: usage.rss / MiB,
    peakRssMiB: (process.resourceUsage().maxRSS * 1024) / MiB,
    heapUsedMiB: usage.heapUsed / MiB,
    baselineRssMiB,
    rssAfterView,
    rssAfterGcMiB: null,
    rssAfterUiMiB: null,
    sandboxRssMiB: sandbox.rssMiB(),
  };
  if (typeof globalThis.gc === 'function') {
    globalThis.gc();
    memory.rssAfterGcMiB = process.memoryUsage().rss / MiB;
  }
  console.log(`Trellis: every view loaded once; main RSS ${memory.rssMiB.toFixed(0)} MiB`);
  const probe = sandboxProbe(sandbox.endpoint, fixture);
  cleanups.push(() => probe.close());
  const sandboxRuns = Object.fromEntries(VIEW_IDS.map((v) => [v, [] as SandboxPages[]])) as Record<
    ViewId,
    SandboxPages[]
  >;

  // Timed rounds: per view, Trellis, the sandbox alone, then the AWS CLI on the same data, so drift on a
  // shared machine hits all of them.
  const cliEnv = cliEnvironment(join(cliDir, 'empty'));
  const cli = cliViews(sandbox.endpoint, cliEnv, fixture);
  const cliTuned = cliViews(sandbox.endpoint, cliEnv, fixture, true);
  const tunedRuns = Object.fromEntries(VIEW_IDS.map((v) => [v, [] as CliRun[]])) as Record<ViewId, CliRun[]>;
  const trellisRuns = Object.fromEntries(VIEW_IDS.map((v) => [v, [] as ViewRun[]])) as Record<ViewId, ViewRun[]>;
  const cliRuns = Object.fromEntries(VIEW_IDS.map((v) => [v, [] as CliRun[]])) as Record<ViewId, CliRun[]>;
  for (let r = 0; r < RUNS; r++) {
    for (const view of VIEW_IDS) {
      trellisRuns[view].push(await loadView(bench, fixture, view));
      const pages = await probe.measure(view);
      if (pages) sandboxRuns[view].push(pages);
      cliRuns[view].push(await cli[view].run());
      if (LARGEST_PAGE[view]) tunedRuns[view].push(await cliTuned[view].run());
    }
    console.log(`round ${r + 1} of ${RUNS} done`);
  }

  // Chromium, web mode, on this same main process.
  const staticDir = resolve('out/renderer');
  let ui: UiFigures | null = null;
  let uiSkipped: string | null = null;
  if (!existsSync(join(staticDir, 'index.html'))) {
    uiSkipped = 'out/renderer is missing; run `npm run build` first';
  } else {
    // Loaded only now, so playwright's client is not in the RSS measured above.
    const { measureConsoleUi } = await import('./largeAccount/consoleUi');
    const web = await bench.serveWeb(staticDir);
    const sampleOf = (v: ViewId) => cold[v].sample;
    ui = await measureConsoleUi({
      url: web.url,
      tally: bench.tally,
      eventsEnvironment: fixture.eventsEnvironment,
      firstDatabase: sampleOf('databases'),
      roleSample: sampleOf('roles') ?? 'prod',
      parameterSample: sampleOf('parameters') ?? '/prod',
    });
    memory.rssAfterUiMiB = process.memoryUsage().rss / MiB;
  }
  if (uiSkipped) console.log(`Chromium part skipped: ${uiSkipped}`);

  const results = VIEW_IDS.map((view) =>
    viewResult(
      view,
      cold[view],
      trellisRuns[view],
      minimumCalls(view, cliRuns[view][0]?.facts ?? {}),
      { commands: cli[view].describe, runs: cliRuns[view] },
      LARGEST_PAGE[view] ? { commands: cliTuned[view].describe, runs: tunedRuns[view] } : null,
      ui?.views.find((u) => u.view === view) ?? null,
      sandboxRuns[view],
    ),
  );
  const roles = results.find((r) => r.view === 'roles')?.trellis.rows ?? 0;
  const parameters = results.find((r) => r.view === 'parameters')?.trellis.rows ?? 0;
  const global = globalVerdicts(memory, ui, roles, parameters);

  console.log(
    `\nLarge account (${JSON.stringify({ ...DEFAULT_SCALE, ...scale })}); events of ${fixture.eventsEnvironment} since ${fixture.since}; ${RUNS} run(s), medians; sandbox and console on 127.0.0.1`,
  );
  printReport(results, global, memory);
  if (ui) {
    console.log(
      `\nChromium: renderer JS heap ${ui.rendererHeapMiB.toFixed(1)} MiB with every view loaded; answer → first rows: ${ui.views
        .map((v) => `${v.view} ${v.answerToRowsMs === null ? '—' : v.answerToRowsMs.toFixed(0)} ms`)
        .join(', ')}`,
    );
    console.log(`  DOM rows: ${ui.views.map((v) => `${v.view} ${v.domRows}`).join(', ')}`);
    for (const v of ui.views) {
      const st = v.stream;
      if (!st) continue;
      console.log(
        `  ${v.view}, streamed: click → first page ${st.clickToFirstPageMs.toFixed(0)} ms, first page → first rows ${st.firstPageToRowsMs.toFixed(0)} ms, click → complete ${st.clickToCompleteMs.toFixed(0)} ms; longest task while later pages streamed in ${st.longestTaskWhileStreamingMs.toFixed(0)} ms (${st.longTasksWhileStreaming} ≥ 50 ms), from the click ${st.longestTaskFromClickMs.toFixed(0)} ms`,
      );
    }
  }
  for (const r of results) {
    const rowsCheck = `${r.trellis.rows} rows`;
    console.log(`  ${r.label}: ${r.trellis.cold.note ?? ''} (${rowsCheck}); minimum: ${r.minimum.basis}`);
  }

  mkdirSync('test/bench/results', { recursive: true });
  writeFileSync(
    RESULTS,
    `${JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        scale: { ...DEFAULT_SCALE, ...scale },
        runs: RUNS,
        loadAverage: { start: loadAtStart, end: os.loadavg() },
        fixture: { ...fixture, target: undefined, profile: bench.target.profile },
        sandbox: { startMs: Math.round(sandbox.startMs) },
        views: results,
        memory,
        chromium: ui ?? { skipped: uiSkipped },
        targets: allVerdicts(results, global),
      },
      (_key, value: unknown) =>
        typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 10) / 10 : value,
      2,
    )}\n`,
  );
  console.log(`\nSaved ${RESULTS}.`);
}

if (process.argv[2] === CHILD_FLAG) {
  runSandboxChild(process.argv[3]).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else {
  runBench('largeAccount benchmark', main, cleanups.run, WATCHDOG_MS);
}
