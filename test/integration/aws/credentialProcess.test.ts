/**
 * credential_process through the whole main process against the sandbox:
 * scripts written by the test print the documented JSON (or fail in the ways
 * real ones do). A command runs only once approved for its profile; editing it
 * in the config file voids the approval while Trellis is running.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/main/context';
import { SANDBOX_ADMIN_CREDENTIALS, totp } from '../../../src/sandbox';
import { consoleIn } from '../../support/appConsole';
import { dispatch, mustCall } from '../../support/rpc';
import { startTestSandbox, TRAINING_LAB, type TestSandbox } from '../../support/sandbox';

const REGION = 'us-east-1';
const { signIn: lab, accountId: ACCOUNT } = TRAINING_LAB;

let sandbox: TestSandbox;
let ctx: AppContext;
let dir: string;

/** A node script in the test directory and the command line that runs it, as a user would quote it. */
function script(name: string, body: string): string {
  const path = join(dir, `${name}.cjs`);
  writeFileSync(path, body);
  return `"${process.execPath}" "${path}"`;
}

/** Prints the JSON with `keys`, counting its runs in `<name>.runs`. */
function credentialScript(name: string, keys: { accessKeyId: string; secretAccessKey: string }, args = ''): string {
  const runs = join(dir, `${name}.runs`);
  const body = `
    require('node:fs').appendFileSync(${JSON.stringify(runs)}, 'x');
    process.stdout.write(JSON.stringify({
      Version: 1,
      AccessKeyId: ${JSON.stringify(keys.accessKeyId)},
      SecretAccessKey: ${JSON.stringify(keys.secretAccessKey)},
      Expiration: new Date(Date.now() + 3600 * 1000).toISOString(),
    }));`;
  return `${script(name, body)}${args}`;
}

const runsOf = (name: string) =>
  existsSync(join(dir, `${name}.runs`)) ? readFileSync(join(dir, `${name}.runs`), 'utf8').length : 0;

function writeConfig(profiles: Record<string, Record<string, string>>): void {
  const text = Object.entries(profiles)
    .map(([name, values]) =>
      [
        `[profile ${name}]`,
        `region = ${REGION}`,
        `endpoint_url = ${sandbox.endpoint}`,
        ...Object.entries(values).map(([k, v]) => `${k} = ${v}`),
      ].join('\n'),
    )
    .join('\n');
  writeFileSync(join(dir, 'config'), `${text}\n`);
}

function open(watchProfiles = false): Promise<AppContext> {
  return consoleIn(dir, { sandbox: false, dataDir: join(dir, 'data'), watchProfiles, processTimeoutMs: 1_500 });
}

beforeEach(async () => {
  sandbox = await startTestSandbox();
  dir = mkdtempSync(join(tmpdir(), 'trellis-process-'));
});

afterEach(async () => {
  await ctx.close();
  await sandbox.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const whoAmI = (profile: string) =>
  dispatch(ctx.router, 'sts.getCallerIdentity', { target: { profile, region: REGION } });
const errorOf = async (profile: string) => {
  const result = await whoAmI(profile);
  if (result.ok) throw new Error(`expected ${profile} to fail`);
  return result.error;
};

describe('credential_process against the sandbox', () => {
  it('runs only after approval, caches until Expiration, and a changed command is refused until approved again', async () => {
    const command = credentialScript('creds', SANDBOX_ADMIN_CREDENTIALS);
    writeConfig({ proc: { credential_process: command } });
    ctx = await open(true);

    expect(await errorOf('proc')).toMatchObject({
      code: 'credentials',
      signIn: { kind: 'approve-process', profile: 'proc', command },
    });
    expect(runsOf('creds')).toBe(0);

    expect(await mustCall(ctx.router, 'profiles.approveCredentialProcess', { profile: 'proc', command })).toEqual({
      profile: 'proc',
      approved: true,
    });
    const settings = readFileSync(join(dir, 'data', 'settings.json'), 'utf8');
    expect(JSON.parse(settings).processApprovals).toEqual([
      { profile: 'proc', commandSha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    expect(settings).not.toContain(dir);

    const identity = await mustCall(ctx.router, 'sts.getCallerIdentity', {
      target: { profile: 'proc', region: REGION },
    });
    expect(identity.account).toBe(ACCOUNT);
    // Another service and another region: the one run's credentials serve them until they expire.
    await mustCall(ctx.router, 'iam.snapshot', { target: { profile: 'proc', region: REGION } });
    await mustCall(ctx.router, 'sts.getCallerIdentity', { target: { profile: 'proc', region: 'eu-west-1' } });
    expect(runsOf('creds')).toBe(1);

    // The file changes under the running console: the new command is not the approved one.
    const changed = `${command} --account prod`;
    const reloaded = new Promise<void>((resolve) => ctx.registry.onChange(resolve));
    writeConfig({ proc: { credential_process: changed } });
    await reloaded;
    expect(await errorOf('proc')).toMatchObject({
      signIn: { kind: 'approve-process', profile: 'proc', command: changed },
    });
    expect(runsOf('creds')).toBe(1);

    // Approving what was shown before is refused: what runs must be what the user saw.
    const stale = await dispatch(ctx.router, 'profiles.approveCredentialProcess', { profile: 'proc', command });
    expect(stale).toEqual({
      ok: false,
      error: {
        code: 'conflict',
        message:
          "The credential_process of profile 'proc' changed after it was shown to you; review the new command line.",
        retryable: false,
        signIn: { kind: 'approve-process', profile: 'proc', command: changed },
      },
    });
    await mustCall(ctx.router, 'profiles.approveCredentialProcess', { profile: 'proc', command: changed });
    expect((await whoAmI('proc')).ok).toBe(true);
    expect(runsOf('creds')).toBe(2);
  });

  it('remembers an approval across restarts', async () => {
    const command = credentialScript('creds', SANDBOX_ADMIN_CREDENTIALS);
    writeConfig({ proc: { credential_process: command } });
    ctx = await open();
    await mustCall(ctx.router, 'profiles.approveCredentialProcess', { profile: 'proc', command });
    await ctx.close();
    ctx = await open();
    expect((await whoAmI('proc')).ok).toBe(true);
  });

  it('gives a failing exit, a timeout and output that is not the documented JSON each their own message', async () => {
    const SECRET = 'pleaseDoNotShowThisSecretValue0123456789';
    const commands = {
      failing: script(
        'failing',
        `process.stdout.write('{"SecretAccessKey":"${SECRET}"}');
         process.stderr.write('Error: the vault is locked\\nRun vault unlock first\\n');
         process.exit(2);`,
      ),
      hanging: script('hanging', 'setTimeout(() => {}, 60_000);'),
      chatty: script('chatty', `process.stdout.write('Logged in as admin; key ${SECRET}\\n');`),
      oldVersion: script(
        'oldVersion',
        `process.stdout.write(JSON.stringify({ Version: 2, AccessKeyId: 'AKIA', SecretAccessKey: '${SECRET}' }));`,
      ),
    };
    writeConfig(
      Object.fromEntries(Object.entries(commands).map(([name, command]) => [name, { credential_process: command }])),
    );
    ctx = await open();
    for (const [profile, command] of Object.entries(commands)) {
      await mustCall(ctx.router, 'profiles.approveCredentialProcess', { profile, command });
    }
    const prefix = (profile: string) => `Could not load credentials for profile '${profile}': its credential_process`;

    const failing = await errorOf('failing');
    expect(failing).toMatchObject({
      code: 'credentials',
      message: `${prefix('failing')} exited with code 2. Its error output began: Error: the vault is locked | Run vault unlock first`,
      retryable: false,
    });
    const started = Date.now();
    expect((await errorOf('hanging')).message).toBe(`${prefix('hanging')} did not finish within 1.5 s and was stopped`);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await errorOf('chatty')).message).toMatch(
      new RegExp(`^${prefix('chatty')} printed something that is not JSON; it must print \\{"Version": 1`),
    );
    expect((await errorOf('oldVersion')).message).toBe(
      `${prefix('oldVersion')} printed "Version": 2; Trellis, like the AWS CLI, reads only Version 1`,
    );
    for (const profile of Object.keys(commands)) {
      const error = await errorOf(profile);
      expect(JSON.stringify(error)).not.toContain(SECRET);
      expect(error.signIn).toBeUndefined();
    }
  });

  it('gates a credential_process at the end of a role chain, under the role that needs MFA', async () => {
    let shift = 0;
    const code = () => {
      shift += 30_000;
      sandbox.advanceClock(30_000);
      return totp(lab.mfaSecretBase32, new Date(Date.now() + shift));
    };
    const command = credentialScript('user-creds', TRAINING_LAB.userCredentials);
    writeConfig({
      'vault-user': { credential_process: command },
      'vault-admin': { role_arn: lab.roleArn, source_profile: 'vault-user', mfa_serial: lab.mfaSerialNumber },
    });
    ctx = await open();

    expect((await errorOf('vault-admin')).signIn).toEqual({
      kind: 'mfa',
      profile: 'vault-admin',
      serial: lab.mfaSerialNumber,
    });
    // The code alone is not enough: the chain's command has not been allowed, and nothing ran.
    const blocked = await dispatch(ctx.router, 'profiles.submitMfaCode', { profile: 'vault-admin', code: code() });
    expect(blocked.ok ? undefined : blocked.error.signIn).toEqual({
      kind: 'approve-process',
      profile: 'vault-user',
      command,
    });
    expect(runsOf('user-creds')).toBe(0);

    await mustCall(ctx.router, 'profiles.approveCredentialProcess', { profile: 'vault-user', command });
    const session = await mustCall(ctx.router, 'profiles.submitMfaCode', { profile: 'vault-admin', code: code() });
    expect(session.identity.arn).toMatch(new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/${lab.roleName}/trellis-`));
    expect(
      (await mustCall(ctx.router, 'sts.getCallerIdentity', { target: { profile: 'vault-user', region: REGION } })).arn,
    ).toBe(lab.userArn);
    expect(runsOf('user-creds')).toBe(1);
  });
});
