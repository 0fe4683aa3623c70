/**
 * Paged reads shown as they stream in, in Chromium against a large-account
 * style sandbox (small enough to load in seconds): the IAM roles and the
 * Parameters tree show their first page's rows while a progress bar, found
 * by role and name, says how many are loaded and that more are coming; it
 * goes once the read is complete and every row is there. Leaving the view
 * mid-stream cancels the read (its request is aborted), and coming back
 * loads afresh with no page of the cancelled read mixed in.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScenario } from '../../src/sandbox/scenarios';
import { launchChromium, startWebConsole, type RunningConsole } from '../support/webConsole';

const ROLES = 4000;
const PARAMETERS = 1500;
const doc = buildScenario('large-account', new Date(), {
  roles: ROLES,
  users: 50,
  applications: 1,
  environments: 1,
  events: 10,
  domains: 0,
  parameters: PARAMETERS,
  dbInstances: 0,
  securityGroups: 0,
});
const roleCount = doc.iam.roles.length;

let web: RunningConsole;
let browser: Browser;
let page: Page;

interface Sighting {
  label: string;
  rows: number;
}

/** Every state of the page's progress bars, as assistive technology would read them, with the rows drawn at the time. */
async function recordProgress(p: Page): Promise<void> {
  await p.addInitScript(() => {
    const seen: Sighting[] = [];
    (window as unknown as { __progress: Sighting[] }).__progress = seen;
    const look = () => {
      for (const bar of document.querySelectorAll('[role="progressbar"]')) {
        const label = bar.getAttribute('aria-label') ?? '';
        const rows = document.querySelectorAll(
          'table[aria-label="Roles"] tbody tr[data-index], [role="treeitem"]',
        ).length;
        if (seen.at(-1)?.label !== label) seen.push({ label, rows });
      }
    };
    new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true });
  });
}
const sightings = () => page.evaluate(() => (window as unknown as { __progress: Sighting[] }).__progress.splice(0));

const nav = (name: string) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();
const rolesTable = () => page.getByRole('table', { name: 'Roles' });
const loadingRoles = () => page.getByRole('progressbar', { name: /^Loading roles: [\d,]+ loaded, more coming$/ });

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'trellis-e2e-stream-'));
  writeFileSync(join(dataDir, 'sandbox-state.json'), JSON.stringify(doc));
  web = await startWebConsole(['--data-dir', dataDir]);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await recordProgress(page);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

describe('streamed reads in the console', () => {
  it('shows the first roles while the rest stream in, with a progress bar that says so, then every role', async () => {
    await page.goto(web.url);
    await page.getByRole('combobox', { name: 'Profile' }).selectOption('sandbox');
    await nav('IAM');
    await loadingRoles().waitFor();
    // Rows are on screen while more are coming.
    expect(await rolesTable().locator('tbody tr[data-index]').count()).toBeGreaterThan(0);
    const partialCount = Number(await rolesTable().getAttribute('aria-rowcount')) - 1;
    expect(partialCount).toBeLessThan(roleCount);
    await loadingRoles().waitFor({ state: 'detached' });
    await expect.poll(() => rolesTable().getAttribute('aria-rowcount')).toBe(String(roleCount + 1));
    const seen = await sightings();
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const s of seen) expect(s.label).toMatch(/^Loading roles: [\d,]+ loaded, more coming$/);
    expect(seen[0]!.rows).toBeGreaterThan(0);
    // The sort and filter work on what is loaded, and then on everything.
    await page.getByRole('searchbox', { name: 'Filter roles' }).fill(doc.iam.roles[roleCount - 1]!.name);
    await expect.poll(() => rolesTable().getAttribute('aria-rowcount')).toBe('2');
    await page.getByRole('searchbox', { name: 'Filter roles' }).fill('');
  });

  it('cancels a refresh left mid-stream (its request aborted), keeping the complete roles on screen', async () => {
    const aborted: string[] = [];
    page.on('requestfailed', (r) => {
      if (r.url().endsWith('/rpc/iam.snapshot')) aborted.push(r.failure()?.errorText ?? '');
    });
    await page.getByRole('button', { name: 'Refresh' }).click();
    // A refresh keeps the complete roles on screen and says it is refreshing.
    await page.getByRole('progressbar', { name: /^Refreshing roles: [\d,]+ loaded, more coming$/ }).waitFor();
    await nav('Journal');
    await page.getByRole('heading', { name: 'Journal', level: 1 }).waitFor();
    await expect.poll(() => aborted.length).toBe(1);
    await sightings();

    await nav('IAM');
    // The previous complete snapshot is kept; the cancelled refresh added nothing to it.
    await expect.poll(() => rolesTable().getAttribute('aria-rowcount')).toBe(String(roleCount + 1));
    await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'));
  });

  it('cancels a first load left mid-stream; the next visit shows no page of it', async () => {
    // A reload empties the stores and the read cache: the next IAM load is a first load again.
    await page.reload();
    await page.getByRole('combobox', { name: 'Profile' }).selectOption('sandbox');
    await nav('IAM');
    await loadingRoles().waitFor();
    await nav('Journal');
    await page.getByRole('heading', { name: 'Journal', level: 1 }).waitFor();
    await sightings();
    await nav('IAM');
    await loadingRoles().waitFor();
    const restarted = await sightings();
    // The new read starts from its own first page: the count runs up from there, never from the old read's.
    expect(restarted[0]!.label).toMatch(/^Loading roles: [\d,]+ loaded/);
    const counts = restarted.map((s) => Number(/: ([\d,]+) loaded/.exec(s.label)![1]!.replace(/,/g, '')));
    expect(counts[0]).toBeLessThanOrEqual(1000);
    await loadingRoles().waitFor({ state: 'detached' });
    await expect.poll(() => rolesTable().getAttribute('aria-rowcount')).toBe(String(roleCount + 1));
  });

  it('shows the parameters tree while the listing streams in, then the complete count', async () => {
    await sightings();
    await nav('Parameters');
    await page
      .getByRole('status')
      .filter({ hasText: `${PARAMETERS.toLocaleString('en-US')} parameters (30 DescribeParameters calls)` })
      .waitFor();
    expect(await page.getByRole('progressbar').count()).toBe(0);
    const seen = await sightings();
    expect(seen.length).toBeGreaterThanOrEqual(1);
    for (const s of seen) expect(s.label).toMatch(/^Loading parameters: [\d,]+ loaded, more coming$/);
    // The tree had rows while more were coming.
    expect(seen.some((s) => s.rows > 0)).toBe(true);
  });
});
