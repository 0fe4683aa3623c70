/**
 * IAM Identity Center sign-in in Chromium, against the built web mode and its
 * sandbox: choosing the SSO profile opens the dialog, which shows the user
 * code and the link; a second page approves the device on the sandbox's own
 * page, and the top bar then shows the permission set's role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_LAB_SSO as sso } from '../../src/sandbox';
import { labSsoConfig } from '../support/ssoLab';
import { sharedConsole } from '../support/webConsole';

const SCREENSHOT = '/tmp/trellis-sso.png';
const ROLE = 'AdministratorAccess';

const lab = sharedConsole((endpoint) => labSsoConfig(endpoint, ROLE));
beforeAll(() => lab.start());
afterAll(() => lab.stop());

describe('signing in with IAM Identity Center from the console', () => {
  it('shows the code and link, is approved on the sandbox page, and then acts as the SSO role', async () => {
    const page = await lab.page();
    const profile = page.getByRole('combobox', { name: 'Profile' });
    // The console watches its AWS files; the profile appears once it has read the new config.
    await expect.poll(() => profile.locator('option', { hasText: 'lab-sso' }).count(), { timeout: 15_000 }).toBe(1);
    await profile.selectOption('lab-sso');

    const dialog = page.getByRole('dialog', { name: 'Sign in with SSO' });
    await dialog.waitFor();
    await dialog.getByText(sso.startUrl).waitFor();
    await dialog.getByRole('button', { name: 'Get a sign-in code' }).click();
    const code = dialog.getByLabel('User code');
    await code.waitFor();
    const userCode = (await code.textContent())?.trim() ?? '';
    expect(userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    const link = dialog.getByRole('link', { name: 'Open the sign-in page' });
    expect(await link.getAttribute('rel')).toContain('noopener');
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toContain('/_trellis/sso/device');
    await page.screenshot({ path: '/tmp/trellis-sso-dialog.png' });

    // The user approves in the browser: a second page at the link.
    const approval = await page.context().newPage();
    await approval.goto(href);
    await approval.getByText(userCode).first().waitFor();
    await approval.getByRole('button', { name: /approve/i }).click();

    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    const roleName = sso.permissionSets[ROLE].roleName;
    await page
      .getByRole('banner')
      .getByRole('group', { name: 'Caller identity' })
      .getByText(new RegExp(`assumed-role/${roleName}/`))
      .waitFor();
    await page.screenshot({ path: SCREENSHOT });
  });
});
