import { createHash } from 'node:crypto';
import { fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { AppError } from '../../shared/contract';
import { stsRoleAssumer, stsSessionToken } from './clientFactory';
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
   * What the service saying "expired" means for this profile: an MFA session
   * becomes the sign-in request again; process or role credentials are dropped
   * so that a retry fetches new ones.
   */
  expired(error: AppError): AppError;
}

const EXPIRED_CODES = new Set(['ExpiredToken', 'ExpiredTokenException']);
/**
 * EC2's word for a session token past its end. It also means a skewed clock,
 * but the SDK corrects skew and retries, so one that reaches us is an expiry.
 */
const EC2_EXPIRED = 'RequestExpired';

export function isExpiredToken(error: AppError): boolean {
  const code = error.awsCode ?? '';
  return (error.code === 'credentials' && EXPIRED_CODES.has(code)) || code === EC2_EXPIRED;
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
      ...(chain.hops.length > 0 ? { roleAssumer: stsRoleAssumer(region, stsEndpoint) } : {}),
    });
  };

  const expired = (error: AppError): AppError => {
    if (sso) {
      deps.sso.forgetRole(sso.config);
      if (!deps.sso.signedIn(sso.config)) return { ...ssoNeeded(sso.config, true).appError, ...callFacts(error) };
      return { ...error, retryable: true, hint: 'Retry: Trellis gets new role credentials from the SSO session.' };
    }
    if (process) {
      deps.processes.forget(process.profile);
      return { ...error, retryable: true, hint: 'Retry: Trellis runs the credential_process again for new keys.' };
    }
    if (chain.hops.length > 0) return { ...error, retryable: true, hint: 'Retry: Trellis assumes the role again.' };
    if (chain.source?.kind === 'static' && error.awsCode !== EC2_EXPIRED) {
      const hint = `The temporary keys of profile '${name}' have expired. Put fresh ones (aws_access_key_id, aws_secret_access_key, aws_session_token) in the shared files; Trellis re-reads them when they change.`;
      return { ...error, hint };
    }
    return error;
  };

  const origin = { ...(process ? { process } : {}), ...(sso ? { sso } : {}) };
  if (serial === undefined) {
    return { chain, provider: (region) => resolver(region), expired, ...origin };
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
    expired(error) {
      deps.sessions.forget(sessionKey);
      return { ...mfaNeeded(name, serial, true).appError, ...callFacts(error) };
    },
  };
}

/** Which call was turned down, kept when the error becomes a sign-in request. */
function callFacts(error: AppError): Partial<AppError> {
  const call = {
    service: error.service,
    operation: error.operation,
    awsCode: error.awsCode,
    requestId: error.requestId,
  };
  return Object.fromEntries(Object.entries(call).filter(([, value]) => value !== undefined));
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
    return stsSessionToken(region, stsEndpoint)(keys, serial, code, Number.isNaN(duration) ? undefined : duration);
  };
}

function chainValues(name: string, chain: ProfileChain, profiles: ReadonlyMap<string, ProfileValues>): ProfileValues[] {
  const names = [name, ...chain.hops.map((hop) => hop.profile), ...(chain.source ? [chain.source.profile] : [])];
  return [...new Set(names)].map((n) => profiles.get(n) ?? {});
}
