/**
 * Secrets never land in a file. Web mode runs with its own HOME, data
 * directory and Chromium profile, all in one temporary tree, and its stdout
 * and stderr (the embedded sandbox's too) are captured to files there. In
 * Chromium the test reveals SecureStrings and a secret environment property,
 * runs change plans that write secrets (a new SecureString, an overwrite, a
 * restored version, an undo, a secret property added and one edited), views
 * and saves instance logs, copies the CLI equivalents, exports the
 * Parameters view as CSV, signs a static-key profile's requests, sends
 * secret-bearing bad RPC bodies, then kills main with SIGABRT. It then scans
 * every file in that tree for every plaintext used, plain (UTF-8 and
 * UTF-16), base64 (at any byte alignment) and URL-encoded, and expects no hit.
 *
 * The sandbox's state file and its change log are the "AWS" side, which
 * holds parameter values and environment properties by design: they are
 * left out of the count (their hits are printed, for the record).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { refreshUntilSummary, sandboxEndpointOf } from '../support/environmentPage';
import { openEnvironmentLogs, requestLogsUntilShown } from '../support/logsViewer';
import { TRAINING_LAB } from '../support/sandbox';
import { filesUnder, scanFiles } from '../support/secretForms';
import { advanceSandboxClock } from '../support/trainingLabFixes';

const BROKEN = TRAINING_LAB.learnerEnvironment.environmentName;
const RDS_PASSWORD = '/flaskapp/flaskenv/RDS_PASSWORD';
const NEW_SECURE = '/flaskapp/flaskenv/DB_PASSWORD';

/** Seeded plaintexts (src/sandbox/scenarios/trainingLabParameters.ts and trainingLabBeanstalk.ts). */
const SEEDED = {
  rdsPassword: 'Fl4sk&oRds#Pg2024',
  rdsPasswordV1: 'Lab-Initial-Pw-2024',
  appSecret: 'b7c1e0f4a9d24e3f8c6a51d2e9f07a3c',
  photosDbPassword: 'ShowMeTheMoney2018',
  photosFlaskSecret: 'asdfwe2342s',
  envDatabasePassword: '1W4&IK%oDoKQpKGQ',
};
/** Written by this test's plans. */
const WRITTEN = {
  putSecure: 'Scan-Canary&Put#7f3a9Q',
  overwriteSecure: 'Scan-Canary&Over%2Bw8',
  envAdded: 'Env-Canary&DbPw#4471',
  envEdited: 'Env-Canary&Edit/5k2=',
};
/** Keys: the static-key profile's secret, and the sandbox's built-in admin secret. */
const KEYS = {
  labUserSecret: TRAINING_LAB.userCredentials.secretAccessKey,
  sandboxAdminSecret: 'trellis-sandbox-practice-only-not-secret',
};
const SECRETS: Record<string, string> = { ...SEEDED, ...WRITTEN, ...KEYS };

let root: string;
const dirs = { home: '', data: '', downloads: '', browser: '', output: '' };
let main: ChildProcess;
let mainExit: Promise<NodeJS.Signals | number | null>;
let outputWritten: Promise<void>;
let origin = '';
let token = '';
let context: BrowserContext;
let page: Page;
let savedFiles = 0;
let failed = false;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Web mode with HOME, data dir and the shared AWS files all under `root`; stdout and stderr kept in files there. */
async function startMain(sandboxPort: number): Promise<void> {
  const env: NodeJS.ProcessEnv = {};
  // Nothing from the developer's AWS environment: the console reads only ~/.aws under the temporary HOME.
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_') && !k.startsWith('TRELLIS_')) env[k] = v;
  env.HOME = dirs.home;
  main = spawn(
    process.execPath,
    ['out/main/web.js', '--port', '0', '--data-dir', dirs.data, '--sandbox-port', String(sandboxPort)],
    { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: process.cwd() },
  );
  // Each capture file is complete once its stream has been flushed after main's exit.
  outputWritten = Promise.all(
    (['stdout', 'stderr'] as const).map((name) => {
      const file = createWriteStream(join(dirs.output, `main.${name}`));
      main[name]?.pipe(file);
      return new Promise<void>((resolve) => file.once('close', () => resolve()));
    }),
  ).then(() => undefined);
  mainExit = new Promise((resolve) => main.once('exit', (code, signal) => resolve(signal ?? code)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('web mode printed no URL within 30 s')), 30_000);
    main.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /open (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void mainExit.then((how) => reject(new Error(`web mode exited (${String(how)}) before printing its URL`)));
  });
  origin = new URL(url).origin;
  token = new URL(url).hash.replace('#token=', '');
  context = await chromium.launchPersistentContext(dirs.browser, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
    downloadsPath: join(dirs.downloads, 'chromium'),
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  await page.goto(url);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'trellis-secrets-'));
  for (const name of Object.keys(dirs) as (keyof typeof dirs)[]) mkdirSync((dirs[name] = join(root, name)));
  const sandboxPort = await freePort();
  // A static-key profile (the lab user's own key) beside the built-in sandbox profile, in the default ~/.aws files.
  mkdirSync(join(dirs.home, '.aws'));
  writeFileSync(
    join(dirs.home, '.aws', 'config'),
    `[profile lab-user]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:${sandboxPort}\n`,
  );
  writeFileSync(
    join(dirs.home, '.aws', 'credentials'),
    `[lab-user]\naws_access_key_id = ${TRAINING_LAB.userCredentials.accessKeyId}\naws_secret_access_key = ${KEYS.labUserSecret}\n`,
  );
  await startMain(sandboxPort);
  await page.getByRole('combobox', { name: 'Profile' }).selectOption('sandbox');
});
afterAll(async () => {
  await context?.close().catch(() => undefined);
  if (main && main.exitCode === null && main.signalCode === null) main.kill('SIGKILL');
  // A failed run's tree is kept for a look at what leaked where.
  if (root && !failed) await rm(root, { recursive: true, force: true });
});

const review = () => page.getByRole('dialog', { name: 'Review change' });

async function openSection(name: 'Parameters' | 'Journal' | 'Beanstalk'): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name }).click();
}

/** What a user pastes after pressing a Copy button, kept as a file (a note, a ticket) in the downloads folder. */
async function copyToFile(button: Locator, name: string): Promise<void> {
  await button.click();
  const text = await page.evaluate(() => navigator.clipboard.readText());
  expect(text.length).toBeGreaterThan(0);
  await writeFile(join(dirs.downloads, name), text);
  savedFiles++;
}

async function saveDownload(click: () => Promise<void>, name: string): Promise<string> {
  const download = page.waitForEvent('download');
  await click();
  const path = join(dirs.downloads, name);
  await (await download).saveAs(path);
  savedFiles++;
  return readFile(path, 'utf8');
}

/**
 * Copies the preview's CLI, applies it and waits for its verification. With the sandbox's endpoint, its clock
 * moves on while the apply waits (a plan that updates an environment verifies once EB has applied it).
 */
async function applyReviewed(what: string, endpoint?: string): Promise<void> {
  await review().getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();
  await copyToFile(review().getByRole('button', { name: 'Copy AWS CLI equivalent' }), `cli-${what}.txt`);
  await review().getByRole('button', { name: 'Apply' }).click();
  const close = review().getByRole('button', { name: 'Close' });
  for (let i = 0; endpoint && i < 60 && !(await close.isVisible()); i += 1) {
    await advanceSandboxClock(endpoint, 10_000);
    await page.waitForTimeout(250);
  }
  await review()
    .getByText(/^Verified: /)
    .first()
    .waitFor();
  await review().getByRole('button', { name: 'Close' }).click();
  await review().waitFor({ state: 'detached' });
}

const paramRow = (name: string) =>
  page.getByRole('tree', { name: 'Parameters by path' }).getByRole('treeitem', { name, exact: true });

async function reveal(name: string, plaintext: string): Promise<void> {
  await paramRow(name)
    .getByRole('button', { name: `Reveal ${name}` })
    .click();
  await paramRow(name).getByText(plaintext, { exact: true }).waitFor();
}

async function editParameter(name: string | null, value: string): Promise<void> {
  const open = name
    ? page.getByRole('region', { name: `Parameter ${name}` }).getByRole('button', { name: 'Edit', exact: true })
    : page.getByRole('button', { name: 'New parameter' });
  await open.click();
  const editor = page.getByRole('dialog', { name: name ? `Edit ${name}` : 'New parameter' });
  if (!name) {
    await editor.getByRole('textbox', { name: 'Name' }).fill(NEW_SECURE);
    await editor.getByRole('combobox', { name: 'Type' }).selectOption('SecureString');
  }
  await editor.getByRole('textbox', { name: 'Value' }).fill(value);
  await editor.getByRole('button', { name: 'Review change' }).click();
}

/** Scans `files` for every secret of this test; hits name the file relative to the run's tree. */
const scan = (files: string[]) => scanFiles(files, SECRETS, root);

/** The sandbox's own documents: the AWS side, which holds what AWS would hold. */
const AWS_SIDE = /^data\/sandbox-state\.json(\.log)?$/;
/** The test's own input: the credentials file it wrote for the static-key profile. */
const INPUTS = new Set(['home/.aws/credentials']);

describe('secrets scan', () => {
  it('leaves no secret in any file the console, its sandbox or its browser wrote', async () => {
    onTestFailed(async () => {
      failed = true;
      await page?.screenshot({ path: join(root, 'failure.png'), fullPage: true }).catch(() => undefined);
      console.log(`secrets scan: the run's files are kept in ${root}`);
    });
    // Parameters: reveal every seeded secret, then write three through plans.
    await openSection('Parameters');
    await page.getByRole('heading', { name: 'Parameters', level: 1 }).waitFor();
    await paramRow(RDS_PASSWORD).waitFor();
    await reveal(RDS_PASSWORD, SEEDED.rdsPassword);
    await reveal('/flaskapp/flaskenv/APP_SECRET', SEEDED.appSecret);
    await reveal('/photos/dev/DATABASE_PASSWORD', SEEDED.photosDbPassword);
    await reveal('/photos/dev/FLASK_SECRET', SEEDED.photosFlaskSecret);

    await paramRow(RDS_PASSWORD).click();
    const detail = page.getByRole('region', { name: `Parameter ${RDS_PASSWORD}` });
    await detail.getByRole('button', { name: 'History' }).click();
    await detail.getByRole('button', { name: `Restore version 1 of ${RDS_PASSWORD}` }).click();
    await applyReviewed('restore');
    await reveal(RDS_PASSWORD, SEEDED.rdsPasswordV1);

    await editParameter(null, WRITTEN.putSecure);
    await applyReviewed('put');
    await reveal(NEW_SECURE, WRITTEN.putSecure);
    await editParameter(NEW_SECURE, WRITTEN.overwriteSecure);
    await applyReviewed('overwrite');
    await reveal(NEW_SECURE, WRITTEN.overwriteSecure);

    const csv = await saveDownload(() => page.getByRole('button', { name: 'Export CSV' }).click(), 'parameters.csv');
    expect(csv.split('\r\n')[0]).toBe('Name,Type,Version,Last modified');
    expect(csv).toContain(`${NEW_SECURE},SecureString,2,`);
    expect(csv).toContain(`${RDS_PASSWORD},SecureString,3,`);
    // Not even the String values, which the view shows without asking.
    expect(csv).not.toMatch(/WARNING|edx-photos-uploads|enabled/);
    expect(csv.trim().split('\r\n')).toHaveLength(1 + 13);

    // The overwrite undone from the Journal: main re-writes the value it held in memory.
    await openSection('Journal');
    await page.getByRole('heading', { name: 'Journal', level: 1 }).waitFor();
    await page.getByRole('button', { name: `Undo Overwrite parameter ${NEW_SECURE}` }).click();
    await applyReviewed('undo');

    // Beanstalk: reveal the plain-text password property, add a secret property, edit the revealed one.
    const endpoint = await sandboxEndpointOf({ url: '', origin, token, dataDir: dirs.data, stop: async () => {} });
    await openSection('Beanstalk');
    await page.getByRole('table', { name: 'Environments' }).getByRole('link', { name: BROKEN, exact: true }).click();
    await page.getByRole('heading', { name: BROKEN, level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Configuration' }).click();
    const properties = page.getByRole('table', { name: 'Environment properties' });
    const password = properties.getByRole('row', { name: /^DATABASE_PASSWORD\b/ });
    await password.getByRole('button', { name: 'Reveal DATABASE_PASSWORD' }).click();
    await password.getByText(SEEDED.envDatabasePassword, { exact: true }).waitFor();

    const add = page.getByRole('form', { name: 'Add a property' });
    await add.getByRole('textbox', { name: 'New property name' }).fill('DB_PASSWORD');
    await add.getByRole('textbox', { name: 'New property value' }).fill(WRITTEN.envAdded);
    await add.getByRole('button', { name: 'Add property' }).click();
    await applyReviewed('env-add');
    await refreshUntilSummary(page, endpoint);
    await page.getByRole('tab', { name: 'Configuration' }).click();
    await password.getByRole('button', { name: 'Edit DATABASE_PASSWORD' }).click();
    // A secret property's editor is a password field, which has no textbox role.
    await page.getByLabel('New value for DATABASE_PASSWORD').fill(WRITTEN.envEdited);
    await page.getByRole('button', { name: 'Review change' }).click();
    await applyReviewed('env-edit');
    await refreshUntilSummary(page, endpoint);

    // The Doctor moves both plain secret properties to SecureString parameters (F11) in one composite plan.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Diagnostics' }).click();
    await page.getByRole('heading', { name: 'Diagnostics', level: 1 }).waitFor();
    await page.getByRole('button', { name: /^(Scan|Scan again)$/ }).click();
    await page.getByRole('button', { name: 'Scan again' }).and(page.locator(':not([aria-busy])')).waitFor();
    const plainSecrets = `${BROKEN}: DATABASE_PASSWORD, DB_PASSWORD sit in plain environment properties`;
    await page.getByRole('link', { name: plainSecrets, exact: true }).first().click();
    await page.getByRole('article', { name: `Finding: ${plainSecrets}` }).waitFor();
    await page.getByRole('button', { name: 'Preview: Move 2 secrets to SSM Parameter Store' }).click();
    await applyReviewed('doctor-move', endpoint);

    // Instance logs, once the environment is Ready again: shown, saved and copied.
    const panel = await openEnvironmentLogs(page, BROKEN);
    await refreshUntilSummary(page, endpoint);
    await requestLogsUntilShown(page, endpoint, 'Last 100 lines', BROKEN);
    const logs = await saveDownload(() => panel.getByRole('button', { name: 'Save to file' }).click(), 'logs.txt');
    expect(logs).toMatch(/\/var\/log\//);
    await copyToFile(panel.getByRole('button', { name: 'Copy all logs' }), 'logs-copied.txt');

    // The static-key profile signs requests (its key read from ~/.aws/credentials), then back to the sandbox.
    await page.getByRole('combobox', { name: 'Profile' }).selectOption('lab-user');
    await openSection('Parameters');
    await page.getByRole('heading', { name: 'Parameters', level: 1 }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: / parameters? / })
      .or(page.getByRole('alert'))
      .first()
      .waitFor();
    await page.getByRole('combobox', { name: 'Profile' }).selectOption('sandbox');

    // Bad bodies that carry secrets: each refused as data, none may be echoed to a log.
    for (const body of [
      {
        target: { profile: 'sandbox', region: 'us-east-1' },
        intent: { kind: 'ssm.putParameter', name: NEW_SECURE, type: 'Nope', value: WRITTEN.putSecure, overwrite: true },
      },
      {
        target: { profile: 'sandbox', region: 'us-east-1' },
        intent: {
          kind: 'ssm.putParameter',
          name: 'bad name',
          type: 'SecureString',
          value: WRITTEN.putSecure,
          overwrite: true,
        },
      },
      `{"intent":{"value":"${WRITTEN.overwriteSecure}"`,
    ]) {
      const res = await fetch(`${origin}/rpc/changes.plan`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-trellis-token': token },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      expect(text).toMatch(/"ok":false/);
    }

    // Crash output: main (and the sandbox inside it) killed with SIGABRT.
    await context.close();
    main.kill('SIGABRT');
    expect(await mainExit).toBe('SIGABRT');
    await outputWritten;

    const all = await filesUnder(root);
    const awsSide = all.filter((f) => AWS_SIDE.test(relative(root, f)));
    const files = all.filter((f) => !AWS_SIDE.test(relative(root, f)) && !INPUTS.has(relative(root, f)));
    const { bytes, hits } = await scan(files);
    const names = files.map((f) => relative(root, f));
    // The scan covers what the run produced: journal, settings, stdout/stderr, the saved and copied files, the browser profile.
    expect(names).toEqual(
      expect.arrayContaining([
        'data/journal.jsonl',
        'output/main.stdout',
        'output/main.stderr',
        'downloads/parameters.csv',
      ]),
    );
    expect(savedFiles).toBe(10);
    const recorded = (await scan(awsSide)).hits;
    // The scanner finds what is there: the AWS side holds the properties, the credentials file its key,
    // and a control file each secret base64-encoded off its alignment and URL-encoded.
    expect(recorded.map((h) => h.secret)).toEqual(expect.arrayContaining(['envAdded', 'envEdited']));
    expect((await scan([join(dirs.home, '.aws', 'credentials')])).hits.map((h) => h.secret)).toEqual(['labUserSecret']);
    const control = join(root, 'control.txt');
    const lowerHex = (v: string) => encodeURIComponent(v).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
    await writeFile(
      control,
      Object.values(SECRETS)
        .map((v) => `x${Buffer.from(`ab${v}`).toString('base64')}\n${lowerHex(v)}`)
        .join('\n'),
    );
    const controlHits = (await scan([control])).hits;
    const found = (encoding: string) =>
      new Set(controlHits.filter((h) => h.encoding === encoding).map((h) => h.secret));
    expect(found('base64').size).toBe(Object.keys(SECRETS).length);
    expect(found('url').size).toBe(Object.keys(SECRETS).length);
    console.log(
      `AWS side (not counted): ${awsSide.map((f) => relative(root, f)).join(', ')}: ${recorded.length} expected hit(s) of ${new Set(recorded.map((h) => h.secret)).size} secret(s)`,
    );
    console.log(
      `secrets scan: ${files.length} files, ${bytes} bytes, ${Object.keys(SECRETS).length} secrets × 3 encodings, hits: ${hits.length}`,
    );
    // Named by file and offset, never by the secret's text.
    const report = hits.map((h) => `${h.file} @ ${h.offset}: ${h.secret} (${h.encoding})`);
    expect(report).toEqual([]);
  }, 300_000);
});
