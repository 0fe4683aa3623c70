import { describe, expect, it } from 'vitest';
import { TrellisError } from '../../../src/main/aws/errors';
import { MfaSessions, mfaNeeded, oneTimeCode } from '../../../src/main/aws/mfaSessions';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const keys = (expiration?: string) => ({
  accessKeyId: 'ASIAMFA',
  secretAccessKey: 'mfasecret',
  sessionToken: 'mfatoken',
  ...(expiration ? { expiration: new Date(expiration) } : {}),
});

describe('MfaSessions (clock injected)', () => {
  it('serves a session until shortly before it expires, then drops it and remembers that it ended', () => {
    let now = T0;
    const sessions = new MfaSessions({ now: () => now, marginMs: 60_000 });
    expect(sessions.get('p')).toBeUndefined();
    expect(sessions.ended('p')).toBe(false);

    expect(sessions.set('p', keys('2030-01-01T01:00:00Z'))).toEqual(new Date('2030-01-01T01:00:00Z'));
    now = Date.parse('2030-01-01T00:58:59Z');
    expect(sessions.get('p')).toMatchObject({ accessKeyId: 'ASIAMFA', sessionToken: 'mfatoken' });
    expect(sessions.get('other')).toBeUndefined();

    now = Date.parse('2030-01-01T00:59:00Z');
    expect(sessions.get('p')).toBeUndefined();
    expect(sessions.ended('p')).toBe(true);
    // Gone for good: going back in time does not bring it back.
    now = T0;
    expect(sessions.get('p')).toBeUndefined();
  });

  it('forgets a session the service rejected, and a new sign-in clears the ended mark', () => {
    const sessions = new MfaSessions({ now: () => T0 });
    sessions.set('p', keys('2030-01-01T01:00:00Z'));
    expect(sessions.forget('p')).toBe(true);
    expect(sessions.forget('p')).toBe(false);
    expect(sessions.get('p')).toBeUndefined();
    expect(sessions.ended('p')).toBe(true);
    sessions.set('p', keys('2030-01-01T02:00:00Z'));
    expect(sessions.ended('p')).toBe(false);
    expect(sessions.get('p')?.expiration).toEqual(new Date('2030-01-01T02:00:00Z'));
  });

  it('gives an answer without Expiration the hour STS sessions last by default', () => {
    let now = T0;
    const sessions = new MfaSessions({ now: () => now, marginMs: 0 });
    expect(sessions.set('p', keys())).toEqual(new Date('2030-01-01T01:00:00Z'));
    now = Date.parse('2030-01-01T01:00:00Z');
    expect(sessions.get('p')).toBeUndefined();
  });
});

describe('the one-time code and the sign-in error', () => {
  it('hands the code out once; a second request in the same chain is refused', async () => {
    const provide = oneTimeCode('123456');
    await expect(provide('arn:aws:iam::1:mfa/a')).resolves.toBe('123456');
    const err = await provide('arn:aws:iam::1:mfa/b').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrellisError);
    expect((err as TrellisError).appError.message).toBe(
      "This profile's role chain asks for a second MFA code (for arn:aws:iam::1:mfa/b); Trellis asks for one code per sign-in.",
    );
    expect((err as TrellisError).appError.message).not.toContain('123456');
  });

  it('asks for a code, or says the session ended, with the sign-in request attached', () => {
    const serial = 'arn:aws:iam::570589970431:mfa/edXProjectUser3';
    expect(mfaNeeded('lab-admin', serial, false).appError).toMatchObject({
      code: 'credentials',
      message: `Profile 'lab-admin' needs a code from the MFA device ${serial}.`,
      retryable: false,
      signIn: { kind: 'mfa', profile: 'lab-admin', serial },
    });
    expect(mfaNeeded('lab-admin', serial, true).appError.message).toBe(
      `The MFA session of profile 'lab-admin' has ended; enter a new code from ${serial} to continue.`,
    );
  });
});
