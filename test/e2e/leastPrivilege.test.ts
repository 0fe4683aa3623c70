/**
 * An operator signed in with a custom policy (ReadOnlyAccess with an explicit
 * Deny of iam:GetAccountAuthorizationDetails, iam:SimulatePrincipalPolicy,
 * s3:GetObject and kms:Decrypt), in Chromium against the built web mode and
 * its training-lab sandbox: the IAM view loads with the List calls and says
 * so, and revealing a SecureString under a customer managed key names the
 * missing kms:Decrypt on that key while the list and the lab's own secrets
 * still work.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ScanResult } from '../../src/shared/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxEndpointOf } from '../support/environmentPage';
import {
  adminClients,
  CMK_PARAMETER,
  createOperatorProfiles,
  OPERATOR_POLICIES,
  putCmkParameter,
} from '../support/leastPrivilege';
import { sharedConsole } from '../support/webConsole';

const ACCOUNT = '570589970431';
const LEARNER_ENV = 'Bbruceeb2-env';
const ESTIMATE = 'Estimated decision (iam:SimulatePrincipalPolicy is not allowed)';
const LAB_SECRET = '/flaskapp/flaskenv/RDS_PASSWORD';
const LAB_SECRET_VALUE = 'Fl4sk&oRds#Pg2024';

// The profile is added once the sandbox is up: its user and key are made through the sandbox's IAM.
const operators = sharedConsole(() => '');
let page: Page;

beforeAll(async () => {
  await operators.start();
  const web = operators.web;
  const endpoint = await sandboxEndpointOf(web);
  const admin = adminClients(endpoint);
  await putCmkParameter(admin.ssm);
  await createOperatorProfiles(
    admin.iam,
    endpoint,
    OPERATOR_POLICIES.filter((p) => p.profile === 'custom'),
    { config: join(web.dataDir, 'aws-config'), credentials: join(web.dataDir, 'aws-credentials') },
  );
  admin.iam.destroy();
  admin.ssm.destroy();

  page = await operators.page();
  // The console watches its AWS files; the operator's profile appears without a restart.
  const profiles = page.getByRole('combobox', { name: 'Profile' });
  await profiles.getByRole('option', { name: 'custom' }).waitFor({ state: 'attached' });
  await profiles.selectOption('custom');
}, 90_000);
afterAll(() => operators.stop());

const section = (name: string) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();

describe('an operator with a custom least-privilege policy', () => {
  it('sees IAM loaded with the List calls, with a notice naming iam:GetAccountAuthorizationDetails', async () => {
    await section('IAM');
    await page.getByRole('heading', { name: 'IAM', level: 1 }).waitFor();
    const notice = page.getByRole('status', { name: 'How IAM was loaded' });
    await notice.getByText('Loaded with List calls: iam:GetAccountAuthorizationDetails is not allowed').waitFor();
    // Everything else was allowed, so no part is missing.
    expect(await notice.getByRole('list', { name: 'Parts not shown' }).count()).toBe(0);
    await page
      .getByRole('main')
      .getByRole('row', { name: /^EC2_Can_Use_Services\b/ })
      .waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('reveals an aws/ssm secret, and for a customer managed key names the missing kms:Decrypt on the key ARN', async () => {
    await section('Parameters');
    await page.getByRole('heading', { name: 'Parameters', level: 1 }).waitFor();
    const tree = page.getByRole('tree', { name: 'Parameters by path' });
    const cmk = tree.getByRole('treeitem', { name: CMK_PARAMETER, exact: true });
    await cmk.waitFor();

    await cmk.getByRole('button', { name: `Reveal ${CMK_PARAMETER}` }).click();
    const detail = page.getByRole('region', { name: `Parameter ${CMK_PARAMETER}` });
    const refusal = detail.getByRole('alert');
    await refusal.getByText('Could not reveal the value').waitFor();
    const message = await refusal.getByText(/^Missing permission: kms:Decrypt on /).textContent();
    expect(message).toMatch(
      new RegExp(`^Missing permission: kms:Decrypt on arn:aws:kms:us-east-1:${ACCOUNT}:key/[0-9a-f-]{36}$`),
    );
    expect(await page.getByText('cmk-plaintext-7c1e').count()).toBe(0);

    // The same profile still reveals the lab's secrets under aws/ssm, whose key policy needs nothing from IAM.
    const lab = tree.getByRole('treeitem', { name: LAB_SECRET, exact: true });
    await lab.getByRole('button', { name: `Reveal ${LAB_SECRET}` }).click();
    await lab.getByText(LAB_SECRET_VALUE, { exact: true }).waitFor();
  });

  it('labels the Doctor’s decisions as estimates naming iam:SimulatePrincipalPolicy, and the bundle rules as not checked', async () => {
    await section('Diagnostics');
    await page.getByRole('heading', { name: 'Diagnostics', level: 1 }).waitFor();
    await page.getByRole('button', { name: /^(Scan|Scan again)$/ }).click();
    await page.getByRole('button', { name: 'Scan again' }).and(page.locator(':not([aria-busy])')).waitFor();

    const notChecked = page
      .getByRole('alert')
      .filter({ hasText: `Could not check source bundle of ${LEARNER_ENV} (rules F3, F8, F15 skipped)` });
    await notChecked
      .getByText(/^s3:GetObject on arn:aws:s3:::elasticbeanstalk-us-east-1-570589970431\/\S+ is not allowed$/)
      .waitFor();

    // The same scan as the view's, read over the web API, to pick a finding whose decision was estimated.
    const web = operators.web;
    const response = await fetch(`${web.origin}/rpc/diagnostics.scan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-trellis-token': web.token },
      body: JSON.stringify({ target: { profile: 'custom', region: 'us-east-1' } }),
    });
    const scan = ((await response.json()) as { data: ScanResult }).data;
    const estimated = scan.findings.find((f) => f.evidence.some((e) => e.label === ESTIMATE));
    expect(estimated).toBeDefined();
    await page.getByRole('link', { name: estimated!.summary, exact: true }).first().click();
    const finding = page.getByRole('article', { name: `Finding: ${estimated!.summary}` });
    const evidence = finding.getByRole('list', { name: 'Evidence' });
    await evidence.getByText(ESTIMATE, { exact: true }).first().waitFor();
    await evidence
      .getByText(/iam:SimulatePrincipalPolicy is not allowed for this profile, so this is an estimate/)
      .first()
      .waitFor();
    expect(await evidence.getByText('Simulated decision', { exact: true }).count()).toBe(0);
  });
});
