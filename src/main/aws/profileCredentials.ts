import { createHash } from 'node:crypto';
import { fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { AppError } from '../../shared/contract';
import { stsRoleAssumer, stsSessionToken } from './clientFactory';
import { EC2_EXPIRED, callFacts, isExpiredToken, isRejectedKey, replaceKeysNeeded } from './credentialRejections';
import { TrellisError, toAppError } from './errors';
import { mfaNeeded, oneTimeCode, type MfaSessions } from './mfaSessions';
import type { ProcessCredentialCache } from './processCredentials';
import { describeChain, mfaSerialOf, type ProfileChain, type ProfileValues } from './profileChain';
import { ssoNeeded, type SsoSessions } from './sso/ssoSessions';
import { ssoSettings, type SsoConfig, type SsoEndpoints } from './sso/ssoProfile';

/**
 * Which provider a file profile gets. Most profiles use the SDK's fromIni as
 * they are; two shapes need Trellis in the loop:
 * - an MFA profile answers from a session bought with a code the user typed,
 *   and fails with a sign-in request until there is one;
 * - a profile whose credentials come from a credential_process (its own, or
 *   at the end of its role chain) runs it through the approval gate, because
 *   fromIni would run it through a shell without asking;
 * - an SSO profile (or a chain ending in one) takes role credentials from
 *   the sign-in Trellis shares with the CLI, at the profile's endpoints, and
 *   asks for a sign-in instead of failing with a generic error.
 */
export interface CredentialDeps {
  profiles: ReadonlyMap<string, ProfileValues>;
  files: { config: string; credentials: string };
  /** The file each profile's aws_access_key_id comes from (credentials wins, as the SDK merges them). */
  keyFiles: ReadonlyMap<string, string>;
  sessions: MfaSessions;
  processes: ProcessCredentialCache;
  /** The config file's [sso-session NAME] sections, by name. */
  ssoSections: ReadonlyMap<string, ProfileValues>;
  sso: SsoSessions;
}

export interface ProfileCredentials {
  chain: ProfileChain;
  provider(region: string | undefined): AwsCredentialIdentityProvider;
  /** Set when the profile asks for an MFA code. */
  mfa?: {
    serial: string;
    /** Buys a session with the code and keeps it; returns when it ends. */
    signIn(region: string | undefined, code: string): Promise<Date>;
  };
  /** The credential_process behind the profile, its own or its chain's. */
  process?: { profile: string; command: string };
  /** The SSO sign-in behind the profile, its own or its chain's source's. */
  sso?: { config: SsoConfig; endpoints: SsoEndpoints };
  /**
   * What the service refusing the credentials (expired, or a key it no longer
   * knows) means for this profile: an MFA session becomes the sign-in request
   * again; process, SSO role or assumed-role credentials are dropped so that a
   * retry fetches new ones; keys in a file must be replaced by the user.
   */
  rejected(error: AppError): AppError;
}

const WRONG_CODE_HINT =
  'Check the code (it changes every 30 seconds) and the device in mfa_serial; the role must trust this user with MFA.';

export function profileCredentials(
  name: string,
  stsEndpoint: string | undefined,
  deps: CredentialDeps,
  ssoEndpoints: SsoEndpoints = {},
): ProfileCredentials {
  const values = deps.profiles.get(name) ?? {};
  const described = describeChain(name, deps.profiles);
  const serial = mfaSerialOf(described, values);
  const process =
    described.source?.kind === 'process'
      ? { profile: described.source.profile, command: described.source.command }
      : undefined;
  const ssoSource =
    described.source?.kind === 'other'
      ? ssoSettings(described.source.profile, deps.profiles.get(described.source.profile) ?? {}, deps.ssoSections)
      : undefined;
  const chain: ProfileChain =
    ssoSource && 'problem' in ssoSource && !described.problem
      ? { ...described, problem: ssoSource.problem }
      : described;
  const sso = ssoSource && 'config' in ssoSource ? { config: ssoSource.config, endpoints: ssoEndpoints } : undefined;
  const sourceProvider: AwsCredentialIdentityProvider | undefined = process
    ? deps.processes.provider(process.profile, process.command)
    : sso
      ? () => deps.sso.roleCredentials(sso.config, sso.endpoints)
      : undefined;

  const resolver = (region: string | undefined, code?: (serial: string) => Promise<string>) => {
    const askCode = code ?? refuseCode(name);
    if (sourceProvider) {
      if (chain.hops.length === 0) return sourceProvider;
      return roleChain(chain, deps, sourceProvider, stsRoleAssumer(region, stsEndpoint), askCode);
    }
    if (serial !== undefined && chain.hops.length === 0)
      return sessionToken(name, values, deps, region, stsEndpoint, serial, askCode);
    return fromIni({
      profile: name,
      filepath: deps.files.credentials,
      configFilepath: deps.files.config,
      ignoreCache: true,
      mfaCodeProvider: askCode,
      ...(chain.hops.length > 0
        ? { roleAssumer: sourceKeysChecked(chain, deps, stsRoleAssumer(region, stsEndpoint)) }
        : {}),
    });
  };

  const rejected = (error: AppError): AppError => {
    if (sso) {
      deps.sso.forgetRole(sso.config);
      if (!deps.sso.signedIn(sso.config)) return { ...ssoNeeded(sso.config, true).appError, ...callFacts(error) };
      return { ...error, retryable: true, hint: 'Retry: Trellis gets new role credentials from the SSO session.' };
    }
    if (process) {
      deps.processes.forget(process.profile);
      return { ...error, retryable: true, hint: 'Retry: Trellis runs the credential_process again for new keys.' };
    }
    // The role's session was refused, not the keys it was bought with: AssumeRole again says which.
    if (chain.hops.length > 0) return { ...error, retryable: true, hint: 'Retry: Trellis assumes the role again.' };
    if (chain.source?.kind === 'static' && error.awsCode !== EC2_EXPIRED) return keysRefused(name, deps, error);
    return error;
  };

  const origin = { ...(process ? { process } : {}), ...(sso ? { sso } : {}) };
  if (serial === undefined) {
    return { chain, provider: (region) => resolver(region), rejected, ...origin };
  }

  // A changed file (another role, another device) must not reuse a session bought for the old one.
  const fingerprint = createHash('sha256').update(JSON.stringify(chainValues(name, chain, deps.profiles)));
  const sessionKey = `${name}\u0000${fingerprint.digest('hex')}`;
  return {
    chain,
    ...origin,
    provider: () => async () => {
      const session = deps.sessions.get(sessionKey);
      if (session) return session;
      throw mfaNeeded(name, serial, deps.sessions.ended(sessionKey));
    },
    mfa: {
      serial,
      async signIn(region, code) {
        let credentials: AwsCredentialIdentity;
        try {
          credentials = await resolver(region, oneTimeCode(code))();
        } catch (err) {
          const operation = chain.hops.length > 0 ? 'AssumeRole' : 'GetSessionToken';
          const error = toAppError(err, { service: 'sts', operation });
          throw new TrellisError(error.code === 'access-denied' ? { ...error, hint: WRONG_CODE_HINT } : error);
        }
        return deps.sessions.set(sessionKey, credentials);
      },
    },
    rejected(error) {
      // The session is refused either way; a signing key that is gone too shows at the next sign-in.
      deps.sessions.forget(sessionKey);
      return { ...mfaNeeded(name, serial, true).appError, ...callFacts(error) };
    },
  };
}

/** The replace-keys request for keys a profile holds in a file. */
function keysRefused(profile: string, deps: CredentialDeps, error: AppError): AppError {
  const accessKeyId = deps.profiles.get(profile)?.aws_access_key_id ?? '';
  return replaceKeysNeeded(profile, { accessKeyId, file: deps.keyFiles.get(profile) ?? deps.files.credentials }, error);
}

/**
 * STS refusing a call signed with the keys in a file means those keys were
 * rotated or have expired: ask for new ones, naming the profile that holds
 * them (in a chain, its source), instead of a bare credentials failure.
 */
async function signedWithFileKeys<T>(
  profile: string,
  deps: CredentialDeps,
  operation: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const error = toAppError(err, { service: 'sts', operation });
    if (isRejectedKey(error) || (isExpiredToken(error) && error.awsCode !== EC2_EXPIRED)) {
      throw new TrellisError(keysRefused(profile, deps, error));
    }
    throw err;
  }
}

/** The role assumer with the chain's first hop, the one signed by the source profile's keys, checked. */
function sourceKeysChecked(
  chain: ProfileChain,
  deps: CredentialDeps,
  assume: ReturnType<typeof stsRoleAssumer>,
): ReturnType<typeof stsRoleAssumer> {
  const source = chain.source;
  if (source?.kind !== 'static') return assume;
  const sourceKeyId = deps.profiles.get(source.profile)?.aws_access_key_id;
  return (credentials, params) =>
    credentials.accessKeyId === sourceKeyId
      ? signedWithFileKeys(source.profile, deps, 'AssumeRole', () => assume(credentials, params))
      : assume(credentials, params);
}

/** Without a code to give (no sign-in under way), a chain that asks for one must not reach STS. */
function refuseCode(name: string): (serial: string) => Promise<string> {
  return async (serial) => {
    throw mfaNeeded(name, serial, false);
  };
}

/** The role hops over a credential_process or SSO source, assumed in order from the source outwards, as fromIni would. */
function roleChain(
  chain: ProfileChain,
  deps: CredentialDeps,
  source: AwsCredentialIdentityProvider,
  assume: ReturnType<typeof stsRoleAssumer>,
  askCode: (serial: string) => Promise<string>,
): AwsCredentialIdentityProvider {
  return async () => {
    let credentials = await source();
    for (const hop of [...chain.hops].reverse()) {
      const values = deps.profiles.get(hop.profile) ?? {};
      const duration = Number.parseInt(values.duration_seconds ?? '3600', 10);
      credentials = await assume(credentials, {
        RoleArn: hop.roleArn,
        RoleSessionName: values.role_session_name || `trellis-${Date.now()}`,
        ...(values.external_id !== undefined ? { ExternalId: values.external_id } : {}),
        DurationSeconds: Number.isNaN(duration) ? 3600 : duration,
        ...(hop.mfaSerial ? { SerialNumber: hop.mfaSerial, TokenCode: await askCode(hop.mfaSerial) } : {}),
      });
    }
    return credentials;
  };
}

/** A keys profile with its own mfa_serial: GetSessionToken with the code, signed by those keys. */
function sessionToken(
  name: string,
  values: ProfileValues,
  deps: CredentialDeps,
  region: string | undefined,
  stsEndpoint: string | undefined,
  serial: string,
  askCode: (serial: string) => Promise<string>,
): AwsCredentialIdentityProvider {
  return async () => {
    const keys = await fromIni({
      profile: name,
      filepath: deps.files.credentials,
      configFilepath: deps.files.config,
      ignoreCache: true,
    })();
    const duration = values.duration_seconds ? Number.parseInt(values.duration_seconds, 10) : undefined;
    const code = await askCode(serial);
    return signedWithFileKeys(name, deps, 'GetSessionToken', () =>
      stsSessionToken(region, stsEndpoint)(keys, serial, code, Number.isNaN(duration) ? undefined : duration),
    );
  };
}

function chainValues(name: string, chain: ProfileChain, profiles: ReadonlyMap<string, ProfileValues>): ProfileValues[] {
  const names = [name, ...chain.hops.map((hop) => hop.profile), ...(chain.source ? [chain.source.profile] : [])];
  return [...new Set(names)].map((n) => profiles.get(n) ?? {});
}
