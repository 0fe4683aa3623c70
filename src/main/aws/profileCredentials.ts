import { createHash } from 'node:crypto';
import { fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { AppError } from '../../shared/contract';
import { stsRoleAssumer, stsSessionToken } from './clientFactory';
import { TrellisError, toAppError } from './errors';
import { mfaNeeded, oneTimeCode, type MfaSessions } from './mfaSessions';
import type { ProcessCredentialCache } from './processCredentials';
import { describeChain, mfaSerialOf, type ProfileChain, type ProfileValues } from './profileChain';

/**
 * Which provider a file profile gets. Most profiles use the SDK's fromIni as
 * they are; two shapes need Trellis in the loop:
 * - an MFA profile answers from a session bought with a code the user typed,
 *   and fails with a sign-in request until there is one;
 * - a profile whose credentials come from a credential_process (its own, or
 *   at the end of its role chain) runs it through the approval gate, because
 *   fromIni would run it through a shell without asking.
 */
export interface CredentialDeps {
  profiles: ReadonlyMap<string, ProfileValues>;
  files: { config: string; credentials: string };
  sessions: MfaSessions;
  processes: ProcessCredentialCache;
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
): ProfileCredentials {
  const values = deps.profiles.get(name) ?? {};
  const chain = describeChain(name, deps.profiles);
  const serial = mfaSerialOf(chain, values);
  const process =
    chain.source?.kind === 'process' ? { profile: chain.source.profile, command: chain.source.command } : undefined;

  const resolver = (region: string | undefined, code?: (serial: string) => Promise<string>) => {
    const askCode = code ?? refuseCode(name);
    if (process) return processChain(chain, deps, stsRoleAssumer(region, stsEndpoint), askCode);
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

  if (serial === undefined) {
    return { chain, provider: (region) => resolver(region), expired, ...(process ? { process } : {}) };
  }

  // A changed file (another role, another device) must not reuse a session bought for the old one.
  const fingerprint = createHash('sha256').update(JSON.stringify(chainValues(name, chain, deps.profiles)));
  const sessionKey = `${name}\u0000${fingerprint.digest('hex')}`;
  return {
    chain,
    ...(process ? { process } : {}),
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
      const call = {
        service: error.service,
        operation: error.operation,
        awsCode: error.awsCode,
        requestId: error.requestId,
      };
      const known = Object.fromEntries(Object.entries(call).filter(([, value]) => value !== undefined));
      return { ...mfaNeeded(name, serial, true).appError, ...known };
    },
  };
}

/** Without a code to give (no sign-in under way), a chain that asks for one must not reach STS. */
function refuseCode(name: string): (serial: string) => Promise<string> {
  return async (serial) => {
    throw mfaNeeded(name, serial, false);
  };
}

/** The role hops over a credential_process, assumed in order from the source outwards, as fromIni would. */
function processChain(
  chain: ProfileChain,
  deps: CredentialDeps,
  assume: ReturnType<typeof stsRoleAssumer>,
  askCode: (serial: string) => Promise<string>,
): AwsCredentialIdentityProvider {
  return async () => {
    const source = chain.source;
    if (source?.kind !== 'process') throw new Error('not a credential_process chain');
    let credentials = await deps.processes.provider(source.profile, source.command)();
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
