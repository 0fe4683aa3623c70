// Benchmark (issue 15, "Speed and cost"): `npm run build && npm run bench:monitoring`.
//  1. The scene, built here (test/bench/monitoring/scene.ts): the large account at 200 environments, its
//     first grown to 20 instances launched over a week ago, saved as a state file; the sandbox loads it in
//     a child process (test/bench/largeAccount/sandboxProcess.ts), behind a timing proxy on 127.0.0.1 that
//     measures the sandbox's own time on every request the console sends.
//  2. The console's main here (createAppContext, every AWS attempt counted), BENCH_MONITORING_RUNS times
//     (default 5): the Monitoring tab's answer for a week at one-minute periods (the service's
//     periodSeconds, as the tab cannot ask for it) and at the tab's own 1 w; the environment list's rows
//     and its sparklines for all 200 environments (monitoring.environmentList).
//  3. Chromium on the built renderer (web mode, same main; skipped without out/renderer): answer → charts
//     drawn → next frame for the tab's 1 w and for the one-minute week, then 60 frames of panning and
//     zooming the one-minute week in uPlot.
// Prints the figures and each target met or missed, saves test/bench/results/monitoring.json and .md;
// asserts nothing. Not part of `npm test`.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startConsole } from './largeAccount/consoleMain';
import { CHILD_FLAG, runSandboxChild, spawnSandbox } from './largeAccount/sandboxProcess';
import {
  directFactory,
  environmentList,
  tabAtOneMinute,
  tabThroughChannel,
  type CallRun,
  type ListRuns,
} from './monitoring/consoleCalls';
import type { UiFigures } from './monitoring/chromium';
import { callRow, markdown, paintRow, printReport, verdicts } from './monitoring/report';
import { SCENE_SCALE, writeMonitoringScene } from './monitoring/scene';
import { startTimingProxy } from './monitoring/timingProxy';
import { cleanupStack, runBench } from './runBench';

const RUNS = Math.max(1, Number(process.env.BENCH_MONITORING_RUNS ?? 5));
const RESULTS = 'test/bench/results/monitoring';
const SANDBOX_START_TIMEOUT_MS = 300_000;
const WATCHDOG_MS = Number(process.env.BENCH_MONITORING_TIMEOUT_MS ?? 30 * 60_000);

const cleanups = cleanupStack();

const round = (_key: string, value: unknown) =>
  typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 10) / 10 : value;

async function main(): Promise<void> {
  const loadAtStart = os.loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'trellis-bench-monitoring-state-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const stateFile = join(dir, 'state.json');
  const scene = await writeMonitoringScene(stateFile, new Date());
  console.log(
    `scene: ${scene.environments} environments, ${scene.bigEnvironment} with ${scene.instances} instances; built in ${scene.buildMs.toFixed(0)} ms, saved in ${scene.writeMs.toFixed(0)} ms`,
  );
  const sandbox = await spawnSandbox(process.argv[1]!, SCENE_SCALE, SANDBOX_START_TIMEOUT_MS, stateFile);
  cleanups.push(() => sandbox.stop());
  console.log(`sandbox (pid ${sandbox.pid}) loaded the scene and listens in ${sandbox.startMs.toFixed(0)} ms`);
  const proxy = await startTimingProxy(sandbox.endpoint);
  cleanups.push(() => proxy.close());
  const bench = await startConsole(proxy.endpoint);
  cleanups.push(() => bench.close());
  const direct = directFactory(proxy.endpoint);
  cleanups.push(() => direct.close());

  // A cold pass first (SDK clients made, the sandbox's scene gathered), then the timed runs.
  const cold = await tabAtOneMinute(direct, proxy, scene.bigEnvironment);
  const coldList = await environmentList(bench, proxy);
  const oneMinute: CallRun[] = [];
  const ownWeek: CallRun[] = [];
  const lists: ListRuns[] = [];
  for (let r = 0; r < RUNS; r++) {
    oneMinute.push((await tabAtOneMinute(direct, proxy, scene.bigEnvironment)).run);
    ownWeek.push(await tabThroughChannel(bench, proxy, scene.bigEnvironment));
    lists.push(await environmentList(bench, proxy));
    console.log(`round ${r + 1} of ${RUNS} done`);
  }
  const calls = [
    callRow(`Monitoring tab, ${scene.instances}-instance env, 1 week at 1 min (service)`, oneMinute),
    callRow(`Monitoring tab, same env, its own 1 w range (channel)`, ownWeek),
    callRow(
      `Environment list, ${scene.environments} rows (beanstalk.listEnvironments)`,
      lists.map((l) => l.list),
    ),
    callRow(
      `Environment list sparklines, ${scene.environments} envs (monitoring.environmentList)`,
      lists.map((l) => l.sparklines),
    ),
  ];

  let ui: UiFigures | null = null;
  let uiSkipped: string | null = null;
  const staticDir = resolve('out/renderer');
  if (!existsSync(join(staticDir, 'index.html'))) {
    uiSkipped = 'out/renderer is missing; run `npm run build` first';
  } else {
    const { measureMonitoringUi } = await import('./monitoring/chromium');
    const web = await bench.serveWeb(staticDir);
    try {
      ui = await measureMonitoringUi({
        url: web.url,
        tally: bench.tally,
        environmentName: scene.bigEnvironment,
        oneMinuteAnswer: JSON.stringify({ ok: true, data: cold.answer }),
        runs: RUNS,
      });
    } catch (err) {
      // The answers' figures above still stand; the page's failure is reported instead of its figures.
      uiSkipped = `the page failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
    }
  }
  const paints = ui
    ? [
        paintRow('Monitoring tab, its own 1 w range', ui.ownWeek),
        paintRow('Monitoring tab, 1 week at 1 min (service answer given to the page)', ui.oneMinuteWeek),
        ...(ui.list ? [paintRow(`Environment list, ${scene.environments} envs, sparklines`, ui.list)] : []),
      ]
    : [];
  const targets = verdicts(calls, paints, ui);
  const header = `Scene: ${scene.environments} environments, ${scene.bigEnvironment} with ${scene.instances} instances; ${RUNS} runs after a cold one, median (min, max); sandbox and console on 127.0.0.1; load average ${loadAtStart.map((l) => l.toFixed(1)).join(' ')} at the start. Measured ${new Date().toISOString()}.`;
  printReport(calls, paints, targets);
  if (ui)
    console.log(
      `\nOf the one-minute week's paint, JSON.parse of its answer alone: ${ui.oneMinuteParseMs.toFixed(0)} ms`,
    );
  if (ui?.pan) {
    console.log(
      `\nPanned: ${ui.charts.map((c) => `${c.title}: ${c.series} series × ${c.points} points`).join('; ')}; ${ui.pan.allCharts.frames} frames each, each chart alone then all at once`,
    );
  }
  if (uiSkipped) console.log(`\nChromium part skipped: ${uiSkipped}`);
  if (ui?.panSkipped) console.log(`\nPanning skipped: ${ui.panSkipped}`);
  if (ui?.listSkipped) console.log(`\nEnvironment list in Chromium not measured: ${ui.listSkipped}`);

  mkdirSync('test/bench/results', { recursive: true });
  writeFileSync(
    `${RESULTS}.json`,
    `${JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        runs: RUNS,
        loadAverage: { start: loadAtStart, end: os.loadavg() },
        scene: { ...scene, scale: SCENE_SCALE, sandboxStartMs: sandbox.startMs, sandboxRssMiB: sandbox.rssMiB() },
        cold: { oneMinute: cold.run, list: coldList },
        answers: calls,
        chromium: ui
          ? {
              paints,
              oneMinuteParseMs: ui.oneMinuteParseMs,
              charts: ui.charts,
              pan: ui.pan,
              panSkipped: ui.panSkipped,
              listSkipped: ui.listSkipped,
            }
          : { skipped: uiSkipped },
        runsRaw: {
          oneMinute,
          ownWeek,
          lists,
          paint: ui ? { ownWeek: ui.ownWeek, oneMinute: ui.oneMinuteWeek, list: ui.list } : null,
        },
        targets,
      },
      round,
      2,
    )}\n`,
  );
  writeFileSync(`${RESULTS}.md`, markdown(header, calls, paints, targets));
  console.log(`\nSaved ${RESULTS}.json and ${RESULTS}.md.`);
}

if (process.argv[2] === CHILD_FLAG) {
  runSandboxChild(process.argv[3], process.argv[4]).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else {
  runBench('monitoring benchmark', main, cleanups.run, WATCHDOG_MS);
}
