/**
 * The IAM tables, the events list, and the databases, environments and
 * domains tables on the sandbox's large-account scenario (written straight
 * into the state file; IAM and events sized down so it loads quickly, the
 * others at the scenario's full size): only the rows on screen are in the DOM, the tables
 * stay tables to assistive technology (aria-rowcount, aria-rowindex, rows
 * named by their content), the keyboard moves between rows and opens them,
 * and sorting and filtering cover every row, not only the ones drawn.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScenario } from '../../src/sandbox/scenarios';
import { launchChromium, startWebConsole, type RunningConsole } from '../support/webConsole';

const doc = buildScenario('large-account', new Date(), {
  roles: 3000,
  users: 200,
  applications: 60,
  environments: 300,
  events: 25_000,
  domains: 100,
  parameters: 0,
  dbInstances: 1000,
  securityGroups: 0,
});
const MAX_DOM_ROWS = 100;
const roleNames = doc.iam.roles.map((r) => r.name);
const collator = new Intl.Collator('en', { numeric: true });
const policyName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
const eventCounts = new Map<string, number>();
for (const e of doc.elasticbeanstalk.events)
  if (e.environmentName) eventCounts.set(e.environmentName, (eventCounts.get(e.environmentName) ?? 0) + 1);
/** The busiest environment: thousands of events. */
const [EVENTS_ENV] = [...eventCounts.entries()].sort((a, b) => b[1] - a[1])[0]!;

let web: RunningConsole;
let browser: Browser;
let page: Page;

const roles = () => page.getByRole('table', { name: 'Roles' });
const section = (name: string) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();
const naturally = (names: readonly string[]) => [...names].sort((a, b) => collator.compare(a, b) || (a < b ? -1 : 1));
/** Body rows in the DOM (the header is row 1, spacer rows are hidden from assistive technology). */
const drawnRows = (table: Locator) => table.locator('tbody tr[aria-rowindex]');
const focusedRowIndex = () => page.evaluate(() => document.activeElement?.getAttribute('aria-rowindex') ?? null);

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'trellis-e2e-large-'));
  writeFileSync(join(dataDir, 'sandbox-state.json'), JSON.stringify(doc));
  web = await startWebConsole(['--data-dir', dataDir]);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(web.url);
  await page.getByRole('combobox', { name: 'Profile' }).selectOption('sandbox');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'IAM' }).click();
  await drawnRows(roles()).first().waitFor();
  // The first page's rows show while later pages stream in; these tests are about the whole list.
  await page.getByRole('progressbar', { name: /^Loading roles/ }).waitFor({ state: 'detached' });
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

describe('large tables', () => {
  it('shows thousands of roles with only the visible rows in the DOM, in natural order, and filters all of them', async () => {
    // The first page shows before the rest streams in: wait for every role.
    await expect.poll(() => roles().getAttribute('aria-rowcount')).toBe(String(roleNames.length + 1));
    const drawn = await drawnRows(roles()).count();
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThanOrEqual(MAX_DOM_ROWS);
    expect(await drawnRows(roles()).first().getAttribute('aria-rowindex')).toBe('2');
    const shown = await drawnRows(roles()).locator('td:first-child button').allTextContents();
    expect(shown).toEqual([...roleNames].sort(collator.compare).slice(0, shown.length));

    // Every word somewhere in the name, ARN or attached policy names, over every role.
    const query = 'orders lambda readonly';
    const words = query.split(' ');
    const expected = doc.iam.roles.filter((r) => {
      const text = [r.name, `:role${r.path}${r.name}`, ...r.attachedPolicyArns.map(policyName)]
        .join('\n')
        .toLowerCase();
      return words.every((w) => text.includes(w));
    }).length;
    expect(expected).toBeGreaterThan(0);
    await page.getByRole('searchbox', { name: 'Filter roles' }).fill(query);
    await page
      .getByText(`${expected.toLocaleString('en-US')} of ${roleNames.length.toLocaleString('en-US')}`)
      .waitFor();
    await expect.poll(() => roles().getAttribute('aria-rowcount')).toBe(String(expected + 1));
    await page.getByRole('searchbox', { name: 'Filter roles' }).fill('');
    await expect.poll(() => roles().getAttribute('aria-rowcount')).toBe(String(roleNames.length + 1));
  });

  it('moves between rows with the keyboard and opens the chosen one, scrolled into view', async () => {
    const sorted = [...roleNames].sort(collator.compare);
    await drawnRows(roles()).first().focus();
    await page.keyboard.press('ArrowDown');
    expect(await focusedRowIndex()).toBe('3');
    await page.keyboard.press('PageDown');
    expect(Number(await focusedRowIndex())).toBeGreaterThan(10);
    await page.keyboard.press('End');
    await expect.poll(focusedRowIndex).toBe(String(roleNames.length + 1));
    const last = sorted[sorted.length - 1]!;
    const lastRow = roles().getByRole('row', { name: new RegExp(`^${last}\\b`) });
    await expect.poll(() => lastRow.evaluate((row) => row === document.activeElement)).toBe(true);

    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: `Role ${last}` }).waitFor();
    const box = (await page.locator('.vtable-scroll').boundingBox())!;
    const row = (await lastRow.boundingBox())!;
    expect(row.y).toBeGreaterThanOrEqual(box.y);
    expect(row.y + row.height).toBeLessThanOrEqual(box.y + box.height + 1);

    await page.keyboard.press('Home');
    await expect.poll(focusedRowIndex).toBe('2');
    await roles()
      .getByRole('row', { name: new RegExp(`^${sorted[0]}\\b`) })
      .waitFor();
    await page.getByRole('button', { name: 'Close details' }).click();
  });

  it('sorts every row by a column, both ways', async () => {
    const counts = doc.iam.roles.map((r) => r.attachedPolicyArns.length);
    const attached = roles().getByRole('columnheader', { name: 'Attached' });
    const firstCount = () => drawnRows(roles()).first().locator('td').nth(1).textContent();
    await attached.getByRole('button').click();
    await expect.poll(() => attached.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(firstCount).toBe(String(Math.min(...counts)));
    await attached.getByRole('button').click();
    await expect.poll(() => attached.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(firstCount).toBe(String(Math.max(...counts)));
    const name = roles().getByRole('columnheader', { name: 'Name' });
    await name.getByRole('button').click();
    await expect.poll(() => name.getAttribute('aria-sort')).toBe('ascending');
    expect(await attached.getAttribute('aria-sort')).toBeNull();
  });

  it('scrolls through thousands of events, reading older pages on the way, and searches them', async () => {
    await section('Beanstalk');
    // The list is virtualised: the busiest environment may be far down, so the filter finds it.
    await page.getByRole('searchbox', { name: 'Filter environments' }).fill(EVENTS_ENV);
    await page
      .getByRole('table', { name: 'Environments' })
      .getByRole('link', { name: EVENTS_ENV, exact: true })
      .click();
    await page.getByRole('tab', { name: 'Events' }).click();
    const events = page.getByRole('table', { name: 'Events' });
    await drawnRows(events).first().waitFor();

    const everything = page.getByText(/that is\s+everything for this period/);
    const box = page.locator('.eb-events .vtable-scroll');
    await expect
      .poll(
        async () => {
          await box.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
          return everything.isVisible();
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    // Every event of the environment (one row per date, message and request), and the header.
    const distinct = new Set(
      doc.elasticbeanstalk.events
        .filter((e) => e.environmentName === EVENTS_ENV)
        .map((e) => `${e.eventDate}|${e.message}|${e.requestId ?? ''}`),
    ).size;
    expect(distinct).toBeGreaterThan(1000);
    expect(Number(await events.getAttribute('aria-rowcount'))).toBeGreaterThanOrEqual(distinct + 1);
    expect(await drawnRows(events).count()).toBeLessThanOrEqual(MAX_DOM_ROWS);

    // An instance id from one generated event, in another case: the events that name it, among all loaded.
    const ofEnv = doc.elasticbeanstalk.events.filter((e) => e.environmentName === EVENTS_ENV);
    const wanted = ofEnv.find((e) => /^Added instance \[i-0[0-9a-f]{16}\]/.test(e.message))!;
    const instance = /i-0[0-9a-f]{16}/.exec(wanted.message)![0];
    const naming = ofEnv.filter((e) => e.message.includes(instance)).length;
    await page.getByRole('searchbox', { name: 'Search events' }).fill(instance.toUpperCase());
    await page
      .getByRole('status')
      .filter({ hasText: new RegExp(`^${naming} of [\\d,]+ loaded events match$`) })
      .waitFor();
    const row = events.getByRole('row').filter({ hasText: wanted.message }).first();
    await row.click();
    await expect.poll(() => row.getAttribute('aria-expanded')).toBe('true');
    await row.getByText(`request ${wanted.requestId}`).waitFor();
  });
  it('shows a thousand databases with only the visible rows in the DOM, finds one far down by filter, and opens it', async () => {
    await section('Databases');
    const table = page.getByRole('table', { name: 'Databases' });
    await drawnRows(table).first().waitFor();
    const ids = naturally(doc.rds.instances.map((db) => db.id));
    expect(ids).toHaveLength(1000);
    expect(await table.getAttribute('aria-rowcount')).toBe(String(ids.length + 1));
    const drawn = await drawnRows(table).count();
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThanOrEqual(MAX_DOM_ROWS);
    const shown = await drawnRows(table).locator('td:first-child button').allTextContents();
    expect(shown).toEqual(ids.slice(0, shown.length));

    // The last by name, never drawn until the filter brings it up.
    const wanted = ids[ids.length - 1]!;
    expect(await table.getByRole('button', { name: wanted, exact: true }).count()).toBe(0);
    await page.getByRole('searchbox', { name: 'Filter databases' }).fill(wanted);
    const row = table.getByRole('row', { name: new RegExp(`^${wanted}\\b`) });
    await row.waitFor();
    await row.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: `Database ${wanted}` }).waitFor();
    await expect.poll(() => row.getAttribute('aria-current')).toBe('true');

    // Sorting covers every row: descending by name puts the last one first once the filter is cleared.
    await page.getByRole('searchbox', { name: 'Filter databases' }).fill('');
    await expect.poll(() => table.getAttribute('aria-rowcount')).toBe(String(ids.length + 1));
    const name = table.getByRole('columnheader', { name: 'Database' });
    await name.getByRole('button').click();
    await expect.poll(() => name.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => drawnRows(table).first().locator('td:first-child button').textContent()).toBe(wanted);
  });

  it('shows hundreds of environments with their health, sorts by health, and finds one by filter', async () => {
    await section('Beanstalk');
    const table = page.getByRole('table', { name: 'Environments' });
    await page.getByRole('searchbox', { name: 'Filter environments' }).fill('');
    const names = naturally(doc.elasticbeanstalk.environments.map((e) => e.name));
    await expect.poll(() => table.getAttribute('aria-rowcount')).toBe(String(names.length + 1));
    const drawn = await drawnRows(table).count();
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(names.length);
    expect(drawn).toBeLessThanOrEqual(MAX_DOM_ROWS);
    const shown = await drawnRows(table).locator('td:first-child a.env-link').allTextContents();
    expect(shown).toEqual(names.slice(0, shown.length));

    // Worst first: the drawn rows' health words never get better going down.
    const rank: Record<string, number> = { Green: 0, Grey: 1, Yellow: 2, Red: 3 };
    const health = table.getByRole('columnheader', { name: 'Health', exact: true });
    await health.getByRole('button').click();
    await health.getByRole('button').click();
    await expect.poll(() => health.getAttribute('aria-sort')).toBe('descending');
    const words = await drawnRows(table).locator('td:nth-child(2)').allTextContents();
    const ranks = words.map((w) => rank[w.trim()] ?? -1);
    expect(ranks.every((r) => r >= 0)).toBe(true);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));

    const wanted = names[names.length - 1]!;
    await page.getByRole('searchbox', { name: 'Filter environments' }).fill(wanted);
    const row = table.getByRole('row', { name: new RegExp(`^${wanted}\\b`) });
    await row.waitFor();
    await row.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: wanted, level: 1 }).waitFor();
  });

  it('shows a hundred domains with only the visible rows in the DOM, and finds one by filter', async () => {
    await section('Search domains');
    const table = page.getByRole('table', { name: 'Domains' });
    await drawnRows(table).first().waitFor();
    const names = naturally(doc.search.domains.map((d) => d.name));
    expect(names).toHaveLength(100);
    expect(await table.getAttribute('aria-rowcount')).toBe(String(names.length + 1));
    const drawn = await drawnRows(table).count();
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(names.length);
    const shown = await drawnRows(table).locator('td:first-child a').allTextContents();
    expect(shown).toEqual(names.slice(0, shown.length));

    const wanted = names[names.length - 1]!;
    await page.getByRole('searchbox', { name: 'Filter domains' }).fill(wanted);
    const row = table.getByRole('row', { name: new RegExp(`^${wanted}\\b`) });
    await row.getByRole('link', { name: wanted, exact: true }).click();
    await page.getByRole('heading', { name: wanted, level: 1 }).waitFor();
  });
});
