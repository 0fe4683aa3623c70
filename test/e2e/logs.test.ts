/**
 * The Logs tab end to end, in Debian's Chromium against the built web mode
 * and its training-lab sandbox: "Last 100 lines" for Bbruceeb2-env shows the
 * wait, then (with the sandbox clock moved past EB's delay) the instance's
 * files; searching finds mod_wsgi's missing-script line with a match count
 * and brings it on screen, marked as an error; sections collapse; Cancel
 * stops a wait; with streaming off the live tail offers the previewed
 * option change, and once it is applied the live tail shows CloudWatch lines.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { refreshUntilSummary, sandboxEndpointOf } from '../support/environmentPage';
import { openEnvironmentLogs, requestLogsUntilShown } from '../support/logsViewer';
import { sandboxSessions } from '../support/webConsole';

const BROKEN = 'Bbruceeb2-env';
const DEMO = 'flask-ssm-demo-prod';
const WSGI_LINE = /Target WSGI script not found or unable to stat/;

const sessions = sandboxSessions();
afterAll(() => sessions.close());

describe('Logs', () => {
  it('shows the last 100 lines of Bbruceeb2-env with the WSGI error, searchable', async () => {
    const { page, web } = await sessions.open();
    const endpoint = await sandboxEndpointOf(web);
    const panel = await openEnvironmentLogs(page, BROKEN);
    await panel.getByText('No logs requested yet', { exact: false }).waitFor();

    const viewer = await requestLogsUntilShown(page, endpoint, 'Last 100 lines', BROKEN);
    await panel.getByText(/Last 100 lines · received \d\d:\d\d:\d\d after \d+ s · 1 instance · \d+ files/).waitFor();
    // Rows are virtual: the first file's heading is on screen, later files only once scrolled to.
    await viewer.getByRole('heading', { name: '/var/log/eb-activity.log' }).waitFor();

    // Search: a match count, and the first match brought on screen, marked as an error line.
    await panel.getByRole('searchbox', { name: 'Search logs' }).fill('Target WSGI script');
    const count = panel.getByRole('status').filter({ hasText: /^\d+ match(es)?$/ });
    await count.waitFor();
    const matches = Number(/^(\d+)/.exec((await count.textContent()) ?? '')?.[1]);
    expect(matches).toBeGreaterThan(0);
    const line = viewer.locator('.log-line').filter({ hasText: WSGI_LINE }).first();
    await line.waitFor();
    expect(await line.getAttribute('class')).toContain('log-line-error');
    expect(await line.textContent()).toMatch(/^\d+✖Error: /);
    await line.locator('mark[data-current]').waitFor();
    const errorLogHeading = viewer.getByRole('heading', { name: '/var/log/httpd/error_log' });
    await errorLogHeading.waitFor();
    await page.screenshot({ path: '/tmp/trellis-logs.png', fullPage: true });

    // Next wraps around the matches; a query that is nowhere says so.
    await panel.getByRole('button', { name: 'Next match' }).click();
    await panel.getByText(matches > 1 ? `2 of ${matches}` : `1 of ${matches}`).waitFor();
    await panel.getByRole('searchbox', { name: 'Search logs' }).fill('no such text anywhere 42');
    await panel.getByRole('status').filter({ hasText: 'No matches' }).waitFor();

    // Sections collapse by their heading's button.
    const toggle = errorLogHeading.getByRole('button');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => viewer.locator('.log-line').filter({ hasText: WSGI_LINE }).count()).toBe(0);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');

    // Copy, save and wrap are there by name.
    await panel.getByRole('button', { name: 'Copy all logs' }).waitFor();
    await panel.getByRole('button', { name: 'Copy /var/log/httpd/error_log' }).waitFor();
    const download = page.waitForEvent('download');
    await panel.getByRole('button', { name: 'Save to file' }).click();
    expect((await download).suggestedFilename()).toMatch(/^Bbruceeb2-env-tail-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.txt$/);
    await panel.getByRole('checkbox', { name: 'Wrap lines' }).check();
    await viewer.and(page.locator('.log-wrap')).waitFor();
  });

  it('shows the wait with its elapsed seconds, and Cancel stops it', async () => {
    const { page } = await sessions.open();
    const panel = await openEnvironmentLogs(page, BROKEN);
    await panel.getByRole('button', { name: 'Full logs', exact: true }).click();
    const wait = panel.getByRole('status').filter({ hasText: /Waiting for the full logs from 1 instance/ });
    await wait.waitFor();
    await wait.getByText(/^[1-9]\d* s$/).waitFor();
    expect(await panel.getByRole('button', { name: 'Last 100 lines', exact: true }).isDisabled()).toBe(true);
    await wait.getByRole('button', { name: 'Cancel' }).click();
    await wait.waitFor({ state: 'detached' });
    expect(await panel.getByRole('button', { name: 'Last 100 lines', exact: true }).isEnabled()).toBe(true);
  });

  it('offers to turn on log streaming through the Review change dialog', async () => {
    const { page } = await sessions.open();
    const panel = await openEnvironmentLogs(page, BROKEN);
    const live = panel.getByRole('region', { name: 'Live tail' });
    await live.getByRole('button', { name: 'Turn on log streaming' }).click();
    const review = page.getByRole('dialog', { name: 'Review change' });
    await review.getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();
    const cli = (await review.locator('pre').allTextContents()).join('\n');
    expect(cli).toMatch(/aws:elasticbeanstalk:cloudwatch:logs/);
    expect(cli).toMatch(/StreamLogs/);
    await review.getByRole('button', { name: 'Cancel' }).click();
    await review.waitFor({ state: 'detached' });
    // Nothing was written: streaming is still off.
    await live.getByRole('button', { name: 'Turn on log streaming' }).waitFor();
    expect(await live.getByRole('button', { name: 'Live tail' }).count()).toBe(0);
  });

  it('turns streaming on through the preview, then tails CloudWatch Logs live', async () => {
    const { page, web } = await sessions.open();
    const endpoint = await sandboxEndpointOf(web);
    const panel = await openEnvironmentLogs(page, DEMO);
    const live = panel.getByRole('region', { name: 'Live tail' });
    await live.getByRole('button', { name: 'Turn on log streaming' }).click();
    const review = page.getByRole('dialog', { name: 'Review change' });
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.getByRole('button', { name: 'Close' }).click();
    await review.waitFor({ state: 'detached' });
    // EB applies the option while the environment updates; once it is Ready the tab reads the setting again.
    await refreshUntilSummary(page, endpoint, /Ready/, 60_000);
    const toggle = live.getByRole('button', { name: 'Live tail' });
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const lines = live.getByRole('log', { name: 'Live log lines' });
    // The first poll may bring only the deployment's engine lines; the app's own files follow in later polls.
    await lines
      .locator('.log-line')
      .filter({ hasText: /\/var\/log\/(web\.stdout\.log|nginx\/(access|error)\.log)/ })
      .first()
      .waitFor();
    await live.getByText(/^Streaming \d+ log groups?/).waitFor();
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
  });
});
