/**
 * The SSO account and role picker through the whole main process against the
 * sandbox: after an in-app sign-in, list the accounts and roles the session
 * can use, add a profile for one of them to the config file through a
 * previewed change, use it (in Trellis and in the AWS CLI), and take it back.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/main/context';
import type { ChangeIntent } from '../../../src/shared/contract';
import { TRAINING_LAB_SSO } from '../../../src/sandbox';
import { consoleIn } from '../../support/appConsole';
import { dispatch, mustCall } from '../../support/rpc';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { cliIn, labSsoConfig } from '../../support/ssoLab';
import { decideByAdmin } from '../sandbox/ssoSupport';

const REGION = 'us-east-1';
const ACCOUNT = TRAINING_LAB_SSO.accountId;
const source = { profile: 'lab-sso', region: REGION };

let sandbox: TestSandbox;
let ctx: AppContext;
let dir: string;
let original: string;

const configPath = (): string => join(dir, 'config');

beforeEach(async () => {
  sandbox = await startTestSandbox();
  dir = mkdtempSync(join(tmpdir(), 'trellis-sso-accounts-'));
  original = `# the lab, signed in through Identity Center\n${labSsoConfig(sandbox.endpoint, 'AdministratorAccess', REGION)}`;
  writeFileSync(configPath(), original);
  ctx = await consoleIn(dir, { sandbox: false });
});

afterEach(async () => {
  await ctx?.close();
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function signIn(): Promise<void> {
  const device = await mustCall(ctx.router, 'sso.startSignIn', { profile: 'lab-sso' });
  expect((await decideByAdmin(sandbox, device.userCode)).status).toBe(200);
  for (let attempt = 0; attempt < 30; attempt++) {
    const poll = await mustCall(ctx.router, 'sso.pollSignIn', { signInId: device.signInId });
    if (poll.status === 'done') return;
    if (poll.status === 'failed') throw new Error(poll.message);
    await new Promise((resolve) => setTimeout(resolve, poll.intervalSeconds * 1000));
  }
  throw new Error('the sign-in did not finish');
}

const addReadOnly: ChangeIntent = {
  kind: 'config.addSsoProfile',
  profileName: 'lab-readonly',
  fromProfile: 'lab-sso',
  accountId: ACCOUNT,
  roleName: 'ReadOnlyAccess',
  region: REGION,
};

const cli = (args: string[]) => cliIn(dir, args);

describe('the SSO account and role picker', () => {
  it('asks for the sign-in before it can list anything', async () => {
    const listed = await dispatch(ctx.router, 'sso.listAccounts', { profile: 'lab-sso' });
    expect(listed).toMatchObject({
      ok: false,
      error: { code: 'credentials', signIn: { kind: 'sso', profile: 'lab-sso' } },
    });
  });

  it('lists the accounts and roles, marking the role a profile already uses', async () => {
    await signIn();
    expect(await mustCall(ctx.router, 'sso.listAccounts', { profile: 'lab-sso' })).toEqual({
      profile: 'lab-sso',
      startUrl: TRAINING_LAB_SSO.startUrl,
      ssoRegion: TRAINING_LAB_SSO.region,
      sessionName: 'lab',
      accounts: [{ accountId: ACCOUNT, accountName: 'edX Training Lab', emailAddress: TRAINING_LAB_SSO.emailAddress }],
    });
    expect(await mustCall(ctx.router, 'sso.listAccountRoles', { profile: 'lab-sso', accountId: ACCOUNT })).toEqual({
      accountId: ACCOUNT,
      roles: [
        { roleName: 'AdministratorAccess', profiles: ['lab-sso'] },
        { roleName: 'ReadOnlyAccess', profiles: [] },
      ],
    });
  });

  it('adds a profile through a previewed change that a read-only source may make, and the new profile works in Trellis and the AWS CLI', async () => {
    await signIn();
    // Read-only guards the account; this change writes only the local file.
    await mustCall(ctx.router, 'profiles.setReadOnly', { profile: 'lab-sso', readOnly: true });
    const plan = await mustCall(ctx.router, 'changes.plan', { target: source, intent: addReadOnly });
    expect(plan.blocked).toBeUndefined();
    expect(plan.steps).toEqual([expect.objectContaining({ service: 'config-file', operation: 'AddProfileSection' })]);
    expect(plan.diff.map((row) => row.after)).toEqual([
      '[profile lab-readonly]',
      'sso_session = lab',
      `sso_account_id = ${ACCOUNT}`,
      'sso_role_name = ReadOnlyAccess',
      `region = ${REGION}`,
      // The endpoint comes along: the new profile reaches AWS the way its source does.
      `endpoint_url = ${sandbox.endpoint}`,
    ]);
    expect(plan.cli).toContain('aws configure set sso_role_name ReadOnlyAccess --profile lab-readonly');

    const outcome = await mustCall(ctx.router, 'changes.apply', { planId: plan.id });
    expect(outcome.entry.status).toBe('applied');
    expect(outcome.entry.verification?.verified).toBe(true);
    expect(outcome.undoAvailable).toBe(true);

    const written = readFileSync(configPath(), 'utf8');
    expect(written.startsWith(original)).toBe(true);
    expect(written).toContain('[profile lab-readonly]\nsso_session = lab\n');

    // Listed at once, without waiting for the file watcher, and marked on the role.
    const profiles = await mustCall(ctx.router, 'profiles.list', {});
    expect(profiles.profiles.find((p) => p.name === 'lab-readonly')).toMatchObject({ kind: 'sso', region: REGION });
    const roles = await mustCall(ctx.router, 'sso.listAccountRoles', { profile: 'lab-sso', accountId: ACCOUNT });
    expect(roles.roles.find((r) => r.roleName === 'ReadOnlyAccess')?.profiles).toEqual(['lab-readonly']);

    const readOnlyRole = TRAINING_LAB_SSO.permissionSets.ReadOnlyAccess.roleName;
    const identity = await mustCall(ctx.router, 'sts.getCallerIdentity', {
      target: { profile: 'lab-readonly', region: REGION },
    });
    expect(identity.arn).toContain(`:assumed-role/${readOnlyRole}/`);
    const fromCli = await cli(['sts', 'get-caller-identity', '--profile', 'lab-readonly', '--output', 'json']);
    expect(fromCli.stderr).toBe('');
    expect(JSON.parse(fromCli.stdout).Arn).toContain(`:assumed-role/${readOnlyRole}/`);

    // The undo is previewed too, and gives back the file exactly as it was.
    const undo = await mustCall(ctx.router, 'journal.planUndo', { entryId: outcome.entry.id });
    expect(undo.intent).toMatchObject({ kind: 'config.removeProfile', profileName: 'lab-readonly' });
    const undone = await mustCall(ctx.router, 'changes.apply', { planId: undo.id });
    expect(undone.entry.verification?.verified).toBe(true);
    expect(readFileSync(configPath(), 'utf8')).toBe(original);
    const after = await mustCall(ctx.router, 'profiles.list', {});
    expect(after.profiles.some((p) => p.name === 'lab-readonly')).toBe(false);
  });

  it('refuses a name in use, a name taken after the preview, and an undo of a section edited since', async () => {
    await signIn();
    const taken = await mustCall(ctx.router, 'changes.plan', {
      target: source,
      intent: { ...addReadOnly, profileName: 'lab-sso' },
    });
    expect(taken.blocked).toMatch(
      /^A profile named 'lab-sso' already exists \(.*config line 2\); choose another name\.$/,
    );

    const raced = await mustCall(ctx.router, 'changes.plan', { target: source, intent: addReadOnly });
    writeFileSync(join(dir, 'credentials'), '[lab-readonly]\naws_access_key_id = AKIAEXAMPLE\n');
    const refused = await mustCall(ctx.router, 'changes.apply', { planId: raced.id });
    expect(refused.entry.status).toBe('failed');
    expect(refused.entry.steps[0]?.error?.message).toBe(
      "A profile named 'lab-readonly' appeared in the shared files after the preview; nothing was written.",
    );
    expect(readFileSync(configPath(), 'utf8')).toBe(original);

    rmSync(join(dir, 'credentials'));
    const added = await mustCall(ctx.router, 'changes.apply', {
      planId: (await mustCall(ctx.router, 'changes.plan', { target: source, intent: addReadOnly })).id,
    });
    writeFileSync(
      configPath(),
      readFileSync(configPath(), 'utf8').replace(
        'sso_role_name = ReadOnlyAccess\nregion = us-east-1',
        'sso_role_name = ReadOnlyAccess\nregion = eu-west-1',
      ),
    );
    const undo = await mustCall(ctx.router, 'journal.planUndo', { entryId: added.entry.id });
    expect(undo.blocked).toContain('was edited after Trellis wrote it');
  });

  it('says which field is wrong for a bad name, account or role', async () => {
    const bad = await dispatch(ctx.router, 'changes.plan', {
      target: source,
      intent: { ...addReadOnly, profileName: 'has space', accountId: '1234' },
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('validation');
    expect(bad.error.message).toContain('profile names use letters, digits');
    expect(bad.error.message).toContain('an AWS account id is 12 digits');
  });
});
