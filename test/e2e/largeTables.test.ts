/**
 * The IAM tables and the events list on the sandbox's large-account scenario
 * (written straight into the state file, at a size that loads quickly): only the rows on screen are in the DOM, the tables
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
  applications: 4,
  environments: 10,
  events: 25_000,
  domains: 0,
  parameters: 0,
  dbInstances: 0,
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
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

describe('large tables', () => {
  it('shows thousands of roles with only the visible rows in the DOM, in natural order, and filters all of them', async () => {
    expect(await roles().getAttribute('aria-rowcount')).toBe(String(roleNames.length + 1));
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
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Beanstalk' }).click();
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
});
