import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { TrellisError } from './errors';

/**
 * Temporary credentials that an MFA code bought, per profile, in memory only
 * and only until they expire: one code serves every view and every client of
 * that profile, and nothing of it outlives the process.
 */
export interface MfaSessionsOptions {
  now?: () => number;
  /** A session this close to its end counts as over, so no call starts with keys about to lapse. */
  marginMs?: number;
}

/** STS sessions last an hour unless asked otherwise; used only if an answer ever lacks Expiration. */
const DEFAULT_LIFETIME_MS = 3_600_000;

interface Session {
  credentials: AwsCredentialIdentity;
  expiresAt: number;
}

export class MfaSessions {
  private readonly sessions = new Map<string, Session>();
  /** Keys whose session ran out or was rejected, so the next prompt can say "ended" rather than "needed". */
  private readonly endedKeys = new Set<string>();
  private readonly now: () => number;
  private readonly marginMs: number;

  constructor(opts: MfaSessionsOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.marginMs = opts.marginMs ?? 60_000;
  }

  /** The live session's credentials, or undefined when there is none or it has run out (then it is dropped). */
  get(key: string): AwsCredentialIdentity | undefined {
    const session = this.sessions.get(key);
    if (!session) return undefined;
    if (session.expiresAt - this.marginMs <= this.now()) {
      this.forget(key);
      return undefined;
    }
    return { ...session.credentials };
  }

  /** Keeps the session; returns when it ends. */
  set(key: string, credentials: AwsCredentialIdentity): Date {
    const expiresAt = credentials.expiration?.getTime() ?? this.now() + DEFAULT_LIFETIME_MS;
    this.sessions.set(key, { credentials: { ...credentials, expiration: new Date(expiresAt) }, expiresAt });
    this.endedKeys.delete(key);
    return new Date(expiresAt);
  }

  /** Drops a session (it ran out, or the service rejected it); true when there was one. */
  forget(key: string): boolean {
    const had = this.sessions.delete(key);
    if (had) this.endedKeys.add(key);
    return had;
  }

  /** True when a session existed for the key and has ended since. */
  ended(key: string): boolean {
    return this.endedKeys.has(key);
  }
}

/**
 * The mfaCodeProvider for one sign-in: it hands out the code once. A chain
 * that asks twice (two roles with mfa_serial) cannot be served by one code.
 */
export function oneTimeCode(code: string): (serial: string) => Promise<string> {
  let used = false;
  return async (serial) => {
    if (used) {
      throw new TrellisError({
        code: 'credentials',
        message: `This profile's role chain asks for a second MFA code (for ${serial}); Trellis asks for one code per sign-in.`,
        retryable: false,
        hint: 'Keep mfa_serial on one role of the chain only.',
      });
    }
    used = true;
    return code;
  };
}

/** The error every call of an MFA profile gets until a code has been entered (or after the session ended). */
export function mfaNeeded(profile: string, serial: string, ended: boolean): TrellisError {
  return new TrellisError({
    code: 'credentials',
    message: ended
      ? `The MFA session of profile '${profile}' has ended; enter a new code from ${serial} to continue.`
      : `Profile '${profile}' needs a code from the MFA device ${serial}.`,
    retryable: false,
    hint: 'Choose "Enter MFA code" and type the 6-digit code your device shows. The session it opens lasts until it expires; one code serves every view.',
    signIn: { kind: 'mfa', profile, serial },
  });
}
