/**
 * A change that stops part-way, in Debian's Chromium against the built web
 * mode and its training-lab sandbox: a deploy is previewed, the environment
 * is made busy before Apply (someone restarts its app server), so the third
 * step fails. The outcome lists each step (applied, failed with the AWS code),
 * keeps steps 1–2 applied and offers to roll them back; the rollback's steps
 * and its verification by re-reading follow, and the Journal says the same.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeApplicationVersionsCommand,
  ElasticBeanstalkClient,
  RestartAppServerCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import { afterAll, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../src/sandbox';
import { sandboxEndpointOf } from '../support/environmentPage';
import { sandboxSessions } from '../support/webConsole';

const ENV = 'Bbruceeb1-env';
const APP = 'bbruceeb2';
const LABEL = 'e2e-stopped-v1';

const sessions = sandboxSessions();
let eb: ElasticBeanstalkClient | undefined;
afterAll(async () => {
  eb?.destroy();
  await sessions.close();
});

function appFolder(): string {
  const app = join(mkdtempSync(join(tmpdir(), 'trellis-rollback-e2e-')), 'FlaskApp');
  mkdirSync(app, { recursive: true });
  writeFileSync(
    join(app, 'application.py'),
    'from flask import Flask\n\napplication = Flask(__name__)\n\n\n@application.route("/")\ndef index():\n    return "ok"\n',
  );
  writeFileSync(join(app, 'requirements.txt'), 'Flask==2.0.3\n');
  return app;
}

async function versionLabels(): Promise<string[]> {
  const out = await eb!.send(new DescribeApplicationVersionsCommand({ ApplicationName: APP }));
  return (out.ApplicationVersions ?? []).map((v) => v.VersionLabel ?? '');
}

describe('A change that fails at a later step', () => {
  it('stops, shows what was applied, and rolls back steps 1–2 with a verified re-read', async () => {
    const { page, web } = await sessions.open();
    const endpoint = await sandboxEndpointOf(web);
    eb = new ElasticBeanstalkClient({
      endpoint,
      region: SANDBOX_REGION,
      credentials: SANDBOX_ADMIN_CREDENTIALS,
      maxAttempts: 1,
    });

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Beanstalk' }).click();
    await page.getByRole('table', { name: 'Environments' }).getByRole('link', { name: ENV, exact: true }).click();
    await page.getByRole('heading', { name: ENV, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Deploy…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Deploy a new version' });
    await dialog.getByLabel('Folder to deploy').setInputFiles(appFolder());
    await dialog
      .getByRole('region', { name: 'Staged bundle' })
      .getByRole('list', { name: 'Files in the bundle' })
      .getByText('application.py', { exact: true })
      .waitFor();
    await dialog.getByRole('textbox', { name: 'Version label' }).fill(LABEL);
    await dialog.getByRole('button', { name: 'Review deploy' }).click();
    const review = page.getByRole('dialog', { name: 'Review change' });
    await review.getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();

    // Between the preview and Apply, someone restarts the environment: UpdateEnvironment will be refused.
    await eb.send(new RestartAppServerCommand({ EnvironmentName: ENV }));
    await review.getByRole('button', { name: 'Apply' }).click();

    const steps = review.getByRole('list', { name: 'Steps' }).getByRole('listitem');
    await steps.filter({ hasText: 'Failed' }).waitFor();
    const shown = await steps.allTextContents();
    expect(shown).toHaveLength(3);
    expect(shown[0]).toMatch(/^Step 1AppliedPutObject/);
    expect(shown[1]).toMatch(/^Step 2AppliedCreateApplicationVersion/);
    expect(shown[2]).toMatch(/^Step 3FailedUpdateEnvironmentAWS code InvalidParameterValue/);
    await review.getByText('Stopped at step 3 of 3').waitFor();
    expect(await review.getByText('Steps 1–2 were applied and are still in place.').count()).toBe(1);
    // The applied steps really are applied until the user chooses.
    expect(await versionLabels()).toContain(LABEL);
    await page.screenshot({ path: '/tmp/trellis-plan-stopped.png' });

    await review.getByRole('button', { name: 'Roll back steps 1–2' }).click();
    const rollback = review.getByRole('region', { name: 'Rollback' });
    const verdict = rollback.getByRole('status');
    await verdict.waitFor();
    expect(await verdict.textContent()).toBe(
      'Verified: Re-read: all 2 rows of the preview show the state from before the change.',
    );
    expect(
      await rollback.getByRole('list', { name: 'Rollback steps' }).getByRole('listitem').allTextContents(),
    ).toEqual(['Step 1Rolled backPutObject', 'Step 2Rolled backCreateApplicationVersion']);
    expect(await review.getByRole('button', { name: 'Roll back steps 1–2' }).count()).toBe(0);
    expect(await versionLabels()).not.toContain(LABEL);
    await page.screenshot({ path: '/tmp/trellis-plan-rolled-back.png' });
    await review.getByRole('button', { name: 'Close' }).click();
    await review.waitFor({ state: 'detached' });
    // The deploy dialog stays open after a deploy that did not land, for another try; this one is done.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The Journal tells the same story, step by step.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Journal' }).click();
    const row = page.getByRole('table', { name: 'Journal entries' }).getByRole('row').filter({ hasText: LABEL });
    await row.getByText('Stopped · rolled back').waitFor();
    expect(await row.getByRole('region', { name: 'Rollback' }).getByRole('status').textContent()).toMatch(
      /^Verified: /,
    );
    expect(await row.getByRole('button', { name: /^Roll back/ }).count()).toBe(0);
    await page.screenshot({ path: '/tmp/trellis-journal-rolled-back.png', fullPage: true });
  });
});
