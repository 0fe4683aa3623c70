/**
 * Several accounts in Chromium, against the built web mode and its sandbox: a
 * second profile (the lab user's keys, in us-west-2) beside the built-in
 * sandbox profile. Pin both and see both in the overview; mark one production
 * and see its marker in the top bar, in the window title and on a write
 * preview, with Apply refused until it is unlocked for the session; switch
 * profile and see that nothing of the previous account stays on screen.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedConsole } from '../support/webConsole';

const ACCOUNT = '570589970431';
const SCREENSHOT = '/tmp/trellis-overview.png';
const LAB_ENVIRONMENT = /^flask-ssm/;

const accounts = sharedConsole(
  (endpoint) =>
    `[profile second]\nregion = us-west-2\nendpoint_url = ${endpoint}\n` +
    'aws_access_key_id = AKIAYLQ4JS7XHN2UVQ6T\naws_secret_access_key = 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\n',
);
beforeAll(() => accounts.start());
afterAll(() => accounts.stop());

async function openConsole(): Promise<Page> {
  const page = await accounts.page();
  // The console watches its AWS files; the second profile appears without a restart.
  await page
    .getByRole('combobox', { name: 'Profile' })
    .getByRole('option', { name: 'second' })
    .waitFor({ state: 'attached' });
  await page.getByRole('combobox', { name: 'Profile' }).selectOption('sandbox');
  return page;
}

const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();

describe('several accounts', () => {
  it('pins two profiles and shows both in the overview, each with its identity and counts', async () => {
    const page = await openConsole();
    await section(page, 'Overview');
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.getByRole('checkbox', { name: 'Pin sandbox' }).check();
    await page.getByRole('checkbox', { name: 'Pin second' }).check();
    await page.getByRole('combobox', { name: 'Colour of second' }).selectOption('teal');

    const sandboxCard = page.getByRole('article', { name: 'Account sandbox' });
    const secondCard = page.getByRole('article', { name: 'Account second' });
    await sandboxCard.getByText(ACCOUNT, { exact: true }).waitFor();
    await secondCard.getByText(`arn:aws:iam::${ACCOUNT}:user/edXProjectUser3`, { exact: true }).waitFor();
    await secondCard.getByText('us-west-2', { exact: true }).waitFor();
    // The lab's environments are in us-east-1: the sandbox card counts them, the us-west-2 card has none.
    const sandboxHealth = sandboxCard.getByRole('region', { name: 'Environments by health' });
    await expect
      .poll(async () => Number(await sandboxHealth.locator('.count-red .count-number').textContent()))
      .toBeGreaterThan(0);
    await sandboxCard
      .getByRole('region', { name: 'Open findings by severity' })
      .locator('.count-number')
      .first()
      .waitFor();
    // The lab user may not list environments: that card says so on its own, the other is untouched.
    await secondCard.getByRole('alert').getByText('Could not load environments for second').waitFor();
    expect(await sandboxCard.getByRole('alert').count()).toBe(0);

    // Pins are kept in settings.json: a fresh page shows the same cards.
    const again = await openConsole();
    await section(again, 'Overview');
    await again.getByRole('article', { name: 'Account second' }).waitFor();
    await again.getByRole('article', { name: 'Account sandbox' }).getByText(ACCOUNT, { exact: true }).waitFor();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('marks a production profile in the top bar, the title and the write preview, and refuses Apply until unlocked', async () => {
    const page = await openConsole();
    await section(page, 'Overview');
    await page.getByRole('checkbox', { name: 'Production: sandbox' }).check();

    const marker = page
      .getByRole('banner')
      .getByRole('note', { name: `PRODUCTION · sandbox · account ${ACCOUNT} · us-east-1` });
    await marker.waitFor();
    await expect.poll(() => page.title()).toContain(`PRODUCTION · sandbox · account ${ACCOUNT} · us-east-1`);

    // A write preview: attach a policy to the lab's role.
    await section(page, 'IAM');
    const row = page.getByRole('main').getByRole('row', { name: /^EC2_Can_Use_Services\b/ });
    await row.getByRole('button', { name: 'EC2_Can_Use_Services', exact: true }).click();
    const detail = page.getByRole('region', { name: 'Role EC2_Can_Use_Services' });
    await detail.getByRole('button', { name: 'Attach policy' }).click();
    await page
      .getByRole('dialog', { name: 'Attach a policy to EC2_Can_Use_Services' })
      .getByRole('button', { name: 'Attach IAMFullAccess', exact: true })
      .click();
    const review = page.getByRole('dialog', { name: 'Review change' });
    await review.getByRole('note', { name: `PRODUCTION · sandbox · account ${ACCOUNT} · us-east-1` }).waitFor();
    await review.getByText(/Profile sandbox is read-only/).waitFor();
    expect(await review.getByRole('button', { name: 'Apply' }).isDisabled()).toBe(true);
    await page.screenshot({ path: '/tmp/trellis-overview-production.png' });
    await review.getByRole('button', { name: 'Cancel' }).click();

    // Unlock for this session, then the same change applies.
    await page.getByRole('banner').getByRole('button', { name: 'Unlock for this session' }).click();
    await page.getByRole('banner').getByRole('button', { name: 'Lock again' }).waitFor();
    await detail.getByRole('button', { name: 'Attach policy' }).click();
    await page
      .getByRole('dialog', { name: 'Attach a policy to EC2_Can_Use_Services' })
      .getByRole('button', { name: 'Attach IAMFullAccess', exact: true })
      .click();
    await review.getByText('Unlocked for this session.').waitFor();
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.getByText(/^Verified: /).waitFor();
    await review.getByRole('button', { name: 'Close' }).click();
    // Production is a marker, not only a lock: it stays after unlocking.
    await marker.waitFor();
  });

  it('switching profile leaves nothing of the previous account on screen', async () => {
    const page = await openConsole();
    await section(page, 'Beanstalk');
    const environments = page.getByRole('table', { name: 'Environments' });
    await environments.getByRole('row', { name: LAB_ENVIRONMENT }).first().waitFor();
    const sandboxArn = await page
      .getByRole('banner')
      .getByRole('group', { name: 'Caller identity' })
      .locator('.identity-arn')
      .textContent();

    await page.getByRole('combobox', { name: 'Profile' }).selectOption('second');
    await page.getByRole('combobox', { name: 'Region' }).and(page.locator(':not([disabled])')).waitFor();
    expect(await page.getByRole('combobox', { name: 'Region' }).inputValue()).toBe('us-west-2');
    // us-west-2 has no environments: the old list must be gone, not shown as current.
    await expect.poll(() => environments.getByRole('row', { name: LAB_ENVIRONMENT }).count()).toBe(0);
    const identity = page.getByRole('banner').getByRole('group', { name: 'Caller identity' });
    await identity.getByText(/edXProjectUser3/).waitFor();
    expect(await page.getByRole('main').textContent()).not.toMatch(/flask-ssm/);
    expect(await identity.textContent()).not.toContain(sandboxArn ?? 'never');
  });
});
