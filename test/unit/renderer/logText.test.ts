/**
 * The log viewer's pure parts: which lines it marks as errors or warnings
 * (with the real stacks' wording), line offsets, the flattened rows one
 * virtualizer scrolls, and what a copy or a saved file holds.
 */
import { describe, expect, it } from 'vitest';
import {
  filesOf,
  indexFiles,
  indexLines,
  layoutRows,
  lineAt,
  lineSeverity,
  lineText,
  logFileName,
  logsAsText,
  rowAt,
  rowOfLine,
} from '../../../src/renderer/src/model/logText';
import { drain, indexedFile } from './logFixtures';

const file = indexedFile;

describe('severity', () => {
  it.each([
    "Nov 22 10:00:01 ip-172-31-5-9 web: KeyError: 'FLASK_SECRET'",
    'Traceback (most recent call last):',
    "ModuleNotFoundError: No module named 'application'",
    'botocore.exceptions.NoRegionError: You must specify a region.',
    "pymysql.err.OperationalError: (2003, \"Can't connect to MySQL server on 'db' (timed out)\")",
    '[Sun Nov 22 10:00:00.123 2026] [wsgi:error] [pid 3012] Target WSGI script not found',
    '[Sun Dec 06 12:13:19.855562 2026] [:error] [pid 5342] [client 91.146.33.121:43595] Target WSGI script not found or unable to stat: /opt/python/current/app/application.py',
    '[2026-12-05T10:38:28.307Z] INFO  [3606]  - [04configen.py] : Activity execution failed, because: Your WSGIPath refers to a file that does not exist. (ElasticBeanstalk::ExternalInvocationError)',
    '[Sun Nov 22 10:00:00 2026] [error] [client 10.0.0.1] mod_wsgi (pid=3012): Exception occurred',
    '2026/11/22 10:00:02 [error] 2301#2301: *1 connect() failed (111: Connection refused)',
    '2026/11/22 10:00:02 [crit] 2301#2301: *1 open() failed',
    '2026-11-22 10:00:03,120 ERROR app: could not fetch /flask-ssm-demo/DB_PASSWORD',
    '2026-11-22 10:00:03 CRITICAL worker died',
  ])('marks %s as an error', (line) => {
    expect(lineSeverity(line)).toBe('error');
  });

  it.each([
    '2026/11/22 10:00:02 [warn] 2301#2301: conflicting server name',
    '[Sat Dec 05 10:38:31.000527 2026] [so:warn] [pid 7533] AH01574: module wsgi_module is already loaded, skipping',
    'WARNING: Running pip as the root user can result in broken permissions',
    '2026-11-22 10:00:03 WARN deprecated setting',
  ])('marks %s as a warning', (line) => {
    expect(lineSeverity(line)).toBe('warn');
  });

  it.each([
    '[Sun Nov 22 10:00:00 2026] [notice] Apache/2.4 configured -- resuming normal operations',
    '[Sat Dec 05 10:38:31.003 2026] [mpm_prefork:notice] [pid 7533] AH00163: Apache/2.4.46 (Amazon) mod_wsgi/3.5 configured',
    '10.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 512',
    'Listening at: http://127.0.0.1:8000 (2211)',
    'no errors found in the configuration',
  ])('leaves %s unmarked', (line) => {
    expect(lineSeverity(line)).toBeUndefined();
  });
});

describe('lines', () => {
  it('indexes lines once and reads each without its newline, CRLF included', () => {
    const f = file('first\r\n\nthird\nlast');
    expect(f.lineStarts).toEqual([0, 7, 8, 14]);
    expect([0, 1, 2, 3].map((i) => lineText(f, i))).toEqual(['first', '', 'third', 'last']);
    expect(lineText(file('a\nb\n'), 1)).toBe('b');
    expect(file('a\nb\n').lineStarts).toHaveLength(2);
    expect(file('').lineStarts).toEqual([]);
  });

  it('finds the line holding an offset', () => {
    const f = file('aa\nbbb\ncccc\n');
    expect([0, 2, 3, 6, 7, 11].map((o) => lineAt(f, o))).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('yields while indexing a long file instead of running it in one go', () => {
    const text = 'x\n'.repeat(100_000);
    const gen = indexLines(text);
    let yields = 0;
    let step = gen.next();
    while (!step.done) {
      yields++;
      step = gen.next();
    }
    expect(yields).toBeGreaterThanOrEqual(4);
    expect(step.value).toHaveLength(100_000);
  });

  it('indexes every file of every instance, in order', () => {
    const files = drain(
      indexFiles(
        filesOf([
          { instanceId: 'i-1', files: [{ path: '/var/log/a.log', text: 'a\nb\n', bytes: 4, lineCount: 2 }] },
          { instanceId: 'i-2', files: [{ path: '/var/log/a.log', text: 'c\n', bytes: 2, lineCount: 1 }] },
        ]),
      ),
    );
    expect(files.map((f) => [f.key, f.lineStarts.length])).toEqual([
      ['i-1 /var/log/a.log', 2],
      ['i-2 /var/log/a.log', 1],
    ]);
  });
});

describe('rows', () => {
  const files = [file('1\n2\n3\n', '/a'), file('x\n', '/b'), file('p\nq\n', '/c')];

  it('flattens files into a header and its lines each, collapsed files to the header alone', () => {
    const open = layoutRows(files, new Set());
    expect(open.total).toBe(4 + 2 + 3);
    expect([0, 1, 3, 4, 5, 6, 8].map((i) => rowAt(open, i))).toEqual([
      { kind: 'header', file: 0 },
      { kind: 'line', file: 0, line: 0 },
      { kind: 'line', file: 0, line: 2 },
      { kind: 'header', file: 1 },
      { kind: 'line', file: 1, line: 0 },
      { kind: 'header', file: 2 },
      { kind: 'line', file: 2, line: 1 },
    ]);
    const closed = layoutRows(files, new Set(['i-1 /a']));
    expect(closed.total).toBe(1 + 2 + 3);
    expect(rowAt(closed, 1)).toEqual({ kind: 'header', file: 1 });
    expect(rowOfLine(closed, 2, 1)).toBe(5);
    expect(rowAt(closed, rowOfLine(closed, 2, 1))).toEqual({ kind: 'line', file: 2, line: 1 });
  });
});

describe('copy and save', () => {
  it('lays files out as EB’s tail text, naming instances only when there are several', () => {
    const one = logsAsText([file('a\n', '/var/log/a.log')]);
    expect(one).toBe(`${'-'.repeat(40)}\n/var/log/a.log\n${'-'.repeat(40)}\na\n\n`);
    const two = logsAsText([file('a', '/var/log/a.log', 'i-1'), file('b\n', '/var/log/a.log', 'i-2')]);
    expect(two.match(/={16} i-\d ={16}/g)).toEqual([
      '================ i-1 ================',
      '================ i-2 ================',
    ]);
    expect(two).toContain('\na\n\n');
  });

  it('names the saved file after the environment, the kind of logs and the time', () => {
    expect(logFileName('Bbruceeb2-env', 'tail', new Date('2026-11-22T10:01:02.345Z'))).toBe(
      'Bbruceeb2-env-tail-2026-11-22T10-01-02.txt',
    );
    expect(logFileName('a/b env', 'bundle', new Date(0))).toBe('a_b_env-bundle-1970-01-01T00-00-00.txt');
  });
});
