/**
 * Deploying from disk end to end, in Debian's Chromium against the built web
 * mode and its training-lab sandbox: a file that is not a zip is refused with
 * main's own message and the dialog stays open; a folder picked through the
 * web-mode folder input is streamed to main, zipped with its contents at the
 * root and its .ebignore'd files left out; the pre-flight checks for the lab's
 * legacy environment pass; a label the application already has is refused
 * before any plan; the review lists the bundle's files and checks and the CLI
 * equivalents; applying it (with the sandbox clock moved on) lands the new
 * version, which the Application versions view shows running; undoing it from
 * the Journal brings the previous version back. From the versions view an
 * environment rolls back and an unused version is deleted with its bundle;
 * the one-click re-bundle of the lab's nested app lists its entries before and
 * after, and deploys it.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { advanceSandboxClock } from '../support/trainingLabFixes';
import { refreshUntilSummary, sandboxEndpointOf } from '../support/environmentPage';
import { sandboxSessions } from '../support/webConsole';

const ENV = 'Bbruceeb1-env';
const APP = 'bbruceeb2';
const PREVIOUS = 'deploy-app-v2';
const LABEL = 'e2e-folder-v3';
/** The lab's environment whose bundle was zipped with FlaskApp/ one folder down (F3). */
const NESTED_ENV = 'Bbruceeb2-env';

const sessions = sandboxSessions();
afterAll(() => sessions.close());

/** The app folder a learner would deploy, with a virtualenv and a log that .ebignore leaves out. */
function appFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'trellis-deploy-e2e-'));
  const app = join(root, 'FlaskApp');
  mkdirSync(join(app, 'templates'), { recursive: true });
  mkdirSync(join(app, 'venv', 'lib'), { recursive: true });
  writeFileSync(
    join(app, 'application.py'),
    'from flask import Flask, render_template\n\napplication = Flask(__name__)\n\n\n@application.route("/")\ndef index():\n    return render_template("index.html")\n',
  );
  writeFileSync(join(app, 'requirements.txt'), 'Flask==2.0.3\n');
  writeFileSync(join(app, 'templates', 'index.html'), '<h1>Photos</h1>\n');
  writeFileSync(join(app, '.ebignore'), 'venv/\n*.log\n');
  writeFileSync(join(app, 'venv', 'lib', 'site.py'), '# not deployed\n');
  writeFileSync(join(app, 'debug.log'), 'not deployed either\n');
  writeFileSync(join(root, 'notes.zip'), 'these are notes, not a zip archive\n');
  return root;
}

/** Applies the open review, moving the sandbox clock on while the deploy's verify waits for Ready. */
async function applyDeploy(review: Locator, endpoint: string): Promise<string> {
  await review.getByRole('button', { name: 'Apply' }).click();
  const result = review.getByRole('status').filter({ hasText: /^(Verified|Not verified): / });
  await expect
    .poll(
      async () => {
        if ((await result.count()) > 0) return true;
        await advanceSandboxClock(endpoint, 30_000);
        return false;
      },
      { timeout: 60_000, interval: 500 },
    )
    .toBe(true);
  return (await result.textContent()) ?? '';
}

/** Refreshes the environment page until its summary shows `version` and Ready. */
const waitForVersion = (page: Page, endpoint: string, version: string) =>
  refreshUntilSummary(page, endpoint, new RegExp(`Ready.*${version}`));

describe('Deploy from disk', () => {
  it('deploys a folder through the web-mode input, lands it, and undoes it from the Journal', async () => {
    const { page, web } = await sessions.open();
    const endpoint = await sandboxEndpointOf(web);
    const folder = appFolder();

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Beanstalk' }).click();
    await page.getByRole('table', { name: 'Environments' }).getByRole('link', { name: ENV, exact: true }).click();
    await page.getByRole('heading', { name: ENV, level: 1 }).waitFor();
    const summary = page.getByRole('region', { name: 'Environment summary' });
    await summary.getByText(PREVIOUS, { exact: true }).waitFor();

    const opener = page.getByRole('button', { name: 'Deploy…' });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Deploy a new version' });
    await dialog.waitFor();
    expect(await dialog.getByRole('combobox', { name: 'Environment' }).inputValue()).toBe(ENV);
    expect(await dialog.getByRole('button', { name: 'Review deploy' }).isDisabled()).toBe(true);

    // Not a zip: main says so, in the dialog, which stays open with nothing staged.
    await dialog.getByLabel('.zip file to deploy').setInputFiles(join(folder, 'notes.zip'));
    const refusal = dialog.getByRole('alert').filter({ hasText: 'Could not use this source' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/notes\.zip.*(not a zip|zip archive|zip file)/i);
    expect(await dialog.getByRole('region', { name: 'Staged bundle' }).count()).toBe(0);

    // The folder: uploaded, zipped with its contents at the root, .ebignore honoured.
    await dialog.getByLabel('Folder to deploy').setInputFiles(join(folder, 'FlaskApp'));
    const staged = dialog.getByRole('region', { name: 'Staged bundle' });
    const files = staged.getByRole('list', { name: 'Files in the bundle' });
    await files.getByText('application.py', { exact: true }).waitFor();
    await files.getByText('requirements.txt', { exact: true }).waitFor();
    await files.getByText('templates/index.html', { exact: true }).waitFor();
    expect(await files.textContent()).not.toMatch(/FlaskApp\/|venv|debug\.log/);
    expect(await refusal.count()).toBe(0);
    await staged.getByText(/Left out by \.ebignore/).click();
    expect(await staged.getByRole('list', { name: 'Files left out' }).textContent()).toMatch(/venv|debug\.log/);

    // Pre-flight against the legacy platform: every check passes, none fails.
    const checks = dialog.getByRole('list', { name: `Checks for ${ENV}` });
    await checks.getByRole('listitem').first().waitFor();
    expect(await checks.getByText('Fail', { exact: true }).count()).toBe(0);
    expect(await checks.getByText('Pass', { exact: true }).count()).toBeGreaterThan(0);
    expect(await checks.textContent()).toMatch(/WSGIPath/i);
    expect(await dialog.getByRole('checkbox', { name: /Deploy anyway/ }).count()).toBe(0);

    // The label is suggested; one the application already has is refused before any plan.
    const label = dialog.getByRole('textbox', { name: 'Version label' });
    expect(await label.inputValue()).not.toBe('');
    await label.fill(PREVIOUS);
    await dialog.getByRole('button', { name: 'Review deploy' }).click();
    await dialog.getByText(`${APP} already has a version labelled ${PREVIOUS}; choose another.`).waitFor();
    expect(await page.getByRole('dialog', { name: 'Review change' }).count()).toBe(0);
    await label.fill(LABEL);
    await dialog
      .getByRole('textbox', { name: 'Description (optional)' })
      .fill('Deployed from a folder by the e2e test');
    await page.screenshot({ path: '/tmp/trellis-deploy-dialog.png' });

    // The review lists the bundle's files and checks, and the CLI equivalents.
    await dialog.getByRole('button', { name: 'Review deploy' }).click();
    const review = page.getByRole('dialog', { name: 'Review change' });
    await review.getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();
    const reviewFiles = review.getByRole('list', { name: 'Files in the bundle' });
    await reviewFiles.getByText('application.py', { exact: true }).waitFor();
    const reviewChecks = review.getByRole('list', { name: 'Pre-flight checks' });
    expect(await reviewChecks.getByText('Pass', { exact: true }).count()).toBeGreaterThan(0);
    expect(await reviewChecks.getByText('Fail', { exact: true }).count()).toBe(0);
    const cli = (await review.locator('pre').first().textContent()) ?? '';
    expect(cli).toContain('create-application-version');
    expect(cli).toContain('update-environment');
    expect(cli).toContain(LABEL);
    await page.screenshot({ path: '/tmp/trellis-deploy-review.png' });

    // Apply: the deploy runs and its verify waits for Ready on the sandbox clock.
    const outcome = await applyDeploy(review, endpoint);
    expect(outcome).toContain(LABEL);
    expect(await review.getByRole('alert').count()).toBe(0);
    await page.screenshot({ path: '/tmp/trellis-deploy-applied.png' });
    await review.getByRole('button', { name: 'Close' }).click();
    await review.waitFor({ state: 'detached' });
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => opener.evaluate((el) => el === document.activeElement)).toBe(true);

    // It landed: the environment runs the new label, and the versions view says where each version runs.
    await waitForVersion(page, endpoint, LABEL);
    await page.getByRole('link', { name: `${APP} versions` }).click();
    const versions = page.getByRole('table', { name: 'Application versions' });
    const newRow = versions.getByRole('row', { name: new RegExp(`^${LABEL}\\b`) });
    await newRow.getByRole('link', { name: ENV }).waitFor();
    expect(await newRow.textContent()).toContain('Deployed from a folder by the e2e test');
    expect(await newRow.textContent()).toMatch(/s3:\/\/elasticbeanstalk-us-east-1-\d+\//);
    const rows = await versions.getByRole('row').allTextContents();
    expect(rows[1]).toContain(LABEL); // newest first
    expect(
      await versions
        .getByRole('row', { name: new RegExp(`^${PREVIOUS}\\b`) })
        .getByRole('link')
        .count(),
    ).toBe(0);
    await page.screenshot({ path: '/tmp/trellis-deploy-versions.png', fullPage: true });

    // Undo from the Journal: the previous version is deployed again.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Journal' }).click();
    await page.getByRole('heading', { name: 'Journal', level: 1 }).waitFor();
    await page.getByRole('button', { name: `Undo Deploy ${LABEL} to ${ENV}` }).click();
    await review.getByText('This undoes an earlier change recorded in the journal.').waitFor();
    expect(await review.locator('pre').first().textContent()).toContain(PREVIOUS);
    const undone = await applyDeploy(review, endpoint);
    expect(undone).toContain(PREVIOUS);
    await review.getByRole('button', { name: 'Close' }).click();
    await review.waitFor({ state: 'detached' });

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Beanstalk' }).click();
    await page.getByRole('table', { name: 'Environments' }).getByRole('link', { name: ENV, exact: true }).click();
    await page.getByRole('heading', { name: ENV, level: 1 }).waitFor();
    await waitForVersion(page, endpoint, PREVIOUS);
    await page.screenshot({ path: '/tmp/trellis-deploy-undone.png' });
  }, 240_000);

  it('rolls an environment back from the versions view, then deletes the version it ran with its bundle', async () => {
    const { page, web } = await sessions.open();
    const endpoint = await sandboxEndpointOf(web);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Beanstalk' }).click();
    await page
      .getByRole('link', { name: `Versions of ${APP}` })
      .first()
      .click();
    await page.getByRole('heading', { name: `Application versions of ${APP}`, level: 1 }).waitFor();
    const versions = page.getByRole('table', { name: 'Application versions' });
    const row = (label: string) => versions.getByRole('row', { name: new RegExp(`^${label}\\b`) });
    await row(PREVIOUS).getByRole('link', { name: ENV }).waitFor();
    // A version an environment runs cannot be deleted.
    expect(
      await row(PREVIOUS)
        .getByRole('button', { name: `Delete ${PREVIOUS}…` })
        .isDisabled(),
    ).toBe(true);

    // Roll Bbruceeb1-env back to v1: the environment already running it cannot be picked.
    const rollBack = row('deploy-app-v1').getByRole('button', { name: 'Deploy deploy-app-v1 to…' });
    await rollBack.click();
    const choose = page.getByRole('dialog', { name: 'Deploy deploy-app-v1' });
    expect(await choose.getByRole('radio', { name: /Bbruceeb2-env/ }).isDisabled()).toBe(true);
    expect(await choose.getByRole('radio', { name: new RegExp(ENV) }).isChecked()).toBe(true);
    await choose.getByRole('button', { name: 'Review deploy' }).click();
    const review = page.getByRole('dialog', { name: 'Review change' });
    await review.getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();
    const cli = (await review.locator('pre').first().textContent()) ?? '';
    expect(cli).toMatch(/update-environment.*deploy-app-v1/s);
    expect(cli).not.toContain('create-application-version'); // nothing is uploaded for a roll-back
    expect(await review.getByRole('list', { name: 'Files in the bundle' }).count()).toBe(0);

    // Cancel in the review comes back to the choice, which is kept.
    await review.getByRole('button', { name: 'Cancel' }).click();
    await review.waitFor({ state: 'detached' });
    expect(await choose.getByRole('radio', { name: new RegExp(ENV) }).isChecked()).toBe(true);
    await choose.getByRole('button', { name: 'Review deploy' }).click();
    await review.getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();
    expect(await applyDeploy(review, endpoint)).toContain('deploy-app-v1');
    await review.getByRole('button', { name: 'Close' }).click();
    await choose.waitFor({ state: 'detached' });
    await expect.poll(() => rollBack.evaluate((el) => el === document.activeElement)).toBe(true);

    // The view re-read itself: v2 runs nowhere now, so it can be deleted, with its S3 object.
    const deleteButton = row(PREVIOUS).getByRole('button', { name: `Delete ${PREVIOUS}…` });
    await expect.poll(() => deleteButton.isEnabled()).toBe(true);
    expect(await row(PREVIOUS).getByRole('link').count()).toBe(0);
    await deleteButton.click();
    const confirm = page.getByRole('dialog', { name: `Delete version ${PREVIOUS}` });
    await confirm.getByRole('checkbox', { name: 'Also delete the source bundle from S3' }).check();
    await confirm.getByText(/undo cannot bring this version back/).waitFor();
    await page.screenshot({ path: '/tmp/trellis-deploy-delete.png' });
    await confirm.getByRole('button', { name: 'Review deletion' }).click();
    await review.getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();
    expect(await review.locator('pre').first().textContent()).toMatch(
      /delete-application-version.*delete-source-bundle/s,
    );
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.getByText(/^Verified: /).waitFor();
    await review.getByRole('button', { name: 'Close' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => row(PREVIOUS).count()).toBe(0);
    await row('deploy-app-v1').getByRole('link', { name: ENV }).waitFor();
  }, 180_000);

  it('re-bundles the lab app zipped one folder down, showing the entries before and after, and deploys it', async () => {
    const { page, web } = await sessions.open();
    const endpoint = await sandboxEndpointOf(web);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Beanstalk' }).click();
    await page
      .getByRole('table', { name: 'Environments' })
      .getByRole('link', { name: NESTED_ENV, exact: true })
      .click();
    await page.getByRole('heading', { name: NESTED_ENV, level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Application version' }).click();
    await page.getByRole('button', { name: 'Re-bundle and deploy…' }).click();

    const dialog = page.getByRole('dialog', { name: 'Deploy a new version' });
    const before = dialog.getByRole('list', { name: 'Files before the re-bundle' });
    const after = dialog.getByRole('list', { name: 'Files in the bundle' });
    await before.getByText('FlaskApp/application.py', { exact: true }).waitFor();
    await after.getByText('application.py', { exact: true }).waitFor();
    expect(await after.textContent()).not.toContain('FlaskApp/');
    const checks = dialog.getByRole('list', { name: `Checks for ${NESTED_ENV}` });
    await checks
      .getByText(/zip root/i)
      .first()
      .waitFor();
    expect(await checks.getByText('Fail', { exact: true }).count()).toBe(0);
    await page.screenshot({ path: '/tmp/trellis-deploy-rebundle.png' });

    const label = await dialog.getByRole('textbox', { name: 'Version label' }).inputValue();
    expect(label).not.toBe('');
    await dialog.getByRole('button', { name: 'Review deploy' }).click();
    const review = page.getByRole('dialog', { name: 'Review change' });
    await review
      .getByRole('list', { name: 'Files in the bundle' })
      .getByText('application.py', { exact: true })
      .waitFor();
    expect(await applyDeploy(review, endpoint)).toContain(label);
    await review.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForVersion(page, endpoint, label);
    // The new version's bundle check now passes: application.py is at the root.
    await page.getByRole('tab', { name: 'Application version' }).click();
    await page
      .getByRole('list', { name: 'Bundle checks' })
      .getByRole('listitem')
      .filter({ hasText: 'application.py at the bundle root' })
      .getByText('Pass', { exact: true })
      .waitFor();
  }, 180_000);
});
