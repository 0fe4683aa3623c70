/**
 * The Doctor with "Read instance logs" on, against the training lab: the scan
 * asks Elastic Beanstalk for every instance's tail logs, and the lines the
 * sandbox derives from the environment's real state become evidence that
 * proves the finding. Pasted log text is explained the same way.
 */
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../../src/shared/contract';
import { labDoctor } from '../../support/diagnostics';

const doctor = labDoctor('logevidence');
const { call, target } = doctor;

/** The logs arrive on the sandbox clock: keep it moving while the scan waits (bounded, as every loop here). */
async function withClockMoving<T>(work: Promise<T>): Promise<T> {
  let finished = false;
  const done = work.finally(() => {
    finished = true;
  });
  for (let i = 0; i < 100 && !finished; i += 1) {
    doctor.ctx.sandbox?.advanceClock(5_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return done;
}

describe('instance logs as Doctor evidence', () => {
  it('reads the tail logs only when asked, and a log line proves the WSGIPath finding', async () => {
    const without = await call('diagnostics.scan', { target, environmentName: 'Bbruceeb2-env' });
    const f3Without = without.findings.find((f) => f.rule === 'F3');
    expect(f3Without?.evidence.some((e) => e.source === 'log')).toBe(false);

    const scan: ScanResult = await withClockMoving(
      call('diagnostics.scan', { target, environmentName: 'Bbruceeb2-env', readLogs: true }),
    );
    expect(scan.problems).toEqual([]);
    // RequestEnvironmentInfo, its polls and the downloads are counted with the scan's other calls.
    expect(scan.apiCalls).toBeGreaterThan(without.apiCalls);
    const f3 = scan.findings.find((f) => f.rule === 'F3');
    const line = f3?.evidence.find((e) => e.source === 'log');
    expect(line?.label).toMatch(/^\/var\/log\/httpd\/error_log on i-[0-9a-f]+$/);
    expect(line?.text).toMatch(
      /\[:error\] \[pid \d+\] \[client [\d.]+:\d+\] Target WSGI script not found or unable to stat: \/opt\/python\/current\/app\/application\.py$/,
    );
    expect(f3?.explanation).toContain('The instance log proves it: /var/log/httpd/error_log on i-');
  });

  it('explains pasted log text, once per distinct error', async () => {
    const line =
      '[Sun Dec 06 12:25:40.714921 2026] [:error] [pid 7537] [client 91.146.33.121:2309] Target WSGI script not found or unable to stat: /opt/python/current/app/application.py';
    const pasted = [line, line.replace('2309', '2310'), '91.146.33.121 (-) - - "GET / HTTP/1.1" 404 196'].join('\n');
    const explained = await call('diagnostics.explainText', { target, text: pasted });
    expect(explained.matches.map((m) => [m.kind, m.rule])).toEqual([['wsgi-path-missing', 'F3']]);
  });
});
