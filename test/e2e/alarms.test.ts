/**
 * Alarms on the Monitoring tab end to end, in Chromium against the built web
 * mode and its training-lab sandbox: "5xx above N for 5 minutes" is created
 * from the console through the Review change dialog, the real AWS CLI then
 * lists it with the state the console shows, and its undo from the Journal
 * removes it, which the CLI confirms.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedCliEnv, runAwsJson } from '../support/awsCli';
import { openEnvironmentTab, sandboxEndpointOf } from '../support/environmentPage';
import { TRAINING_LAB } from '../support/sandbox';
import { advanceSandboxClock } from '../support/trainingLabFixes';
import { sandboxSessions } from '../support/webConsole';

const { environmentName } = TRAINING_LAB.learnerEnvironment;
const ALARM = `trellis-${environmentName}-5xx-above-7`;
const SEVERE = `trellis-${environmentName}-health-severe`;
const SHOT = process.env.TRELLIS_ALARMS_SHOT ?? '/tmp/trellis-alarms.png';

const sessions = sandboxSessions();
let page: Page;
let endpoint: string;
let cliEnv: NodeJS.ProcessEnv;

interface Alarms {
  MetricAlarms: Array<{
    AlarmName: string;
    MetricName: string;
    Threshold: number;
    EvaluationPeriods: number;
    DatapointsToAlarm: number;
    StateValue: string;
  }>;
}
const describeAlarms = () =>
  runAwsJson<Alarms>(endpoint, cliEnv, ['cloudwatch', 'describe-alarms', '--alarm-names', ALARM]);

/** The console's words for CloudWatch's states. */
const SHOWN: Record<string, string> = { OK: 'OK', ALARM: 'ALARM', INSUFFICIENT_DATA: 'Insufficient data' };

beforeAll(async () => {
  const opened = await sessions.open();
  page = opened.page;
  endpoint = await sandboxEndpointOf(opened.web);
  cliEnv = await isolatedCliEnv(mkdtempSync(join(tmpdir(), 'trellis-alarms-cli-')), '[default]\nregion = us-east-1\n');
});
afterAll(() => sessions.close());

async function openAlarms() {
  const monitoring = await openEnvironmentTab(page, environmentName, 'Monitoring');
  return monitoring.getByRole('region', { name: 'Alarms' });
}

describe('Alarms', () => {
  it('creates "5xx above N for 5 minutes" from the console, the CLI sees it and its state, and undo removes it', async () => {
    const alarms = await openAlarms();
    await alarms.getByText(`No CloudWatch alarms watch ${environmentName}'s metrics or its database’s.`).waitFor();

    // A bad N is refused in place, with no plan.
    const form = alarms.getByRole('form', { name: '5xx above N for 5 minutes' });
    const box = form.getByRole('textbox', { name: '5xx responses a minute above' });
    await box.fill('-3');
    await form.getByRole('button', { name: 'Review 5xx alarm…' }).click();
    expect(await form.getByRole('alert').textContent()).toBe(
      '“-3” is not a whole number of requests; enter 0 or more, digits only.',
    );
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('dialog', { name: 'Review change' }).count()).toBe(0);

    await box.fill('7');
    await form.getByRole('button', { name: 'Review 5xx alarm…' }).click();
    const review = page.getByRole('dialog', { name: 'Review change' });
    await review.getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();
    const cli = (await review.locator('pre').first().textContent()) ?? '';
    expect(cli).toContain(`aws cloudwatch put-metric-alarm --alarm-name ${ALARM}`);
    expect(cli).toContain('--threshold 7 --comparison-operator GreaterThanThreshold --treat-missing-data notBreaching');
    expect(cli).toContain(`--endpoint-url ${endpoint}`);
    await review.getByText('API request', { exact: true }).click();
    const request = (await review.getByRole('region', { name: 'PutMetricAlarm request' }).textContent()) ?? '';
    expect(request).toContain('"MetricName": "ApplicationRequests5xx"');
    expect(request).toContain('"DatapointsToAlarm": 5');
    await review.getByRole('button', { name: 'Apply' }).click();
    await review
      .getByText(`Verified: DescribeAlarms lists ${ALARM}, state INSUFFICIENT_DATA`, { exact: false })
      .waitFor();
    await review.getByRole('button', { name: 'Close' }).click();
    await review.waitFor({ state: 'detached' });

    // The real AWS CLI sees exactly that alarm.
    const created = await describeAlarms();
    expect(created.MetricAlarms).toEqual([
      expect.objectContaining({
        AlarmName: ALARM,
        MetricName: 'ApplicationRequests5xx',
        Threshold: 7,
        EvaluationPeriods: 5,
        DatapointsToAlarm: 5,
        StateValue: 'INSUFFICIENT_DATA',
      }),
    ]);
    const row = alarms.getByRole('table', { name: 'Alarms' }).getByRole('row', { name: new RegExp(ALARM) });
    await row.getByText('ApplicationRequests5xx Sum > 7 for 5 of 5 minutes').waitFor();
    await row.getByText('Insufficient data', { exact: true }).waitFor();

    // Two simulated minutes on, CloudWatch has judged it; the console shows the state the CLI reads.
    await advanceSandboxClock(endpoint, 2 * 60_000);
    const evaluated = (await describeAlarms()).MetricAlarms[0]?.StateValue ?? '';
    expect(['OK', 'ALARM']).toContain(evaluated);
    await alarms.getByRole('button', { name: 'Refresh' }).click();
    await row.getByText(SHOWN[evaluated]!, { exact: true }).waitFor();
    await row.getByText(/^Threshold Crossed: /).waitFor();

    // "Health Severe" on the broken environment goes to ALARM, shown in words as well as red.
    await alarms.getByRole('button', { name: 'Review health Severe alarm…' }).click();
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.getByText(`Verified: DescribeAlarms lists ${SEVERE}`, { exact: false }).waitFor();
    await review.getByRole('button', { name: 'Close' }).click();
    await advanceSandboxClock(endpoint, 3 * 60_000);
    await alarms.getByRole('button', { name: 'Refresh' }).click();
    const severe = alarms.getByRole('table', { name: 'Alarms' }).getByRole('row', { name: new RegExp(SEVERE) });
    await severe.getByText('ALARM', { exact: true }).waitFor();
    expect(await alarms.getByRole('button', { name: 'Review health Severe alarm…' }).isDisabled()).toBe(true);
    await alarms.screenshot({ path: SHOT });

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Journal' }).click();
    await page
      .getByRole('button', { name: `Undo Alarm when ${environmentName} serves more than 7 5xx a minute for 5 minutes` })
      .click();
    await review.getByText('This undoes an earlier change recorded in the journal.').waitFor();
    expect(await review.getByRole('list', { name: 'Differences' }).textContent()).toContain(`RemovedAlarm${ALARM}`);
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.getByText(`Verified: DescribeAlarms no longer lists ${ALARM}.`).waitFor();
    await review.getByRole('button', { name: 'Close' }).click();

    expect((await describeAlarms()).MetricAlarms).toEqual([]);
    // Back on the tab, only the health alarm is left.
    const rows = (await openAlarms()).getByRole('table', { name: 'Alarms' }).getByRole('row');
    await rows.filter({ hasText: SEVERE }).waitFor();
    expect(await rows.filter({ hasText: ALARM }).count()).toBe(0);
  });
});
