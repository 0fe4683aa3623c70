/**
 * The IAM Identity Center account picker in Chromium, against the built web
 * mode and its sandbox: sign in through the device page with an SSO profile,
 * list the accounts and roles the sign-in can use in the Overview, add a
 * profile for the role no profile uses yet through the ordinary change
 * preview, switch to it and see its identity, then undo it from the Journal.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_LAB_SSO as sso } from '../../src/sandbox';
import { labSsoConfig } from '../support/ssoLab';
import { sharedConsole } from '../support/webConsole';

const SHOTS = '/tmp/shots';
const USED_ROLE = 'AdministratorAccess';
const NEW_ROLE = 'ReadOnlyAccess';
const NEW_PROFILE = 'lab-readonly';

const lab = sharedConsole((endpoint) => labSsoConfig(endpoint, USED_ROLE));
beforeAll(() => lab.start());
afterAll(() => lab.stop());

const configText = () => readFileSync(join(lab.web.dataDir, 'aws-config'), 'utf8');
const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();
const identity = (page: Page) => page.getByRole('banner').getByRole('group', { name: 'Caller identity' });

/** Chooses the SSO profile in the top bar and approves its device code on the sandbox's page. */
async function signIn(page: Page): Promise<void> {
  const profile = page.getByRole('combobox', { name: 'Profile' });
  await expect.poll(() => profile.locator('option', { hasText: 'lab-sso' }).count(), { timeout: 15_000 }).toBe(1);
  await profile.selectOption('lab-sso');
  const dialog = page.getByRole('dialog', { name: 'Sign in with SSO' });
  await dialog.getByRole('button', { name: 'Get a sign-in code' }).click();
  const userCode = ((await dialog.getByLabel('User code').textContent()) ?? '').trim();
  const href = (await dialog.getByRole('link', { name: 'Open the sign-in page' }).getAttribute('href')) ?? '';
  const approval = await page.context().newPage();
  await approval.goto(href);
  await approval.getByText(userCode).first().waitFor();
  await approval.getByRole('button', { name: /approve/i }).click();
  await dialog.waitFor({ state: 'detached', timeout: 30_000 });
  await identity(page)
    .getByText(new RegExp(`assumed-role/${sso.permissionSets[USED_ROLE].roleName}/`))
    .waitFor();
  await approval.close();
}

describe('the IAM Identity Center account picker', () => {
  it('lists the sign-in’s accounts and roles, adds a profile for a role through the preview, and undoes it', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const page = await lab.page();
    await signIn(page);

    await section(page, 'Overview');
    const panel = page.getByRole('region', { name: 'IAM Identity Center accounts' });
    await panel.getByRole('combobox', { name: 'SSO sign-in' }).selectOption('lab-sso');
    const accounts = panel.getByRole('list', { name: 'Accounts' });
    const account = accounts.getByRole('listitem').filter({ hasText: sso.accountName });
    await account.getByText(sso.accountId, { exact: true }).waitFor();
    await account.getByText(sso.emailAddress, { exact: true }).waitFor();

    // The filter narrows by name, id or email, and says when nothing matches.
    const filter = panel.getByRole('searchbox', { name: 'Filter accounts' });
    await filter.fill('no-such-account');
    await panel.getByText('No account matches ‘no-such-account’.', { exact: false }).waitFor();
    expect(await accounts.count()).toBe(0);
    await filter.fill(sso.accountId.slice(0, 6));
    await account.waitFor();

    // Roles load on demand; the one the test's own profile uses says so, the other offers a new profile.
    const toggle = account.getByRole('button', { name: `Show roles for ${sso.accountName} (${sso.accountId})` });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const roles = panel.getByRole('region', { name: `Roles in ${sso.accountName}` });
    const used = roles.getByRole('listitem').filter({ hasText: USED_ROLE });
    const fresh = roles.getByRole('listitem').filter({ hasText: NEW_ROLE });
    await used.getByText('lab-sso · in use').waitFor();
    expect(await used.getByRole('button', { name: /^Add profile/ }).count()).toBe(0);
    const add = fresh.getByRole('button', { name: `Add profile… for ${NEW_ROLE}` });
    await add.waitFor();
    await panel.screenshot({ path: `${SHOTS}/sso-panel-roles.png` });

    // The dialog suggests a name and the profile's region, and checks what is typed in the field.
    await add.click();
    const dialog = page.getByRole('dialog', { name: `Add a profile for ${NEW_ROLE}` });
    const name = dialog.getByRole('textbox', { name: 'Profile name' });
    expect(await name.inputValue()).toBe('edx-training-lab-readonlyaccess');
    expect(await dialog.getByRole('combobox', { name: 'Region' }).inputValue()).toBe('us-east-1');
    await name.fill('lab-sso');
    await dialog.getByRole('alert').getByText('A profile named lab-sso already exists; choose another name.').waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    await name.fill('lab readonly');
    await dialog
      .getByRole('alert')
      .getByText(/no spaces/)
      .waitFor();
    await dialog.getByRole('button', { name: 'Review change' }).click();
    // Refused in the field: the dialog stays, focused on the name, and no preview opens.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(await name.getAttribute('id'));
    expect(await page.getByRole('dialog', { name: 'Review change' }).count()).toBe(0);
    await name.fill(NEW_PROFILE);
    expect(await dialog.getByRole('alert').count()).toBe(0);
    await dialog.screenshot({ path: `${SHOTS}/sso-add-dialog.png` });
    await dialog.getByRole('button', { name: 'Review change' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The ordinary preview shows the section to be written, and nothing is written before Apply.
    const review = page.getByRole('dialog', { name: 'Review change' });
    const differences = review.getByRole('list', { name: 'Differences' });
    await differences.waitFor();
    const diff = (await differences.textContent()) ?? '';
    expect(diff).toContain(`[profile ${NEW_PROFILE}]`);
    expect(diff).toContain(`sso_account_id = ${sso.accountId}`);
    expect(diff).toContain(`sso_role_name = ${NEW_ROLE}`);
    expect(diff).toContain('sso_session = lab');
    expect(configText()).not.toContain(`[profile ${NEW_PROFILE}]`);
    await page.screenshot({ path: `${SHOTS}/sso-preview.png` });
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.getByText(/^Verified: /).waitFor();
    await review.getByRole('button', { name: 'Close' }).click();
    await review.waitFor({ state: 'detached' });

    expect(configText()).toContain(`[profile ${NEW_PROFILE}]`);
    const topProfile = page.getByRole('combobox', { name: 'Profile' });
    await topProfile.getByRole('option', { name: NEW_PROFILE }).waitFor({ state: 'attached' });

    // The role now names its profile; switching to it acts as the read-only permission set's role.
    await fresh.getByRole('button', { name: `Switch to ${NEW_PROFILE}` }).click();
    await expect.poll(() => topProfile.inputValue()).toBe(NEW_PROFILE);
    await identity(page)
      .getByText(new RegExp(`assumed-role/${sso.permissionSets[NEW_ROLE].roleName}/`))
      .waitFor();
    await fresh.getByText(`${NEW_PROFILE} · in use`).waitFor();

    // Undo from the Journal removes the section, and the profile leaves the console.
    await section(page, 'Journal');
    await page.getByRole('button', { name: new RegExp(`^Undo Add profile ${NEW_PROFILE}`) }).click();
    await review.getByText('This undoes an earlier change recorded in the journal.').waitFor();
    expect(await review.getByRole('list', { name: 'Differences' }).textContent()).toContain(`[profile ${NEW_PROFILE}]`);
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.getByText(/^Verified: /).waitFor();
    await review.getByRole('button', { name: 'Close' }).click();
    await review.waitFor({ state: 'detached' });

    expect(configText()).not.toContain(`[profile ${NEW_PROFILE}]`);
    await expect.poll(() => topProfile.getByRole('option', { name: NEW_PROFILE }).count()).toBe(0);
    expect(await topProfile.inputValue()).not.toBe(NEW_PROFILE);
    // Back in the Overview the picker still browses lab-sso, and the role offers a new profile again.
    await section(page, 'Overview');
    await toggle.click();
    await fresh.getByRole('button', { name: `Add profile… for ${NEW_ROLE}` }).waitFor();
    expect(await fresh.getByRole('button', { name: `Switch to ${NEW_PROFILE}` }).count()).toBe(0);
  });

  it('virtualises an organisation’s hundreds of accounts, filters them, and opens roles inside the list', async () => {
    // An organisation's portal, as main would answer it: the lab account among 300 (only this answer is stubbed;
    // the roles still come from the sandbox through main).
    const many = Array.from({ length: 299 }, (_, i) => ({
      accountId: String(800000000000 + i),
      accountName: `Team ${i} workload`,
      emailAddress: `team${i}@corp.example`,
    }));
    const page = await lab.page();
    await page.route('**/rpc/sso.listAccounts', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          ok: true,
          data: {
            profile: 'lab-sso',
            startUrl: sso.startUrl,
            ssoRegion: sso.region,
            sessionName: 'lab',
            accounts: [
              ...many,
              { accountId: sso.accountId, accountName: sso.accountName, emailAddress: sso.emailAddress },
            ],
          },
        }),
      }),
    );
    await section(page, 'Overview');
    const panel = page.getByRole('region', { name: 'IAM Identity Center accounts' });
    // The one SSO profile is picked without asking (this page is on the sandbox profile).
    await expect.poll(() => panel.getByRole('combobox', { name: 'SSO sign-in' }).inputValue()).toBe('lab-sso');
    await panel.getByText('300 accounts', { exact: true }).waitFor();

    const items = panel.getByRole('list', { name: 'Accounts' }).getByRole('listitem');
    await items.first().waitFor();
    expect(await items.count()).toBeLessThan(60);
    expect(await items.first().getAttribute('aria-setsize')).toBe('300');
    const first = items.filter({ hasText: sso.accountName });
    await first.waitFor();

    // Roles open inside the virtual list, and the next account moves down rather than under them.
    await first.getByRole('button', { name: `Show roles for ${sso.accountName} (${sso.accountId})` }).click();
    const roles = panel.getByRole('region', { name: `Roles in ${sso.accountName}` });
    await roles.getByRole('listitem').filter({ hasText: NEW_ROLE }).waitFor();
    const next = items.filter({ hasText: 'Team 0 workload' });
    await expect
      .poll(async () => {
        const [r, n] = await Promise.all([roles.boundingBox(), next.boundingBox()]);
        return r && n ? n.y - (r.y + r.height) : -100;
      })
      // Within a pixel (measured heights are fractional); an unmeasured row would overlap by the roles' height.
      .toBeGreaterThan(-1);
    await page.screenshot({ path: `${SHOTS}/sso-panel-virtual.png`, fullPage: true });

    // Far down the list: scrolled to, rendered, and the rows scrolled past are gone from the page.
    await panel.locator('.sso-accounts-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await items.filter({ hasText: 'Team 298 workload' }).waitFor();
    await expect.poll(() => items.filter({ hasText: sso.accountName }).count()).toBe(0);

    // A filter down to a few rows renders them plainly.
    await panel.getByRole('searchbox', { name: 'Filter accounts' }).fill('team 250');
    await panel.getByText('1 of 300', { exact: true }).waitFor();
    expect(await items.count()).toBe(1);
    expect(await items.first().textContent()).toContain('team250@corp.example');
    expect(await items.first().getAttribute('aria-setsize')).toBeNull();
  });
});
