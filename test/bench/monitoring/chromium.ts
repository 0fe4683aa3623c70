/**
 * The Monitoring tab in Chromium (the built renderer, web mode on this
 * process's main), opened by role and name on the 20-instance environment.
 *
 * First paint: from the answer's arrival in the page (the monitoring
 * channel's body fully read by fetch, before the renderer parses it) to the
 * frame after every chart's canvas has been drawn again (a canvas counts as
 * drawn when uPlot clears or strokes it after the answer). Each run reloads
 * the page, so no chart is left from a run before.
 *
 * The environment list: each run a fresh load of the Beanstalk section; from
 * its sparklines' answer to the rows on screen drawn with them.
 *
 * The tab's 1 w range asks for its own period; for one-minute data over a
 * week the page's request is answered with the service's one-minute answer
 * for the same environment (computed beforehand), so the real panel parses
 * and draws 10,080 points a series.
 *
 * Panning: the panel's uPlot instances, found through React's fiber of their
 * target element, moved with setScale once a frame for 60 frames (a pan
 * across the week, then a zoom from the week to an hour), each chart alone
 * and then all at once: the JS time of each frame's redraw and the gaps
 * between frames (which also hold the canvas's rasterisation), beside the
 * gaps of 60 frames with nothing moved.
 */
import type { Page } from 'playwright-core';
import { launchChromium } from '../../support/webConsole';
import { PROFILE, type CallCounts, type RequestTally } from '../largeAccount/consoleMain';
import { findCharts, paintAfter, paintProbes, panCharts, type PaintTiming, type PanFigures } from './pagePaint';

const PAGE_TIMEOUT_MS = 120_000;
export const PAN_FRAMES = 60;
/** A list without sparklines (a renderer built before them) is reported as such after this. */
const LIST_TIMEOUT_MS = 30_000;

export interface PaintRun extends PaintTiming {
  /** AWS calls while the range loaded (none when the answer was substituted). */
  calls: CallCounts;
  /** What the panel's toolbar said afterwards, e.g. "… · 1 min periods". */
  meta: string;
}

export interface UiFigures {
  /** The tab's own 1 w range, as the UI asks for it. */
  ownWeek: PaintRun[];
  /** A week at one-minute periods (the service's answer given to the page's request). */
  oneMinuteWeek: PaintRun[];
  /** JSON.parse of that answer alone, in the page. */
  oneMinuteParseMs: number;
  /** The environment list with its sparklines, loaded afresh; null when it could not be measured (why in listSkipped). */
  list: PaintRun[] | null;
  listSkipped?: string;
  charts: { title: string; series: number; points: number }[];
  pan: { oneChart: PanFigures[]; allCharts: PanFigures } | null;
  panSkipped?: string;
}

export interface UiInputs {
  url: string;
  tally: RequestTally;
  environmentName: string;
  /** The service's one-minute week for the environment, as JSON Result text. */
  oneMinuteAnswer: string;
  runs: number;
}

async function openMonitoring(page: Page, origin: string, environmentName: string): Promise<void> {
  await page.goto(`${origin}/#/beanstalk/${encodeURIComponent(environmentName)}`);
  await page.reload();
  await page.getByRole('combobox', { name: 'Profile' }).selectOption(PROFILE);
  await page.getByRole('heading', { name: environmentName, level: 1 }).waitFor();
  await page.getByRole('tab', { name: 'Monitoring' }).click();
  // The default range's charts first, so the week's are a redraw measured on its own.
  await page
    .getByRole('region', { name: 'Monitoring' })
    .getByRole('figure', { name: 'Health over time' })
    .locator('canvas')
    .waitFor();
}

async function weekRun(page: Page, inputs: UiInputs, origin: string): Promise<PaintRun> {
  await openMonitoring(page, origin, inputs.environmentName);
  inputs.tally.take();
  const since = await page.evaluate(() => performance.now());
  await page
    .getByRole('region', { name: 'Monitoring' })
    .getByRole('radiogroup', { name: 'Time range' })
    .getByRole('radio', { name: '1 w' })
    .check();
  const timing = await page.evaluate(paintAfter, {
    channel: 'monitoring.environment',
    since,
    timeoutMs: PAGE_TIMEOUT_MS,
  });
  const toolbar = page.locator('section[aria-label="Monitoring"] .fetch-meta').filter({ hasText: 'Last updated' });
  const meta = ((await toolbar.first().textContent()) ?? '').trim();
  return { ...timing, calls: inputs.tally.take(), meta };
}

/** The environment list loaded afresh: its sparklines' answer to the rows on screen drawn. */
async function listRun(page: Page, inputs: UiInputs, origin: string): Promise<PaintRun> {
  await page.goto(`${origin}/#/beanstalk`);
  await page.reload();
  inputs.tally.take();
  await page.getByRole('combobox', { name: 'Profile' }).selectOption(PROFILE);
  // A new document: its clock starts at the load, so every answer in it counts.
  const timing = await page.evaluate(paintAfter, {
    channel: 'monitoring.environmentList',
    since: 0,
    timeoutMs: LIST_TIMEOUT_MS,
  });
  const shown = await page.locator('table[aria-label="Environments"] svg.sparkline').count();
  return { ...timing, calls: inputs.tally.take(), meta: `${shown} sparklines drawn on screen` };
}

export async function measureMonitoringUi(inputs: UiInputs): Promise<UiFigures> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(paintProbes);
    const page = await context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    const origin = new URL(inputs.url).origin;
    // The first load keeps the session token; later loads go straight to the environment.
    await page.goto(inputs.url);
    await page.getByRole('combobox', { name: 'Profile' }).selectOption(PROFILE);

    let list: PaintRun[] | null = [];
    let listSkipped: string | undefined;
    try {
      for (let r = 0; r < inputs.runs; r++) list.push(await listRun(page, inputs, origin));
    } catch (err) {
      list = null;
      listSkipped = err instanceof Error ? err.message.split('\n')[0] : String(err);
    }
    const ownWeek: PaintRun[] = [];
    for (let r = 0; r < inputs.runs; r++) ownWeek.push(await weekRun(page, inputs, origin));

    await page.route('**/rpc/monitoring.environment', async (route) => {
      const body = route.request().postDataJSON() as { rangeMinutes?: number };
      if (body.rangeMinutes !== 10080) return route.continue();
      return route.fulfill({ status: 200, contentType: 'application/json', body: inputs.oneMinuteAnswer });
    });
    const oneMinuteWeek: PaintRun[] = [];
    for (let r = 0; r < inputs.runs; r++) oneMinuteWeek.push(await weekRun(page, inputs, origin));

    // Of the one-minute paint, how much is only parsing the answer's JSON (the same text, parsed once more).
    const oneMinuteParseMs = await page.evaluate(async () => {
      const response = await fetch('/rpc/monitoring.environment', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rangeMinutes: 10080 }),
      });
      const text = await response.text();
      const t0 = performance.now();
      JSON.parse(text);
      return performance.now() - t0;
    });
    const charts = await page.evaluate(findCharts);
    if (charts.length === 0) {
      return {
        ownWeek,
        oneMinuteWeek,
        oneMinuteParseMs,
        list,
        listSkipped,
        charts,
        pan: null,
        panSkipped: 'no uPlot instance found in the panel',
      };
    }
    // Each chart alone (a pan in one chart), then every chart at once (as if their cursors were synced).
    const oneChart: PanFigures[] = [];
    for (let only = 0; only < charts.length; only++) {
      oneChart.push(await page.evaluate(panCharts, { only, frames: PAN_FRAMES }));
    }
    const allCharts = await page.evaluate(panCharts, { only: null, frames: PAN_FRAMES });
    return { ownWeek, oneMinuteWeek, oneMinuteParseMs, list, listSkipped, charts, pan: { oneChart, allCharts } };
  } finally {
    await browser.close();
  }
}
