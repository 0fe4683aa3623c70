/**
 * The shapes logs travel in: EB's tail text and bundle zip, each program's
 * timestamps, CloudWatch filter patterns, and SigV4 presigned URLs (checked
 * against AWS's published example, so a real client accepts ours).
 */
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { compileFilterPattern } from '../../../src/sandbox/services/logs/filterPattern';
import {
  accessLogTime,
  apacheErrorTime,
  engineTime,
  gunicornTime,
  syslogTime,
} from '../../../src/sandbox/simulation/logs/logClock';
import { bundleZip, fileText, type RenderedLogFile, tailText } from '../../../src/sandbox/simulation/logs/logFiles';
import { parsePresignedQuery, pathStyleObjectUrl, presignS3GetUrl } from '../../../src/sandbox/sigv4';

const AT = Date.parse('2018-07-14T22:03:37.528Z');

function file(path: string, count: number): RenderedLogFile {
  return { path, lines: Array.from({ length: count }, (_, n) => ({ at: AT + n, text: `${path} line ${n + 1}` })) };
}

describe('tail and bundle', () => {
  it('tail: each file under a rule of 40 dashes, its path and another rule, last 100 lines only', () => {
    const text = tailText([file('/var/log/httpd/error_log', 150), file('/var/log/httpd/access_log', 3)]);
    const rule = '-'.repeat(40);
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual([rule, '/var/log/httpd/error_log', rule]);
    expect(lines[3]).toBe('/var/log/httpd/error_log line 51');
    expect(lines.filter((l) => l.startsWith('/var/log/httpd/error_log line'))).toHaveLength(100);
    const second = lines.indexOf('/var/log/httpd/access_log');
    expect(lines.slice(second - 1, second + 5)).toEqual([
      rule,
      '/var/log/httpd/access_log',
      rule,
      '/var/log/httpd/access_log line 1',
      '/var/log/httpd/access_log line 2',
      '/var/log/httpd/access_log line 3',
    ]);
  });

  it('bundle: a zip whose entries are var/log/... with every line of each file', () => {
    const files = [file('/var/log/eb-engine.log', 500), file('/var/log/nginx/error.log', 0)];
    const entries = unzipSync(bundleZip(files, AT));
    expect(Object.keys(entries).sort()).toEqual(['var/log/eb-engine.log', 'var/log/nginx/error.log']);
    expect(new TextDecoder().decode(entries['var/log/eb-engine.log'])).toBe(fileText(files[0] ?? file('', 0)));
    expect(entries['var/log/nginx/error.log']).toHaveLength(0);
  });
});

describe('timestamps as each program writes them', () => {
  it('Apache error_log, the access logs, rsyslog, gunicorn and the platform engine', () => {
    expect(apacheErrorTime(AT, 'seed')).toMatch(/^Sat Jul 14 22:03:37\.528\d{3} 2018$/);
    expect(accessLogTime(AT)).toBe('14/Jul/2018:22:03:37 +0000');
    expect(syslogTime(Date.parse('2026-12-06T12:00:01Z'))).toBe('Dec  6 12:00:01');
    expect(syslogTime(Date.parse('2026-12-16T12:00:01Z'))).toBe('Dec 16 12:00:01');
    expect(gunicornTime(AT)).toBe('2018-07-14 22:03:37 +0000');
    expect(engineTime(AT, 'seed')).toMatch(/^2018\/07\/14 22:03:37\.528\d{3}$/);
    expect(apacheErrorTime(AT, 'a')).toBe(apacheErrorTime(AT, 'a'));
  });
});

describe('CloudWatch Logs filter patterns', () => {
  const lines = [
    '[ERROR] Exception in worker process',
    'connect() failed (111: Connection refused) while connecting to upstream',
    '[INFO] Booting worker with pid: 2351',
    "KeyError: 'DATABASE_HOST'",
  ];
  const matching = (pattern: string): string[] => lines.filter(compileFilterPattern(pattern));

  it('plain terms must all appear, case-sensitively; an empty pattern matches everything', () => {
    expect(matching('')).toEqual(lines);
    expect(matching('worker ERROR')).toEqual([lines[0]]);
    expect(matching('error')).toEqual([]);
  });

  it('a quoted phrase is one term; ?terms are alternatives; -terms exclude', () => {
    expect(matching('"Connection refused"')).toEqual([lines[1]]);
    expect(matching('"worker process" ?nothing')).toEqual([]);
    expect(matching('?KeyError ?Booting')).toEqual([lines[2], lines[3]]);
    expect(matching('worker -ERROR')).toEqual([lines[2]]);
  });

  it('JSON and space-delimited patterns are refused with a clear message', () => {
    expect(() => compileFilterPattern('{ $.level = "ERROR" }')).toThrow(/JSON and space-delimited patterns/);
    expect(() => compileFilterPattern('[ip, user]')).toThrow(/InvalidParameter|not supported/);
  });
});

describe('SigV4 presigned URLs', () => {
  it('reproduces the signature of AWS’s documented example (GET /test.txt, 24 hours)', () => {
    const url = presignS3GetUrl({
      url: 'https://examplebucket.s3.amazonaws.com/test.txt',
      region: 'us-east-1',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      signedAt: new Date('2013-05-24T00:00:00Z'),
      expiresSeconds: 86400,
    });
    expect(url).toBe(
      'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
    );
  });

  it('path-style URLs on the sandbox endpoint, and the credential scope read back from the query', () => {
    const objectUrl = pathStyleObjectUrl(
      'http://127.0.0.1:4566',
      'elasticbeanstalk-eu-west-1-210987654321',
      'resources/environments/logs/tail/e-k2m4n6p8q0/i-0fedcba9876543210/TailLogs-1803888000123.out',
    );
    expect(objectUrl).toBe(
      'http://127.0.0.1:4566/elasticbeanstalk-eu-west-1-210987654321/resources/environments/logs/tail/e-k2m4n6p8q0/i-0fedcba9876543210/TailLogs-1803888000123.out',
    );
    const signed = new URL(
      presignS3GetUrl({
        url: objectUrl,
        region: 'eu-west-1',
        accessKeyId: 'AKIAEXAMPLEKEY000001',
        secretAccessKey: 'x',
        signedAt: new Date(1803888000123),
        expiresSeconds: 900,
      }),
    );
    expect(signed.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(signed.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(parsePresignedQuery(signed.searchParams)).toEqual({
      accessKeyId: 'AKIAEXAMPLEKEY000001',
      date: '20270301',
      region: 'eu-west-1',
      service: 's3',
    });
    signed.searchParams.delete('X-Amz-Date');
    expect(() => parsePresignedQuery(signed.searchParams)).toThrow(/requires the X-Amz-Algorithm/);
  });
});
