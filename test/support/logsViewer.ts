/**
 * Driving the Logs tab in Chromium, shared by the logs browser test and the
 * logs benchmark: find the sandbox endpoint the console runs, open an
 * environment's Logs tab, and request logs while moving the sandbox clock
 * past EB's delivery delay until the log text is on screen.
 */
import type { Locator, Page } from 'playwright-core';
import { advanceSandboxClock } from './trainingLabFixes';

export async function openEnvironmentLogs(page: Page, environmentName: string): Promise<Locator> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Beanstalk' }).click();
  await page
    .getByRole('table', { name: 'Environments' })
    .getByRole('link', { name: environmentName, exact: true })
    .click();
  await page.getByRole('heading', { name: environmentName, level: 1 }).waitFor();
  await page.getByRole('tab', { name: 'Logs' }).click();
  return page.getByRole('region', { name: 'Logs' });
}

/**
 * Clicks a request button and moves the sandbox clock on (tail logs arrive
 * 5 s later on it) until the viewer shows text; returns the viewer. Bounded
 * by the page's default timeout.
 */
export async function requestLogsUntilShown(
  page: Page,
  endpoint: string,
  button: 'Last 100 lines' | 'Full logs',
  environmentName: string,
): Promise<Locator> {
  const panel = page.getByRole('region', { name: 'Logs' });
  await panel.getByRole('button', { name: button, exact: true }).click();
  // Once main has made the request (the wait names the instances), the sandbox clock can pass its delay.
  const waiting = panel.getByRole('status').filter({ hasText: /Waiting for .* from \d+ instances?/ });
  await waiting.waitFor();
  await advanceSandboxClock(endpoint, 15_000);
  // An earlier answer stays on screen while the new one is awaited; the wait ending is the new text's arrival.
  await waiting.waitFor({ state: 'detached' });
  const viewer = panel.getByRole('log', { name: `Log text of ${environmentName}` });
  await viewer.waitFor();
  return viewer;
}
