/**
 * The Chromium part: the built renderer in web mode, served by this process's
 * main (so its AWS calls are tallied too), each view opened in turn through
 * the UI by role and name. Per view: click to first rows, the view's RPC
 * answer to first rows (the "first page arrives" to "first rows" gap), rows in
 * the DOM and AWS calls. Filter keystroke-to-paint and the longest task for
 * the IAM roles and Parameters filters, and the renderer's JS heap with every
 * view loaded. The instruments are test/bench/views/pageProbes.ts's.
 */
import type { Page, Route } from 'playwright-core';
import { launchChromium } from '../../support/webConsole';
import {
  appearedAt,
  armAppearance,
  endPhase,
  heapMiB,
  installProbes,
  longTasksBetween,
  median,
  rpcEndedAt,
  startPhase,
  streamTiming,
} from '../views/pageProbes';
import { PROFILE, type CallCounts, type RequestTally } from './consoleMain';
import type { ViewId } from './trellisViews';

/** Long enough for a slow filter to finish before the next key, so each key's time is its own. */
const KEY_DELAY_MS = 400;
const VIEW_TIMEOUT_MS = 180_000;

export interface UiView {
  view: ViewId;
  /** Click (or the Since change, for events) to the first rows in the DOM. */
  clickToRowsMs: number;
  /** The view's RPC answer received to the first rows in the DOM; null when the view made no RPC. */
  answerToRowsMs: number | null;
  /** Click to everything loaded, where that is later than the first rows (events' older pages, a database's groups). */
  clickToCompleteMs: number | null;
  domRows: number;
  calls: CallCounts;
  note?: string;
  /** A paged read shown as it streams in (IAM, Parameters): its first page, its end, and the main thread meanwhile. */
  stream?: StreamFigures;
}

export interface StreamFigures {
  /** Click to the first page's bytes in the page. */
  clickToFirstPageMs: number;
  /** The first page's arrival to the first rows in the DOM: the "first rows after the first page" figure. */
  firstPageToRowsMs: number;
  /** Click to the whole read shown (the last page in, the progress bar gone). */
  clickToCompleteMs: number;
  /** Long tasks (≥ 50 ms) after the first rows showed, while the later pages streamed in and until complete. */
  longestTaskWhileStreamingMs: number;
  longTasksWhileStreaming: number;
  /** The longest task from the click to complete, the view's first render included. */
  longestTaskFromClickMs: number;
}

export interface FilterFigures {
  typed: string;
  keystrokes: number;
  medianMs: number;
  maxMs: number;
  longestTaskMs: number;
  longTasks: number;
}

export interface UiFigures {
  views: UiView[];
  rolesFilter: FilterFigures;
  parametersFilter: FilterFigures;
  rendererHeapMiB: number;
  /** Calls made from page load to the profile chosen (overview, identity). */
  startupCalls: CallCounts;
}

export interface UiInputs {
  url: string;
  tally: RequestTally;
  eventsEnvironment: string;
  firstDatabase: string | undefined;
  roleSample: string;
  parameterSample: string;
}

const ROWS: Readonly<Record<ViewId, string>> = {
  roles: 'table[aria-label="Roles"] tbody tr[data-index]',
  users: 'table[aria-label="Users"] tbody tr[data-index]',
  environments: 'table[aria-label="Environments"] tbody tr[data-index]',
  events: 'table[aria-label="Events"] tbody tr[data-index]',
  parameters: '[role="tree"] [role="treeitem"]',
  databases: 'table[aria-label="Databases"] tbody tr[data-index]',
  domains: 'table[aria-label="Domains"] tbody tr[data-index]',
};

const now = (page: Page) => page.evaluate(() => performance.now());
const count = (page: Page, selector: string) => page.locator(selector).count();
const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();

/**
 * Resolves in the page when `selector` matches again after first matching nothing: the rows of a
 * list that a new query empties (its "Loading…" state) and then fills.
 */
async function armReappearance(page: Page, selector: string, name: string): Promise<void> {
  await page.evaluate(
    ({ selector, name }) => {
      const w = window as unknown as Record<string, Promise<number>>;
      w[name] = new Promise<number>((resolve) => {
        let emptied = false;
        const observer = new MutationObserver(() => {
          const present = document.querySelector(selector) !== null;
          if (!present) emptied = true;
          else if (emptied) {
            observer.disconnect();
            resolve(performance.now());
          }
        });
        observer.observe(document.body, { subtree: true, childList: true });
      });
    },
    { selector, name },
  );
}

/** Clicks, then waits for the view's rows: times from the click to the rows and from the RPC's answer to them. */
async function openByClick(
  page: Page,
  view: ViewId,
  channel: string | null,
  click: () => Promise<void>,
  reload = false,
): Promise<{ timing: Pick<UiView, 'clickToRowsMs' | 'answerToRowsMs'>; clickedAt: number }> {
  const marker = `__rows_${view}`;
  await (reload ? armReappearance : armAppearance)(page, ROWS[view], marker);
  const clickedAt = await now(page);
  await click();
  const rowsAt = await appearedAt(page, marker);
  const answeredAt = channel ? await rpcEndedAt(page, channel) : null;
  return {
    timing: {
      clickToRowsMs: rowsAt - clickedAt,
      answerToRowsMs: answeredAt === null || answeredAt < clickedAt ? null : rowsAt - answeredAt,
    },
    clickedAt,
  };
}

/**
 * After a streamed view's first rows: waits until the read is complete (its answer in, no progress bar),
 * then reads when its first page arrived and the long tasks while the rest streamed in.
 */
async function measureStream(page: Page, channel: string, clickedAt: number, clickToRowsMs: number) {
  await page.waitForFunction(
    ({ channel, since }) => {
      const ended = performance
        .getEntriesByType('resource')
        .some((e) => e.name.endsWith(`/rpc/${channel}`) && (e as PerformanceResourceTiming).responseEnd > since);
      return ended && !document.querySelector('[role="progressbar"]');
    },
    { channel, since: clickedAt },
    { timeout: VIEW_TIMEOUT_MS, polling: 'raf' },
  );
  const completeAt = await now(page);
  const rowsAt = clickedAt + clickToRowsMs;
  const timing = await streamTiming(page, channel);
  const firstPageAt = timing?.firstFrame ?? null;
  const afterRows = await longTasksBetween(page, rowsAt, completeAt);
  const fromClick = await longTasksBetween(page, clickedAt, completeAt);
  const stream: StreamFigures | undefined =
    firstPageAt === null || firstPageAt < clickedAt
      ? undefined
      : {
          clickToFirstPageMs: firstPageAt - clickedAt,
          firstPageToRowsMs: rowsAt - firstPageAt,
          clickToCompleteMs: completeAt - clickedAt,
          longestTaskWhileStreamingMs: Math.max(0, ...afterRows.map((l) => l.duration)),
          longTasksWhileStreaming: afterRows.length,
          longestTaskFromClickMs: Math.max(0, ...fromClick.map((l) => l.duration)),
        };
  return {
    stream,
    clickToCompleteMs: completeAt - clickedAt,
    answerToRowsMs: stream ? stream.firstPageToRowsMs : null,
  };
}

/** Types `text` a key at a time into the filter, then erases part of it, under pageProbes' instruments. */
async function measureFilter(page: Page, box: string, root: string, text: string): Promise<FilterFigures> {
  const input = page.getByRole('searchbox', { name: box });
  await input.click();
  await startPhase(page, root);
  await input.pressSequentially(text, { delay: KEY_DELAY_MS });
  const erase = Math.min(6, Math.max(0, text.length - 2));
  for (let i = 0; i < erase; i++) {
    await page.keyboard.press('Backspace');
    await page.waitForTimeout(KEY_DELAY_MS);
  }
  await page.waitForTimeout(500);
  const phase = await endPhase(page);
  await input.fill('');
  const valid = phase.keystrokes.filter((k) => !Number.isNaN(k));
  return {
    typed: text,
    keystrokes: phase.keystrokes.length,
    medianMs: median(valid),
    maxMs: valid.length ? Math.max(...valid) : NaN,
    longestTaskMs: phase.longestTask,
    longTasks: phase.longTasks,
  };
}

export async function measureConsoleUi(inputs: UiInputs): Promise<UiFigures> {
  const { tally } = inputs;
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await installProbes(context);
    // Chromium keeps 250 resource entries by default; rpcEndedAt reads them after hundreds of RPCs.
    await context.addInitScript(() => performance.setResourceTimingBufferSize(1_000_000));
    const page = await context.newPage();
    page.setDefaultTimeout(VIEW_TIMEOUT_MS);
    tally.take();
    // The first load keeps the token (sessionStorage) and opens the default view, IAM; once that has
    // loaded, a reload on the Journal (no AWS reads) starts from empty stores, so IAM is opened by a click.
    await page.goto(inputs.url);
    await page.getByRole('combobox', { name: 'Profile' }).selectOption(PROFILE);
    await page.locator(ROWS.roles).first().waitFor();
    await page.goto(`${new URL(inputs.url).origin}/#/journal`);
    await page.reload();
    await page.getByRole('combobox', { name: 'Profile' }).selectOption(PROFILE);
    await page.getByRole('heading', { name: 'Journal', level: 1 }).waitFor();
    const startupCalls = tally.take();
    const views: UiView[] = [];
    const done = (v: Omit<UiView, 'calls' | 'domRows'>, rows = ROWS[v.view]) =>
      count(page, rows).then((domRows) => views.push({ ...v, domRows, calls: tally.take() }));

    // IAM, roles tab, then its filter, then the Users tab.
    const roles = await openByClick(page, 'roles', 'iam.snapshot', () => nav(page, 'IAM'));
    const rolesStream = await measureStream(page, 'iam.snapshot', roles.clickedAt, roles.timing.clickToRowsMs);
    await done({ view: 'roles', ...roles.timing, ...rolesStream });
    const rolesFilter = await measureFilter(page, 'Filter roles', '.split-main', inputs.roleSample.slice(0, 14));
    tally.take();
    const users = await openByClick(page, 'users', null, () => page.getByRole('tab', { name: /^Users/ }).click());
    await done({ view: 'users', ...users.timing, clickToCompleteMs: null, note: 'same snapshot; no RPC' });

    const envs = await openByClick(page, 'environments', 'beanstalk.listEnvironments', () => nav(page, 'Beanstalk'));
    await done({ view: 'environments', ...envs.timing, clickToCompleteMs: null });

    // The busiest environment's Events tab, switched to "Last 7 days", scrolled until everything is loaded.
    // The list is virtualised: filter it to the environment, which may be far down.
    await page.getByRole('searchbox', { name: 'Filter environments' }).fill(inputs.eventsEnvironment);
    await page
      .getByRole('table', { name: 'Environments' })
      .getByRole('link', { name: inputs.eventsEnvironment, exact: true })
      .click();
    await page.getByRole('heading', { name: inputs.eventsEnvironment, level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Events' }).click();
    await page.locator(ROWS.events).first().waitFor();
    const pageCalls = tally.take();
    const since = page.getByRole('combobox', { name: 'Since' });
    const events = await openByClick(
      page,
      'events',
      'beanstalk.describeEvents',
      () => since.selectOption('7d').then(() => undefined),
      true,
    );
    const everything = page.getByText(/that is\s+everything for this period/);
    for (let i = 0; i < 500 && !(await everything.isVisible()); i++) {
      await page.locator('.eb-events .vtable-scroll').evaluate((box) => box.scrollTo({ top: box.scrollHeight }));
      await page.waitForTimeout(30);
    }
    const eventsComplete = (await now(page)) - events.clickedAt;
    const footer = ((await page.locator('.eb-events-footer').textContent()) ?? '').replace(/\s+/g, ' ').trim();
    await done({
      view: 'events',
      ...events.timing,
      clickToCompleteMs: (await everything.isVisible()) ? eventsComplete : null,
      note: `${footer} (environment page and 'All' tab open before: ${JSON.stringify(pageCalls)})`,
    });

    const params = await openByClick(page, 'parameters', 'ssm.listParameters', () => nav(page, 'Parameters'));
    const paramsStream = await measureStream(page, 'ssm.listParameters', params.clickedAt, params.timing.clickToRowsMs);
    await done({
      view: 'parameters',
      ...params.timing,
      ...paramsStream,
      note: 'calls include GetParameters for rows in view',
    });
    // Values of the rows a filter brings into view arrive later and change the DOM too; held back while
    // typing, so each key's time is the filter's own. They are let through afterwards.
    const held: Route[] = [];
    await page.route('**/rpc/ssm.getValues', (route) => void held.push(route));
    const parametersFilter = await measureFilter(
      page,
      'Filter parameters',
      '.parameters-view',
      inputs.parameterSample.slice(0, 18),
    );
    await page.unroute('**/rpc/ssm.getValues');
    await Promise.all(held.map((route) => route.continue().catch(() => undefined)));
    tally.take();

    const dbs = await openByClick(page, 'databases', 'rds.listDatabases', () => nav(page, 'Databases'));
    let dbComplete: number | null = null;
    if (inputs.firstDatabase) {
      const region = page.getByRole('region', { name: `Database ${inputs.firstDatabase}` });
      await page
        .getByRole('table', { name: 'Databases' })
        .getByRole('button', { name: inputs.firstDatabase, exact: true })
        .click();
      await region.waitFor();
      // Complete: the group rules shown and the ingress form's picker filled (both RPCs answered after the click).
      await page.waitForFunction(
        ({ name, since }) => {
          const r = document.querySelector(`section[aria-label="Database ${name}"]`);
          const answered = (channel: string) =>
            performance
              .getEntriesByType('resource')
              .some((e) => e.name.endsWith(`/rpc/${channel}`) && (e as PerformanceResourceTiming).responseEnd > since);
          // The account's group list for the ingress form loads only when the form is used, so it is not waited for.
          return !!r && !r.querySelector('.loading') && answered('ec2.securityGroups');
        },
        { name: inputs.firstDatabase, since: dbs.clickedAt },
        { timeout: VIEW_TIMEOUT_MS, polling: 50 },
      );
      dbComplete = (await now(page)) - dbs.clickedAt;
    }
    await done({
      view: 'databases',
      ...dbs.timing,
      clickToCompleteMs: dbComplete,
      note: `complete = list, then ${inputs.firstDatabase ?? 'no database'} opened with its groups`,
    });

    const domains = await openByClick(page, 'domains', 'search.listDomains', () => nav(page, 'Search domains'));
    await done({ view: 'domains', ...domains.timing, clickToCompleteMs: null });

    return { views, rolesFilter, parametersFilter, rendererHeapMiB: await heapMiB(page), startupCalls };
  } finally {
    await browser.close();
  }
}
