import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TrellisError } from '../../../src/main/aws/errors';
import {
  CredentialProcessError,
  ProcessCredentialCache,
  parseProcessOutput,
  runCredentialProcess,
} from '../../../src/main/aws/processCredentials';
import { SettingsStore } from '../../../src/main/settings';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('parseProcessOutput: the documented credential_process JSON', () => {
  it('reads Version 1 with and without the optional fields', () => {
    expect(
      parseProcessOutput(
        JSON.stringify({
          Version: 1,
          AccessKeyId: 'ASIAPROC',
          SecretAccessKey: SECRET,
          SessionToken: 'token',
          Expiration: '2030-01-01T01:00:00Z',
        }),
        NOW,
      ),
    ).toEqual({
      accessKeyId: 'ASIAPROC',
      secretAccessKey: SECRET,
      sessionToken: 'token',
      expiration: new Date('2030-01-01T01:00:00Z'),
    });
    expect(parseProcessOutput('{"Version":1,"AccessKeyId":"AKIA","SecretAccessKey":"s"}\n', NOW)).toEqual({
      accessKeyId: 'AKIA',
      secretAccessKey: 's',
    });
  });

  it.each([
    ['', /^printed nothing on stdout; it must print \{"Version": 1/],
    [`AccessKeyId=AKIA SecretAccessKey=${SECRET}`, /^printed something that is not JSON; it must print \{"Version": 1/],
    ['[1,2]', /^printed JSON that is not an object/],
    ['{"AccessKeyId":"A","SecretAccessKey":"B"}', /^printed JSON without "Version"; it must be 1$/],
    [
      '{"Version":2,"AccessKeyId":"A","SecretAccessKey":"B"}',
      /^printed "Version": 2; Trellis, like the AWS CLI, reads only Version 1$/,
    ],
    ['{"Version":"1","AccessKeyId":"A","SecretAccessKey":"B"}', /^printed "Version": "string"; /],
    ['{"Version":1,"SecretAccessKey":"B"}', /^printed JSON without "AccessKeyId"$/],
    ['{"Version":1,"AccessKeyId":"A"}', /^printed JSON without "SecretAccessKey"$/],
    ['{"Version":1,"AccessKeyId":7,"SecretAccessKey":"B"}', /^printed "AccessKeyId" that is not a non-empty string$/],
    [
      '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"B","Expiration":"tomorrow"}',
      /^printed "Expiration": "tomorrow", which is not an ISO-8601 date-time such as 2030-01-01T00:00:00Z$/,
    ],
    [
      '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"B","Expiration":"2029-12-31T23:00:00Z"}',
      /^printed credentials that had already expired \(at 2029-12-31T23:00:00.000Z\)$/,
    ],
  ])('refuses %j with a specific message', (stdout, message) => {
    let caught: unknown;
    try {
      parseProcessOutput(stdout, NOW);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CredentialProcessError);
    expect((caught as Error).message).toMatch(message);
    // Whatever the output held, none of it is repeated.
    expect((caught as Error).message).not.toContain(SECRET);
  });
});

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A node script in a temporary directory, and the command line that runs it (quoted, as a user would write it). */
function script(name: string, body: string): string {
  const path = join(fresh(), `${name}.cjs`);
  writeFileSync(path, body);
  return `"${process.execPath}" "${path}"`;
}

function fresh(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'trellis-proc-'));
  return dir;
}

const run = (command: string, timeoutMs = 10_000) =>
  runCredentialProcess(command, { env: { PATH: process.env.PATH ?? '' }, timeoutMs }).catch((e: unknown) => e);

describe('runCredentialProcess', () => {
  it('runs the program without a shell and passes quoted arguments through whole', async () => {
    fresh();
    const command = `${script('echo', 'process.stdout.write(JSON.stringify(process.argv.slice(2)))')} 'two words' "$HOME" '*'`;
    expect(JSON.parse((await run(command)) as string)).toEqual(['two words', '$HOME', '*']);
  });

  it('reports a non-zero exit with the first lines of stderr and never stdout', async () => {
    fresh();
    const command = script(
      'fail',
      `process.stdout.write('{"SecretAccessKey":"${SECRET}"}');
       process.stderr.write('token expired\\n\\nrun: login --sso\\nline 3\\nline 4\\nline 5\\nline 6\\n');
       process.exit(3);`,
    );
    const err = await run(command);
    expect(err).toBeInstanceOf(CredentialProcessError);
    expect((err as Error).message).toBe(
      'exited with code 3. Its error output began: token expired | run: login --sso | line 3 | line 4 | line 5 | …',
    );
  });

  it('says so when a failing command printed nothing on stderr', async () => {
    fresh();
    const err = await run(script('silent', 'process.exit(1)'));
    expect((err as Error).message).toBe('exited with code 1. It printed nothing on stderr.');
  });

  it('stops a command that runs past the time limit, with everything it started', async () => {
    fresh();
    const marker = join(fresh(), 'child-alive');
    // The grandchild would write the marker after the limit if the process group were left running.
    const grandchild = `setTimeout(() => require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x'), 1500)`;
    const command = script(
      'slow',
      `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'ignore' });
       setTimeout(() => {}, 60_000);`,
    );
    const started = Date.now();
    const err = await run(command, 500);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((err as Error).message).toBe('did not finish within 0.5 s and was stopped');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(() => readFileSync(marker)).toThrow(/ENOENT/);
  });

  it('names a program that does not exist, and a line that cannot be split', async () => {
    expect(((await run('/nonexistent/get-creds --x')) as Error).message).toBe(
      'could not start "/nonexistent/get-creds": no such program (give its full path, or check PATH) (ENOENT)',
    );
    expect(((await run('get-creds "unterminated')) as Error).message).toBe(
      'cannot be split into a command: a double quote is never closed',
    );
  });
});

describe('ProcessCredentialCache', () => {
  function counting(expiration: string | null) {
    fresh();
    const counter = join(fresh(), 'runs');
    writeFileSync(counter, '');
    const out = { Version: 1, AccessKeyId: 'ASIAPROC', SecretAccessKey: SECRET, SessionToken: 'token' };
    const command = script(
      'creds',
      `require('node:fs').appendFileSync(${JSON.stringify(counter)}, 'x');
       process.stdout.write(${JSON.stringify(JSON.stringify(expiration ? { ...out, Expiration: expiration } : out))});`,
    );
    return { command, runs: () => readFileSync(counter, 'utf8').length };
  }

  it('refuses to run a command nobody approved, naming the profile and the command', async () => {
    const { command, runs } = counting(null);
    const cache = new ProcessCredentialCache({
      env: {},
      timeoutMs: 10_000,
      approvals: { isApproved: () => false },
    });
    const err = await cache
      .provider('proc', command)()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrellisError);
    expect((err as TrellisError).appError).toEqual({
      code: 'credentials',
      message:
        "Could not load credentials for profile 'proc': its credential_process has not been approved yet. Trellis runs a command only after you have reviewed it.",
      retryable: false,
      hint: 'Choose "Review and allow" to see the command line and allow it for this profile.',
      signIn: { kind: 'approve-process', profile: 'proc', command },
    });
    expect(runs()).toBe(0);
  });

  it('runs an approved command once until Expiration, then again (clock injected)', async () => {
    const { command, runs } = counting('2030-01-01T01:00:00Z');
    let now = NOW;
    const cache = new ProcessCredentialCache({
      env: {},
      timeoutMs: 10_000,
      approvals: { isApproved: (profile, c) => profile === 'proc' && c === command },
      now: () => now,
    });
    const provider = cache.provider('proc', command);
    const [a, b] = await Promise.all([provider(), provider()]);
    expect(a).toMatchObject({ accessKeyId: 'ASIAPROC', sessionToken: 'token' });
    expect(b).toEqual(a);
    await provider();
    expect(runs()).toBe(1);
    now = Date.parse('2030-01-01T00:59:30Z'); // inside the refresh margin
    await provider();
    expect(runs()).toBe(2);
    cache.forget('proc');
    now = NOW;
    await provider();
    expect(runs()).toBe(3);
  });

  it('runs a command again for each request when its output has no Expiration', async () => {
    const { command, runs } = counting(null);
    const cache = new ProcessCredentialCache({ env: {}, timeoutMs: 10_000, approvals: { isApproved: () => true } });
    await cache.provider('proc', command)();
    await cache.provider('proc', command)();
    expect(runs()).toBe(2);
  });

  it('turns a failing run into a credentials error naming the profile', async () => {
    fresh();
    const command = script('bad', 'process.stdout.write("not json")');
    const cache = new ProcessCredentialCache({ env: {}, timeoutMs: 10_000, approvals: { isApproved: () => true } });
    const err = (await cache
      .provider('proc', command)()
      .catch((e: unknown) => e)) as TrellisError;
    expect(err.appError).toMatchObject({
      code: 'credentials',
      message: expect.stringMatching(
        /^Could not load credentials for profile 'proc': its credential_process printed something that is not JSON; /,
      ),
      retryable: false,
    });
    expect(err.appError.signIn).toBeUndefined();
  });

  it('keeps an approval in settings.json by digest, and a changed command voids it', () => {
    fresh();
    const file = join(fresh(), 'settings.json');
    const command = '/usr/local/bin/creds --account prod';
    new SettingsStore(file).approveProcess('proc', command);
    const saved = readFileSync(file, 'utf8');
    expect(saved).not.toContain('/usr/local/bin/creds');
    expect(JSON.parse(saved).processApprovals).toEqual([
      { profile: 'proc', commandSha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    const again = new SettingsStore(file);
    expect(again.isApproved('proc', command)).toBe(true);
    expect(again.isApproved('proc', `${command} `)).toBe(false);
    expect(again.isApproved('proc', '/usr/local/bin/creds --account dev')).toBe(false);
    expect(again.isApproved('other', command)).toBe(false);
    // Approving the new command replaces the old approval for that profile.
    again.approveProcess('proc', '/usr/local/bin/creds --account dev');
    expect(new SettingsStore(file).isApproved('proc', command)).toBe(false);
    expect(new SettingsStore(file).isApproved('proc', '/usr/local/bin/creds --account dev')).toBe(true);
  });
});
