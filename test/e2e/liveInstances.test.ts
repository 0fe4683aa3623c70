/**
 * The live instance table (`eb health --refresh`) in Chromium against the
 * built web mode and its training-lab sandbox: the broken lab instance shows
 * Severe with its figures; the table reads again on its 10-second clock and
 * follows the sandbox clock; and it asks nothing while the page is hidden or
 * the operator paused it, which is proved by counting the channel's requests
 * through the web-mode bridge. The page's timers run on Playwright's clock,
 * so ten-second intervals pass at once instead of in real time.
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxEndpointOf } from '../support/environmentPage';
import { TRAINING_LAB } from '../support/sandbox';
import { advanceSandboxClock } from '../support/trainingLabFixes';
import { sandboxSessions } from '../support/webConsole';

const { environmentName, instanceId } = TRAINING_LAB.learnerEnvironment;
const CHANNEL_PATH = '/rpc/beanstalk.instancesLive';
const INTERVAL_MS = 10_000;

const sessions = sandboxSessions();
afterAll(() => sessions.close());

/** Requests the page has made on the live channel so far, and the answers it has had. */
function countLiveCalls(page: Page): { requests: () => number; answers: () => number } {
  let requests = 0;
  let answers = 0;
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === CHANNEL_PATH) requests += 1;
  });
  page.on('response', (r) => {
    if (new URL(r.url()).pathname === CHANNEL_PATH) answers += 1;
  });
  return { requests: () => requests, answers: () => answers };
}

/** The browser's own hidden/visible switch, as a minimised window or a background tab flips it. */
async function setPageHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((isHidden) => {
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (isHidden ? 'hidden' : 'visible'),
    });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => isHidden });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

/** "Last refreshed 14:02:07" as seconds since midnight. */
function secondsOf(text: string): number {
  const m = /Last refreshed (\d\d):(\d\d):(\d\d)/.exec(text);
  if (!m) throw new Error(`no time in "${text}"`);
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

describe('Live instance table', () => {
  it('shows the lab instance, refreshes on its clock, and asks nothing while hidden or paused', async () => {
    const { page, web } = await sessions.open();
    const calls = countLiveCalls(page);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Beanstalk' }).click();
    const link = page
      .getByRole('table', { name: 'Environments' })
      .getByRole('link', { name: environmentName, exact: true });
    await link.waitFor();
    // By keyboard: the list's row layout is not this test's subject.
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: environmentName, level: 1 }).waitFor();
    // Timers made from here on run on a clock the test moves; time still flows between moves.
    await page.clock.install();
    await page.getByRole('tab', { name: 'Monitoring' }).click();

    const section = page.getByRole('region', { name: 'Live instances' });
    const table = section.getByRole('table', { name: 'Live instance health' });
    const row = table.getByRole('row', { name: new RegExp(instanceId) });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toMatch(/Severe/);
    // EB's causes for the broken app, and its figures: requests a second and a load to two decimals.
    expect(await row.textContent()).toMatch(/Command failed on all instances\./);
    const headers = await table.getByRole('row').nth(1).getByRole('columnheader').allTextContents();
    // The first column is the row's header (the instance id), so a data cell's index is one less.
    const cellUnder = (column: string) => row.getByRole('cell').nth(headers.indexOf(column) - 1);
    expect(await cellUnder('r/sec').textContent()).toMatch(/^\d+\.\d$/);
    expect(await cellUnder('%2xx').textContent()).toBe('0.0');
    expect(await cellUnder('1 min').textContent()).toMatch(/^\d+\.\d\d$/);
    expect(await cellUnder('idle%').textContent()).toMatch(/^\d+\.\d$/);
    await table.getByRole('row', { name: /Overall/ }).waitFor();
    expect(await table.getByRole('row', { name: /Overall/ }).textContent()).toMatch(/1 instance: 1 Severe/);

    // The sandbox clock moves six minutes; the next tick of the table's clock reads the new minute.
    const refreshed = section.getByText(/^Last refreshed \d\d:\d\d:\d\d$/);
    const before = secondsOf((await refreshed.textContent()) ?? '');
    await advanceSandboxClock(await sandboxEndpointOf(web), 6 * 60_000);
    const answered = calls.answers();
    await page.clock.runFor(INTERVAL_MS);
    await expect.poll(() => calls.answers(), { timeout: 15_000 }).toBeGreaterThan(answered);
    await expect
      .poll(async () => (secondsOf((await refreshed.textContent()) ?? '') - before + 86_400) % 86_400, {
        timeout: 15_000,
      })
      .toBeGreaterThanOrEqual(6 * 60);

    // Hidden: a minute of the page's time passes and nothing is asked.
    await expect.poll(() => calls.requests() === calls.answers()).toBe(true);
    const hiddenFrom = calls.requests();
    await setPageHidden(page, true);
    await page.clock.runFor(6 * INTERVAL_MS);
    // Back on screen: the overdue read goes at once, and it is the only one since the page was hidden.
    await setPageHidden(page, false);
    await expect.poll(() => calls.answers(), { timeout: 15_000 }).toBe(hiddenFrom + 1);
    expect(calls.requests()).toBe(hiddenFrom + 1);

    // Paused by the operator: the same, until Resume.
    await section.getByRole('button', { name: 'Pause' }).click();
    await section.getByRole('button', { name: 'Resume' }).waitFor();
    await section.getByText(/Paused/).waitFor();
    const pausedFrom = calls.requests();
    await page.clock.runFor(6 * INTERVAL_MS);
    await section.getByRole('button', { name: 'Resume' }).click();
    await section.getByRole('button', { name: 'Pause' }).waitFor();
    await expect.poll(() => calls.answers(), { timeout: 15_000 }).toBe(pausedFrom + 1);
    expect(calls.requests()).toBe(pausedFrom + 1);

    // Wide enough for all 23 columns, for the picture in the closing note.
    await page.setViewportSize({ width: 1920, height: 1000 });
    await table.scrollIntoViewIfNeeded();
    await section.screenshot({ path: '/tmp/trellis-live-instances.png' });
  });
});
