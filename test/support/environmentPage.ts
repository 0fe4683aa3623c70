/**
 * The environment page in Chromium as the browser tests drive it: find the
 * sandbox the console runs, and move its clock while refreshing the page
 * until the summary says what the test waits for (EB operations take minutes
 * on the sandbox clock).
 */
import type { Page } from 'playwright-core';
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
      async () => {
        await advanceSandboxClock(endpoint, stepMs);
        await refresh.click();
        await refresh.and(page.locator(':not([aria-busy])')).waitFor();
        return (await summary.textContent()) ?? '';
      },
      { timeout: 30_000, interval: 250 },
    )
    .toMatch(expected);
}
