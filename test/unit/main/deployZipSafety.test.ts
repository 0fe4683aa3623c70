import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { inspectZip } from '../../../src/main/deploy/zipInspection';
import { createStoredZip } from '../../../src/shared/zip';

const CENTRAL = 0x02014b50;

/** Rewrites the uncompressed size the central directory records for entry `index`, as a lying zip would. */
function withDeclaredSize(zip: Uint8Array, index: number, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  let seen = 0;
  for (let at = 0; at + 4 <= out.length; at += 1) {
    if (view.getUint32(at, true) !== CENTRAL) continue;
    if (seen === index) {
      view.setUint32(at + 24, size, true);
      return out;
    }
    seen += 1;
  }
  throw new Error('no such entry');
}

function problem(bytes: Uint8Array, name = 'app.zip'): string {
  try {
    inspectZip(bytes, name);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('inspectZip accepted the archive');
}

const app = { 'application.py': new TextEncoder().encode('application = object()\n') };

describe('inspectZip', () => {
  it('lists a good archive with the sizes it really inflates to', () => {
    const zip = zipSync({ ...app, 'templates/index.html': new TextEncoder().encode('<h1>x</h1>') }, { level: 6 });
    const { files } = inspectZip(zip, 'app.zip', { keepData: true });
    expect(files.map((f) => [f.path, f.size])).toEqual([
      ['application.py', 23],
      ['templates/index.html', 10],
    ]);
    expect(new TextDecoder().decode(files[0]!.data)).toBe('application = object()\n');
  });

  it('names what a file is when it is not a zip', () => {
    expect(problem(new Uint8Array(), 'deploy-app.zip')).toBe('deploy-app.zip is empty (0 bytes), not a ZIP archive.');
    expect(problem(new TextEncoder().encode('print("hello")\n'))).toBe(
      'app.zip is not a ZIP archive: it looks like a text file. Elastic Beanstalk needs a .zip source bundle.',
    );
    expect(problem(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]))).toMatch(
      /^app\.zip is not a ZIP archive: it is gzip data \(a \.tar\.gz or \.gz\?\)/,
    );
  });

  it('calls a zip cut short truncated, whether the end or an entry is missing', () => {
    const zip = zipSync({ ...app, 'big.bin': new Uint8Array(50_000).map((_, i) => (i * 7919) % 251) }, { level: 0 });
    expect(problem(zip.subarray(0, Math.floor(zip.length / 2)))).toBe(
      'app.zip is truncated: it starts like a ZIP archive, but its end is missing, so the copy or download was probably cut short. Zip the app again.',
    );
  });

  it('refuses entries whose paths leave the root, each with its reason', () => {
    const cases: [string, RegExp][] = [
      ['../evil.py', /climbs out of the bundle root with \.\./],
      ['FlaskApp/../../etc/cron.d/x', /climbs out of the bundle root/],
      ['/etc/passwd', /it is an absolute path/],
      ['C:/Windows/system.ini', /starts with a drive letter/],
      ['FlaskApp\\application.py', /backslashes as folder separators/],
    ];
    for (const [path, reason] of cases) {
      const message = problem(
        createStoredZip([
          { path: 'ok.py', content: 'x' },
          { path, content: 'x' },
        ]),
      );
      expect(message, path).toContain(`app.zip has an entry whose path is unsafe, "${path}"`);
      expect(message, path).toMatch(reason);
    }
  });

  it('refuses a bomb whose headers admit it before inflating anything', () => {
    const zip = withDeclaredSize(zipSync({ 'a.bin': new Uint8Array(10) }), 0, 600 * 1024 * 1024);
    expect(problem(zip)).toBe(
      'app.zip expands past a safe size: its entries declare 600 MB in all, over 500 MB. That is a zip bomb, or a bundle Elastic Beanstalk would not unpack.',
    );
  });

  it('catches a bomb that lies about its size while inflating it', () => {
    // 40 MiB of zeros deflate to ~40 KiB; the header claims 100 bytes.
    const zip = withDeclaredSize(zipSync({ 'zeros.bin': new Uint8Array(40 * 1024 * 1024) }, { level: 9 }), 0, 100);
    expect(problem(zip)).toMatch(
      /^app\.zip expands past a safe size: zeros\.bin inflates more than 100 times its \d+-byte compressed size\./,
    );
  });

  it('catches an entry that inflates to another size than its header says', () => {
    const zip = withDeclaredSize(zipSync({ 'a.txt': new TextEncoder().encode('x'.repeat(1000)) }), 0, 10);
    expect(problem(zip)).toBe('app.zip is damaged: a.txt says it holds 10 bytes but inflates to 1000.');
  });

  it('refuses duplicate entries and encrypted ones', () => {
    expect(
      problem(
        createStoredZip([
          { path: 'a.py', content: '1' },
          { path: 'a.py', content: '2' },
        ]),
      ),
    ).toBe('app.zip has two entries named a.py; unzip would keep only one.');
    const encrypted = createStoredZip([{ path: 'secret.py', content: 'x' }]);
    new DataView(encrypted.buffer).setUint16(6, 0x0801, true);
    expect(problem(encrypted)).toBe(
      'app.zip is password-protected (secret.py is encrypted); Elastic Beanstalk cannot unzip it.',
    );
  });
});
