/**
 * Turning EB's log objects into files: the tail text's dashed sections, the
 * bundle zip with its limits (zip bombs, lying sizes, paths outside the root),
 * and which log URLs main agrees to fetch.
 */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { downloadRefusal } from '../../../src/main/services/logs/download';
import { countLines, escapesRoot, parseTailText, unpackLogBundle } from '../../../src/main/services/logs/logFiles';
import { createStoredZip } from '../../../src/shared/zip';

const DASHES = '-'.repeat(40);
const section = (path: string, lines: string[]) => [DASHES, path, DASHES, ...lines, ''].join('\n');
const limits = { maxTotalBytes: 1024 * 1024, maxEntries: 100 };

describe('tail text', () => {
  it('splits one instance’s tail into its files, in order, with their line counts', () => {
    const text =
      section('/var/log/web.stdout.log', [
        'Nov 22 10:00:01 ip-172-31-5-9 web[2211]: Traceback (most recent call last):',
        "Nov 22 10:00:01 ip-172-31-5-9 web[2211]: KeyError: 'FLASK_SECRET'",
      ]) + section('/var/log/nginx/error.log', ['2026/11/22 10:00:02 [error] 2301#2301: *1 connect() failed']);
    const files = parseTailText(text);
    expect(files.map((f) => [f.path, f.lineCount])).toEqual([
      ['/var/log/web.stdout.log', 2],
      ['/var/log/nginx/error.log', 1],
    ]);
    expect(files[0]!.text).toContain("KeyError: 'FLASK_SECRET'");
    expect(files[0]!.text).not.toContain(DASHES);
    expect(files[1]!.bytes).toBe(Buffer.byteLength(files[1]!.text));
  });

  it('keeps a dashed line inside a log as a line, and an empty file as empty', () => {
    const files = parseTailText(
      section('/var/log/eb-engine.log', ['start', DASHES, 'not a path', 'end']) + section('/var/log/empty.log', []),
    );
    expect(files[0]!.text).toBe(`start\n${DASHES}\nnot a path\nend\n`);
    expect(files[1]).toMatchObject({ path: '/var/log/empty.log', text: '', lineCount: 0 });
  });

  it('keeps text before the first banner instead of dropping it, and reads CRLF', () => {
    const files = parseTailText(`orphan line\r\n${DASHES}\r\n/var/log/a.log\r\n${DASHES}\r\nline\r\n`);
    expect(files.map((f) => f.path)).toEqual(['(no file name)', '/var/log/a.log']);
    expect(files[1]!.text).toBe('line\n');
  });

  it('counts lines with and without a final newline', () => {
    expect([countLines(''), countLines('a'), countLines('a\n'), countLines('a\nb'), countLines('\n\n')]).toEqual([
      0, 1, 1, 2, 2,
    ]);
  });
});

describe('log bundles', () => {
  it('unpacks deflated entries as files named from the root', () => {
    const zip = zipSync({
      'var/log/nginx/error.log': strToU8('2026/11/22 [error] upstream prematurely closed\n'),
      'var/log/web.stdout.log': strToU8("ModuleNotFoundError: No module named 'application'\nsecond\n"),
      'var/log/nginx/': new Uint8Array(0),
    });
    const files = unpackLogBundle(zip, limits);
    expect(files.map((f) => [f.path, f.lineCount])).toEqual([
      ['/var/log/nginx/error.log', 1],
      ['/var/log/web.stdout.log', 2],
    ]);
    expect(files[1]!.text).toContain("No module named 'application'");
  });

  it('reads stored entries and lists binary files without decoding them', () => {
    const zip = createStoredZip([
      { path: 'var/log/eb-activity.log', content: 'ok\n' },
      { path: 'var/log/rotated/web.gz', content: new Uint8Array([0x1f, 0x8b, 0, 0, 1, 2]) },
    ]);
    const files = unpackLogBundle(zip, limits);
    expect(files.find((f) => f.path === '/var/log/rotated/web.gz')?.text).toMatch(/binary file, 6 bytes/);
  });

  it('refuses a zip bomb while inflating, even when its sizes claim it is small', () => {
    const bomb = zipSync({ 'var/log/huge.log': new Uint8Array(8 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(() => unpackLogBundle(bomb, limits)).toThrow(/expands past 1 MiB/);
    // Make the central directory lie about the size: the inflate budget still stops it.
    const lying = new Uint8Array(bomb);
    const view = new DataView(lying.buffer);
    for (let at = lying.length - 22; at > 0; at--) {
      if (view.getUint32(at, true) === 0x02014b50) {
        view.setUint32(at + 24, 100, true);
        break;
      }
    }
    expect(() => unpackLogBundle(lying, limits)).toThrow(/expands past 1 MiB/);
  });

  it('refuses paths that leave the root, and says which', () => {
    for (const path of ['../etc/passwd', 'var/log/../../x', '/etc/shadow', 'C:/boot.ini', 'var\\log\\x']) {
      expect(escapesRoot(path)).toBe(true);
    }
    expect(escapesRoot('var/log/nginx/error.log')).toBe(false);
    const zip = createStoredZip([
      { path: 'var/log/ok.log', content: 'ok\n' },
      { path: '../../home/ec2-user/.ssh/authorized_keys', content: 'x' },
    ]);
    expect(() => unpackLogBundle(zip, limits)).toThrow(/outside its root \(\.\.\/\.\.\/home/);
  });

  it('says plainly when the object is not a zip, or a truncated one', () => {
    expect(() => unpackLogBundle(strToU8('<Error>AccessDenied</Error>'), limits)).toThrow(/not a readable zip/);
    const zip = zipSync({ 'var/log/a.log': strToU8('a\n'.repeat(1000)) });
    expect(() => unpackLogBundle(zip.subarray(0, zip.length - 30), limits)).toThrow(/not a readable zip/);
  });

  it('refuses more entries than the limit', () => {
    const many = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`var/log/${i}.log`, strToU8('x\n')]));
    expect(() => unpackLogBundle(zipSync(many), { ...limits, maxEntries: 4 })).toThrow(/5 entries/);
  });
});

describe('which log URLs main fetches', () => {
  it('fetches https anywhere, and http only from this machine', () => {
    expect(
      downloadRefusal('https://elasticbeanstalk-us-east-1-570589970431.s3.amazonaws.com/x?X-Amz-Signature=a'),
    ).toBe(undefined);
    for (const local of ['http://127.0.0.1:4566/b/k', 'http://localhost:9/k', 'http://[::1]:80/k']) {
      expect(downloadRefusal(local)).toBeUndefined();
    }
    expect(downloadRefusal('http://169.254.169.254/latest/meta-data')).toMatch(/plain http on 169\.254\.169\.254/);
    expect(downloadRefusal('http://10.0.0.5/k')).toMatch(/plain http/);
    expect(downloadRefusal('file:///etc/passwd')).toMatch(/uses file/);
    expect(downloadRefusal('https://user:pw@example.com/k')).toMatch(/user name or password/);
    expect(downloadRefusal('not a url')).toMatch(/not a URL/);
  });
});
