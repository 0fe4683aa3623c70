/**
 * `npm test`'s first step: on a machine without Chromium (or moto, or the AWS
 * CLI) it stops at once and names the command that provides each, instead of
 * failing ten minutes later with a browser launch error.
 */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const SCRIPT = new URL('../../../scripts/testPreflight.mjs', import.meta.url).pathname;

function preflight(env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT], { env, timeout: 60_000 }, (error, _stdout, stderr) => {
      resolve({ code: typeof error?.code === 'number' ? error.code : error ? -1 : 0, stderr });
    });
  });
}

describe('the test preflight', () => {
  it('stops at once without Chromium, naming the command that installs it', async () => {
    const { code, stderr } = await preflight({ ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(code).toBe(1);
    expect(stderr).toContain('Chromium at /nonexistent/chromium (the browser tests drive it)');
    expect(stderr).toContain('apt-get install -y chromium');
  });

  it('names moto and the AWS CLI with their install commands when python3 and aws are not on the PATH', async () => {
    const { code, stderr } = await preflight({ ...process.env, CHROMIUM_PATH: process.execPath, PATH: '/nonexistent' });
    expect(code).toBe(1);
    expect(stderr).not.toContain('Chromium at');
    expect(stderr).toContain('python3 with moto');
    expect(stderr).toContain('python3 -m pip install awscli');
  });

  it('passes quietly on a machine that has everything', async () => {
    const { code, stderr } = await preflight({ ...process.env, CHROMIUM_PATH: process.execPath });
    expect([code, stderr]).toEqual([0, '']);
  });
});
