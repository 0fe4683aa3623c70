import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { TRAINING_LAB_SSO as sso } from '../../src/sandbox';

/**
 * The sandbox's IAM Identity Center as a user's config file has it: one
 * `lab-sso` profile on the `lab` session, for the permission set `role`, with
 * every call sent to `endpoint`.
 */
export function labSsoConfig(endpoint: string, role: string, region = 'us-east-1'): string {
  return [
    '[profile lab-sso]',
    'sso_session = lab',
    `sso_account_id = ${sso.accountId}`,
    `sso_role_name = ${role}`,
    `region = ${region}`,
    `endpoint_url = ${endpoint}`,
    '[sso-session lab]',
    `sso_start_url = ${sso.startUrl}`,
    `sso_region = ${sso.region}`,
    'sso_registration_scopes = sso:account:access',
    '',
  ].join('\n');
}

/**
 * The AWS CLI with `dir` as its whole world (HOME, config, credentials) and
 * none of the developer's AWS variables, so it reads only what the test wrote.
 */
export function cliIn(dir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const {
    AWS_PROFILE: _p,
    AWS_ACCESS_KEY_ID: _k,
    AWS_SECRET_ACCESS_KEY: _s,
    AWS_SESSION_TOKEN: _t,
    ...rest
  } = process.env;
  const env = {
    ...rest,
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
  return new Promise((resolve) => {
    execFile('aws', args, { env, timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}
