// Benchmark: the IAM roles and users tables and the events list of a large
// account, in Chromium against the built web mode (`npm run build && npm run
// bench -- iamView`). The sandbox's large-account scenario at its default
// size, with BENCH_IAM_ROLES roles (default "5000,20000": one run each) and
// BENCH_IAM_USERS users (500); the events are those of its busiest
// environment (about 5,000). For each: time from opening the view to the
// first rows, rows in the DOM, filter keystroke-to-paint (median and max over
// ~20 keystrokes), the longest task (PerformanceObserver 'longtask') while
// filtering, sorting and scrolling, and the renderer's JS heap. Prints
// figures and saves test/bench/results/iamView.json; asserts nothing.
// Screenshots go to /tmp/shots/.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, startWebConsole, type RunningConsole } from '../support/webConsole';
import { SANDBOX_REGION } from '../../src/sandbox';
import { buildScenario } from '../../src/sandbox/scenarios';
import {
  appearedAt,
  armAppearance,
  endPhase,
  heapMiB,
  installProbes,
  median,
  rpcEndedAt,
  startPhase,
  type PhaseFigures,
} from './views/pageProbes';

const SIZES = (process.env.BENCH_IAM_ROLES ?? '5000,20000').split(',').map(Number);
const USERS = Number(process.env.BENCH_IAM_USERS ?? 500);
const SHOTS = '/tmp/shots';
const KEY_DELAY = 150;

const rowsIn = (table: string) => `table[aria-label="${table}"] tbody tr[data-index]`;

async function typeAndErase(page: Page, box: string, text: string, erase: number): Promise<void> {
  const input = page.getByRole('searchbox', { name: box });
  await input.click();
  await input.pressSequentially(text, { delay: KEY_DELAY });
  for (let i = 0; i < erase; i++) {
    await page.keyboard.press('Backspace');
    await page.waitForTimeout(KEY_DELAY);
  }
  await page.waitForTimeout(300);
}

/** Wheel-scrolls the table's box 30,000 px, 200 px a frame (a fast flick), then 20 jumps of 2,000 px. */
async function wheelThrough(page: Page, table: string): Promise<void> {
  const box = page.locator('.vtable-scroll').filter({ has: page.locator(`table[aria-label="${table}"]`) });
  const bounds = (await box.boundingBox())!;
  await page.mouse.move(bounds.x + bounds.width / 2, bounds.y + bounds.height / 2);
  for (let i = 0; i < 150; i++) {
    await page.mouse.wheel(0, 200);
    await page.evaluate(() => new Promise(requestAnimationFrame));
  }
  for (let i = 0; i < 20; i++) {
    await page.mouse.wheel(0, 2_000);
    await page.evaluate(() => new Promise(requestAnimationFrame));
  }
  await page.waitForTimeout(200);
}

/** From the first row, End and Home: the two longest jumps there are. */
async function jumpEnds(page: Page, table: string): Promise<void> {
  await page.locator(rowsIn(table)).first().focus();
  await page.keyboard.press('End');
  await page.waitForTimeout(200);
  await page.keyboard.press('Home');
  await page.waitForTimeout(200);
}

interface IamFigures {
  roles: number;
  users: number;
  snapshotRpcMs: number | null;
  firstRowsMs: number;
  firstRowsAfterRpcMs: number | null;
  loadLongestTaskMs: number;
  snapshotMiB: number;
  snapshotParseMs: number;
  domRows: number;
  domRowsAfterScroll: number;
  filterMedianMs: number;
  filterMaxMs: number;
  filterKeystrokes: number;
  filterEachMs: number[];
  filterLongestTaskMs: number;
  sortMs: number;
  sortLongestTaskMs: number;
  scrollLongestTaskMs: number;
  scrollLongestFrameGapMs: number;
  jumpLongestTaskMs: number;
  endKeyRowIndex: string | null;
  usersFirstRowsMs: number;
  heapMiB: number;
}

/**
 * The snapshot answer's size, and what JSON.parse of it alone costs in the page (the RPC client does that in
 * one go). The answer is asked for again from here: Chromium does not keep bodies this large for the inspector.
 */
async function snapshotParse(page: Page, web: RunningConsole): Promise<{ mib: number; parseMs: number }> {
  const response = await fetch(`${web.origin}/rpc/iam.snapshot`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-trellis-token': web.token },
    body: JSON.stringify({ target: { profile: 'sandbox', region: SANDBOX_REGION } }),
  });
  const body = await response.text();
  const parseMs = await page.evaluate((text) => {
    const t = performance.now();
    JSON.parse(text);
    return performance.now() - t;
  }, body);
  return { mib: body.length / 1024 / 1024, parseMs };
}

async function measureIam(page: Page, web: RunningConsole, roles: number): Promise<IamFigures> {
  await armAppearance(page, rowsIn('Roles'), '__rolesAt');
  await startPhase(page, 'body');
  const clickedAt = await page.evaluate(() => performance.now());
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'IAM' }).click();
  const rowsAt = await appearedAt(page, '__rolesAt');
  const rpcAt = await rpcEndedAt(page, 'iam.snapshot');
  const load = await endPhase(page);
  const snapshot = await snapshotParse(page, web);
  const domRows = await page.locator(rowsIn('Roles')).count();
  await page.screenshot({ path: `${SHOTS}/iam-roles-${roles}.png` });

  await startPhase(page, '.split-main');
  await typeAndErase(page, 'Filter roles', 'orders lambda 1', 8);
  const filter: PhaseFigures = await endPhase(page);
  await page.getByRole('searchbox', { name: 'Filter roles' }).fill('payments ec2');
  await page.getByText(/^\d[\d,]* of [\d,]+$/).waitFor();
  await page.screenshot({ path: `${SHOTS}/iam-filtered-${roles}.png` });
  await page.getByRole('searchbox', { name: 'Filter roles' }).fill('');

  // A new sort order is computed once per snapshot and column: the first click on a header pays for it.
  await startPhase(page, '.split-main');
  const sortClick = await page.evaluate(() => performance.now());
  await page.getByRole('columnheader', { name: 'Last used' }).getByRole('button').click();
  await page.getByRole('columnheader', { name: 'Last used' }).and(page.locator('[aria-sort]')).waitFor();
  await page.waitForTimeout(300);
  const sortPhase = await page.evaluate(() => {
    const probes = (window as unknown as { __bench: { mutations: number[] } }).__bench;
    return Math.max(...probes.mutations);
  });
  const sort = await endPhase(page);
  await page.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();

  await startPhase(page, '.split-main');
  await wheelThrough(page, 'Roles');
  const scroll = await endPhase(page);
  await startPhase(page, '.split-main');
  await jumpEnds(page, 'Roles');
  const jumps = await endPhase(page);
  const domRowsAfterScroll = await page.locator(rowsIn('Roles')).count();
  await page.keyboard.press('End');
  // Focus lands once the last row is drawn, a frame or two after the key.
  await page
    .waitForFunction(
      () =>
        document.activeElement?.getAttribute('aria-rowindex') ===
        document.querySelector('table[aria-label="Roles"]')?.getAttribute('aria-rowcount'),
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
  const endKeyRowIndex = await page.evaluate(() => document.activeElement?.getAttribute('aria-rowindex') ?? null);
  await page.keyboard.press('Enter');
  await page.getByRole('region', { name: /^Role / }).waitFor();
  await page.screenshot({ path: `${SHOTS}/iam-opened-last-${roles}.png` });

  await armAppearance(page, rowsIn('Users'), '__usersAt');
  const usersClick = await page.evaluate(() => performance.now());
  await page.getByRole('tab', { name: /^Users/ }).click();
  const usersAt = await appearedAt(page, '__usersAt');

  return {
    roles,
    users: USERS,
    snapshotRpcMs: rpcAt === null ? null : rpcAt - clickedAt,
    firstRowsMs: rowsAt - clickedAt,
    firstRowsAfterRpcMs: rpcAt === null ? null : rowsAt - rpcAt,
    loadLongestTaskMs: load.longestTask,
    snapshotMiB: snapshot.mib,
    snapshotParseMs: snapshot.parseMs,
    domRows,
    domRowsAfterScroll,
    filterMedianMs: median(filter.keystrokes),
    filterMaxMs: Math.max(...filter.keystrokes.filter((k) => !Number.isNaN(k))),
    filterKeystrokes: filter.keystrokes.length,
    filterEachMs: filter.keystrokes.map((k) => Math.round(k)),
    filterLongestTaskMs: filter.longestTask,
    sortMs: sortPhase - sortClick,
    sortLongestTaskMs: sort.longestTask,
    scrollLongestTaskMs: scroll.longestTask,
    scrollLongestFrameGapMs: scroll.longestFrameGap,
    jumpLongestTaskMs: jumps.longestTask,
    endKeyRowIndex,
    usersFirstRowsMs: usersAt - usersClick,
    heapMiB: await heapMiB(page),
  };
}

interface EventFigures {
  environment: string;
  events: number;
  firstRowsMs: number;
  loadAllMs: number;
  loaded: string;
  domRows: number;
  searchMedianMs: number;
  searchMaxMs: number;
  searchKeystrokes: number;
  searchEachMs: number[];
  searchLongestTaskMs: number;
  scrollLongestTaskMs: number;
  scrollLongestFrameGapMs: number;
  jumpLongestTaskMs: number;
  heapMiB: number;
}

async function measureEvents(page: Page, environment: string, count: number): Promise<EventFigures> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Beanstalk' }).click();
  // The list is virtualised: filter it to the environment, which may be far down.
  await page.getByRole('searchbox', { name: 'Filter environments' }).fill(environment);
  await page.getByRole('table', { name: 'Environments' }).getByRole('link', { name: environment, exact: true }).click();
  await page.getByRole('heading', { name: environment, level: 1 }).waitFor();
  await armAppearance(page, rowsIn('Events'), '__eventsAt');
  const clickedAt = await page.evaluate(() => performance.now());
  await page.getByRole('tab', { name: 'Events' }).click();
  const rowsAt = await appearedAt(page, '__eventsAt');

  // Scrolling to the end loads the next page; keep going until the footer says that is all (bounded).
  const t0 = Date.now();
  const all = page.getByText(/that is\s+everything for this period/);
  for (let i = 0; i < 200 && !(await all.isVisible()); i++) {
    await page.locator('.eb-events .vtable-scroll').evaluate((box) => box.scrollTo({ top: box.scrollHeight }));
    await page.waitForTimeout(50);
  }
  const loadAllMs = Date.now() - t0;
  const loaded = (await page.locator('.eb-events-footer').textContent()) ?? '';
  await page.locator('.eb-events .vtable-scroll').evaluate((box) => box.scrollTo({ top: 0 }));

  await startPhase(page, '.eb-events', '.tail-status');
  await wheelThrough(page, 'Events');
  const scroll = await endPhase(page);
  await startPhase(page, '.eb-events', '.tail-status');
  await jumpEnds(page, 'Events');
  const jumps = await endPhase(page);
  const domRows = await page.locator(rowsIn('Events')).count();
  await page.keyboard.press('Enter');
  await page.screenshot({ path: `${SHOTS}/events-${count}.png` });

  await startPhase(page, '.eb-events', '.tail-status');
  await typeAndErase(page, 'Search events', 'health severe', 6);
  const search = await endPhase(page);
  await page.screenshot({ path: `${SHOTS}/events-search-${count}.png` });
  return {
    environment,
    events: count,
    firstRowsMs: rowsAt - clickedAt,
    loadAllMs,
    loaded: loaded.replace(/\s+/g, ' ').trim(),
    domRows,
    searchMedianMs: median(search.keystrokes),
    searchMaxMs: Math.max(...search.keystrokes.filter((k) => !Number.isNaN(k))),
    searchKeystrokes: search.keystrokes.length,
    searchEachMs: search.keystrokes.map((k) => Math.round(k)),
    searchLongestTaskMs: search.longestTask,
    scrollLongestTaskMs: scroll.longestTask,
    scrollLongestFrameGapMs: scroll.longestFrameGap,
    jumpLongestTaskMs: jumps.longestTask,
    heapMiB: await heapMiB(page),
  };
}

/** The environment with the most events: the large account gives a tenth of them all to one. */
function busiestEnvironment(events: readonly { environmentName?: string }[]): string {
  const counts = new Map<string, number>();
  for (const e of events)
    if (e.environmentName) counts.set(e.environmentName, (counts.get(e.environmentName) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

async function run(roles: number): Promise<{ iam: IamFigures; events: EventFigures; seedMs: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'trellis-bench-view-'));
  const s0 = performance.now();
  // The sandbox's large-account scenario at its default size (issue 11's account), with `roles` roles.
  const doc = buildScenario('large-account', new Date(), { roles, users: USERS });
  writeFileSync(join(dataDir, 'sandbox-state.json'), JSON.stringify(doc));
  const seedMs = performance.now() - s0;
  const environment = busiestEnvironment(doc.elasticbeanstalk.events);
  const eventCount = doc.elasticbeanstalk.events.filter((e) => e.environmentName === environment).length;
  // A later --data-dir wins: the console starts on the state written above.
  const web = await startWebConsole(['--data-dir', dataDir]);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await installProbes(context);
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    await page.goto(web.url);
    await page.getByRole('combobox', { name: 'Profile' }).selectOption('sandbox');
    const iam = await measureIam(page, web, roles);
    const events = await measureEvents(page, environment, eventCount);
    return { iam, events, seedMs };
  } finally {
    await browser.close();
    await web.stop();
  }
}

const ms = (n: number | null) => (n === null || Number.isNaN(n) ? '—' : `${n.toFixed(0)} ms`);

async function main(): Promise<void> {
  if (!existsSync('out/main/web.js')) {
    console.log('iamView benchmark skipped: out/main/web.js is missing; run `npm run build` first.');
    return;
  }
  mkdirSync(SHOTS, { recursive: true });
  const runs = [];
  for (const roles of SIZES) runs.push(await run(roles));
  for (const { iam: r, events: e, seedMs } of runs) {
    console.log(
      `\nIAM view, ${r.roles.toLocaleString('en-US')} roles + ${r.users} users (state written in ${ms(seedMs)})`,
    );
    console.log(
      `  open → first rows ${ms(r.firstRowsMs)} (snapshot RPC done at ${ms(r.snapshotRpcMs)}; rows ${ms(r.firstRowsAfterRpcMs)} after, of which JSON.parse of its ${r.snapshotMiB.toFixed(1)} MiB ${ms(r.snapshotParseMs)}); longest task ${ms(r.loadLongestTaskMs)}`,
    );
    console.log(
      `  rows in the DOM: ${r.domRows} (after scrolling: ${r.domRowsAfterScroll}); End key → row ${r.endKeyRowIndex}`,
    );
    console.log(
      `  filter keystroke → paint: median ${ms(r.filterMedianMs)}, max ${ms(r.filterMaxMs)} over ${r.filterKeystrokes} keystrokes; longest task ${ms(r.filterLongestTaskMs)}`,
    );
    console.log(`  first sort by Last used: ${ms(r.sortMs)}, longest task ${ms(r.sortLongestTaskMs)}`);
    console.log(
      `  wheel scrolling: longest task ${ms(r.scrollLongestTaskMs)}, longest frame gap ${ms(r.scrollLongestFrameGapMs)}; End/Home jumps: longest task ${ms(r.jumpLongestTaskMs)}`,
    );
    console.log(`  Users tab → first rows ${ms(r.usersFirstRowsMs)}; renderer JS heap ${r.heapMiB.toFixed(1)} MiB`);
    console.log(`Events, ${e.events.toLocaleString('en-US')} for ${e.environment}`);
    console.log(
      `  tab → first rows ${ms(e.firstRowsMs)}; scrolled to the end until all loaded in ${ms(e.loadAllMs)}: ${e.loaded}`,
    );
    console.log(
      `  rows in the DOM: ${e.domRows}; wheel scrolling: longest task ${ms(e.scrollLongestTaskMs)}, longest frame gap ${ms(e.scrollLongestFrameGapMs)}; End/Home jumps: longest task ${ms(e.jumpLongestTaskMs)}`,
    );
    console.log(
      `  search keystroke → paint: median ${ms(e.searchMedianMs)}, max ${ms(e.searchMaxMs)} over ${e.searchKeystrokes} keystrokes; longest task ${ms(e.searchLongestTaskMs)}`,
    );
    console.log(`  renderer JS heap ${e.heapMiB.toFixed(1)} MiB`);
  }
  mkdirSync('test/bench/results', { recursive: true });
  writeFileSync(
    'test/bench/results/iamView.json',
    `${JSON.stringify({ measuredAt: new Date().toISOString(), runs }, null, 2)}\n`,
  );
  console.log('\nSaved test/bench/results/iamView.json; screenshots in /tmp/shots/.');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
