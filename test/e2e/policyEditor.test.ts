/**
 * The policy editor end to end, in Debian's Chromium against the built web
 * mode and its training-lab sandbox: a role's new inline policy with a
 * misspelt action (the lint names it and the real one), fixed, previewed,
 * applied and shown; and a domain access policy with broken JSON, which keeps
 * the text, says where it broke, and will not review until it parses.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sandboxSessions, webRpc } from '../support/webConsole';

const ROLE = 'EC2_Can_Use_Services';

const sessions = sandboxSessions();
afterAll(() => sessions.close());

const freshConsole = async (): Promise<Page> => (await sessions.open()).page;

const readBucket = (action: string) =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: [action], Resource: 'arn:aws:s3:::lab-notes/*' }],
    },
    null,
    2,
  );

/** What the page has fetched so far, by name: the editor and the IAM reference must come only when asked for. */
const fetched = (page: Page) =>
  page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name.replace(/^.*\//, '')));

describe('the policy editor', () => {
  it('adds an inline policy to a role: lint on a misspelt action, fix, preview, apply, and see it', async () => {
    const page = await freshConsole();
    const row = page.getByRole('main').getByRole('row', { name: new RegExp(`^${ROLE}\\b`) });
    await row.getByRole('button', { name: ROLE, exact: true }).click();
    const detail = page.getByRole('region', { name: `Role ${ROLE}` });
    const inline = detail.getByRole('region', { name: 'Inline policies' });
    const heading = inline.getByRole('heading', { name: /^Inline policies \(\d+\)$/ });
    const before = Number(/\((\d+)\)/.exec((await heading.textContent()) ?? '')![1]);

    // The first view did not load the editor or the IAM reference.
    expect((await fetched(page)).filter((n) => /CodeEditor|iam-data/.test(n))).toEqual([]);

    await inline.getByRole('button', { name: 'Add inline policy' }).click();
    const form = inline.getByRole('region', { name: 'New inline policy' });
    await form.getByRole('textbox', { name: 'Policy name' }).fill('ReadLabNotes');
    const editor = form.getByRole('textbox', { name: 'Inline policy document' });
    await editor.fill(readBucket('s3:GetObjet'));

    const problems = form.getByRole('list', { name: 'Policy problems' });
    await problems
      .getByText('Unknown action "s3:GetObjet": Amazon S3 has no action "GetObjet". Did you mean "s3:GetObject"?')
      .waitFor();
    expect((await fetched(page)).some((n) => n.includes('iam-data'))).toBe(true);
    const timings = await page.evaluate(() =>
      performance
        .getEntriesByType('measure')
        .filter((m) => m.name.startsWith('trellis:iam-data'))
        .map((m) => `${m.name} ${m.duration.toFixed(1)} ms`),
    );
    expect(timings).toHaveLength(2);
    console.log(`IAM reference in the renderer: ${timings.join(', ')}`);

    // Fix it from the keyboard: from the problem to its place, back over the typo, and take the completion.
    await problems.getByRole('button', { name: 'Line 7, column 9' }).click();
    await editor.press('End');
    await editor.press('ArrowLeft');
    for (let i = 0; i < 3; i += 1) await editor.press('Backspace');
    await editor.pressSequentially('j');
    // Enter takes the completion only once the list is settled on it; under load the list is rebuilt after a keystroke.
    await page
      .getByRole('listbox')
      .getByRole('option', { name: 's3:GetObject Read', exact: true, selected: true })
      .waitFor();
    await editor.press('Enter');
    await form.getByRole('status').getByText('No problems found.').waitFor();
    expect(await problems.count()).toBe(0);
    expect(JSON.parse(await editor.innerText())).toEqual(JSON.parse(readBucket('s3:GetObject')));

    await form.getByRole('button', { name: 'Preview change', disabled: false }).click();
    const review = page.getByRole('dialog', { name: 'Review change' });
    await review.getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();
    expect(await review.getByRole('list', { name: 'Differences' }).textContent()).toContain('s3:GetObject');
    expect(await review.locator('pre').first().textContent()).toContain('put-role-policy');
    await review.getByRole('button', { name: 'Apply' }).click();
    await review
      .getByText(/^Verified: inline policy ReadLabNotes on role EC2_Can_Use_Services has the new document/)
      .waitFor();
    await review.getByRole('button', { name: 'Close' }).click();
    await review.waitFor({ state: 'detached' });

    // The editor closed and the role shows the new policy.
    await inline.getByRole('heading', { name: `Inline policies (${before + 1})` }).waitFor();
    expect(await form.count()).toBe(0);
    await inline.getByText('ReadLabNotes', { exact: true }).click();
    expect(await inline.locator('pre').last().textContent()).toContain('s3:GetObject');
  });

  it('keeps a domain policy with broken JSON, says where it broke, and reviews only once it parses', async () => {
    const page = await freshConsole();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Search domains' }).click();
    await page.getByRole('table', { name: 'Domains' }).getByRole('link', { name: 'test-domain', exact: true }).click();
    const policy = page.getByRole('region', { name: 'Access policy' });
    await policy.getByRole('button', { name: 'Edit policy' }).click();
    const editor = policy.getByRole('textbox', { name: 'Access policy JSON' });
    const broken =
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow" "Action": "es:*" }\n  ]\n}';
    await editor.fill(broken);

    await policy.getByText("JSON syntax error at line 4, column 25: expected ',' or '}' but found '\"'.").waitFor();
    await policy.getByRole('button', { name: 'Review change', disabled: true }).waitFor();
    expect(await editor.getAttribute('aria-invalid')).toBe('true');
    // Nothing typed is lost or reformatted.
    expect(await editor.innerText()).toBe(broken);

    // From the problem to the place, then fix it from the keyboard: the syntax error gives way to the next problem.
    await policy.getByRole('button', { name: 'Line 4, column 25' }).click();
    await editor.press(',');
    await policy.getByText('Statement 1: needs Principal (or NotPrincipal).').waitFor();
    expect(await policy.getByText(/JSON syntax error/).count()).toBe(0);
    await policy.getByRole('button', { name: 'Review change', disabled: true }).waitFor();
    await editor.fill(
      broken.replace('"Allow" "Action"', '"Allow", "Principal": {"AWS": "*"}, "Resource": "*", "Action"'),
    );
    await policy.getByRole('button', { name: 'Review change', disabled: false }).click();
    const review = page.getByRole('dialog', { name: 'Review change' });
    await review.getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();
    await review.getByRole('button', { name: 'Cancel' }).click();
    await review.waitFor({ state: 'detached' });
    // A cancelled preview leaves the editor open with the text as it was.
    expect(await editor.innerText()).toContain('"Principal": {"AWS": "*"}');

    // "Show changes" draws the policy as it was, struck through, beside the edit; the edit itself is untouched.
    expect(await editor.innerText()).not.toContain('domain/test-domain/*');
    const changes = policy.getByRole('checkbox', { name: /Show changes/ });
    await changes.check();
    await expect.poll(() => editor.innerText()).toContain('domain/test-domain/*');
    await changes.uncheck();
    await expect.poll(() => editor.innerText()).not.toContain('domain/test-domain/*');
    expect(await editor.innerText()).toContain('"Principal": {"AWS": "*"}');
  });

  it("opens a Doctor's least-privilege policy in the editor, and applies the edited document", async () => {
    const { page, web } = await sessions.open();
    // The test asks main which finding to open; every change still goes through the UI.
    const { findings } = await webRpc(web, 'diagnostics.scan', { target: { profile: 'sandbox', region: 'us-east-1' } });
    const finding = findings.find((f) => f.fixes.some((x) => x.policy));
    const fix = finding?.fixes.find((x) => x.policy);
    if (!finding || !fix?.policy)
      throw new Error(`no finding proposes an inline policy: ${findings.map((f) => f.id).join(', ')}`);
    const { policyName, principal } = fix.policy;

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Diagnostics' }).click();
    await page.getByRole('button', { name: /^(Scan|Scan again)$/ }).click();
    await page.getByRole('link', { name: finding.summary, exact: true }).first().click();
    const article = page.getByRole('article', { name: `Finding: ${finding.summary}` });
    await article.getByRole('button', { name: 'Edit the policy first' }).first().click();
    const form = article.getByRole('region', { name: `Edit policy ${policyName}` });
    const editor = form.getByRole('textbox', { name: `Policy ${policyName}` });
    // The proposal as the fix would put it, pretty-printed.
    expect(JSON.parse(await editor.innerText())).toEqual(JSON.parse(fix.policy.document));

    const edited = JSON.parse(fix.policy.document) as { Statement: object[] };
    edited.Statement.push({ Sid: 'ReviewedList', Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' });
    await editor.fill(JSON.stringify(edited, null, 2));
    await form.getByRole('button', { name: 'Preview the edited policy', disabled: false }).click();
    const review = page.getByRole('dialog', { name: 'Review change' });
    await review.getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();
    // What the plan puts is the edited document; its verify re-reads IAM and compares with exactly that.
    expect(await review.getByRole('list', { name: 'Differences' }).textContent()).toContain('ReviewedList');
    await review.getByRole('button', { name: 'Apply' }).click();
    await review
      .getByText(new RegExp(`^Verified: inline policy ${policyName} on ${principal.type} ${principal.name}`))
      .waitFor();
    await review.getByRole('button', { name: 'Close' }).click();
    await review.waitFor({ state: 'detached' });
    // The editor closed and the finding was re-checked.
    expect(await form.count()).toBe(0);
    await article
      .getByRole('status')
      .filter({ hasText: /Verified:|Not yet:/ })
      .first()
      .waitFor();
  });
});
