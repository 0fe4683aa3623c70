/**
 * "Only EnvironmentHealth is published free by default", in Chromium against
 * the built web mode and its sandbox: an environment created without a
 * health reporting ConfigDocument charts its health, and the Monitoring tab
 * says per chart that requests and latency are not published, with a cost
 * note. "Publish these metrics" is a previewed change (CLI equivalent, cost,
 * undo); once applied and the sandbox clock moves on, the charts get data
 * and the notice goes.
 */
import {
  CreateApplicationCommand,
  CreateEnvironmentCommand,
  ElasticBeanstalkClient,
} from '@aws-sdk/client-elastic-beanstalk';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../src/sandbox';
import { motoProfile } from '../support/appConsole';
import { sandboxEndpointOf } from '../support/environmentPage';
import { motoClientConfig, startMoto, type RunningMoto } from '../support/moto';
import { putEnvironmentHealth } from '../support/motoMetrics';
import { advanceSandboxClock } from '../support/trainingLabFixes';
import { sandboxSessions, sharedConsole } from '../support/webConsole';

const ENV = 'photos-plain';
const SHOT_DIR = '/work/notes/shots';
const sessions = sandboxSessions();
let page: Page;
let endpoint: string;

beforeAll(async () => {
  const opened = await sessions.open();
  page = opened.page;
  endpoint = await sandboxEndpointOf(opened.web);
  const eb = new ElasticBeanstalkClient({
    endpoint,
    region: SANDBOX_REGION,
    credentials: SANDBOX_ADMIN_CREDENTIALS,
    maxAttempts: 1,
  });
  // Created through the API as a script would: no ConfigDocument, so only EnvironmentHealth is published.
  await eb.send(
    new CreateEnvironmentCommand({
      ApplicationName: 'bbruceeb2',
      EnvironmentName: ENV,
      VersionLabel: 'deploy-app-v2',
      SolutionStackName: '64bit Amazon Linux 2023 v4.3.0 running Python 3.11',
    }),
  );
  eb.destroy();
  await advanceSandboxClock(endpoint, 30_000 + 5 * 60_000);
}, 60_000);
afterAll(() => sessions.close());

async function openMonitoring(on = page, name = ENV) {
  await on.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Beanstalk' }).click();
  await on.getByRole('table', { name: 'Environments' }).getByRole('link', { name, exact: true }).click();
  await on.getByRole('heading', { name, level: 1 }).waitFor();
  await on.getByRole('tab', { name: 'Monitoring' }).click();
  return on.getByRole('region', { name: 'Monitoring' });
}

describe('Metrics not published', () => {
  it('says which charts the ConfigDocument leaves empty, and publishing them fills the charts', async () => {
    const panel = await openMonitoring();
    const notice = panel.getByRole('region', { name: 'Metrics not published' });
    await notice
      .getByText(
        "Requests are not published: the environment's health reporting ConfigDocument does not list ApplicationRequests2xx, ApplicationRequests3xx, ApplicationRequests4xx or ApplicationRequests5xx.",
      )
      .waitFor();
    await notice.getByText(/^Latency is not published: .* does not list ApplicationLatencyP50, /).waitFor();
    await notice.getByText(/This is an estimate; prices vary by region/).waitFor();
    // Health is free, so its chart has data and is not named.
    expect(await notice.getByText(/EnvironmentHealth is published free/).count()).toBe(1);
    const health = panel.getByRole('figure', { name: 'Health over time' });
    await health.locator('canvas').waitFor();
    expect(await health.getByText(/^No data for/).count()).toBe(0);
    mkdirSync(SHOT_DIR, { recursive: true });
    await page.screenshot({ path: `${SHOT_DIR}/metrics-publishing-notice.png`, fullPage: true });

    await notice.getByRole('button', { name: 'Publish these metrics' }).click();
    const review = page.getByRole('dialog', { name: 'Review change' });
    await review.getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();
    const cli = (await review.locator('pre').first().textContent()) ?? '';
    expect(cli).toContain(`aws elasticbeanstalk update-environment --environment-name ${ENV}`);
    expect(cli).toContain('Namespace=aws:elasticbeanstalk:healthreporting:system,OptionName=ConfigDocument,Value=');
    expect(cli).toContain('ApplicationRequests2xx');
    await review
      .getByText(/about \$0\.30 per metric per month .* This is an estimate; prices vary by region/)
      .waitFor();
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.getByText(/^Verified: ConfigDocument is /).waitFor();
    await review.getByRole('button', { name: 'Close' }).click();
    await review.waitFor({ state: 'detached' });

    // The update completes on the sandbox clock; minutes after it, the requests chart has points.
    const requests = panel.getByRole('figure', { name: 'Requests by status class' });
    const refresh = panel.getByRole('button', { name: 'Refresh', exact: true }).first();
    await expect
      .poll(
        async () => {
          await advanceSandboxClock(endpoint, 60_000);
          await refresh.click();
          await refresh.and(page.locator(':not([aria-busy])')).waitFor();
          return (await requests.getByText(/^No data for/).count()) + (await notice.count());
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBe(0);
    await requests.getByRole('button', { name: 'Show table' }).click();
    const rows = requests.getByRole('table', { name: 'Requests by status class, as a table' }).getByRole('row');
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    await page.screenshot({ path: `${SHOT_DIR}/metrics-publishing-after.png`, fullPage: true });
  });
});

describe('Metrics not published, against moto', () => {
  // moto has CloudWatch but no Elastic Beanstalk metrics of its own: the charts are empty for that reason.
  const MOTO_ENV = 'inventory-green';
  let moto: RunningMoto | undefined;
  const shared = sharedConsole(() => motoProfile(moto!.endpoint));
  beforeAll(async () => {
    moto = await startMoto();
    const eb = new ElasticBeanstalkClient(motoClientConfig(moto.endpoint));
    await eb.send(new CreateApplicationCommand({ ApplicationName: 'inventory' }));
    await eb.send(
      new CreateEnvironmentCommand({
        ApplicationName: 'inventory',
        EnvironmentName: MOTO_ENV,
        SolutionStackName: '64bit Amazon Linux 2023 v4.0.1 running Python 3.11',
      }),
    );
    eb.destroy();
    await putEnvironmentHealth(moto.endpoint, MOTO_ENV, [0, 15]);
    await shared.start();
  }, 60_000);
  afterAll(async () => {
    await shared.stop();
    await moto?.stop();
  });

  it('says nothing about the ConfigDocument when the endpoint is not why the charts are empty', async () => {
    const motoPage = await shared.page();
    await motoPage.getByRole('combobox', { name: 'Profile' }).selectOption('moto');
    const panel = await openMonitoring(motoPage, MOTO_ENV);
    await panel
      .getByRole('figure', { name: 'Requests by status class' })
      .getByText(/^No data for ApplicationRequests2xx/)
      .waitFor();
    await panel.getByRole('figure', { name: 'Health over time' }).locator('canvas').waitFor();
    expect(await panel.getByRole('region', { name: 'Metrics not published' }).count()).toBe(0);
  });
});
