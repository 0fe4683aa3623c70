/**
 * The Monitoring tab end to end, in Chromium against the built web mode and
 * its training-lab sandbox: the broken lab environment's health chart reads
 * Severe at its newest point, its numbers are in a table by name, and the
 * range can be switched; against moto, what moto holds is drawn and the
 * charts it has nothing for say so.
 */
import {
  CreateApplicationCommand,
  CreateEnvironmentCommand,
  ElasticBeanstalkClient,
} from '@aws-sdk/client-elastic-beanstalk';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motoProfile } from '../support/appConsole';
import { motoClientConfig, startMoto, type RunningMoto } from '../support/moto';
import { putEnvironmentHealth } from '../support/motoMetrics';
import { sandboxSessions, sharedConsole } from '../support/webConsole';
import { TRAINING_LAB } from '../support/sandbox';

const { environmentName } = TRAINING_LAB.learnerEnvironment;

const sessions = sandboxSessions();
afterAll(() => sessions.close());

async function openMonitoring(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Beanstalk' }).click();
  await page.getByRole('table', { name: 'Environments' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  await page.getByRole('tab', { name: 'Monitoring' }).click();
  return page.getByRole('region', { name: 'Monitoring' });
}

describe('Monitoring', () => {
  it('charts the broken lab environment as Severe, with a table view and range switching', async () => {
    const { page } = await sessions.open();
    const panel = await openMonitoring(page, environmentName);

    const health = panel.getByRole('figure', { name: 'Health over time' });
    await health.waitFor();
    await health.locator('canvas').waitFor();
    await panel.getByRole('figure', { name: 'Requests by status class' }).waitFor();
    await panel.getByRole('figure', { name: 'Latency p50, p90, p99' }).waitFor();
    await panel.getByText(/^Last updated \d\d:\d\d/).waitFor();
    await page.screenshot({ path: '/tmp/trellis-monitoring.png', fullPage: true });

    // The table is the chart's numbers as text; newest first, so its first row is "now".
    const toggle = health.getByRole('button', { name: 'Show table' });
    await toggle.click();
    expect(await health.getByRole('button', { name: 'Hide table' }).getAttribute('aria-expanded')).toBe('true');
    const table = health.getByRole('table', { name: 'Health over time, as a table' });
    await table.waitFor();
    const newest = table.getByRole('row').nth(1);
    expect(await newest.getByRole('cell').first().textContent()).toBe('Severe');
    const hourRows = await table.getByRole('row').count();
    expect(hourRows).toBeGreaterThan(30);

    // A day at five-minute periods: the radio is checked, the period says so, the table follows.
    const day = panel.getByRole('radiogroup', { name: 'Time range' }).getByRole('radio', { name: '1 d' });
    await day.check();
    expect(await day.isChecked()).toBe(true);
    await panel.getByText(/Last updated \d\d:\d\d:\d\d · 5 min periods/).waitFor();
    // The open table stays open across the switch and now holds the day's rows, newest still Severe.
    await expect.poll(() => table.getByRole('row').count()).toBeGreaterThan(hourRows);
    expect(await table.getByRole('row').nth(1).getByRole('cell').first().textContent()).toBe('Severe');
  });
});

describe('Monitoring against moto', () => {
  // moto keeps only what was put: health for the environment, no enhanced-health figures.
  const ENV = 'inventory-blue';
  const HEALTH = [0, 15, 25];
  let moto: RunningMoto | undefined;
  const shared = sharedConsole(() => motoProfile(moto!.endpoint));
  beforeAll(async () => {
    moto = await startMoto();
    const eb = new ElasticBeanstalkClient(motoClientConfig(moto.endpoint));
    await eb.send(new CreateApplicationCommand({ ApplicationName: 'inventory' }));
    await eb.send(
      new CreateEnvironmentCommand({
        ApplicationName: 'inventory',
        EnvironmentName: ENV,
        SolutionStackName: '64bit Amazon Linux 2023 v4.0.1 running Python 3.11',
      }),
    );
    eb.destroy();
    await putEnvironmentHealth(moto.endpoint, ENV, HEALTH);
    await shared.start();
  }, 60_000);
  afterAll(async () => {
    await shared.stop();
    await moto?.stop();
  });

  it('draws what moto returns and says which charts have no data and why', async () => {
    const page = await shared.page();
    await page.getByRole('combobox', { name: 'Profile' }).selectOption('moto');
    const panel = await openMonitoring(page, ENV);
    const requests = panel.getByRole('figure', { name: 'Requests by status class' });
    await requests
      .getByText(
        'No data for ApplicationRequests2xx, ApplicationRequests3xx, ApplicationRequests4xx, ApplicationRequests5xx in this range. Enhanced health reporting publishes these metrics.',
      )
      .waitFor();
    const health = panel.getByRole('figure', { name: 'Health over time' });
    await health.getByRole('button', { name: 'Show table' }).click();
    const cells = health.getByRole('table', { name: 'Health over time, as a table' }).getByRole('cell');
    await expect.poll(() => cells.allTextContents()).toEqual(['Severe', 'Warning', 'OK']);
    expect(await health.getByText(/^No data for/).count()).toBe(0);
  });
});
