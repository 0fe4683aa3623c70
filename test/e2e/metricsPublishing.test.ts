/**
 * "Only EnvironmentHealth is published free by default", in Chromium against
 * the built web mode and its sandbox: an environment created without a
 * health reporting ConfigDocument charts its health, and the Monitoring tab
 * says per chart that requests and latency are not published, with a cost
 * note. "Publish these metrics" is a previewed change (CLI equivalent, cost,
 * undo); once applied and the sandbox clock moves on, the charts get data
 * and the notice goes.
 */
import { CreateEnvironmentCommand, ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../src/sandbox';
import { afterClockStep, openEnvironmentTab, sandboxEndpointOf } from '../support/environmentPage';
import { motoEnvironmentConsole } from '../support/motoWebConsole';
import { advanceSandboxClock } from '../support/trainingLabFixes';
import { sandboxSessions } from '../support/webConsole';

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

describe('Metrics not published', () => {
  it('says which charts the ConfigDocument leaves empty, and publishing them fills the charts', async () => {
    const panel = await openEnvironmentTab(page, ENV, 'Monitoring');
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
    const unpublished = async () => (await requests.getByText(/^No data for/).count()) + (await notice.count());
    await expect.poll(afterClockStep(endpoint, refresh, unpublished), { timeout: 30_000, interval: 250 }).toBe(0);
    await requests.getByRole('button', { name: 'Show table' }).click();
    const rows = requests.getByRole('table', { name: 'Requests by status class, as a table' }).getByRole('row');
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    await page.screenshot({ path: `${SHOT_DIR}/metrics-publishing-after.png`, fullPage: true });
  });
});

describe('Metrics not published, against moto', () => {
  // moto has CloudWatch but no Elastic Beanstalk metrics of its own: the charts are empty for that reason.
  const MOTO_ENV = 'inventory-green';
  const shared = motoEnvironmentConsole(MOTO_ENV, [0, 15]);

  it('says nothing about the ConfigDocument when the endpoint is not why the charts are empty', async () => {
    const panel = await openEnvironmentTab(await shared.page(), MOTO_ENV, 'Monitoring');
    await panel
      .getByRole('figure', { name: 'Requests by status class' })
      .getByText(/^No data for ApplicationRequests2xx/)
      .waitFor();
    await panel.getByRole('figure', { name: 'Health over time' }).locator('canvas').waitFor();
    expect(await panel.getByRole('region', { name: 'Metrics not published' }).count()).toBe(0);
  });
});
