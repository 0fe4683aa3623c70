/**
 * The Parameters section end to end, in Debian's Chromium against the built
 * web mode and its training-lab sandbox: the tree by path, a SecureString
 * that reveals only on request and is masked again after leaving the section,
 * a parameter created through the Review change dialog, then undone from
 * the Journal; the filter by text and type with its count; folders that
 * collapse and stay so across a view switch and a reload; and the keyboard.
 * Then the large-account scenario with 3,000 parameters: a window of rows in
 * the DOM however many are open, values read only for those, rows that say
 * where they sit, and keys that reach rows far out of view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parameterAccountDataDir, type ListedParameter } from '../support/parameterAccount';
import { launchChromium, sandboxSessions, startWebConsole, type RunningConsole } from '../support/webConsole';

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

const tree = () => page.getByRole('tree', { name: 'Parameters by path' });
const row = (name: string) => tree().getByRole('treeitem', { name, exact: true });
const status = () => page.getByRole('status').filter({ hasText: / parameters? / });
/** The accessible names of the rows in the tree, top to bottom. */
const rowNames = () =>
  tree()
    .getByRole('treeitem')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
const focusIsOn = (name: string) =>
  page.waitForFunction((n) => document.activeElement?.getAttribute('aria-label') === n, name);

describe('Parameters', () => {
  it('reveals a SecureString on request and masks it again after leaving the section', async () => {
    await openSection('Parameters');
    await page.getByRole('heading', { name: 'Parameters', level: 1 }).waitFor();
    await row('/flaskapp/flaskenv/').waitFor();
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
    await row(NEW_NAME).waitFor({ state: 'detached' });
  });
  it('filters by name, path and type, keeps the matches’ folders open and counts them', async () => {
    await openSection('Parameters');
    await status().filter({ hasText: '12 parameters (1 DescribeParameters call)' }).waitFor();
    const filter = page.getByRole('searchbox', { name: 'Filter parameters' });
    await filter.fill('PASSWORD');
    await status().filter({ hasText: '2 of 12 parameters match' }).waitFor();
    expect(await rowNames()).toEqual([
      '/flaskapp/',
      '/flaskapp/flaskenv/',
      PASSWORD_NAME,
      '/photos/',
      '/photos/dev/',
      '/photos/dev/DATABASE_PASSWORD',
    ]);
    expect(await row('/photos/dev/').getAttribute('aria-expanded')).toBe('true');

    await filter.fill('/photos/');
    await status().filter({ hasText: '3 of 12 parameters match' }).waitFor();
    await row('/photos/app/S3_BUCKET').waitFor();
    await row('/flaskapp/').waitFor({ state: 'detached' });

    const type = page.getByRole('combobox', { name: 'Filter by type' });
    await filter.fill('secret');
    await type.selectOption('SecureString');
    await status().filter({ hasText: '2 of 12 parameters match' }).waitFor();
    expect((await rowNames()).filter((n) => !n.endsWith('/'))).toEqual([
      '/flaskapp/flaskenv/APP_SECRET',
      '/photos/dev/FLASK_SECRET',
    ]);
    await filter.fill('');
    await type.selectOption('StringList');
    await status().filter({ hasText: '1 of 12 parameters matches' }).waitFor();
    await row('/flaskapp/config/ALLOWED_HOSTS').waitFor();

    await filter.fill('no-such-parameter');
    await page.getByText('No parameters match ‘no-such-parameter’ of type StringList.').waitFor();
    await type.selectOption('any');
    await filter.fill('');
    await status().filter({ hasText: '12 parameters (1 DescribeParameters call)' }).waitFor();
    await row(PASSWORD_NAME).waitFor();
  });

  it('collapses folders, remembers them across a view switch and a reload, and expands all', async () => {
    await openSection('Parameters');
    const config = row('/flaskapp/config/');
    await config.click();
    expect(await config.getAttribute('aria-expanded')).toBe('false');
    await row('/flaskapp/config/LOG_LEVEL').waitFor({ state: 'detached' });

    await openSection('IAM');
    await page.getByRole('heading', { name: 'Parameters', level: 1 }).waitFor({ state: 'detached' });
    await openSection('Parameters');
    await row(PASSWORD_NAME).waitFor();
    expect(await row('/flaskapp/config/').getAttribute('aria-expanded')).toBe('false');
    expect(await row('/flaskapp/config/LOG_LEVEL').count()).toBe(0);

    await page.reload();
    await row(PASSWORD_NAME).waitFor();
    expect(await row('/flaskapp/config/').getAttribute('aria-expanded')).toBe('false');

    await page.getByRole('button', { name: 'Collapse all' }).click();
    await row(PASSWORD_NAME).waitFor({ state: 'detached' });
    expect(await rowNames()).toEqual(['/flaskapp/', '/photos/']);
    await page.getByRole('button', { name: 'Expand all' }).click();
    await row('/flaskapp/config/LOG_LEVEL').waitFor();
    // The virtualised tree can paint the first rows a frame before the rest of the expanded tree.
    await expect.poll(async () => (await rowNames()).length).toBe(12 + 6);
  });

  it('moves through the tree with the keyboard, one tab stop at a time', async () => {
    await openSection('Parameters');
    await row('/flaskapp/config/LOG_LEVEL').waitFor();
    const tabStops = await tree()
      .getByRole('treeitem')
      .evaluateAll((rows) => rows.filter((r) => r.getAttribute('tabindex') === '0').length);
    expect(tabStops).toBe(1);

    await row('/flaskapp/').focus();
    await page.keyboard.press('ArrowDown');
    await focusIsOn('/flaskapp/config/');
    await page.keyboard.press('ArrowLeft');
    await row('/flaskapp/config/LOG_LEVEL').waitFor({ state: 'detached' });
    expect(await row('/flaskapp/config/').getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('ArrowRight');
    await row('/flaskapp/config/LOG_LEVEL').waitFor();
    await page.keyboard.press('ArrowRight');
    await focusIsOn('/flaskapp/config/ALLOWED_HOSTS');
    await page.keyboard.press('ArrowLeft');
    await focusIsOn('/flaskapp/config/');
    await page.keyboard.press('End');
    await focusIsOn('/photos/dev/FLASK_SECRET');
    await page.keyboard.press('Home');
    await focusIsOn('/flaskapp/');

    // Enter on a parameter selects it and opens its detail.
    await row('/flaskapp/config/LOG_LEVEL').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Parameter /flaskapp/config/LOG_LEVEL' }).waitFor();
    expect(await row('/flaskapp/config/LOG_LEVEL').getAttribute('aria-selected')).toBe('true');
  });
});

describe('Parameters in a large account', () => {
  const COUNT = 3_000;
  let browser: Browser;
  let web: RunningConsole;
  let listed: ListedParameter[] = [];
  const valueNames: string[] = [];
  /** Natural order segment by segment, as the tree sorts; every name here is /application/stage/service/KEY. */
  const natural = new Intl.Collator('en', { numeric: true }).compare;
  const inTreeOrder = (names: string[]) =>
    [...names].sort((a, b) => {
      const x = a.split('/');
      const y = b.split('/');
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return natural(x[i]!, y[i]!);
      return 0;
    });

  beforeAll(async () => {
    const account = await parameterAccountDataDir({ parameters: COUNT, applications: 10, environments: 40 });
    listed = account.parameters;
    web = await startWebConsole(['--data-dir', account.dataDir]);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    page.setDefaultTimeout(30_000);
    page.on('request', (request) => {
      if (request.url().endsWith('/rpc/ssm.getValues'))
        valueNames.push(...((JSON.parse(request.postData() ?? '{}') as { names?: string[] }).names ?? []));
    });
    await page.goto(web.url);
    await page.getByRole('combobox', { name: 'Profile' }).selectOption('sandbox');
  });
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  const treeItems = () => tree().getByRole('treeitem').count();

  it('keeps a window of rows in the DOM and reads values only for rows in view', async () => {
    expect(listed).toHaveLength(COUNT);
    await openSection('Parameters');
    await status().filter({ hasText: '3,000 parameters (60 DescribeParameters calls)' }).waitFor();
    // Past 500 parameters only the top level starts open.
    const [, application, stage] = inTreeOrder(listed.map((p) => p.name))[0]!.split('/');
    await row(`/${application}/`).waitFor();
    expect(await row(`/${application}/`).getAttribute('aria-expanded')).toBe('true');
    expect(await row(`/${application}/${stage}/`).getAttribute('aria-expanded')).toBe('false');

    await page.getByRole('button', { name: 'Expand all' }).click();
    await tree().locator('[aria-level="4"]').first().waitFor();
    const inDom = await treeItems();
    expect(inDom).toBeGreaterThan(10);
    expect(inDom).toBeLessThanOrEqual(100);

    // The String rows in view get their values; nothing else is read, and never a SecureString.
    await page.waitForFunction(
      () => ![...document.querySelectorAll('[role="tree"] code.parameter-value')].some((c) => c.textContent === '…'),
    );
    const secure = new Set(listed.filter((p) => p.type === 'SecureString').map((p) => p.name));
    expect(valueNames.length).toBeGreaterThan(0);
    expect(valueNames.length).toBeLessThanOrEqual(inDom);
    expect(valueNames.filter((n) => secure.has(n))).toEqual([]);
  });

  it('says where each row sits, though only a window of rows is in the DOM', async () => {
    // One folder's parameters, found by path: each row knows its level, its place and its folder's size.
    const folder = listed[0]!.name.slice(0, listed[0]!.name.lastIndexOf('/') + 1);
    const inFolder = inTreeOrder(listed.filter((p) => p.name.startsWith(folder)).map((p) => p.name));
    await page.getByRole('searchbox', { name: 'Filter parameters' }).fill(folder);
    const first = row(inFolder[0]!);
    await first.waitFor();
    expect(await first.getAttribute('aria-level')).toBe('4');
    expect(await first.getAttribute('aria-posinset')).toBe('1');
    expect(await first.getAttribute('aria-setsize')).toBe(String(inFolder.length));
    await page.getByRole('searchbox', { name: 'Filter parameters' }).fill('');
  });

  it('reaches the last row with End and the first with Home, far out of view', async () => {
    const ordered = inTreeOrder(listed.map((p) => p.name));
    await row(`/${ordered[0]!.split('/')[1]}/`).focus();
    await page.keyboard.press('End');
    await focusIsOn(ordered[ordered.length - 1]!);
    await page.keyboard.press('Home');
    await focusIsOn(`/${ordered[0]!.split('/')[1]}/`);
    expect(await treeItems()).toBeLessThanOrEqual(100);
  });

  it('filters thousands of rows by text and type', async () => {
    const matching = listed.filter((p) => p.name.toLowerCase().includes('/prod/'));
    await page.getByRole('searchbox', { name: 'Filter parameters' }).fill('/PROD/');
    await status()
      .filter({ hasText: `${matching.length.toLocaleString('en-US')} of 3,000 parameters match` })
      .waitFor();
    const secure = matching.filter((p) => p.type === 'SecureString').length;
    await page.getByRole('combobox', { name: 'Filter by type' }).selectOption('SecureString');
    await status()
      .filter({ hasText: `${secure.toLocaleString('en-US')} of 3,000 parameters match` })
      .waitFor();
    expect(await treeItems()).toBeLessThanOrEqual(100);
  });
});
