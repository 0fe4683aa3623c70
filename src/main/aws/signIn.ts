import type { CallerIdentity, MfaSession, ProcessApproval, Target } from '../../shared/contract';
import type { ClientFactory } from './clientFactory';
import { TrellisError } from './errors';
import type { ProfileRegistry } from './profiles';

export interface SignInDeps {
  registry: ProfileRegistry;
  aws: ClientFactory;
  approvals: { approveProcess(profile: string, command: string): void };
  identity(target: Target): Promise<CallerIdentity>;
  defaultRegion: string;
}

/**
 * The two things a user does to make a profile usable: type an MFA code, or
 * allow a credential_process command line. Both end with the profile's
 * clients rebuilt, so the next call of every view uses the new credentials.
 */
export function signInActions(d: SignInDeps) {
  return {
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
