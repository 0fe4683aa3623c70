/**
 * The Databases section end to end, in Chromium against the built web mode
 * and its training-lab sandbox: edx-photos-db's rds-launch-wizard group admits
 * only Cloud9 and web-server-sg; adding ingress from the instance group of
 * flask-ssm-demo-prod (the environment in the database's VPC) on 3306 through
 * the Review change dialog shows the rule with the environment's name;
 * undoing it from the Journal removes it again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sandboxSessions } from '../support/webConsole';

const sessions = sandboxSessions();
let page: Page;

beforeAll(async () => {
  ({ page } = await sessions.open());
});
afterAll(() => sessions.close());

async function openDatabases() {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Databases' }).click();
  await page.getByRole('heading', { name: 'Databases', level: 1 }).waitFor();
}

const rules = () => page.getByRole('table', { name: 'Inbound rules of rds-launch-wizard' });

describe('Databases', () => {
  it('adds ingress from the Beanstalk environment on 3306 through the preview, then undoes it from the Journal', async () => {
    await openDatabases();
    const table = page.getByRole('table', { name: 'Databases' });
    const row = table.getByRole('row').filter({ hasText: 'edx-photos-db' });
    expect(await row.textContent()).toContain('edx-photos-db.ccd69a3vcffc.us-east-1.rds.amazonaws.com:3306');
    await table.getByRole('row').filter({ hasText: 'flask-db-instance-1' }).getByText('aurora-postgresql').waitFor();
    await row.getByRole('button', { name: 'edx-photos-db' }).click();

    await rules().getByRole('row').filter({ hasText: 'web-server-sg' }).getByText('Admits port 3306').waitFor();
    expect(await rules().getByRole('row').count()).toBe(3);

    const form = page.getByRole('form', { name: 'Add ingress rule' });
    expect(await form.getByRole('textbox', { name: 'Port' }).inputValue()).toBe('3306');

    // Inline checks before any plan: no source chosen, then an out-of-range port.
    await form.getByRole('button', { name: /Review change/ }).click();
    await form.getByText('Choose the security group to allow.').waitFor();
    await form.getByRole('textbox', { name: 'Port' }).fill('70000');
    await form.getByText('Port 70000 is out of range: ports run from 1 to 65535.').waitFor();
    expect(await page.getByRole('dialog', { name: 'Review change' }).count()).toBe(0);
    await form.getByRole('textbox', { name: 'Port' }).fill('3306');

    const select = form.getByRole('combobox', { name: 'Source security group' });
    const option = select.getByRole('option', { name: /flask-ssm-demo-prod/ });
    const value = await option.getAttribute('value');
    expect(value).toBe('sg-0e5d4c3b2a1f00102');
    await select.selectOption(value ?? '');
    await form.getByRole('textbox', { name: 'Description' }).fill('flask-ssm-demo-prod instances');
    await form.getByRole('button', { name: /Review change/ }).click();

    const review = page.getByRole('dialog', { name: 'Review change' });
    await review.getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();
    expect(await review.getByRole('list', { name: 'Differences' }).textContent()).toMatch(/tcp 3306 from/);
    expect(await review.locator('pre').first().textContent()).toContain('authorize-security-group-ingress');
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.getByText(/^Verified: /).waitFor();
    await review.getByRole('button', { name: 'Close' }).click();
    await review.waitFor({ state: 'detached' });

    const added = rules().getByRole('row').filter({ hasText: 'flask-ssm-demo-prod instances' });
    await added.getByText(/\(flask-ssm-demo-prod\)/).waitFor();
    await added.getByText('Admits port 3306').waitFor();

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Journal' }).click();
    await page.getByRole('heading', { name: 'Journal', level: 1 }).waitFor();
    await page.getByRole('button', { name: /^Undo Allow tcp 3306 from .* into rds-launch-wizard$/ }).click();
    expect(await review.getByRole('list', { name: 'Differences' }).textContent()).toMatch(/tcp 3306 from/);
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.getByText(/^Verified: /).waitFor();
    await review.getByRole('button', { name: 'Close' }).click();
    await review.waitFor({ state: 'detached' });

    await openDatabases();
    await rules().getByRole('row').filter({ hasText: 'web-server-sg' }).waitFor();
    await rules().getByRole('row').filter({ hasText: 'flask-ssm-demo-prod instances' }).waitFor({ state: 'detached' });
    expect(await rules().getByRole('row').count()).toBe(3);
  });
});
