import { describe, expect, it } from 'vitest';
import { decodeBase32, totp, totpStep } from '../../../src/sandbox/services/sts/totp';

/** RFC 6238 appendix B's SHA-1 secret, the ASCII "12345678901234567890", in base32. */
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('totp', () => {
  // The RFC lists 8-digit codes; a 6-digit code is the same number modulo 10^6, so its last six digits.
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('matches RFC 6238 at T=%i', (seconds, rfcCode) => {
    expect(totp(RFC_SECRET, new Date(seconds * 1000))).toBe(rfcCode.slice(-6));
  });

  it('keeps one code for a whole 30-second step and changes at the boundary', () => {
    const start = new Date('2026-05-22T12:00:00Z');
    const sameStep = new Date('2026-05-22T12:00:29.999Z');
    const nextStep = new Date('2026-05-22T12:00:30Z');
    expect(totpStep(sameStep)).toBe(totpStep(start));
    expect(totp(RFC_SECRET, sameStep)).toBe(totp(RFC_SECRET, start));
    expect(totpStep(nextStep)).toBe(totpStep(start) + 1);
    expect(totp(RFC_SECRET, nextStep)).not.toBe(totp(RFC_SECRET, start));
  });

  it('pads codes with leading zeros to six digits', () => {
    // T=1111111109 gives 07081804, whose last six digits start with a zero.
    expect(totp(RFC_SECRET, new Date(1111111109 * 1000))).toBe('081804');
  });
});

describe('decodeBase32', () => {
  it('reads secrets as authenticator apps take them: any case, spaces and padding ignored', () => {
    expect(decodeBase32(RFC_SECRET).toString('ascii')).toBe('12345678901234567890');
    expect(decodeBase32('gezd gnbv gy3t qojq gezd gnbv gy3t qojq').toString('ascii')).toBe('12345678901234567890');
    expect(decodeBase32('MZXW6===').toString('ascii')).toBe('foo');
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => decodeBase32('ABC1')).toThrow("'1' is not a base32 character (A-Z, 2-7).");
  });
});
