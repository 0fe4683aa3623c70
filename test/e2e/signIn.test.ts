/**
 * Sign-in with MFA in Chromium, against the built web mode and its sandbox:
 * a config file chains the lab user's keys to LabAdminWithMfa. Choosing that
 * profile asks for the code in a modal; a wrong code is refused inline; the
 * right one (the lab device's TOTP) shows the assumed role in the top bar and
 * lets the IAM view load with the same session.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelOutput } from '../../src/shared/contract';
import { SANDBOX_ADMIN_CREDENTIALS, TRAINING_LAB_SIGN_IN as lab, totp } from '../../src/sandbox';
import { sandboxEndpointOf } from '../support/environmentPage';
import { launchChromium, startWebConsole, type RunningConsole } from '../support/webConsole';

const ACCOUNT = '570589970431';
const SCREENSHOT = '/tmp/trellis-mfa.png';

let browser: Browser;
let web: RunningConsole;
// One console for the file: the MFA and process profiles do not touch each other's state.
beforeAll(async () => {
  web = await startWebConsole();
  await writeSignInProfiles(web);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

async function freshPage(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(web.url);
  return page;
}

async function listProfiles(console: RunningConsole): Promise<ChannelOutput<'profiles.list'>> {
  const response = await fetch(`${console.origin}/rpc/profiles.list`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-trellis-token': console.token },
    body: '{}',
  });
  const result = (await response.json()) as { ok: boolean; data?: ChannelOutput<'profiles.list'> };
  if (!result.ok || !result.data) throw new Error('profiles.list failed');
  return result.data;
}

/** Writes the user's AWS files into the console's data dir (its AWS_CONFIG_FILE) and waits until it has read them. */
async function writeSignInProfiles(console: RunningConsole): Promise<void> {
  const endpoint = await sandboxEndpointOf(console);
  writeFileSync(
    join(console.dataDir, 'aws-config'),
    [
      '[profile lab-user]',
      'region = us-east-1',
      `endpoint_url = ${endpoint}`,
      '[profile lab-admin]',
      `role_arn = ${lab.roleArn}`,
      'source_profile = lab-user',
      `mfa_serial = ${lab.mfaSerialNumber}`,
      'role_session_name = console-mfa',
      'region = us-east-1',
      `endpoint_url = ${endpoint}`,
      '[profile vault]',
      `credential_process = ${processCommand(console)}`,
      'region = us-east-1',
      `endpoint_url = ${endpoint}`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(console.dataDir, 'aws-credentials'),
    '[lab-user]\naws_access_key_id = AKIAYLQ4JS7XHN2UVQ6T\naws_secret_access_key = 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\n',
  );
  // The console watches its AWS files; wait (bounded) until it has re-read them.
  for (let i = 0; i < 150; i++) {
    if ((await listProfiles(console)).profiles.some((p) => p.name === 'vault')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the console did not pick up the new AWS config file within 15 s');
}

/** A credential_process script in the data dir that prints the sandbox administrator's keys. */
function processCommand(console: RunningConsole): string {
  const script = join(console.dataDir, 'vault creds.cjs');
  writeFileSync(
    script,
    `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: 'AKIAVAULTEXAMPLE0001', SecretAccessKey: 'vault-secret' }));`,
  );
  return `"${process.execPath}" "${script}" --account practice`;
}

/** A code the device would show at no step near now, so it is surely wrong. */
function wrongCode(): string {
  const near = [-30_000, 0, 30_000].map((d) => totp(lab.mfaSecretBase32, new Date(Date.now() + d)));
  for (let n = 1; n <= 10; n++) {
    const candidate = String((Number(near[1]) + 111_111 * n) % 1_000_000).padStart(6, '0');
    if (!near.includes(candidate)) return candidate;
  }
  throw new Error('no wrong code found');
}

describe('signing in with MFA from the console', () => {
  it('asks for the code when the MFA profile is chosen, refuses a wrong one inline, and shows the assumed role', async () => {
    const page = await freshPage();

    const identity = page.getByRole('banner').getByRole('group', { name: 'Caller identity' });
    await page.getByRole('combobox', { name: 'Profile' }).selectOption('sandbox');
    await identity.getByText(ACCOUNT, { exact: true }).waitFor();

    await page.getByRole('combobox', { name: 'Profile' }).selectOption('lab-admin');
    const dialog = page.getByRole('dialog', { name: 'Enter MFA code' });
    await dialog.waitFor();
    await dialog.getByText(lab.mfaSerialNumber).waitFor();
    const input = dialog.getByRole('textbox', { name: '6-digit code' });
    // The focus starts in the code field.
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    // Behind the dialog, the panel says what is needed and offers the same action.
    const iamNotice = page.getByRole('main').getByRole('alert').filter({ hasText: 'needs a code from the MFA device' });
    await iamNotice.getByRole('button', { name: 'Enter MFA code' }).waitFor({ state: 'attached' });

    // Letters are not typed in; a short code is caught before anything is sent.
    await input.pressSequentially('12ab3');
    expect(await input.inputValue()).toBe('123');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Enter the 6 digits your MFA device shows.' }).waitFor();

    // A wrong code: STS's own message, inside the dialog, which stays open with the field emptied and focused.
    await input.fill(wrongCode());
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: 'MultiFactorAuthentication failed with invalid MFA one time pass code.' })
      .waitFor();
    expect(await input.inputValue()).toBe('');
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);

    await input.fill(totp(lab.mfaSecretBase32, new Date()));
    // The refusal described the last attempt, not what is typed now.
    expect(await dialog.getByRole('alert').count()).toBe(0);
    await page.screenshot({ path: '/tmp/trellis-mfa-dialog.png' });
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The top bar now shows the assumed role, and the IAM view loaded with the same session by itself.
    await identity.getByText(`arn:aws:sts::${ACCOUNT}:assumed-role/${lab.roleName}/console-mfa`).waitFor();
    await page
      .getByRole('main')
      .getByRole('row', { name: new RegExp(`^${lab.roleName}\\b`) })
      .waitFor();
    expect(await iamNotice.count()).toBe(0);
    await page.screenshot({ path: SCREENSHOT });

    // Back to another profile and again: the session is still live, so nothing is asked.
    await page.getByRole('combobox', { name: 'Profile' }).selectOption('sandbox');
    await identity.getByText(ACCOUNT, { exact: true }).waitFor();
    await page.getByRole('combobox', { name: 'Profile' }).selectOption('lab-admin');
    await identity.getByText(`arn:aws:sts::${ACCOUNT}:assumed-role/${lab.roleName}/console-mfa`).waitFor();
    expect(await dialog.count()).toBe(0);
  });

  it('shows a credential_process command line verbatim and runs it only once allowed', async () => {
    const page = await freshPage();
    await page.getByRole('combobox', { name: 'Profile' }).selectOption('vault');

    const dialog = page.getByRole('dialog', { name: 'Review credential_process' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Command line').textContent()).toBe(processCommand(web));
    await page.screenshot({ path: '/tmp/trellis-process.png' });
    // Cancel runs nothing; the panel keeps offering the review.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    const review = page.getByRole('main').getByRole('button', { name: 'Review and allow' });
    await review.click();
    await dialog.getByRole('button', { name: 'Allow' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page
      .getByRole('banner')
      .getByRole('group', { name: 'Caller identity' })
      .getByText(ACCOUNT, { exact: true })
      .waitFor();
    await page
      .getByRole('main')
      .getByRole('row', { name: new RegExp(`^${lab.roleName}\\b`) })
      .waitFor();
    expect(await review.count()).toBe(0);
  });
});

describe('AWS files changed while the console is open', () => {
  it('lists a profile written into the config file without a reload, keeping the chosen one', async () => {
    const page = await freshPage();
    const select = page.getByRole('combobox', { name: 'Profile' });
    await select.selectOption('sandbox');
    await page
      .getByRole('banner')
      .getByRole('group', { name: 'Caller identity' })
      .getByText(ACCOUNT, { exact: true })
      .waitFor();
    // A mark on this document: a reload would wipe it.
    await page.evaluate(() => document.body.setAttribute('data-test-mark', 'same-page'));

    const endpoint = await sandboxEndpointOf(web);
    appendFileSync(
      join(web.dataDir, 'aws-config'),
      [
        '[profile written-later]',
        'region = eu-west-2',
        `endpoint_url = ${endpoint}`,
        'credential_process = true',
        '',
      ].join('\n'),
    );
    await select.getByRole('option', { name: 'written-later' }).waitFor({ state: 'attached' });
    expect(await select.inputValue()).toBe('sandbox');
    expect(await page.evaluate(() => document.body.getAttribute('data-test-mark'))).toBe('same-page');
  });

  it('asks for the new key when a static key is deleted, says the file still holds the old one, and recovers on Check again', async () => {
    const endpoint = await sandboxEndpointOf(web);
    const admin = new IAMClient({
      endpoint,
      region: 'us-east-1',
      credentials: SANDBOX_ADMIN_CREDENTIALS,
      maxAttempts: 1,
    });
    const user = 'console-rotator';
    const credentialsFile = join(web.dataDir, 'aws-credentials');
    const othersCredentials = readFileSync(credentialsFile, 'utf8');
    const writeKey = (key: { AccessKeyId?: string; SecretAccessKey?: string } | undefined) =>
      writeFileSync(
        credentialsFile,
        `${othersCredentials}[rotating]\naws_access_key_id = ${key?.AccessKeyId}\naws_secret_access_key = ${key?.SecretAccessKey}\n`,
      );
    try {
      await admin.send(new CreateUserCommand({ UserName: user }));
      await admin.send(
        new AttachUserPolicyCommand({ UserName: user, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
      );
      const { AccessKey: first } = await admin.send(new CreateAccessKeyCommand({ UserName: user }));
      const hint = first?.AccessKeyId?.slice(-4) ?? '';
      appendFileSync(
        join(web.dataDir, 'aws-config'),
        ['[profile rotating]', 'region = us-east-1', `endpoint_url = ${endpoint}`, ''].join('\n'),
      );
      writeKey(first);

      const page = await freshPage();
      const select = page.getByRole('combobox', { name: 'Profile' });
      await select.getByRole('option', { name: 'rotating' }).waitFor({ state: 'attached' });
      await select.selectOption('rotating');
      const identity = page.getByRole('banner').getByRole('group', { name: 'Caller identity' });
      await identity.getByText(`arn:aws:iam::${ACCOUNT}:user/${user}`).waitFor();

      await admin.send(new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: first?.AccessKeyId }));
      // Choosing the profile again loads it afresh: the deleted key is refused and the one action is offered.
      await select.selectOption('sandbox');
      await identity.getByText(ACCOUNT, { exact: true }).waitFor();
      await select.selectOption('rotating');
      const dialog = page.getByRole('dialog', { name: 'Replace access key' });
      await dialog.waitFor();
      await dialog.getByText(hint, { exact: true }).waitFor();
      expect(await dialog.getByLabel('File').textContent()).toBe(credentialsFile);
      // Behind it, the panel shows the refusal instead of the old data, with the same action.
      const notice = page
        .getByRole('main')
        .getByRole('alert')
        .filter({ hasText: `access key ending in ${hint}` });
      await notice.getByRole('button', { name: 'Replace access key' }).waitFor({ state: 'attached' });

      await dialog.getByRole('button', { name: 'Check again' }).click();
      await dialog
        .getByRole('alert')
        .filter({ hasText: `${credentialsFile} still holds the access key ending in ${hint}, which AWS rejected.` })
        .waitFor();
      await page.screenshot({ path: '/tmp/trellis-replace-keys.png' });

      const { AccessKey: second } = await admin.send(new CreateAccessKeyCommand({ UserName: user }));
      writeKey(second);
      await dialog.getByRole('button', { name: 'Check again' }).click();
      await dialog.waitFor({ state: 'detached' });
      await identity.getByText(`arn:aws:iam::${ACCOUNT}:user/${user}`).waitFor();
      // The panel loaded again by itself with the new key.
      await page
        .getByRole('main')
        .getByRole('row', { name: new RegExp(`^${lab.roleName}\\b`) })
        .waitFor();
      expect(await notice.count()).toBe(0);
    } finally {
      admin.destroy();
    }
  });
});
