import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStoredZip, listZipEntries, zipEntryData, ZipFormatError } from '../../../src/shared/zip';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trellis-zip-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function python(script: string, ...args: string[]): string {
  return execFileSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
}

describe('listZipEntries', () => {
  it('reads a deflated archive written by Python zipfile, folders and comment included', () => {
    const file = join(dir, 'bundle.zip');
    python(
      [
        'import sys, zipfile',
        'with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:',
        '    z.writestr("FlaskApp/", "")',
        '    z.writestr("FlaskApp/application.py", "from flask import Flask\\n" * 50)',
        '    z.writestr("Deploy/app.ini", "[uwsgi]\\n")',
        '    z.writestr("données.txt", "é")',
        '    z.comment = b"made by python"',
      ].join('\n'),
      file,
    );
    const entries = listZipEntries(new Uint8Array(readFileSync(file)));
    expect(entries.map((e) => e.path)).toEqual([
      'FlaskApp/',
      'FlaskApp/application.py',
      'Deploy/app.ini',
      'données.txt',
    ]);
    expect(entries[0]?.isDirectory).toBe(true);
    expect(entries[1]).toMatchObject({ isDirectory: false, size: 24 * 50 });
    expect(entries[1]?.compressedSize).toBeLessThan(entries[1]?.size ?? 0);
  });

  it('works on a subarray view that does not start at offset 0 of its buffer', () => {
    const zip = createStoredZip([{ path: 'a.txt', content: 'a' }]);
    const padded = new Uint8Array(zip.length + 7);
    padded.set(zip, 7);
    expect(listZipEntries(padded.subarray(7)).map((e) => e.path)).toEqual(['a.txt']);
  });

  it('rejects garbage with a specific message', () => {
    expect(() => listZipEntries(new Uint8Array([1, 2, 3]))).toThrow(/shorter than the 22-byte/);
    expect(() => listZipEntries(new TextEncoder().encode('x'.repeat(1000)))).toThrow(ZipFormatError);
    expect(() => listZipEntries(new TextEncoder().encode('x'.repeat(1000)))).toThrow(/no end-of-central-directory/);
  });

  it('rejects a truncated archive whose central directory is gone', () => {
    const zip = createStoredZip([{ path: 'application.py', content: 'print(1)' }]);
    const broken = zip.slice();
    // Point the directory offset past the end record.
    new DataView(broken.buffer).setUint32(broken.length - 6, broken.length, true);
    expect(() => listZipEntries(broken)).toThrow(/overlaps the end record/);
    const wrongSignature = zip.slice();
    const directoryOffset = new DataView(zip.buffer).getUint32(zip.length - 6, true);
    wrongSignature[directoryOffset] = 0;
    expect(() => listZipEntries(wrongSignature)).toThrow(/entry 1 of 1 .* no valid header/);
  });

  it('says clearly that ZIP64 is not supported', () => {
    const zip = createStoredZip([{ path: 'a', content: 'a' }]);
    new DataView(zip.buffer).setUint16(zip.length - 12, 0xffff, true);
    expect(() => listZipEntries(zip)).toThrow(/ZIP64 archives are not supported/);
  });
});

describe('createStoredZip', () => {
  it('produces an archive that Python zipfile validates (CRC checked) and unzip lists', () => {
    const file = join(dir, 'made.zip');
    writeFileSync(
      file,
      createStoredZip([
        { path: 'application.py', content: 'application = None\n' },
        { path: 'requirements.txt', content: 'flask==3.0.0\n' },
        { path: '.ebextensions/', content: '' },
        { path: 'bin.dat', content: new Uint8Array([0, 255, 10, 13]) },
      ]),
    );
    const out = python(
      [
        'import sys, zipfile, json',
        'z = zipfile.ZipFile(sys.argv[1])',
        'assert z.testzip() is None',
        'print(json.dumps({i.filename: z.read(i).hex() for i in z.infolist()}))',
      ].join('\n'),
      file,
    );
    expect(JSON.parse(out)).toEqual({
      'application.py': Buffer.from('application = None\n').toString('hex'),
      'requirements.txt': Buffer.from('flask==3.0.0\n').toString('hex'),
      '.ebextensions/': '',
      'bin.dat': '00ff0a0d',
    });
    const listing = execFileSync('unzip', ['-l', file], { encoding: 'utf8' });
    expect(listing).toContain('requirements.txt');
  });

  it('round-trips through listZipEntries', () => {
    const entries = listZipEntries(
      createStoredZip([
        { path: 'FlaskApp/', content: '' },
        { path: 'FlaskApp/application.py', content: 'x' },
      ]),
    );
    expect(entries).toEqual([
      { path: 'FlaskApp/', size: 0, compressedSize: 0, isDirectory: true, method: 0, localHeaderOffset: 0 },
      {
        path: 'FlaskApp/application.py',
        size: 1,
        compressedSize: 1,
        isDirectory: false,
        method: 0,
        // The first entry's 30-byte local header plus its 9-byte name.
        localHeaderOffset: 39,
      },
    ]);
  });

  it('hands back each entry’s stored bytes, and refuses an offset that is not a local header', () => {
    const zip = createStoredZip([
      { path: 'a.py', content: 'first' },
      { path: 'pkg/b.py', content: 'second file' },
    ]);
    const entries = listZipEntries(zip);
    expect(entries.map((e) => new TextDecoder().decode(zipEntryData(zip, e)))).toEqual(['first', 'second file']);
    const second = entries[1];
    if (!second) throw new Error('two entries expected');
    expect(() => zipEntryData(zip, { ...second, localHeaderOffset: 3 })).toThrow(/pkg\/b.py has no local header/);
    expect(() => zipEntryData(zip, { ...second, compressedSize: zip.length })).toThrow(/runs past the end/);
  });
});
