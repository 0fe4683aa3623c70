/**
 * The Parameters section end to end, in Debian's Chromium against the built
 * web mode and its training-lab sandbox: the tree by path, a SecureString
 * that reveals only on request and is masked again after leaving the section,
 * and a parameter created through the Review change dialog, then undone from
 * the Journal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sandboxSessions } from '../support/webConsole';

const PASSWORD_NAME = '/flaskapp/flaskenv/RDS_PASSWORD';
const PASSWORD = 'Fl4sk&oRds#Pg2024';
const MASK = '••••••';
const NEW_NAME = '/flaskapp/config/GREETING';

const sessions = sandboxSessions();
let page: Page;

beforeAll(async () => {
  ({ page } = await sessions.open());
});
afterAll(() => sessions.close());

async function openSection(name: 'Parameters' | 'Journal' | 'IAM'): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name }).click();
}

const tree = () => page.getByRole('navigation', { name: 'Parameters by path' });
/** The parameter's own row: folder items contain their rows too, and the innermost match comes last in document order. */
const row = (name: string) =>
  tree()
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name, exact: true }) })
    .last();

describe('Parameters', () => {
  it('reveals a SecureString on request and masks it again after leaving the section', async () => {
    await openSection('Parameters');
    await page.getByRole('heading', { name: 'Parameters', level: 1 }).waitFor();
    await tree().getByRole('list', { name: '/flaskapp/flaskenv/' }).waitFor();
    const password = row(PASSWORD_NAME);
    await password.getByText('SecureString', { exact: true }).waitFor();
    await password.getByText(MASK).waitFor();
    expect(await page.getByText(PASSWORD).count()).toBe(0);
    // A String value is shown without asking.
    await row('/flaskapp/config/LOG_LEVEL').getByText('WARNING', { exact: true }).waitFor();

    await password.getByRole('button', { name: `Reveal ${PASSWORD_NAME}` }).click();
    await password.getByText(PASSWORD, { exact: true }).waitFor();
    await password.getByRole('button', { name: `Hide ${PASSWORD_NAME}` }).waitFor();
    const detail = page.getByRole('region', { name: `Parameter ${PASSWORD_NAME}` });
    await detail.getByText('alias/aws/ssm', { exact: true }).waitFor();

    await openSection('IAM');
    await page.getByRole('heading', { name: 'Parameters', level: 1 }).waitFor({ state: 'detached' });
    await openSection('Parameters');
    await row(PASSWORD_NAME).getByText(MASK).waitFor();
    await row(PASSWORD_NAME)
      .getByRole('button', { name: `Reveal ${PASSWORD_NAME}` })
      .waitFor();
    expect(await page.getByText(PASSWORD).count()).toBe(0);
  });

  it('creates a parameter through the Review change dialog and undoes it from the Journal', async () => {
    await openSection('Parameters');
    await page.getByRole('button', { name: 'New parameter' }).click();
    const editor = page.getByRole('dialog', { name: 'New parameter' });
    await editor.getByRole('textbox', { name: 'Name' }).fill(NEW_NAME);
    await editor.getByRole('combobox', { name: 'Type' }).selectOption('String');
    await editor.getByRole('textbox', { name: 'Value' }).fill('hello from e2e');
    await editor.getByRole('button', { name: 'Review change' }).click();

    const review = page.getByRole('dialog', { name: 'Review change' });
    await review.getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();
    expect(await review.locator('pre').first().textContent()).toContain('ssm put-parameter');
    expect(await review.getByRole('list', { name: 'Differences' }).textContent()).toContain('hello from e2e');
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.getByText(/^Verified: /).waitFor();
    await review.getByRole('button', { name: 'Close' }).click();
    await review.waitFor({ state: 'detached' });
    await row(NEW_NAME).getByText('hello from e2e', { exact: true }).waitFor();

    await openSection('Journal');
    await page.getByRole('heading', { name: 'Journal', level: 1 }).waitFor();
    await page.getByRole('button', { name: `Undo Create parameter ${NEW_NAME}` }).click();
    await review.getByText('This undoes an earlier change recorded in the journal.').waitFor();
    expect(await review.getByRole('list', { name: 'Differences' }).textContent()).toContain(NEW_NAME);
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.getByText(/^Verified: /).waitFor();
    await review.getByRole('button', { name: 'Close' }).click();
    await review.waitFor({ state: 'detached' });

    await openSection('Parameters');
    await row('/flaskapp/config/LOG_LEVEL').waitFor();
    // The section re-lists on entry; the deleted parameter leaves the tree once that listing lands.
    await tree().getByRole('button', { name: NEW_NAME, exact: true }).waitFor({ state: 'detached' });
  });
});
