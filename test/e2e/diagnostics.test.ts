/**
 * The guided fixes end to end, in Debian's Chromium against the built web
 * mode and a freshly seeded training lab:
 *
 * 1. Bbruceeb2-env's Logs tab shows the WSGI error line. Diagnostics shows
 *    every catalogue entry F1–F16. Then each finding is opened from its row
 *    and fixed the way a learner would: the fix is previewed and applied
 *    through the Review change dialog, the app zipped one folder down
 *    included (the one-click re-bundle: no shell, no AWS CLI); a judgement
 *    call (F9) is accepted with a reason. It ends with every environment
 *    Green, no finding left but the accepted ones, and Bbruceeb2-env's next
 *    logs free of the WSGI error.
 * 2. A sample of fixes is undone from the Journal, and each finding returns.
 *
 * The test process only moves the sandbox clock (EB operations take minutes)
 * and asks main which finding is next; every change goes through the UI.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Finding } from '../../src/shared/contract';
import { openEnvironmentLogs, requestLogsUntilShown } from '../support/logsViewer';
import { advanceSandboxClock } from '../support/trainingLabFixes';
import { sandboxSessions, webRpc, type RunningConsole } from '../support/webConsole';

const target = { profile: 'sandbox', region: 'us-east-1' };
const sessions = sandboxSessions();
afterAll(() => sessions.close());

/** A judgement call a learner makes, with the reason they would write. */
const ACCEPT_NOTES: Readonly<Record<string, string>> = {
  F9: 'Rotated with the DBA to a letters-and-digits value; delivered through environmentsecrets, never an ini file.',
};

/** Elastic Beanstalk operations run on the sandbox clock: move it until nothing is in flight. */
async function settle(web: RunningConsole, endpoint: string): Promise<void> {
  for (let i = 0; i < 40; i += 1) {
    const envs = await webRpc(web, 'beanstalk.listEnvironments', { target });
    if (envs.every((e) => e.status === 'Ready' || e.status === 'Terminated')) return;
    await advanceSandboxClock(endpoint, 60_000);
  }
  throw new Error('environments never settled');
}

async function openDiagnostics(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Diagnostics' }).click();
  await page.getByRole('heading', { name: 'Diagnostics', level: 1 }).waitFor();
  const scan = page.getByRole('button', { name: /^(Scan|Scan again)$/ });
  await scan.click();
  await page.getByRole('button', { name: 'Scan again' }).and(page.locator(':not([aria-busy])')).waitFor();
}

/** Opens a finding from its row, as a user clicks it. */
async function openFinding(page: Page, finding: Finding): Promise<void> {
  await openDiagnostics(page);
  await page.getByRole('link', { name: finding.summary, exact: true }).first().click();
  await page.getByRole('article', { name: `Finding: ${finding.summary}` }).waitFor();
}

/**
 * Preview → Apply through the Review change dialog; false when the plan was blocked (then cancelled).
 * A deploy's apply waits for the environment to be Ready, so the sandbox clock is moved while it waits.
 */
async function applyFix(page: Page, label: string, endpoint: string): Promise<boolean> {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await page.getByRole('button', { name: new RegExp(`^Preview: ${escaped}$`) }).click();
  const review = page.getByRole('dialog', { name: 'Review change' });
  await review.getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();
  const apply = review.getByRole('button', { name: 'Apply' });
  if (await apply.isDisabled()) {
    await review.getByRole('button', { name: 'Cancel' }).click();
    return false;
  }
  await apply.click();
  const close = review.getByRole('button', { name: 'Close' });
  for (let i = 0; i < 60 && !(await close.isVisible()); i += 1) {
    await advanceSandboxClock(endpoint, 10_000);
    await page.waitForTimeout(250);
  }
  await close.click({ timeout: 30_000 });
  await page
    .getByRole('status')
    .filter({ hasText: /Verified:|Not yet:/ })
    .first()
    .waitFor({ timeout: 30_000 });
  return true;
}

/** The viewer renders only visible lines, so its search (and its match count) is how a test reads the whole text. */
async function logMatches(page: Page, text: string): Promise<number> {
  const panel = page.getByRole('region', { name: 'Logs' });
  await panel.getByRole('searchbox', { name: 'Search logs' }).fill(text);
  const count = panel.getByRole('status').filter({ hasText: /^(\d+ match(es)?|No matches)$/ });
  await count.waitFor();
  const words = (await count.textContent()) ?? '';
  return words === 'No matches' ? 0 : Number(words.split(' ')[0]);
}

async function accept(page: Page, note: string): Promise<void> {
  await page.getByText('Accept this finding').click();
  await page.getByRole('textbox', { name: 'Why is this accepted? (required)' }).fill(note);
  await page.getByRole('button', { name: 'Accept', exact: true }).click();
  await page.getByRole('button', { name: 'Un-accept' }).waitFor();
}

async function rulesOnScreen(page: Page): Promise<Set<string>> {
  const rows = page.getByRole('table', { name: /^Findings: / }).getByRole('row');
  const texts = await rows.allInnerTexts();
  return new Set(texts.flatMap((t) => [...t.matchAll(/\bF(1[0-6]|[1-9])\b/g)].map((m) => `F${m[1]}`)));
}

function pickNext(open: Finding[], deferred: ReadonlySet<string>): Finding | undefined {
  return (
    open.find((f) => f.fixes.some((x) => x.recommended) && !deferred.has(f.id)) ??
    open.find((f) => f.fixes.length > 0 && !deferred.has(f.id)) ??
    open.find((f) => ACCEPT_NOTES[f.rule] !== undefined)
  );
}

describe('Diagnostics and guided fixes', () => {
  it('finds every catalogue failure, fixes them all through the UI, and ends Green', async () => {
    const { page, web } = await sessions.open();
    const endpoint = (await webRpc(web, 'app.info', {})).sandboxEndpoint ?? '';
    // What the learner read over SSH in seed 004, from the console: the WSGI error in Apache's error_log.
    await openEnvironmentLogs(page, 'Bbruceeb2-env');
    await requestLogsUntilShown(page, endpoint, 'Last 100 lines', 'Bbruceeb2-env');
    expect(await logMatches(page, 'Target WSGI script not found or unable to stat')).toBeGreaterThan(0);
    await openDiagnostics(page);
    expect([...(await rulesOnScreen(page))].sort()).toEqual(Array.from({ length: 16 }, (_, i) => `F${i + 1}`).sort());

    const deferred = new Set<string>();
    const done: string[] = [];
    for (let round = 0; round < 60; round += 1) {
      await settle(web, endpoint);
      const open = (await webRpc(web, 'diagnostics.scan', { target })).findings.filter((f) => !f.accepted);
      if (open.length === 0) break;
      const next = pickNext(open, deferred);
      if (!next) throw new Error(`stuck with ${open.map((f) => f.id).join(', ')}`);
      await openFinding(page, next);
      const note = ACCEPT_NOTES[next.rule];
      if (note && next.fixes.every((f) => !f.recommended)) {
        await accept(page, note);
        done.push(`accepted ${next.id}`);
        continue;
      }
      const fixes = [...next.fixes].sort((a, b) => Number(b.recommended) - Number(a.recommended));
      let applied = false;
      for (const fix of fixes) {
        if (await applyFix(page, fix.label, endpoint)) {
          done.push(`${next.id}: ${fix.label}`);
          applied = true;
          break;
        }
      }
      if (!applied) deferred.add(next.id);
    }
    await settle(web, endpoint);

    if (process.env.TRELLIS_PRINT_FINDINGS) console.log(done.join('\n'));
    // Diagnostics: nothing open, the accepted ones kept apart.
    await openDiagnostics(page);
    await page.getByText(/No open findings: every rule that could run passed, apart from the accepted/).waitFor();
    expect(await page.getByRole('table', { name: /^Findings: / }).count()).toBe(0);
    await page.getByRole('heading', { name: /^Accepted \(\d+\)$/ }).waitFor();
    if (process.env.TRELLIS_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.TRELLIS_SCREENSHOTS}/diagnostics-clear.png`, fullPage: true });

    // Beanstalk: every environment Green, the one outside the database's VPC replaced.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Beanstalk' }).click();
    const table = page.getByRole('table', { name: 'Environments' });
    // The list may show what the store loaded earlier; ask for it now.
    const refresh = page.getByRole('button', { name: 'Refresh', exact: true });
    await refresh.click();
    await refresh.and(page.locator(':not([aria-busy])')).waitFor();
    await table.getByRole('row').nth(1).waitFor();
    const rows = (await table.getByRole('row').allInnerTexts()).slice(1);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) expect(row).toMatch(/Green/);
    if (process.env.TRELLIS_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.TRELLIS_SCREENSHOTS}/beanstalk-green.png`, fullPage: true });
    const names = rows.map((r) => r.split('\n')[0]?.trim());
    expect(names).not.toContain('Bbruceeb1-env');
    expect(names).toContain('Bbruceeb1-env-vpc');
    expect(done).toContain('F3:environment/Bbruceeb2-env: Re-bundle with FlaskApp/ at the zip root and deploy');

    // The sandbox keeps two hours of request lines, as a rotated log would: three hours of traffic after the
    // fix, the tail holds only the fixed app's output, so the WSGI error is gone and requests answer 200.
    await advanceSandboxClock(endpoint, 3 * 60 * 60 * 1000);
    await openEnvironmentLogs(page, 'Bbruceeb2-env');
    await requestLogsUntilShown(page, endpoint, 'Last 100 lines', 'Bbruceeb2-env');
    expect(await logMatches(page, 'Target WSGI script not found')).toBe(0);
    expect(await logMatches(page, '"GET / HTTP/1.1" 200 ')).toBeGreaterThan(0);
    expect(done.some((d) => d.startsWith('accepted'))).toBe(true);
  }, 300_000);

  it('undoes a sample of fixes from the Journal, and each finding returns', async () => {
    const { page, web } = await sessions.open();
    const sample = [
      /^F5:db-instance\/edx-photos-db@Bbruceeb2-env$/,
      /^F13:search-domain\/elastic@ip$/,
      /^F14:access-key\/AKIAYLQ4JS7XBWP3RE5M$/,
    ];
    const findings = (await webRpc(web, 'diagnostics.scan', { target })).findings;
    const chosen = sample.map((re) => {
      const found = findings.find((f) => re.test(f.id));
      if (!found) throw new Error(`no finding ${re.source}`);
      return found;
    });
    // A finding leads to its catalogue entry, where the training notes hit it.
    const [first] = chosen;
    if (first) {
      await openFinding(page, first);
      await page.getByRole('link', { name: `${first.rule} in the catalogue` }).click();
      await page.getByRole('heading', { name: 'Guided-fix catalogue', level: 1 }).waitFor();
      const entry = page.getByRole('article', { name: new RegExp(`^${first.rule} `) });
      expect(await entry.innerText()).toMatch(/In the training notes/);
      await page.getByRole('listitem').filter({ has: entry }).and(page.locator('[aria-current="true"]')).waitFor();
    }
    for (const finding of chosen) {
      await openFinding(page, finding);
      const fix = finding.fixes.find((f) => f.recommended) ?? finding.fixes[0];
      expect(await applyFix(page, fix?.label ?? '', (await webRpc(web, 'app.info', {})).sandboxEndpoint ?? '')).toBe(
        true,
      );
      await page
        .getByRole('status')
        .filter({ hasText: /Verified:/ })
        .waitFor({ timeout: 30_000 });
    }
    await openDiagnostics(page);
    for (const f of chosen) expect(await page.getByRole('link', { name: f.summary, exact: true }).count()).toBe(0);

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Journal' }).click();
    await page.getByRole('heading', { name: 'Journal', level: 1 }).waitFor();
    const review = page.getByRole('dialog', { name: 'Review change' });
    const fixes = (await webRpc(web, 'journal.list', { limit: 50 })).filter((e) => e.status === 'applied' && !e.undoOf);
    expect(fixes).toHaveLength(chosen.length);
    for (const [i, entry] of fixes.entries()) {
      // Each original's undo does not exist yet when it is clicked, so its name is unique here.
      await page.getByRole('button', { name: `Undo ${entry.title}`, exact: true }).click();
      await review.getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();
      await review.getByRole('button', { name: 'Apply' }).click();
      await review.getByRole('button', { name: 'Close' }).click({ timeout: 30_000 });
      // An undo is itself a journal entry (with its own Undo), so count the originals marked Undone.
      await expect.poll(() => page.getByRole('link', { name: /^Undone/ }).count()).toBe(i + 1);
    }

    await openDiagnostics(page);
    for (const f of chosen) await page.getByRole('link', { name: f.summary, exact: true }).first().waitFor();
  }, 120_000);
});
