/**
 * The environment page in Chromium as the browser tests drive it: find the
 * sandbox the console runs, open one of the page's tabs, and move its clock
 * while refreshing the page until it says what the test waits for (EB
 * operations and metrics take minutes on the sandbox clock).
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { advanceSandboxClock } from './trainingLabFixes';
import type { RunningConsole } from './webConsole';

/** The sandbox's own endpoint, asked of the console the way the UI asks (from the test process, not the page). */
export async function sandboxEndpointOf(web: RunningConsole): Promise<string> {
  const response = await fetch(`${web.origin}/rpc/app.info`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-trellis-token': web.token },
    body: '{}',
  });
  const result = (await response.json()) as { ok: boolean; data?: { sandboxEndpoint?: string } };
  const endpoint = result.data?.sandboxEndpoint;
  if (!result.ok || !endpoint) throw new Error('app.info gave no sandbox endpoint');
  return endpoint;
}

/** Opens the environment from the Beanstalk list and then its tab; returns the tab's region (named as the tab). */
export async function openEnvironmentTab(page: Page, environmentName: string, tab: string): Promise<Locator> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Beanstalk' }).click();
  // By keyboard: the list's sparkline cells may lie over the link for a pointer.
  await page
    .getByRole('table', { name: 'Environments' })
    .getByRole('link', { name: environmentName, exact: true })
    .press('Enter');
  await page.getByRole('heading', { name: environmentName, level: 1 }).waitFor();
  await page.getByRole('tab', { name: tab }).click();
  return page.getByRole('region', { name: tab });
}

/**
 * One attempt for `expect.poll`: moves the sandbox clock `stepMs`, clicks
 * `refresh`, waits until it is no longer busy, then reads what the test
 * waits on.
 */
export function afterClockStep<T>(
  endpoint: string,
  refresh: Locator,
  read: () => Promise<T>,
  stepMs = 60_000,
): () => Promise<T> {
  return async () => {
    await advanceSandboxClock(endpoint, stepMs);
    await refresh.click();
    await refresh.and(refresh.page().locator(':not([aria-busy])')).waitFor();
    return read();
  };
}

/** Moves the sandbox clock `stepMs` at a time and refreshes until the summary matches (bounded: 30 s). */
export async function refreshUntilSummary(
  page: Page,
  endpoint: string,
  expected: RegExp = /Ready/,
  stepMs = 30_000,
): Promise<void> {
  const summary = page.getByRole('region', { name: 'Environment summary' });
  const refresh = page.getByRole('button', { name: 'Refresh', exact: true });
  await expect
    .poll(
      afterClockStep(endpoint, refresh, async () => (await summary.textContent()) ?? '', stepMs),
      { timeout: 30_000, interval: 250 },
    )
    .toMatch(expected);
}
