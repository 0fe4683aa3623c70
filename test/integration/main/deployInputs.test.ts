import { mkdirSync, mkdtempSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ChannelInput } from '../../../src/shared/contract';
import { createStoredZip } from '../../../src/shared/zip';
import { startWebServer, type RunningWebServer } from '../../../src/main/web/server';
import { consoleIn } from '../../support/appConsole';
import { deployConsole, type DeployConsole } from '../../support/deployConsole';
import { dispatch, mustCall } from '../../support/rpc';

// Every way into the staging area: the desktop dialog (a folder or a .zip)
// and web mode's upload endpoint, with each bad input refused by name and
// nothing left staged.
let d: DeployConsole;
let web: RunningWebServer;
const target = { profile: 'sandbox', region: 'us-east-1' };

const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => mustCall(d.ctx.router, channel, input);
const staged = () => readdirSync(join(d.ctx.dataDir, 'bundles'));

async function refusal<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<string> {
  const res = await dispatch(d.ctx.router, channel, input);
  if (res.ok) throw new Error(`${channel} accepted it`);
  return res.error.message;
}

function put(
  path: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: { ok: boolean; data?: unknown; error?: { code: string; message: string } } }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: web.port,
        method: 'PUT',
        path,
        headers: { host: `127.0.0.1:${web.port}`, 'x-trellis-token': web.token, ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as never }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const file = (uploadId: string, path: string) => `/upload/${uploadId}?path=${encodeURIComponent(path)}`;

beforeAll(async () => {
  d = await deployConsole();
  const staticDir = mkdtempSync(join(tmpdir(), 'trellis-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
  web = await startWebServer({ router: d.ctx.router, uploads: d.ctx.uploads, staticDir, port: 0 });
});
afterAll(async () => {
  await web?.close();
  await d?.close();
});

describe('web-mode upload endpoint', () => {
  it('streams a folder file by file, honours its .ebignore, and stages it with its contents at the root', async () => {
    const { uploadId, maxBytes, maxFiles } = await call('deploy.beginUpload', { kind: 'folder', name: 'FlaskApp' });
    expect({ maxBytes, maxFiles }).toEqual({ maxBytes: 500 * 1024 * 1024, maxFiles: 20_000 });
    const files: Record<string, string> = {
      'application.py': 'application = 1\n',
      'requirements.txt': 'flask\n',
      'templates/index.html': '<h1/>',
      '__pycache__/application.cpython-311.pyc': 'x',
      '.ebignore': '__pycache__/\n',
    };
    for (const [path, content] of Object.entries(files)) {
      const res = await put(file(uploadId, path), content);
      expect(res.status, path).toBe(200);
      expect(res.json.data).toMatchObject({ path, size: content.length });
    }
    const bundle = await call('deploy.finishUpload', { uploadId });
    expect(bundle).toMatchObject({ kind: 'folder', origin: 'folder FlaskApp', fileCount: 3 });
    expect(bundle.files.map((f) => f.path)).toEqual(['application.py', 'requirements.txt', 'templates/index.html']);
    expect(bundle.ignored).toEqual(['.ebignore', '__pycache__/']);
    // The upload folder is gone once staged.
    expect(readdirSync(join(d.ctx.dataDir, 'uploads'))).toEqual([]);
    const pre = await call('deploy.preflight', { target, environmentName: 'flask-ssm-demo-prod', bundleId: bundle.id });
    expect(pre).toMatchObject({ generation: 'gunicorn', blocking: false, applicationName: 'flask-ssm-demo' });
    expect(await refusal('deploy.finishUpload', { uploadId })).toMatch(/^No upload .* is open/);
  });

  it('checks Host, Origin and the session token as /rpc does', async () => {
    const { uploadId } = await call('deploy.beginUpload', { kind: 'folder', name: 'app' });
    expect((await put(file(uploadId, 'a.py'), 'x', { 'x-trellis-token': 'wrong' })).status).toBe(401);
    expect((await put(file(uploadId, 'a.py'), 'x', { host: 'evil.example:80' })).status).toBe(403);
    expect((await put(file(uploadId, 'a.py'), 'x', { origin: 'http://evil.example' })).status).toBe(403);
    const unknown = await put(file('00000000-0000-4000-8000-000000000000', 'a.py'), 'x');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error?.message).toMatch(/^No upload 00000000-0000-4000-8000-000000000000 is open/);
    expect(readdirSync(join(d.ctx.dataDir, 'uploads', uploadId))).toEqual([]);
  });

  it('refuses paths that escape the upload and sizes past the limit, keeping nothing of them', async () => {
    const { uploadId } = await call('deploy.beginUpload', { kind: 'folder', name: 'app' });
    for (const [path, reason] of [
      ['../../outside.py', 'it climbs out of the bundle root with ..'],
      ['/etc/cron.d/x', 'it is an absolute path'],
      ['C:/x.py', 'it starts with a drive letter'],
      ['FlaskApp\\application.py', "it uses backslashes as folder separators (Windows' Compress-Archive writes them)"],
      ['a\0b', 'the path contains a NUL character'],
    ]) {
      const res = await put(file(uploadId, path!), 'x');
      expect(res.status, path).toBe(400);
      expect(res.json.error?.message, path).toContain(reason);
    }
    // Refused from its Content-Length alone, before a byte of the body is read.
    const huge = await put(file(uploadId, 'big.bin'), 'x', { 'content-length': String(600 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.json.error?.message).toMatch(/^app is over 500 MB \(600 MB so far\)/);
    expect(readdirSync(join(d.ctx.dataDir, 'uploads', uploadId))).toEqual([]);
    const missing = await put(`/upload/${uploadId}`, 'x');
    expect(missing.status).toBe(400);
  });

  it('stages a .zip upload only when it is a real zip', async () => {
    const before = staged();
    const bad = await call('deploy.beginUpload', { kind: 'zip', name: 'deploy-app.zip' });
    expect((await put(file(bad.uploadId, 'deploy-app.zip'), 'this is not a zip\n')).status).toBe(200);
    expect(await refusal('deploy.finishUpload', { uploadId: bad.uploadId })).toBe(
      'deploy-app.zip is not a ZIP archive: it looks like a text file. Elastic Beanstalk needs a .zip source bundle.',
    );
    expect(staged()).toEqual(before);
    expect(await refusal('deploy.beginUpload', { kind: 'zip', name: 'app.tar.gz' })).toBe(
      'app.tar.gz is not a .zip file; Elastic Beanstalk source bundles are .zip archives.',
    );

    const good = await call('deploy.beginUpload', { kind: 'zip', name: 'app.zip' });
    const zip = Buffer.from(zipSync({ 'application.py': new TextEncoder().encode('application = 1\n') }));
    expect((await put(file(good.uploadId, 'app.zip'), zip)).status).toBe(200);
    expect(await call('deploy.finishUpload', { uploadId: good.uploadId })).toMatchObject({
      kind: 'zip',
      origin: 'app.zip',
      sizeBytes: zip.length,
    });
  });
});

describe('desktop sources and bad input', () => {
  const zipAt = (name: string, bytes: Uint8Array) => {
    const path = join(d.dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  async function chooseZip(path: string): Promise<string> {
    d.choose(path);
    return refusal('deploy.chooseSource', { kind: 'zip' });
  }

  it('refuses each bad .zip by name and stages nothing', async () => {
    const before = staged();
    const whole = zipSync({ 'application.py': new Uint8Array(40_000).map((_, i) => 32 + (i % 90)) }, { level: 0 });
    expect(await chooseZip(zipAt('cut.zip', whole.subarray(0, 20_000)))).toBe(
      'cut.zip is truncated: it starts like a ZIP archive, but its end is missing, so the copy or download was probably cut short. Zip the app again.',
    );
    expect(await chooseZip(zipAt('escape.zip', createStoredZip([{ path: '../../.bashrc', content: 'x' }])))).toBe(
      'escape.zip has an entry whose path is unsafe, "../../.bashrc": it climbs out of the bundle root with ... Zip the app again from inside its folder.',
    );
    const bomb = zipSync({ 'zeros.bin': new Uint8Array(40 * 1024 * 1024) }, { level: 9 });
    expect(await chooseZip(zipAt('bomb.zip', bomb))).toMatch(
      /^bomb\.zip expands past a safe size: zeros\.bin inflates more than 100 times its \d+-byte compressed size\./,
    );
    const big = join(d.dir, 'big.zip');
    writeFileSync(big, '');
    truncateSync(big, 501 * 1024 * 1024);
    expect(await chooseZip(big)).toBe('big.zip is 501 MB; Elastic Beanstalk accepts source bundles of at most 500 MB.');
    expect(await chooseZip(join(d.dir, 'none.zip'))).toBe(`The file ${join(d.dir, 'none.zip')} does not exist.`);
    expect(staged()).toEqual(before);
  });

  it('refuses a missing folder, stages an empty one that pre-flight then fails, and returns null on Cancel', async () => {
    d.choose(join(d.dir, 'no-such-folder'));
    expect(await refusal('deploy.chooseSource', { kind: 'folder' })).toBe(
      `The folder ${join(d.dir, 'no-such-folder')} does not exist.`,
    );
    mkdirSync(join(d.dir, 'empty'));
    d.choose(join(d.dir, 'empty'));
    const empty = (await call('deploy.chooseSource', { kind: 'folder' }))!;
    const pre = await call('deploy.preflight', { target, environmentName: 'Bbruceeb2-env', bundleId: empty.id });
    expect(pre.checks.find((c) => c.id === 'not-empty')).toMatchObject({
      status: 'fail',
      detail: 'There is nothing to deploy: the bundle has no files.',
    });
    d.choose(null);
    expect(await call('deploy.chooseSource', { kind: 'folder' })).toBeNull();
    expect(await call('deploy.discardBundle', { bundleId: empty.id })).toEqual({ discarded: true });
    expect(await refusal('deploy.preflight', { target, environmentName: 'Bbruceeb2-env', bundleId: empty.id })).toMatch(
      /^The staged bundle .* is gone/,
    );
  });

  it('in web mode, says to use the file input instead of a native dialog', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trellis-web-'));
    const webCtx = await consoleIn(dir, { sandbox: false });
    try {
      const res = await dispatch(webCtx.router, 'deploy.chooseSource', { kind: 'zip' });
      expect(res).toMatchObject({
        ok: false,
        error: {
          code: 'validation',
          message: 'Choosing a .zip from disk needs the desktop app. In web mode, use the file input to upload it.',
        },
      });
    } finally {
      await webCtx.close();
    }
  });
});
