import type {
  CallerIdentity,
  MfaSession,
  ProcessApproval,
  SsoDeviceAuthorization,
  SsoPoll,
  Target,
} from '../../shared/contract';
import type { ClientFactory } from './clientFactory';
import { TrellisError } from './errors';
import type { ProfileRegistry } from './profiles';
import { DeviceSignIns } from './sso/deviceFlow';

export interface SignInDeps {
  registry: ProfileRegistry;
  aws: ClientFactory;
  approvals: { approveProcess(profile: string, command: string): void };
  identity(target: Target): Promise<CallerIdentity>;
  defaultRegion: string;
}

/**
 * The things a user does to make a profile usable: type an MFA code, allow a
 * credential_process command line, or approve an SSO device sign-in. Each
 * ends with the clients rebuilt, so the next call of every view uses the new
 * credentials.
 */
export function signInActions(d: SignInDeps) {
  const devices = new DeviceSignIns(d.registry.sso);
  return {
    /** Starts the device flow for the profile's SSO session; the device code never leaves main. */
    async startSsoSignIn(profile: string): Promise<SsoDeviceAuthorization> {
      const sso = d.registry.resolve(profile).sso;
      if (!sso) {
        throw new TrellisError({
          code: 'validation',
          message: `Profile '${profile}' does not sign in through IAM Identity Center: it has no sso_session or sso_start_url.`,
          retryable: false,
        });
      }
      return devices.start(sso.config, sso.endpoints);
    },

    async pollSsoSignIn(signInId: string): Promise<SsoPoll> {
      const outcome = await devices.poll(signInId);
      if (outcome.status !== 'done') return outcome;
      // Every profile of the session (and chains over it) now has a token: rebuild them all.
      d.aws.invalidate();
      const done: SsoPoll = { status: 'done', expiresAt: outcome.expiresAt.toISOString() };
      const profile = outcome.config.profile;
      if (outcome.config.accountId === undefined) return done;
      const region = d.registry.resolve(profile).region ?? d.defaultRegion;
      return { ...done, identity: await d.identity({ profile, region }) };
    },

    /** The code is used for this one STS call and then dropped: never stored, logged or journalled. */
    async submitMfaCode(profile: string, code: string): Promise<MfaSession> {
      const resolved = d.registry.resolve(profile);
      if (!resolved.mfa) {
        throw new TrellisError({
          code: 'validation',
          message: `Profile '${profile}' does not use MFA: neither it nor its role chain has mfa_serial.`,
          retryable: false,
        });
      }
      const expiresAt = await resolved.mfa.signIn(code);
      d.aws.invalidate(profile);
      const identity = await d.identity({ profile, region: resolved.region ?? d.defaultRegion });
      return { identity, expiresAt: expiresAt.toISOString() };
    },

    approveCredentialProcess(profile: string, command: string): ProcessApproval {
      const own = d.registry.resolve(profile).process;
      if (!own || own.profile !== profile) {
        throw new TrellisError({
          code: 'validation',
          message: `Profile '${profile}' has no credential_process of its own to allow.`,
          retryable: false,
        });
      }
      // What the user saw must be what runs: a file edited since then is shown again, not approved blind.
      if (own.command !== command) {
        throw new TrellisError({
          code: 'conflict',
          message: `The credential_process of profile '${profile}' changed after it was shown to you; review the new command line.`,
          retryable: false,
          signIn: { kind: 'approve-process', profile, command: own.command },
        });
      }
      d.approvals.approveProcess(profile, command);
      d.aws.invalidate();
      return { profile, approved: true };
    },
  };
}
