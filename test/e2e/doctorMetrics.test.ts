/**
 * The Doctor reads metrics, in Chromium against the built web mode and a
 * fresh training lab: Bbruceeb2-env's WSGIPath finding shows its health
 * metric as a chart ("Health Severe since …") with a table view, and after
 * the guided WSGIPath fix the verification waits for the metric and says
 * how long it took to turn OK.
 *
 * The lab environment also lacks database ingress, instance-role
 * permissions and two properties; those are fixed directly first, so the
 * WSGIPath fix is the one that turns it Green. The test process only moves
 * the sandbox clock (operations and metrics run on it); the fix goes through
 * the UI.
 */
import { ElasticBeanstalkClient, UpdateEnvironmentCommand } from '@aws-sdk/client-elastic-beanstalk';
import { afterAll, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../src/sandbox';
import { TRAINING_LAB } from '../support/sandbox';
import { advanceSandboxClock, fixLearnerOutsideBeanstalk } from '../support/trainingLabFixes';
import { sandboxSessions, webRpc, type RunningConsole } from '../support/webConsole';

const target = { profile: 'sandbox', region: SANDBOX_REGION };
const { environmentName } = TRAINING_LAB.learnerEnvironment;
const SHOT = '/work/notes/shots/doctor-metrics.png';

const sessions = sandboxSessions();
afterAll(() => sessions.close());

/** Everything but WSGIPath, applied outside the console: after the guided fix the environment can turn Green. */
async function fixAllButWsgiPath(web: RunningConsole, endpoint: string): Promise<void> {
  const config = { endpoint, region: SANDBOX_REGION, credentials: SANDBOX_ADMIN_CREDENTIALS };
  await fixLearnerOutsideBeanstalk(config);
  const eb = new ElasticBeanstalkClient({ ...config, maxAttempts: 1 });
  try {
    await eb.send(
      new UpdateEnvironmentCommand({
        EnvironmentName: environmentName,
        OptionSettings: [
          {
            Namespace: 'aws:elasticbeanstalk:application:environment',
            OptionName: 'AWS_DEFAULT_REGION',
            Value: 'us-east-1',
          },
          { Namespace: 'aws:elasticbeanstalk:application:environment', OptionName: 'FLASK_SECRET', Value: 's3cr3t' },
        ],
      }),
    );
  } finally {
    eb.destroy();
  }
  for (let i = 0; i < 10; i += 1) {
    const envs = await webRpc(web, 'beanstalk.listEnvironments', { target });
    if (envs.find((e) => e.name === environmentName)?.status === 'Ready') return;
    await advanceSandboxClock(endpoint, 15_000);
  }
  throw new Error(`${environmentName} never settled`);
}

describe('The Doctor reads metrics', () => {
  it('charts the WSGIPath finding’s health metric, and after the fix waits for it to turn OK', async () => {
    const { page, web } = await sessions.open();
    const endpoint = (await webRpc(web, 'app.info', {})).sandboxEndpoint ?? '';
    await fixAllButWsgiPath(web, endpoint);
    const scan = await webRpc(web, 'diagnostics.scan', { target, environmentName });
    const wsgi = scan.findings.find((f) => f.id === `F3:environment/${environmentName}`);
    if (!wsgi) throw new Error('no WSGIPath finding');
    const setWsgi = wsgi.fixes.find((f) => f.id === 'set-wsgi-path');
    if (!setWsgi) throw new Error('no set-wsgi-path fix');

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Diagnostics' }).click();
    await page.getByRole('heading', { name: 'Diagnostics', level: 1 }).waitFor();
    await page.getByRole('button', { name: /^(Scan|Scan again)$/ }).click();
    await page.getByRole('button', { name: 'Scan again' }).and(page.locator(':not([aria-busy])')).waitFor();
    await page.getByRole('link', { name: wsgi.summary, exact: true }).first().click();
    const finding = page.getByRole('article', { name: `Finding: ${wsgi.summary}` });
    await finding.waitFor();

    // The metric evidence: its words, its chart and the chart's numbers by name.
    const evidence = finding.getByRole('list', { name: 'Evidence' });
    await evidence.getByText(/^Health Severe since \d\d:\d\d UTC/).waitFor();
    const chart = evidence.getByRole('figure', { name: 'Metric evidence: Health' });
    await chart.locator('canvas').waitFor();
    await chart.getByRole('button', { name: 'Show table' }).click();
    const table = chart.getByRole('table', { name: 'Metric evidence: Health, as a table' });
    expect(await table.getByRole('row').nth(1).getByRole('cell').first().textContent()).toBe('Severe');
    expect(await table.getByRole('row').count()).toBeGreaterThan(150);
    // The change the text relates the metric to is named under the chart: the lab's rebuild, or the property
    // change made above when health dipped while it ran.
    await evidence.getByText(/^Change marker: (Rebuild|Configuration change) at /).waitFor();

    // The guided fix, previewed and applied; EB's update runs on the sandbox clock.
    await finding.getByRole('button', { name: `Preview: ${setWsgi.label}` }).click();
    const review = page.getByRole('dialog', { name: 'Review change' });
    await review.getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();
    await review.getByRole('button', { name: 'Apply' }).click();
    const close = review.getByRole('button', { name: 'Close' });
    for (let i = 0; i < 60 && !(await close.isVisible()); i += 1) {
      await advanceSandboxClock(endpoint, 10_000);
      await page.waitForTimeout(250);
    }
    await close.click();
    await finding
      .getByRole('status')
      .filter({ hasText: /^✓ Verified: WSGIPath FlaskApp\/application\.py/ })
      .waitFor();

    // The metric lags the colour: the sandbox's minutes pass while the console keeps asking.
    const recovered = finding.getByRole('status').filter({ hasText: /Health metric OK .* (after|of) the change/ });
    for (let i = 0; i < 20 && !(await recovered.isVisible()); i += 1) {
      await advanceSandboxClock(endpoint, 30_000);
      await recovered.waitFor({ timeout: 6_000 }).catch(() => undefined);
    }
    if (!(await recovered.isVisible())) {
      throw new Error(`the metric never recovered: ${(await finding.getByRole('status').allInnerTexts()).join(' | ')}`);
    }
    const words = (await recovered.textContent()) ?? '';
    expect(words).toMatch(
      /^✓ Health metric OK ((\d+ min ?)?(\d+ s )?after the change|within a minute of the change) \(on the endpoint's clock: the configuration change at \d\d:\d\d:\d\d UTC, first OK minute at \d\d:\d\d UTC\)\.$/,
    );
    // The console asked the sandbox, not a guess: the newest health datapoint is OK now.
    const after = await webRpc(web, 'diagnostics.verify', { target, findingId: wsgi.id });
    expect(after.metric?.state).toBe('recovered');
    expect(after.metric?.newest?.v).toBeLessThan(15);
    expect(after.metric?.tookSeconds).toBeGreaterThanOrEqual(0);
    expect(after.metric?.text).toBe(words.replace(/^✓ /, ''));
    await page.screenshot({ path: SHOT, fullPage: true });
  }, 240_000);
});
