/**
 * The real AWS CLI reading an SSO token cache against the sandbox. The CLI
 * here is v1, which has no `aws sso login`, but botocore's SSO credential
 * provider reads `~/.aws/sso/cache/<sha1>.json` and calls the portal's
 * GetRoleCredentials exactly as v2 does. So the test signs in through the
 * device flow with the SDK (as the console does), writes the cache in the
 * CLI's format, and asks the CLI who it is.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TRAINING_LAB_SSO } from '../../src/sandbox';
import { isolatedCliEnv, runAws } from '../support/awsCli';
import { startTestSandbox, type TestSandbox } from '../support/sandbox';
import { signIn, ssoClients } from '../integration/sandbox/ssoSupport';

let sandbox: TestSandbox;

function config(endpoint: string): string {
  return [
    '[profile lab-sso]',
    `sso_start_url = ${TRAINING_LAB_SSO.startUrl}`,
    `sso_region = ${TRAINING_LAB_SSO.region}`,
    `sso_account_id = ${TRAINING_LAB_SSO.accountId}`,
    'sso_role_name = ReadOnlyAccess',
    'region = us-east-1',
    `endpoint_url = ${endpoint}`,
    '',
  ].join('\n');
}

beforeEach(async () => {
  // botocore compares the token's expiry with the real clock, so this sandbox runs on it.
  sandbox = await startTestSandbox();
});

afterEach(async () => {
  await sandbox.dispose();
});

describe('aws sts get-caller-identity with an SSO profile', () => {
  it('uses the token cache and acts as the permission set role', async () => {
    const clients = ssoClients(sandbox);
    const token = await signIn(sandbox, clients.oidc).finally(() => clients.destroy());
    const cacheDir = join(sandbox.dir, '.aws', 'sso', 'cache');
    await mkdir(cacheDir, { recursive: true });
    // Legacy `sso_start_url` profiles key the cache by the SHA-1 of the start URL.
    const key = createHash('sha1').update(TRAINING_LAB_SSO.startUrl).digest('hex');
    const expiresAt = new Date(Date.now() + (token.expiresIn ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await writeFile(
      join(cacheDir, `${key}.json`),
      JSON.stringify({
        startUrl: TRAINING_LAB_SSO.startUrl,
        region: TRAINING_LAB_SSO.region,
        accessToken: token.accessToken,
        expiresAt,
      }),
    );
    const env = { ...(await isolatedCliEnv(sandbox.dir, config(sandbox.endpoint), null)), HOME: sandbox.dir };
    const result = await runAws(sandbox.endpoint, env, ['sts', 'get-caller-identity', '--profile', 'lab-sso']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({
      Account: TRAINING_LAB_SSO.accountId,
      Arn: `arn:aws:sts::${TRAINING_LAB_SSO.accountId}:assumed-role/${TRAINING_LAB_SSO.permissionSets.ReadOnlyAccess.roleName}/${TRAINING_LAB_SSO.userName}`,
    });
  });
});
