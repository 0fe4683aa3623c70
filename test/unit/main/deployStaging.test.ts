import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { listFolder, zipFolder } from '../../../src/main/deploy/folderSource';
import { StagedBundleStore } from '../../../src/main/deploy/stagedBundles';
import { UploadSessions } from '../../../src/main/deploy/uploadSessions';
import { moveToRoot } from '../../../src/main/deploy/rebundle';
import { labelFor } from '../../../src/main/deploy/versionLabels';
import { inspectZip } from '../../../src/main/deploy/zipInspection';
import { listZipEntries, zipEntryData } from '../../../src/shared/zip';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trellis-deploy-unit-'));
});

function tree(root: string, files: Record<string, string>): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const message = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('folder bundles', () => {
  it('honours .ebignore as the EB CLI does and zips the contents at the root, deterministically', async () => {
    const root = tree(join(dir, 'FlaskApp'), {
      'application.py': 'application = 1\n',
      'requirements.txt': 'flask\n',
      'templates/index.html': '<h1/>',
      'config.pyc': 'x',
      'notes.txt~': 'backup',
      'venv/lib/site.py': 'x',
      'data/keep.csv': 'a,b',
      'data/drop.csv': 'c,d',
      '.elasticbeanstalk/config.yml': 'x',
      '.git/HEAD': 'ref',
      '.ebignore': '*.pyc\nvenv/\ndata/*\n!data/keep.csv\n',
    });
    symlinkSync('/etc/passwd', join(root, 'passwd-link'));
    const listing = await listFolder(root);
    expect(listing.usesEbignore).toBe(true);
    // .git is kept: with a .ebignore, the EB CLI ships it unless .ebignore names it.
    expect(listing.files.map((f) => f.path)).toEqual([
      '.git/HEAD',
      'application.py',
      'data/keep.csv',
      'requirements.txt',
      'templates/index.html',
    ]);
    expect(listing.ignored).toEqual([
      '.ebignore',
      '.elasticbeanstalk/',
      'config.pyc',
      'data/drop.csv',
      'notes.txt~',
      'passwd-link (symbolic link, not followed)',
      'venv/',
    ]);

    const one = await zipFolder(root, listing, join(dir, 'one.zip'), 'FlaskApp');
    const two = await zipFolder(root, listing, join(dir, 'two.zip'), 'FlaskApp');
    expect(one.sha256).toBe(two.sha256);
    const bytes = readFileSync(join(dir, 'one.zip'));
    expect(one.sizeBytes).toBe(bytes.length);
    expect(listZipEntries(bytes).map((e) => e.path)).toEqual(listing.files.map((f) => f.path));
    const inflated = inspectZip(bytes, 'one.zip', { keepData: true }).files;
    expect(new TextDecoder().decode(inflated.find((f) => f.path === 'application.py')!.data)).toBe('application = 1\n');
  });

  it("deflates data that trips fflate 0.8.3's streaming deflater into a zip zlib can read back", async () => {
    // A linear congruential generator's low bytes, 5,000,000 draws in: fflate's Deflate stream
    // emits a back-reference past its window on these 256 KiB ("invalid distance too far back").
    let seed = 1;
    const draw = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256;
    for (let i = 0; i < 5_000_000; i += 1) draw();
    const data = Buffer.alloc(256 * 1024);
    for (let i = 0; i < data.length; i += 1) data[i] = draw();
    const root = join(dir, 'model');
    mkdirSync(root);
    writeFileSync(join(root, 'weights.bin'), data);
    await zipFolder(root, await listFolder(root), join(dir, 'model.zip'), 'model');
    const bytes = readFileSync(join(dir, 'model.zip'));
    const [entry] = listZipEntries(bytes);
    expect(inflateRawSync(zipEntryData(bytes, entry!)).equals(data)).toBe(true);
    // And the inspection, which inflates with fflate, reads the same bytes back.
    expect(Buffer.from(inspectZip(bytes, 'model.zip', { keepData: true }).files[0]!.data!).equals(data)).toBe(true);
  });

  it('without .ebignore leaves out only .git/ and .elasticbeanstalk/', async () => {
    const root = tree(join(dir, 'app'), {
      'application.py': 'x',
      '.gitignore': 'secret.txt\n',
      'secret.txt': 'kept: .gitignore is not .ebignore',
      '.git/config': 'x',
      'sub/.elasticbeanstalk/x': 'x',
      'backup~': 'kept too',
    });
    const listing = await listFolder(root);
    expect(listing.files.map((f) => f.path)).toEqual(['.gitignore', 'application.py', 'backup~', 'secret.txt']);
    expect(listing.ignored).toEqual(['.git/', 'sub/.elasticbeanstalk/']);
  });

  it('says plainly when the folder is missing or is a file', async () => {
    expect(await message(listFolder(join(dir, 'nope')))).toBe(`The folder ${join(dir, 'nope')} does not exist.`);
    writeFileSync(join(dir, 'app.zip'), 'x');
    expect(await message(listFolder(join(dir, 'app.zip')))).toBe(
      `${join(dir, 'app.zip')} is a file, not a folder. To deploy a .zip, choose it as a .zip instead.`,
    );
  });
});

describe('staged bundle store', () => {
  it('keeps bundles private, reads them back, and removes day-old ones at start', async () => {
    const store = new StagedBundleStore(dir);
    expect(statSync(store.dir).mode & 0o777).toBe(0o700);
    const partial = store.partialPath();
    writeFileSync(partial, 'zip bytes');
    const bundle = await store.commit(partial, {
      origin: 'folder app',
      kind: 'folder',
      stem: 'app',
      sizeBytes: 9,
      sha256: 'a'.repeat(64),
      files: [{ path: 'application.py', size: 1 }],
    });
    const read = await store.read(bundle.id);
    expect(new TextDecoder().decode(read.bytes)).toBe('zip bytes');
    expect(read.bundle).toEqual(bundle);

    writeFileSync(store.partialPath(), 'left by a crash');
    const old = new Date(Date.now() - 25 * 60 * 60 * 1000);
    for (const name of readdirSync(store.dir))
      if (name.startsWith(bundle.id)) utimesSync(join(store.dir, name), old, old);
    const restarted = new StagedBundleStore(dir);
    expect(readdirSync(restarted.dir)).toEqual([]);
    expect(await message(restarted.read(bundle.id))).toBe(
      `The staged bundle ${bundle.id} is gone: it was discarded, or is older than 24 hours. Choose the source again.`,
    );
    expect(await restarted.discard(bundle.id)).toBe(false);
  });
});

describe('upload sessions', () => {
  const body = (text: string) => Readable.from([Buffer.from(text)]);
  let sessions: UploadSessions;

  it('streams files into the session folder and refuses paths that would leave it', async () => {
    sessions = new UploadSessions(dir, Date.now, { maxBytes: 100, maxFiles: 3 });
    const { uploadId } = sessions.begin('folder', 'FlaskApp');
    expect(await sessions.receive(uploadId, 'templates/index.html', body('<h1/>'))).toEqual({
      path: 'templates/index.html',
      size: 5,
      totalBytes: 5,
      fileCount: 1,
    });
    const refusals: [string, RegExp][] = [
      ['../outside.py', /climbs out of the bundle root/],
      ['/etc/passwd', /absolute path/],
      ['a\\b.py', /backslashes/],
      ['a/./b.py', /empty or "\." path segment/],
      ['a\0b', /NUL character/],
      ['templates/index.html', /already uploaded/],
      ['templates/index.html/x', /cannot both exist/],
    ];
    for (const [path, reason] of refusals) {
      expect(await message(sessions.receive(uploadId, path, body('x'))), path).toMatch(reason);
    }
    expect(readdirSync(join(sessions.dir, uploadId))).toEqual(['templates']);
  });

  it('counts bytes and files against the limits, deleting a file that went over', async () => {
    sessions = new UploadSessions(dir, Date.now, { maxBytes: 10, maxFiles: 2 });
    const { uploadId } = sessions.begin('folder', 'app');
    await sessions.receive(uploadId, 'a.py', body('123456'));
    expect(await message(sessions.receive(uploadId, 'b.py', body('1234567')))).toMatch(/^app is over 0\.0 MB/);
    expect(readdirSync(join(sessions.dir, uploadId))).toEqual(['a.py']);
    expect(await message(sessions.receive(uploadId, 'c.py', body('x'), 50))).toMatch(/^app is over/);
    await sessions.receive(uploadId, 'b.py', body('1'));
    expect(await message(sessions.receive(uploadId, 'c.py', body('1')))).toMatch(/already has 2 files/);

    const zip = sessions.begin('zip', 'app.zip');
    await sessions.receive(zip.uploadId, 'app.zip', body('PK'));
    expect(await message(sessions.receive(zip.uploadId, 'other.zip', body('PK')))).toBe(
      'A .zip upload is one file, and app.zip was already sent.',
    );
    sessions.take(zip.uploadId);
    expect(await message(sessions.receive(zip.uploadId, 'again.zip', body('PK')))).toMatch(/^No upload .* is open/);
  });
});

describe('re-bundle layout', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it('moves the app folder to the root, keeps root files and EB configuration, and lists what it drops', () => {
    const moved = moveToRoot(
      [
        { path: 'Deploy/app.ini', size: 1, data: bytes('i') },
        { path: 'FlaskApp/application.py', size: 1, data: bytes('a') },
        { path: 'FlaskApp/requirements.txt', size: 1, data: bytes('r') },
        { path: '.ebextensions/env.config', size: 1, data: bytes('e') },
        { path: 'requirements.txt', size: 1, data: bytes('old') },
        { path: 'README.md', size: 1, data: bytes('m') },
      ],
      'FlaskApp',
    );
    expect(moved.files.map((f) => f.path)).toEqual([
      '.ebextensions/env.config',
      'README.md',
      'application.py',
      'requirements.txt',
    ]);
    expect(new TextDecoder().decode(moved.files[3]!.data)).toBe('r');
    expect(moved.dropped).toEqual([
      'Deploy/app.ini (left out: outside FlaskApp/)',
      'requirements.txt (left out: replaced by FlaskApp/requirements.txt)',
    ]);
  });

  it('labels are unique per second, safe for EB, and within 100 characters', () => {
    const at = new Date('2026-11-22T10:15:07.123Z');
    expect(labelFor('deploy-app', at)).toBe('deploy-app-20261122-101507');
    expect(labelFor('my app/v2', at, 1)).toBe('my-app-v2-20261122-101507-2');
    expect(labelFor('x'.repeat(200), at)).toHaveLength(100);
  });
});
