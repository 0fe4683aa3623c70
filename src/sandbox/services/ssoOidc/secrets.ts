/**
 * The opaque strings the OIDC service hands out, in the shapes AWS's have
 * (so code that logs a prefix or checks a length behaves as it would), and
 * the digest under which the state remembers them.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';

export function secretDigest(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

const base64url = (bytes: number): string => randomBytes(bytes).toString('base64url');

export const newClientId = (): string => base64url(16);
export const newClientSecret = (): string => `eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0.${base64url(300)}`;
export const newDeviceCode = (): string => base64url(96);
/** AWS's access tokens start `aoa`, refresh tokens `aor`. */
export const newAccessToken = (): string => `aoa${base64url(180)}`;
export const newRefreshToken = (): string => `aor${base64url(180)}`;

/** Consonants only, as AWS's codes: no vowels means no accidental words, and no 0/O or 1/I confusion. */
const USER_CODE_LETTERS = 'BCDFGHJKLMNPQRSTVWXZ';

/** `ABCD-EFGH`: what the user compares between the terminal and the approval page. */
export function newUserCode(): string {
  const letter = (): string => USER_CODE_LETTERS.charAt(randomInt(USER_CODE_LETTERS.length));
  const group = (): string => Array.from({ length: 4 }, letter).join('');
  return `${group()}-${group()}`;
}
