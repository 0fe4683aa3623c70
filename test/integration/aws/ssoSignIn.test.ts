/**
 * In-app IAM Identity Center sign-in through the whole main process against
 * the sandbox: the SSO profile asks for a sign-in, the device flow is approved
 * through the sandbox's admin route, the token lands in the AWS CLI's cache
 * (which the real CLI then reads), and the role session acts as the
 * permission set's role until the token is gone.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/main/context';
import { TRAINING_LAB_SSO } from '../../../src/sandbox';
import { consoleIn } from '../../support/appConsole';
import { dispatch, mustCall } from '../../support/rpc';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { cliIn, labSsoConfig } from '../../support/ssoLab';
import { decideByAdmin } from '../sandbox/ssoSupport';

const REGION = 'us-east-1';
const ROLE = 'AdministratorAccess';
const target = { profile: 'lab-sso', region: REGION };
const TOKEN_FILE = `${createHash('sha1').update('lab').digest('hex')}.json`;

let sandbox: TestSandbox;
let ctx: AppContext;
let dir: string;

beforeEach(async () => {
  sandbox = await startTestSandbox();
  dir = mkdtempSync(join(tmpdir(), 'trellis-sso-'));
  writeFileSync(join(dir, 'config'), labSsoConfig(sandbox.endpoint, ROLE, REGION));
  ctx = await consoleIn(dir, { sandbox: false });
});

afterEach(async () => {
  await ctx?.close();
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Polls as the dialog does, at the interval main reports, until the sign-in ends (bounded by the code's life). */
async function pollUntilDone(signInId: string) {
  for (let attempt = 0; attempt < 30; attempt++) {
    const poll = await mustCall(ctx.router, 'sso.pollSignIn', { signInId });
    if (poll.status !== 'pending') return poll;
    await new Promise((resolve) => setTimeout(resolve, poll.intervalSeconds * 1000));
  }
  throw new Error('the sign-in did not finish');
}

async function signInThroughTheConsole() {
  const device = await mustCall(ctx.router, 'sso.startSignIn', { profile: 'lab-sso' });
  expect(device.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
  expect(device.verificationUri.startsWith(sandbox.endpoint)).toBe(true);
  // Not approved yet: pending, at the service's interval.
  expect(await mustCall(ctx.router, 'sso.pollSignIn', { signInId: device.signInId })).toEqual({
    status: 'pending',
    intervalSeconds: device.intervalSeconds,
  });
  const approved = await decideByAdmin(sandbox, device.userCode);
  expect(approved.status).toBe(200);
  return pollUntilDone(device.signInId);
}

const cli = (args: string[]) => cliIn(dir, args);

describe('SSO sign-in from the console, against the sandbox', () => {
  it('asks for a sign-in, completes the device flow, writes the CLI token cache, and acts as the SSO role', async () => {
    const before = await dispatch(ctx.router, 'sts.getCallerIdentity', { target });
    expect(before.ok).toBe(false);
    if (before.ok) return;
    expect(before.error).toMatchObject({
      code: 'credentials',
      signIn: { kind: 'sso', profile: 'lab-sso', startUrl: TRAINING_LAB_SSO.startUrl },
    });

    const done = await signInThroughTheConsole();
    expect(done.status).toBe('done');
    if (done.status !== 'done') return;
    const roleName = TRAINING_LAB_SSO.permissionSets[ROLE].roleName;
    expect(done.identity?.arn).toContain(`:assumed-role/${roleName}/`);

    const identity = await mustCall(ctx.router, 'sts.getCallerIdentity', { target });
    expect(identity.account).toBe(TRAINING_LAB_SSO.accountId);
    expect(identity.arn).toMatch(new RegExp(`^arn:aws:sts::${TRAINING_LAB_SSO.accountId}:assumed-role/${roleName}/`));

    const cacheDir = join(dir, '.aws', 'sso', 'cache');
    // The only file with a token is the one the CLI looks for: sha1 of the sso-session's name.
    const withToken = readdirSync(cacheDir).filter(
      (n) => 'accessToken' in JSON.parse(readFileSync(join(cacheDir, n), 'utf8')),
    );
    expect(withToken).toEqual([TOKEN_FILE]);
    const token = JSON.parse(readFileSync(join(cacheDir, TOKEN_FILE), 'utf8'));
    expect(token).toMatchObject({ startUrl: TRAINING_LAB_SSO.startUrl, region: TRAINING_LAB_SSO.region });
    expect(Date.parse(token.expiresAt)).toBeGreaterThan(Date.now());
    expect(token.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(statSync(join(cacheDir, TOKEN_FILE)).mode & 0o777).toBe(0o600);
  });

  it('lets the AWS CLI use the token Trellis wrote (aws sts get-caller-identity --profile)', async () => {
    expect((await signInThroughTheConsole()).status).toBe('done');
    const run = await cli(['sts', 'get-caller-identity', '--profile', 'lab-sso', '--output', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).Arn).toContain(`:assumed-role/${TRAINING_LAB_SSO.permissionSets[ROLE].roleName}/`);
  });

  it('puts the profile back into the sign-in state when the token has expired', async () => {
    expect((await signInThroughTheConsole()).status).toBe('done');
    await mustCall(ctx.router, 'sts.getCallerIdentity', { target });
    // The token runs out (no refresh possible), and then so does the role session the sandbox issued.
    const cacheDir = join(dir, '.aws', 'sso', 'cache');
    const path = join(cacheDir, TOKEN_FILE);
    const { refreshToken: _r, ...token } = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify({ ...token, expiresAt: '2020-01-01T00:00:00Z' }));
    sandbox.advanceClock(13 * 3_600_000);
    const after = await dispatch(ctx.router, 'sts.getCallerIdentity', { target });
    expect(after.ok).toBe(false);
    if (after.ok) return;
    expect(after.error).toMatchObject({ code: 'credentials', signIn: { kind: 'sso', profile: 'lab-sso' } });
  });
});
