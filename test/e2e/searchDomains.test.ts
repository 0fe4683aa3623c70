/**
 * Search domains end to end, in Debian's Chromium against the built web mode
 * and its training-lab sandbox: open `elastic`, remove the workstation IP
 * hole through the diff preview, see the statement gone, undo it from the
 * Journal, and see it back; the policy editor's live validation; and
 * allowing a role picked from IAM.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sandboxSessions } from '../support/webConsole';

const sessions = sandboxSessions();
afterAll(() => sessions.close());

/** Each test gets its own web-mode process (own state file) and its own browser context. */
const freshConsole = async (): Promise<Page> => (await sessions.open()).page;

async function openDomain(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Search domains' }).click();
  const row = page.getByRole('table', { name: 'Domains' }).getByRole('row', { name: new RegExp(`^${name}\\b`) });
  await row.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  return page.getByRole('region', { name: 'Access policy' });
}

describe('search domain access policies', () => {
  it('removes the IP hole on elastic through the diff preview, then undoes it from the Journal', async () => {
    const page = await freshConsole();
    const policy = await openDomain(page, 'elastic');
    await policy.getByRole('heading', { name: 'Access policy (2 statements)' }).waitFor();
    const hole = policy.getByRole('listitem', { name: 'Statement 2' });
    await hole.getByText('IP-restricted', { exact: true }).waitFor();

    await hole.getByRole('button', { name: 'Remove this IP entry 8.7.6.5' }).click();
    const review = page.getByRole('dialog', { name: 'Review change' });
    await review.getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();
    const diff = (await review.getByRole('list', { name: 'Differences' }).textContent()) ?? '';
    expect(diff).toMatch(/Removed.*"aws:SourceIp": "8\.7\.6\.5"/);
    expect(diff).not.toMatch(/Added/);
    expect(await review.locator('pre').first().textContent()).toContain('aws opensearch update-domain-config');

    await review.getByRole('button', { name: 'Apply' }).click();
    await review.getByText(/^Verified: elastic now has the new access policy/).waitFor();
    await review.getByRole('button', { name: 'Close' }).click();
    await review.waitFor({ state: 'detached' });

    // The page re-read the domain: one statement left, the account-wide one.
    await policy.getByRole('heading', { name: 'Access policy (1 statements)' }).waitFor();
    expect(await policy.getByRole('listitem', { name: 'Statement 2' }).count()).toBe(0);

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Journal' }).click();
    await page.getByRole('button', { name: /^Undo Update the access policy of elastic/ }).click();
    await review.getByText('This undoes an earlier change recorded in the journal.').waitFor();
    expect(await review.getByRole('list', { name: 'Differences' }).textContent()).toMatch(/Added.*aws:SourceIp/);
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.getByText(/^Verified: /).waitFor();
    await review.getByRole('button', { name: 'Close' }).click();
    await review.waitFor({ state: 'detached' });

    const again = await openDomain(page, 'elastic');
    await again.getByRole('heading', { name: 'Access policy (2 statements)' }).waitFor();
    await again
      .getByRole('listitem', { name: 'Statement 2' })
      .getByRole('button', { name: 'Remove this IP entry 8.7.6.5' })
      .waitFor();
  });

  it('validates the edited policy as you type and reviews only a valid one', async () => {
    const page = await freshConsole();
    const policy = await openDomain(page, 'test-domain');
    await policy.getByRole('listitem', { name: 'Statement 1' }).getByText('Public', { exact: true }).waitFor();
    await policy.getByRole('button', { name: 'Edit policy' }).click();
    const editor = policy.getByRole('textbox', { name: 'Access policy JSON' });
    const original = await editor.innerText();
    const review = policy.getByRole('button', { name: 'Review change' });

    await editor.fill(original.replace('"Effect": "Allow",', '"Effect": "Allow"'));
    await policy.getByText(/^JSON syntax error at line \d+, column \d+: expected ',' or '}'/).waitFor();
    expect(await review.isDisabled()).toBe(true);

    await editor.fill(original.replace('"Effect": "Allow"', '"Effect": "Permit"'));
    await policy.getByText('Statement 1: Effect must be "Allow" or "Deny".').waitFor();
    expect(await review.isDisabled()).toBe(true);

    await editor.fill(original.replace('"es:*"', '"es:ESHttpGet"'));
    await policy.getByRole('button', { name: 'Review change', disabled: false }).click();
    const dialog = page.getByRole('dialog', { name: 'Review change' });
    expect(await dialog.getByRole('list', { name: 'Differences' }).textContent()).toMatch(
      /Removed.*es:\*.*Added.*es:ESHttpGet/,
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    // A cancelled preview keeps the editor and its text; leave it to get the quick fixes back.
    expect(await editor.innerText()).toContain('es:ESHttpGet');
    await policy.getByRole('button', { name: 'Cancel' }).click();

    // Allow a role picked from IAM: the preview adds one statement naming it.
    await policy.getByRole('combobox', { name: 'Role to allow' }).selectOption({ label: 'EC2_Can_Use_Services' });
    await policy.getByRole('button', { name: 'Allow this role' }).click();
    const diff = (await dialog.getByRole('list', { name: 'Differences' }).textContent()) ?? '';
    expect(diff).toContain('arn:aws:iam::570589970431:role/EC2_Can_Use_Services');
    expect(diff).not.toMatch(/Removed/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });
});
