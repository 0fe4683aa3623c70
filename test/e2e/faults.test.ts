/**
 * The console under injected faults (issue 13), in Chromium against the built
 * web mode and its sandbox, whose faults are set through the sandbox's
 * loopback control endpoint (`/_trellis/faults`):
 *  - throttling the adaptive retry absorbs (a burst of three, then 30%) leaves the Parameters view clean;
 *  - a service that always answers 503 gets one panel alert with the AWS code,
 *    the request id and Retry, while every other view loads; once the fault is
 *    gone, Retry loads the panel;
 *  - an expired session token is reported as a credentials problem, with its code;
 *  - an operation that never answers is reported as timed out within the
 *    request timeout, and the rest of the UI is usable meanwhile;
 *  - a slow answer for the region or profile the user left is never shown as current, not even for a
 *    frame (the region's for Databases, whose endpoints name the region asked; the profile's against a
 *    second, empty sandbox, for Parameters and Databases).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import type { FaultConfig, FaultRule, FaultStats } from '../../src/sandbox/faults/types';
import { sandboxEndpointOf } from '../support/environmentPage';
import { sandboxSessions, sharedConsole } from '../support/webConsole';

/** The console's per-request timeout in this file (TRELLIS_REQUEST_TIMEOUT_MS, read when web mode starts). */
const REQUEST_TIMEOUT_MS = 2_000;
process.env.TRELLIS_REQUEST_TIMEOUT_MS = String(REQUEST_TIMEOUT_MS);
process.env.TRELLIS_CONNECT_TIMEOUT_MS = String(REQUEST_TIMEOUT_MS);

/** Shorter than the request timeout: a slow answer, not a silent endpoint. */
const LATENCY_MS = 1_500;
const LAB_PARAMETER = '/flaskapp/config/LOG_LEVEL';
const LAB_DATABASE = 'edx-photos-db';

/** The sandbox's fault control endpoint, driven from the test process as an operator's script would. */
function faultsOf(endpoint: string) {
  const url = `${endpoint}/_trellis/faults`;
  const send = async (method: 'PUT' | 'DELETE', body?: FaultConfig) => {
    const response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${url}: HTTP ${response.status} ${await response.text()}`);
  };
  return {
    set: (config: FaultConfig) => send('PUT', config),
    clear: () => send('DELETE'),
    stats: async (): Promise<FaultStats> => {
      const response = await fetch(url);
      return ((await response.json()) as { stats: FaultStats }).stats;
    },
  };
}

const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();
const heading = (page: Page, name: string) => page.getByRole('heading', { name, level: 1 }).waitFor();
const parameterRow = (page: Page, name: string) =>
  page.getByRole('tree', { name: 'Parameters by path' }).getByRole('treeitem', { name, exact: true });
const alerts = (page: Page) => page.getByRole('alert');

/** Each view the operator uses, opened through the section links and waited on until its data shows. */
const views: Record<string, (page: Page) => Promise<void>> = {
  Beanstalk: async (page) => {
    await section(page, 'Beanstalk');
    const table = page.getByRole('table', { name: 'Environments' });
    await table.getByRole('link', { name: 'flask-ssm-demo-prod', exact: true }).click();
    await heading(page, 'flask-ssm-demo-prod');
    await page.getByRole('region', { name: 'Environment summary' }).getByText('Ready', { exact: true }).waitFor();
  },
  Parameters: async (page) => {
    await section(page, 'Parameters');
    await parameterRow(page, LAB_PARAMETER).waitFor();
  },
  Databases: async (page) => {
    await section(page, 'Databases');
    await page.getByRole('table', { name: 'Databases' }).getByRole('row').filter({ hasText: LAB_DATABASE }).waitFor();
  },
  'Search domains': async (page) => {
    await section(page, 'Search domains');
    await page.getByRole('table', { name: 'Domains' }).getByRole('link', { name: 'elastic', exact: true }).waitFor();
  },
  Overview: async (page) => {
    await section(page, 'Overview');
    await page.getByRole('checkbox', { name: 'Pin sandbox' }).check();
    const card = page.getByRole('article', { name: 'Account sandbox' });
    await card.getByText('570589970431', { exact: true }).waitFor();
    await card.getByRole('region', { name: 'Environments by health' }).locator('.count-number').first().waitFor();
  },
  Journal: async (page) => {
    await section(page, 'Journal');
    await heading(page, 'Journal');
  },
};

/**
 * Records, in the page, whether `text` is ever rendered, or `selector` ever matches, from now on, however
 * briefly: a slow answer for a target the user left must never be drawn, not even for one frame.
 */
async function watchFor(page: Page, sign: { text?: string; selector?: string }): Promise<() => Promise<boolean>> {
  await page.evaluate(({ text, selector }) => {
    const w = window as unknown as { __seen?: boolean; __watch?: MutationObserver };
    const shown = () =>
      (text !== undefined && document.body.innerText.includes(text)) ||
      (selector !== undefined && document.querySelector(selector) !== null);
    w.__watch?.disconnect();
    w.__seen = shown();
    w.__watch = new MutationObserver(() => {
      if (shown()) w.__seen = true;
    });
    w.__watch.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  }, sign);
  return () => page.evaluate(() => (window as unknown as { __seen?: boolean }).__seen === true);
}

describe('the console under injected faults', () => {
  const sessions = sandboxSessions();
  afterAll(() => sessions.close());

  it('absorbs a burst of throttling, then 30% of requests throttled: Parameters loads with no error shown', async () => {
    const { page, web } = await sessions.open();
    const faults = faultsOf(await sandboxEndpointOf(web));
    const listing = { service: 'ssm', operation: 'DescribeParameters', kind: 'throttle' } as const;
    // Three throttles in a row first (more than the SDK's default three attempts absorb), then a rate.
    await faults.set({
      rules: [
        { ...listing, count: 3 },
        { ...listing, rate: 0.3 },
      ],
    });
    await views.Parameters!(page);
    expect(await alerts(page).count()).toBe(0);
    expect((await faults.stats()).byOperation['ssm:DescribeParameters']).toEqual({ requests: 4, injected: 3 });
    // Refresh always asks AWS: keep listing until the rate has throttled some requests too (bounded).
    const refresh = page.getByRole('button', { name: 'Refresh', exact: true });
    for (let round = 0; round < 15 && (await faults.stats()).injected.throttle < 6; round++) {
      await refresh.click();
      await refresh.and(page.locator(':not([aria-busy])')).waitFor();
      await parameterRow(page, LAB_PARAMETER).waitFor();
      expect(await alerts(page).count()).toBe(0);
    }
    const stats = await faults.stats();
    expect(stats.injected.throttle).toBeGreaterThanOrEqual(6);
    // Each throttled attempt was retried: more requests than throttles, and no error on screen.
    expect(stats.byOperation['ssm:DescribeParameters']!.requests).toBeGreaterThan(stats.injected.throttle);
    expect(await alerts(page).count()).toBe(0);
  });

  it('shows one panel alert with the AWS code, request id and Retry for a failing service; the other views load; Retry recovers', async () => {
    const { page, web } = await sessions.open();
    const faults = faultsOf(await sandboxEndpointOf(web));
    await faults.set({ rules: [{ service: 'iam', operation: 'GetAccountAuthorizationDetails', kind: 'http-503' }] });
    // The console opened on IAM before the fault was set; a reload empties its stores and read cache.
    await page.reload();
    await page.getByRole('combobox', { name: 'Profile' }).selectOption('sandbox');
    await section(page, 'IAM');
    const alert = alerts(page).filter({ hasText: 'Could not load IAM' });
    await alert.waitFor();
    await alert.getByText('ServiceUnavailable', { exact: true }).waitFor();
    await alert.getByText('iam GetAccountAuthorizationDetails', { exact: true }).waitFor();
    // The request id AWS (here the sandbox) gave the failed call, as a term of the alert's details.
    await alert.getByRole('term').filter({ hasText: 'Request id' }).waitFor();
    await alert
      .getByRole('definition')
      .filter({ hasText: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/ })
      .waitFor();
    await alert.getByRole('button', { name: 'Retry' }).waitFor();
    // The SDK retried the 503s before giving up.
    expect((await faults.stats()).byOperation['iam:GetAccountAuthorizationDetails']!.requests).toBeGreaterThan(1);

    // Every other view still loads, with no alert of its own.
    for (const [name, open] of Object.entries(views)) {
      await open(page);
      expect(await alerts(page).count(), `alerts in ${name}`).toBe(0);
    }

    await faults.clear();
    await section(page, 'IAM');
    await alert.waitFor();
    await alert.getByRole('button', { name: 'Retry' }).click();
    await page
      .getByRole('table', { name: 'Roles' })
      .getByRole('row', { name: /^EC2_Can_Use_Services\b/ })
      .waitFor();
    expect(await alerts(page).count()).toBe(0);
  });

  it('reports an expired session token as a credentials problem, with its code', async () => {
    const { page, web } = await sessions.open();
    const faults = faultsOf(await sandboxEndpointOf(web));
    await faults.set({ rules: [{ service: 'ssm', kind: 'expired-token' }] });
    await section(page, 'Parameters');
    const alert = alerts(page).filter({ hasText: 'Could not list parameters' });
    await alert.waitFor();
    // SSM speaks JSON, whose services say ExpiredTokenException where query services say ExpiredToken.
    await alert.getByText('ExpiredTokenException', { exact: true }).waitFor();
    await alert.getByText(/security token included in the request is expired/).waitFor();
    await alert.getByText(/credentials were rejected or have expired/).waitFor();
    // Retrying the same credentials cannot help; the panel says what to fix instead.
    expect(await alert.getByRole('button', { name: 'Retry' }).count()).toBe(0);
  });

  it('reports an operation that never answers as timed out within the request timeout, while the rest of the UI works', async () => {
    const { page, web } = await sessions.open();
    const faults = faultsOf(await sandboxEndpointOf(web));
    await faults.set({ rules: [{ service: 'rds', operation: 'DescribeDBInstances', kind: 'hang' }] });
    const started = Date.now();
    await section(page, 'Databases');
    await heading(page, 'Databases');
    // While the databases' call hangs, the other views answer.
    await views.Parameters!(page);
    await section(page, 'IAM');
    await page
      .getByRole('table', { name: 'Roles' })
      .getByRole('row', { name: /^EC2_Can_Use_Services\b/ })
      .waitFor();
    await section(page, 'Databases');
    const alert = alerts(page).filter({ hasText: 'Could not load databases' });
    await alert.waitFor({ timeout: REQUEST_TIMEOUT_MS * 3 });
    const elapsed = Date.now() - started;
    await alert.getByText('rds DescribeDBInstances', { exact: true }).waitFor();
    await alert
      .getByText(/^No answer from http:\/\/127\.0\.0\.1:\d+ in time for DescribeDBInstances \(rds\)\.$/)
      .waitFor();
    await alert.getByRole('button', { name: 'Retry' }).waitFor();
    // One timeout (not three attempts with backoff in between), plus the page's own time.
    expect(elapsed).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS);
    expect(elapsed).toBeLessThan(REQUEST_TIMEOUT_MS + 2_500);
    expect((await faults.stats()).byOperation['rds:DescribeDBInstances']).toEqual({ requests: 1, injected: 1 });
  });

  it('never shows a slow database list for the region the user left', async () => {
    const { page, web } = await sessions.open();
    const faults = faultsOf(await sandboxEndpointOf(web));
    await faults.set({
      rules: [{ service: 'rds', operation: 'DescribeDBInstances', kind: 'latency', latencyMs: LATENCY_MS }],
    });
    await section(page, 'Databases');
    await page.getByText('Loading databases…').waitFor();
    // The sandbox names each database endpoint after the region asked, so each region's answer is its own.
    const seen = await watchFor(page, { text: 'us-east-1.rds.amazonaws.com' });
    // Mid-load: the us-east-1 answer is still on its way.
    const region = page.getByRole('combobox', { name: 'Region' });
    await region.selectOption('us-west-2');
    // us-west-2's list was asked after us-east-1's and is as slow: once it shows, the other had its chance.
    const databases = page.getByRole('table', { name: 'Databases' });
    await databases.getByRole('row').filter({ hasText: 'us-west-2.rds.amazonaws.com' }).first().waitFor();
    expect(await seen()).toBe(false);
    expect((await faults.stats()).byOperation['rds:DescribeDBInstances']!.requests).toBeGreaterThanOrEqual(2);
    // Back in us-east-1 its own answer shows, and the watch sees it: it was not blind.
    await region.selectOption('us-east-1');
    await databases.getByRole('row').filter({ hasText: 'us-east-1.rds.amazonaws.com' }).first().waitFor();
    expect(await seen()).toBe(true);
  });
});

describe('switching profile while a view loads', () => {
  // A second account: an empty sandbox of its own, as slow as the first, so its answer comes after the
  // first profile's would have.
  let other: RunningSandbox;
  const accounts = sharedConsole(
    () =>
      `[profile elsewhere]\nregion = us-east-1\nendpoint_url = ${other.endpoint}\n` +
      'aws_access_key_id = AKIAEXAMPLEELSEWHERE\naws_secret_access_key = elsewhere-secret\n',
  );
  beforeAll(async () => {
    other = await startSandbox({ port: 0, scenario: 'empty' });
    await accounts.start();
  });
  afterAll(async () => {
    await accounts.stop();
    await other?.close();
  });

  /** A console on the first profile, with `operation` as slow on both sandboxes. */
  async function slowConsole(
    service: string,
    operation: string,
  ): Promise<{ page: Page; faults: ReturnType<typeof faultsOf> }> {
    const rule: FaultRule = { service, operation, kind: 'latency', latencyMs: LATENCY_MS };
    const page = await accounts.page();
    const profile = page.getByRole('combobox', { name: 'Profile' });
    await profile.getByRole('option', { name: 'elsewhere' }).waitFor({ state: 'attached' });
    await profile.selectOption('sandbox');
    const faults = faultsOf(await sandboxEndpointOf(accounts.web));
    await faults.set({ rules: [rule] });
    other.faults.set({ rules: [rule] });
    return { page, faults };
  }

  it('never shows the slow parameter listing of the profile the user left', async () => {
    const { page } = await slowConsole('ssm', 'DescribeParameters');
    await section(page, 'Parameters');
    await page.getByText('Loading parameters…').waitFor();
    // The tree shows names by path segment; a row's accessible name is the whole name.
    const seen = await watchFor(page, {
      text: 'flaskapp/',
      selector: `[role="treeitem"][aria-label="${LAB_PARAMETER}"]`,
    });
    await page.getByRole('combobox', { name: 'Profile' }).selectOption('elsewhere');
    await page.getByText('No parameters in this region.').waitFor();
    expect(await seen()).toBe(false);
    expect(other.faults.stats().byOperation['ssm:DescribeParameters']!.injected).toBeGreaterThanOrEqual(1);
  });

  it('never shows the slow database list of the profile the user left, and shows its own on coming back', async () => {
    const { page, faults } = await slowConsole('rds', 'DescribeDBInstances');
    await section(page, 'Databases');
    await page.getByText('Loading databases…').waitFor();
    const seen = await watchFor(page, { text: LAB_DATABASE });
    const profile = page.getByRole('combobox', { name: 'Profile' });
    await profile.selectOption('elsewhere');
    await page.getByText('There are no RDS databases in this region.').waitFor();
    expect(await seen()).toBe(false);
    // Back to the first profile: its own, fresh answer is shown.
    await profile.selectOption('sandbox');
    await page.getByRole('table', { name: 'Databases' }).getByRole('row').filter({ hasText: LAB_DATABASE }).waitFor();
    // The watch that saw nothing before does see a database drawn: it was not blind.
    expect(await seen()).toBe(true);
    await faults.clear();
  });
});
