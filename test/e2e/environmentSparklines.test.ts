/**
 * The environment list's sparklines end to end, in Chromium against the
 * built web mode and its training-lab sandbox: every row has a health and a
 * 5xx sparkline named in words, the broken lab environment's health ends
 * Severe, and the whole list cost one GetMetricData request, counted by the
 * sandbox itself. Against moto, which holds no metrics for the environment,
 * the cells say No data. With 300 environments, only the rows on screen
 * draw sparklines, and the list takes the two calls 600 queries need.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../src/sandbox';
import { buildScenario } from '../../src/sandbox/scenarios';
import { sandboxEndpointOf } from '../support/environmentPage';
import { motoEnvironmentConsole } from '../support/motoWebConsole';
import { TRAINING_LAB } from '../support/sandbox';
import { launchChromium, sandboxSessions, startWebConsole } from '../support/webConsole';

const BROKEN = TRAINING_LAB.learnerEnvironment.environmentName;

const sessions = sandboxSessions();
afterAll(() => sessions.close());

async function openBeanstalk(page: Page) {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Beanstalk' }).click();
  await page.getByRole('heading', { name: 'Elastic Beanstalk', level: 1 }).waitFor();
  return page.getByRole('table', { name: 'Environments' });
}

/** A cell's name once the list's answer is in: a line or "No data", not "Loading…" or "Unavailable". */
const ANSWERED_HEALTH = /^Health, last hour: (?!Loading|Unavailable)\S/;
const ANSWERED_5XX = /^5xx, last hour: (?!Loading|Unavailable)\S/;

const envRow = (page: Page, name: string) =>
  page.getByRole('table', { name: 'Environments' }).getByRole('row', { name: new RegExp(`^${name}\\b`) });

/** GetMetricData requests the sandbox has answered so far, from its own count. */
async function metricDataRequests(endpoint: string): Promise<number> {
  const response = await fetch(`${endpoint}/_trellis/faults`);
  const body = (await response.json()) as { stats: { byOperation: Record<string, { requests: number }> } };
  return body.stats.byOperation['monitoring:GetMetricData']?.requests ?? 0;
}

/** The environments the sandbox publishes ApplicationRequests5xx for, asked of CloudWatch as the CLI would. */
async function publishing5xx(endpoint: string): Promise<Set<string>> {
  const cloudwatch = new CloudWatchClient({
    endpoint,
    region: SANDBOX_REGION,
    credentials: SANDBOX_ADMIN_CREDENTIALS,
    maxAttempts: 1,
  });
  try {
    const out = await cloudwatch.send(
      new ListMetricsCommand({ Namespace: 'AWS/ElasticBeanstalk', MetricName: 'ApplicationRequests5xx' }),
    );
    return new Set(
      (out.Metrics ?? []).flatMap((m) =>
        (m.Dimensions ?? []).filter((d) => d.Name === 'EnvironmentName').map((d) => d.Value ?? ''),
      ),
    );
  } finally {
    cloudwatch.destroy();
  }
}

describe('Environment list sparklines', () => {
  it('draws health and 5xx for every lab environment from one GetMetricData call; the broken one ends Severe', async () => {
    const { page, web } = await sessions.open();
    const endpoint = await sandboxEndpointOf(web);
    const before = await metricDataRequests(endpoint);
    const table = await openBeanstalk(page);

    const broken = envRow(page, BROKEN);
    await broken.getByRole('img', { name: 'Health, last hour: Severe now, worst Severe' }).waitFor();
    const brokenErrors = broken.getByRole('img', { name: /^5xx, last hour: / });
    await brokenErrors.waitFor();
    // A share where CloudWatch has the environment's 5xx (the integration test checks its numbers); else, words.
    const label = await brokenErrors.getAttribute('aria-label');
    if ((await publishing5xx(endpoint)).has(BROKEN)) {
      expect(label).toMatch(/^5xx, last hour: \d+(\.\d)? % now, most \d+(\.\d)? %$/);
      expect(await brokenErrors.locator('polyline').count()).toBeGreaterThan(0);
    } else {
      expect(label).toBe('5xx, last hour: No data');
      expect(await brokenErrors.textContent()).toBe('No data');
    }

    // Every row on screen has both, each named in words.
    const dataRows = table.getByRole('row').filter({ has: page.getByRole('link', { name: /^Versions of / }) });
    const withBoth = dataRows
      .filter({ has: page.getByRole('img', { name: ANSWERED_HEALTH }) })
      .filter({ has: page.getByRole('img', { name: ANSWERED_5XX }) });
    expect(await dataRows.count()).toBeGreaterThan(1);
    expect(await withBoth.count()).toBe(await dataRows.count());

    // The whole list cost one request, not one per row or per chart.
    expect((await metricDataRequests(endpoint)) - before).toBe(1);
    await page.screenshot({ path: '/work/notes/shots/envlist.png', fullPage: true });

    // Coming back to the list reads nothing again: the sparklines belong to the list load.
    await envRow(page, BROKEN).getByRole('link', { name: BROKEN, exact: true }).click();
    await page.getByRole('heading', { name: BROKEN, level: 1 }).waitFor();
    await page.goBack();
    await broken.getByRole('img', { name: 'Health, last hour: Severe now, worst Severe' }).waitFor();
    expect((await metricDataRequests(endpoint)) - before).toBe(1);
  });
});

describe('Environment list sparklines against moto', () => {
  // moto has the environment and no metric for it: an account that publishes nothing.
  const ENV = 'inventory-green';
  const shared = motoEnvironmentConsole(ENV);

  it('says No data in both cells, without an error', async () => {
    const page = await shared.page();
    await openBeanstalk(page);
    const row = envRow(page, ENV);
    const health = row.getByRole('img', { name: 'Health, last hour: No data' });
    await health.waitFor();
    expect(await health.textContent()).toBe('No data');
    expect(await row.getByRole('img', { name: '5xx, last hour: No data' }).textContent()).toBe('No data');
    // Neither cell is in its error state ("…: Unavailable") or still loading.
    expect(await row.getByRole('img', { name: /last hour: (Unavailable|Loading)/ }).count()).toBe(0);
  });
});

describe('Environment list sparklines for 300 environments', () => {
  it('reads all of them in two calls (600 queries, 500 a call) and draws only the rows on screen', async () => {
    const doc = buildScenario('large-account', new Date(), {
      roles: 20,
      users: 5,
      applications: 30,
      environments: 300,
      events: 0,
      domains: 0,
      parameters: 0,
      dbInstances: 0,
      securityGroups: 0,
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'trellis-e2e-sparklines-'));
    writeFileSync(join(dataDir, 'sandbox-state.json'), JSON.stringify(doc));
    const web = await startWebConsole(['--data-dir', dataDir]);
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
      page.setDefaultTimeout(30_000);
      await page.goto(web.url);
      await page.getByRole('combobox', { name: 'Profile' }).selectOption('sandbox');
      const endpoint = await sandboxEndpointOf(web);
      const before = await metricDataRequests(endpoint);
      const table = await openBeanstalk(page);
      expect(await table.getAttribute('aria-rowcount')).toBe('301');

      const drawn = table.getByRole('img', { name: ANSWERED_HEALTH });
      await drawn.first().waitFor();
      expect(await table.getByRole('img', { name: /last hour: (Loading|Unavailable)/ }).count()).toBe(0);
      const rows = await table
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: /^Versions of / }) })
        .count();
      expect(rows).toBeLessThan(100);
      expect(await drawn.count()).toBe(rows);
      expect(await table.getByRole('img', { name: ANSWERED_5XX }).count()).toBe(rows);
      expect((await metricDataRequests(endpoint)) - before).toBe(2);

      // Scrolling to the end draws the last rows from the same answer: no request more.
      const last = [...doc.elasticbeanstalk.environments.map((e) => e.name)]
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
        .at(-1)!;
      await table.getByRole('row').nth(1).focus();
      await page.keyboard.press('End');
      await envRow(page, last).getByRole('img', { name: ANSWERED_HEALTH }).waitFor();
      expect((await metricDataRequests(endpoint)) - before).toBe(2);
    } finally {
      await browser.close();
      await web.stop();
    }
  });
});
