/**
 * The first slice end to end, in Debian's Chromium against the built web mode
 * and its embedded training-lab sandbox: find the lab's role, attach
 * IAMFullAccess through the preview, see it verified, undo it from the
 * Journal, and see the role back to one policy.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sandboxSessions } from '../support/webConsole';

const ROLE = 'EC2_Can_Use_Services';

const sessions = sandboxSessions();
afterAll(() => sessions.close());

/** Each test gets its own web-mode process (own state file) and its own browser context. */
const freshConsole = async (): Promise<Page> => (await sessions.open()).page;

async function openRole(page: Page) {
  const row = page.getByRole('main').getByRole('row', { name: new RegExp(`^${ROLE}\\b`) });
  await row.getByRole('button', { name: ROLE, exact: true }).click();
  const detail = page.getByRole('region', { name: `Role ${ROLE}` });
  await detail.waitFor();
  return detail;
}

describe('IAM attach and undo, through the change preview', () => {
  it('attaches IAMFullAccess to EC2_Can_Use_Services, then undoes it from the Journal', async () => {
    const page = await freshConsole();

    // The token has left the address bar.
    expect(page.url()).not.toContain('token=');
    await page
      .getByRole('banner')
      .getByRole('group', { name: 'Caller identity' })
      .getByText(/^\d{12}$/)
      .waitFor();

    const detail = await openRole(page);
    await detail.getByRole('heading', { name: 'Attached policies (1)' }).waitFor();
    expect(await detail.getByRole('button', { name: 'Detach IAMFullAccess' }).count()).toBe(0);

    // Attach dialog: the curated list offers IAMFullAccess and warns that it is broad.
    await detail.getByRole('button', { name: 'Attach policy' }).click();
    const attach = page.getByRole('dialog', { name: `Attach a policy to ${ROLE}` });
    const offer = attach.getByRole('listitem').filter({ hasText: 'IAMFullAccess' }).first();
    await offer.getByText('Broad', { exact: true }).waitFor();
    await attach.getByRole('button', { name: 'Attach IAMFullAccess', exact: true }).click();

    // Review change: the plan, then Apply.
    const review = page.getByRole('dialog', { name: 'Review change' });
    await review.getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();
    expect(await review.getByRole('list', { name: 'Differences' }).textContent()).toMatch(/Added.*IAMFullAccess/);
    expect(await review.locator('pre').first().textContent()).toContain('attach-role-policy');
    // Nothing has changed yet.
    await detail.getByRole('heading', { name: 'Attached policies (1)' }).waitFor();

    await review.getByRole('button', { name: 'Apply' }).click();
    await review.getByText(/^Verified: .*IAMFullAccess.*EC2_Can_Use_Services/).waitFor();
    await review.getByRole('button', { name: 'Close' }).click();
    await review.waitFor({ state: 'detached' });

    // The view refreshed by itself.
    await detail.getByRole('heading', { name: 'Attached policies (2)' }).waitFor();
    await detail.getByRole('button', { name: 'Detach IAMFullAccess' }).waitFor();

    // Journal: undo the entry through the same preview.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Journal' }).click();
    await page.getByRole('heading', { name: 'Journal', level: 1 }).waitFor();
    const undo = page.getByRole('button', { name: /^Undo .*IAMFullAccess.*EC2_Can_Use_Services/ });
    await undo.click();
    await review.getByText('This undoes an earlier change recorded in the journal.').waitFor();
    expect(await review.getByRole('list', { name: 'Differences' }).textContent()).toMatch(/Removed.*IAMFullAccess/);
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.getByText(/^Verified: /).waitFor();
    await review.getByRole('button', { name: 'Close' }).click();
    await review.waitFor({ state: 'detached' });

    // The undone entry says so and can no longer be undone.
    await page.getByRole('link', { name: /^Undone/ }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: /^Undo Attach IAMFullAccess/ }).count()).toBe(0);

    // Back in IAM the role is down to its original policy.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'IAM' }).click();
    const again = page.getByRole('region', { name: `Role ${ROLE}` });
    await again.getByRole('heading', { name: 'Attached policies (1)' }).waitFor();
    expect(await again.getByRole('button', { name: 'Detach IAMFullAccess' }).count()).toBe(0);
  });

  it('Cancel in the preview changes nothing', async () => {
    const page = await freshConsole();
    const detail = await openRole(page);
    await detail.getByRole('heading', { name: 'Attached policies (1)' }).waitFor();
    const only = detail.getByRole('list', { name: 'Attached policies' }).getByRole('listitem');
    const name = (await only.locator('.policy-name').textContent()) ?? '';

    await detail.getByRole('button', { name: `Detach ${name}` }).click();
    const review = page.getByRole('dialog', { name: 'Review change' });
    await review.getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();
    await review.getByRole('button', { name: 'Cancel' }).click();
    await review.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('button', { name: 'Refresh' }).and(page.locator(':not([aria-busy])')).waitFor();
    await detail.getByRole('heading', { name: 'Attached policies (1)' }).waitFor();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Journal' }).click();
    await page.getByText(/^No changes yet/).waitFor();
  });
});
