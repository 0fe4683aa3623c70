/**
 * The Monitoring tab end to end, in Chromium against the built web mode and
 * its training-lab sandbox: the broken lab environment's health chart reads
 * Severe at its newest point, its numbers are in a table by name, and the
 * range can be switched; CPU and load per instance and the database's CPU
 * and connections are charted beside it; a custom range is checked before it
 * is read; after the guided WSGIPath fix (and the lab's other fixes, made
 * through the SDK) the newest health is OK and the fix is a marker that opens
 * its events and Journal entry. Against moto, what moto holds is drawn and
 * the charts it has nothing for say so.
 */
import {
  DescribeEnvironmentsCommand,
  ElasticBeanstalkClient,
  UpdateEnvironmentCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import { afterAll, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../src/sandbox';
import { afterClockStep, openEnvironmentTab, sandboxEndpointOf } from '../support/environmentPage';
import { advanceSandboxClock, fixLearnerOutsideBeanstalk } from '../support/trainingLabFixes';
import { motoEnvironmentConsole } from '../support/motoWebConsole';
import { sandboxSessions } from '../support/webConsole';
import { TRAINING_LAB } from '../support/sandbox';

const { environmentName } = TRAINING_LAB.learnerEnvironment;

const sessions = sandboxSessions();
afterAll(() => sessions.close());

describe('Monitoring', () => {
  it('charts the broken lab environment as Severe, with a table view and range switching', async () => {
    const { page } = await sessions.open();
    const panel = await openEnvironmentTab(page, environmentName, 'Monitoring');

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

/** Moves the sandbox clock half a minute at a time until the environment's operation is over (bounded: 30 s). */
async function untilReady(eb: ElasticBeanstalkClient, endpoint: string): Promise<void> {
  await expect
    .poll(
      async () => {
        await advanceSandboxClock(endpoint, 30_000);
        const out = await eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: [environmentName] }));
        return out.Environments?.[0]?.Status;
      },
      { timeout: 30_000, interval: 100 },
    )
    .toBe('Ready');
}

describe('Monitoring: instances, database, custom range and markers', () => {
  it('charts CPU and load per instance and the database beside them, and checks a custom range before reading it', async () => {
    const { page } = await sessions.open();
    const panel = await openEnvironmentTab(page, environmentName, 'Monitoring');
    const { instanceId } = TRAINING_LAB.learnerEnvironment;

    const cpu = panel.getByRole('figure', { name: 'CPU busy per instance' });
    await cpu.locator('canvas').waitFor();
    await cpu.getByRole('button', { name: 'Show table' }).click();
    const cpuTable = cpu.getByRole('table', { name: 'CPU busy per instance, as a table' });
    await cpuTable.getByRole('columnheader', { name: instanceId }).waitFor();
    expect(await cpuTable.getByRole('row').nth(1).getByRole('cell').first().textContent()).toMatch(/^\d+(\.\d)? %$/);
    await panel.getByRole('figure', { name: 'Load average (1 min) per instance' }).locator('canvas').waitFor();
    await panel.getByText('Database edx-photos-db, named by its environment property DATABASE_HOST.').waitFor();
    for (const name of ['Database CPU', 'Database connections']) {
      const figure = panel.getByRole('figure', { name });
      await figure.locator('canvas').waitFor();
      expect(await figure.getByText(/^No data/).count()).toBe(0);
    }

    // A custom range: what is wrong is said beside the form and nothing is read; a good one is read.
    await panel.getByRole('radiogroup', { name: 'Time range' }).getByRole('radio', { name: 'Custom' }).check();
    const form = panel.getByRole('form', { name: 'Custom range' });
    const start = form.getByLabel('Start');
    const end = form.getByLabel('End');
    await start.fill('2026-01-02T10:00');
    await end.fill('2026-01-02T09:00');
    await form.getByRole('button', { name: 'Show range' }).click();
    await form.getByRole('alert').getByText('The end must be after the start.').waitFor();
    expect(await end.getAttribute('aria-invalid')).toBe('true');
    // What was typed stays.
    expect(await start.inputValue()).toBe('2026-01-02T10:00');

    const local = (ms: number) => {
      const d = new Date(ms);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    };
    await start.fill(local(Date.now() - 36 * 3_600_000));
    await end.fill(local(Date.now()));
    await form.getByRole('button', { name: 'Show range' }).click();
    expect(await form.getByRole('alert').count()).toBe(0);
    // 36 hours at 1,440 points a line needs 90 s; the next readable period is 2 minutes.
    await panel.getByText(/Last updated \d\d:\d\d:\d\d · 2 min periods/).waitFor();
    await panel.getByText(/^Showing \d{4}-\d\d-\d\d \d\d:\d\d:\d\d to /).waitFor();
  });

  it('shows Severe, then OK after the guided WSGIPath fix, with the fix marked on every chart', async () => {
    const { page, web } = await sessions.open();
    const panel = await openEnvironmentTab(page, environmentName, 'Monitoring');
    const health = panel.getByRole('figure', { name: 'Health over time' });
    await health.getByRole('button', { name: 'Show table' }).click();
    const newest = health.getByRole('table', { name: 'Health over time, as a table' }).getByRole('row').nth(1);
    await expect.poll(() => newest.getByRole('cell').first().textContent()).toBe('Severe');

    // The guided fix, as the Configuration tab offers it: previewed, applied, journalled.
    await page.getByRole('tab', { name: 'Configuration' }).click();
    const wsgiRow = page.getByRole('table', { name: 'Key settings' }).getByRole('row', { name: /^WSGIPath\b/ });
    await wsgiRow.getByRole('button', { name: 'Edit WSGIPath' }).click();
    await page.getByRole('textbox', { name: 'New value for WSGIPath' }).fill('FlaskApp/application.py');
    await page.getByRole('button', { name: 'Review change' }).click();
    const review = page.getByRole('dialog', { name: 'Review change' });
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.getByText(/^Verified: /).waitFor();
    await review.getByRole('button', { name: 'Close' }).click();
    await review.waitFor({ state: 'detached' });

    // The lab's other faults (database rule, instance-role policies, two missing properties), through the SDK.
    const endpoint = await sandboxEndpointOf(web);
    const config = { endpoint, region: SANDBOX_REGION, credentials: SANDBOX_ADMIN_CREDENTIALS };
    const eb = new ElasticBeanstalkClient({ ...config, maxAttempts: 1 });
    try {
      await untilReady(eb, endpoint);
      await fixLearnerOutsideBeanstalk(config);
      await eb.send(
        new UpdateEnvironmentCommand({
          EnvironmentName: environmentName,
          OptionSettings: [
            {
              Namespace: 'aws:elasticbeanstalk:application:environment',
              OptionName: 'FLASK_SECRET',
              Value: 'dev-secret',
            },
            {
              Namespace: 'aws:elasticbeanstalk:application:environment',
              OptionName: 'AWS_DEFAULT_REGION',
              Value: 'us-east-1',
            },
          ],
        }),
      );
      await untilReady(eb, endpoint);
    } finally {
      eb.destroy();
    }

    // Health settles to OK within a few simulated minutes; each poll moves the clock a minute and refreshes.
    await page.getByRole('tab', { name: 'Monitoring' }).click();
    const refresh = panel
      .getByRole('group', { name: 'Chart controls' })
      .getByRole('button', { name: 'Refresh', exact: true });
    await health.getByRole('button', { name: 'Show table' }).click();
    await expect
      .poll(
        afterClockStep(endpoint, refresh, () => newest.getByRole('cell').first().textContent()),
        { timeout: 30_000, interval: 250 },
      )
      .toBe('OK');

    // The fix is one marker on every chart, named for what it changed, reachable by keyboard.
    const name = /^Marker: Configuration change \d\d:\d\d — Set WSGIPath on Bbruceeb2-env$/;
    for (const figure of ['Health over time', 'Requests by status class', 'CPU busy per instance', 'Database CPU']) {
      await panel.getByRole('figure', { name: figure }).getByRole('button', { name }).waitFor();
    }
    const marker = health.getByRole('button', { name });
    await marker.focus();
    await page.keyboard.press('Enter');
    const details = panel.getByRole('region', { name: 'Marker details' });
    await details.getByRole('heading', { name: 'Configuration change' }).waitFor();
    await details.getByText('Set WSGIPath on Bbruceeb2-env').waitFor();
    const events = details.getByRole('list', { name: 'Events of this change' });
    await events.getByText(/Environment update is starting\./).waitFor();
    await events.getByText(/Updating environment Bbruceeb2-env's configuration settings\./).waitFor();
    expect(await details.getByRole('link', { name: 'Open the Journal entry' }).getAttribute('href')).toMatch(
      /^#\/journal\//,
    );
    expect(await marker.getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: '/tmp/trellis-monitoring-fixed.png', fullPage: true });

    // Close puts focus back on the marker; the Events tab is one click from the details.
    await details.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => marker.evaluate((el) => el === document.activeElement)).toBe(true);
    await marker.click();
    await details.getByRole('button', { name: 'Show in Events' }).click();
    await page.getByRole('table', { name: 'Events' }).waitFor();
  });
});

describe('Monitoring against moto', () => {
  // moto keeps only what was put: health for the environment, no enhanced-health figures.
  const ENV = 'inventory-blue';
  const HEALTH = [0, 15, 25];
  const shared = motoEnvironmentConsole(ENV, HEALTH);

  it('draws what moto returns and says which charts have no data and why', async () => {
    const page = await shared.page();
    const panel = await openEnvironmentTab(page, ENV, 'Monitoring');
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
