/**
 * RFC 6238 time-based one-time passwords, as virtual MFA devices (and AWS)
 * compute them: HMAC-SHA-1 over the 30-second step count, 6 digits. Pure, so
 * tests and the console's tests compute the code an authenticator app would
 * show at any instant of the sandbox clock.
 */
import { createHmac } from 'node:crypto';

export const TOTP_STEP_SECONDS = 30;
const DIGITS = 6;
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32, as authenticator apps take secrets: case, spaces and `=` padding are ignored. */
export function decodeBase32(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of clean) {
    const index = BASE32_ALPHABET.indexOf(char);
    if (index < 0) throw new RangeError(`'${char}' is not a base32 character (A-Z, 2-7).`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** The 30-second step that `at` falls in: the RFC's T. */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS);
}

/** The code for one step (RFC 4226 HOTP with the step as the counter). */
export function totpForStep(secretBase32: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', decodeBase32(secretBase32)).update(counter).digest();
  // Dynamic truncation: the low nibble of the last byte picks four bytes; the top bit is dropped.
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** DIGITS).padStart(DIGITS, '0');
}

/** The 6-digit code an authenticator app shows at `at` for this secret. */
export function totp(secretBase32: string, at: Date): string {
  return totpForStep(secretBase32, totpStep(at));
}
