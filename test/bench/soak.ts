// Soak benchmark (issue 13): the console polls every view for several minutes while the sandbox throttles
// a fifth of all requests. `npm run build && npm run bench:soak -- --minutes 4` (scripts/soak.mjs; the
// minutes arrive here as SOAK_MINUTES, default 4).
//  1. The training-lab sandbox in this process, `throttle` at rate 0.2 on every service, its requests'
//     SDK attempt numbers counted (first attempts vs retries); the built web mode as its own process.
//  2. Chromium tours every view by role and name, polling each, round after round, until time is up.
//  3. Every ~15 s: the web-mode process's RSS and the renderer's JS heap (after a GC).
// Prints requests, throttles, retries, alerts shown, the memory table and a growth verdict (slope over the
// second half); saves test/bench/results/soak.json. Bounded: it stops at the deadline, and a watchdog
// ends it a few minutes after. Asserts nothing.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Browser, Page } from 'playwright-core';
import type { FaultConfig } from '../../src/sandbox';
import { heapMiB } from './views/pageProbes';
import { launchChromium } from '../support/webConsole';
import { startSoakConsole, SOAK_PROFILE, type SoakConsole } from './soak/soakConsole';
import {
  alertFigures,
  byService,
  FLAT,
  printSoak,
  stepFigures,
  trendOf,
  type MemorySample,
  type SoakFigures,
} from './soak/soakReport';
import { alertsShown, countAlerts, STEP_TIMEOUT_MS, tourOnce, type StepResult } from './soak/soakTour';
import { cleanupStack, runBench } from './runBench';

const RESULTS = 'test/bench/results/soak.json';
const THROTTLE_RATE = 0.2;
const SAMPLE_EVERY_MS = 15_000;
const MINUTES = minutesFromEnv(process.env.SOAK_MINUTES);
/** The tour stops at the deadline; this ends everything if a step or cleanup outlives it by far. */
const WATCHDOG_MS = (MINUTES + 5) * 60_000;

function minutesFromEnv(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 4;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0.5 || n > 240)
    throw new RangeError(`SOAK_MINUTES=${raw}: use a number of minutes from 0.5 to 240.`);
  return n;
}

const cleanups = cleanupStack();

/** Samples memory until `stop` resolves; a sample that cannot be taken (the page busy navigating) is kept as null. */
async function sampleMemory(soak: SoakConsole, page: Page, t0: number, stop: Promise<void>): Promise<MemorySample[]> {
  const samples: MemorySample[] = [];
  let stopped = false;
  void stop.then(() => (stopped = true));
  for (;;) {
    samples.push({
      t: (performance.now() - t0) / 1000,
      mainRssMiB: soak.mainRssMiB(),
      rendererHeapMiB: await heapMiB(page).catch(() => null),
    });
    if (stopped) return samples;
    await Promise.race([new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS)), stop]);
  }
}

async function main(): Promise<void> {
  if (!existsSync('out/renderer/index.html') || !existsSync('out/main/web.js')) {
    throw new Error('out/ has no built console; run `npm run build` first.');
  }
  const faults: FaultConfig = { rules: [{ kind: 'throttle', rate: THROTTLE_RATE }], seed: 13 };
  const soak = await startSoakConsole(faults);
  cleanups.push(() => soak.close());
  const browser: Browser = await launchChromium();
  cleanups.push(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS / 2);
  await countAlerts(page);
  await page.goto(soak.web.url);
  await page.getByRole('combobox', { name: 'Profile' }).selectOption(SOAK_PROFILE);
  console.log(`Soak: ${MINUTES} min against ${soak.sandbox.endpoint}, web mode at ${soak.web.origin}`);

  const loadAtStart = os.loadavg();
  const t0 = performance.now();
  const deadline = Date.now() + MINUTES * 60_000;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const sampling = sampleMemory(soak, page, t0, finished);
  const steps: StepResult[] = [];
  let rounds = 0;
  while (Date.now() < deadline) {
    const round = await tourOnce(page, deadline);
    steps.push(...round);
    rounds++;
    const stuck = round.filter((s) => s.stuck).length;
    console.log(
      `round ${rounds}: ${round.length} views in ${(round.reduce((n, s) => n + s.ms, 0) / 1000).toFixed(1)} s${stuck ? `, ${stuck} stuck` : ''}; ${soak.sandbox.faults.stats().requests} requests so far`,
    );
  }
  finish();
  const samples = await sampling;
  const stats = soak.sandbox.faults.stats();
  const figures: SoakFigures = {
    minutes: MINUTES,
    throttleRate: THROTTLE_RATE,
    rounds,
    steps: stepFigures(steps),
    stuck: steps.filter((s) => s.stuck),
    sandbox: {
      requests: stats.requests,
      throttlesInjected: stats.injected.throttle,
      byService: byService(stats.byOperation),
    },
    attempts: soak.counter.counts(),
    alerts: alertFigures(await alertsShown(page)),
    memory: {
      samples,
      mainRss: trendOf(samples, (s) => s.mainRssMiB, FLAT.mainRssMiBPerMin),
      rendererHeap: trendOf(samples, (s) => s.rendererHeapMiB, FLAT.rendererHeapMiBPerMin),
    },
  };
  printSoak(figures);
  mkdirSync('test/bench/results', { recursive: true });
  writeFileSync(
    RESULTS,
    `${JSON.stringify(
      { measuredAt: new Date().toISOString(), loadAverage: { start: loadAtStart, end: os.loadavg() }, ...figures },
      (_key, value: unknown) =>
        typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 100) / 100 : value,
      2,
    )}\n`,
  );
  console.log(`\nSaved ${RESULTS}.`);
}

runBench('soak', main, cleanups.run, WATCHDOG_MS);
