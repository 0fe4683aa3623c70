import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';

/**
 * Names that usually hold credentials. Matching on the name (not the value)
 * errs towards masking: a masked non-secret costs one click to reveal, an
 * unmasked secret ends up in screenshots, logs and journals.
 */
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_?KEY|_KEY$/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * The fingerprints' key. A plain hash of a password can be confirmed offline by anyone who reads
 * the journal and guesses; keyed, the guess needs this key, kept beside the journal with the same
 * owner-only permissions. Main installs the persisted one at start; until then (and in tests) a
 * key of this process stands in.
 */
let fingerprintKey: Uint8Array = randomBytes(32);

export const FINGERPRINT_KEY_BYTES = 32;

/**
 * Reads the key at `file`, or makes one there when there is none, so fingerprints stay comparable
 * across launches. A file of the wrong size is reported and left alone (a key of this session is
 * used), never overwritten: it may be a copy someone needs.
 */
export function installFingerprintKey(file: string): { problem?: string } {
  let existing: Buffer | undefined;
  try {
    existing = readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      return {
        problem: `${file} could not be read (${(err as Error).message}); secrets are fingerprinted with a key of this session only.`,
      };
    }
  }
  if (existing) {
    if (existing.length !== FINGERPRINT_KEY_BYTES) {
      return {
        problem: `${file} is ${existing.length} bytes, not a ${FINGERPRINT_KEY_BYTES}-byte key; it is left as it is and secrets are fingerprinted with a key of this session only.`,
      };
    }
    fingerprintKey = existing;
    return {};
  }
  const key = randomBytes(FINGERPRINT_KEY_BYTES);
  // 'wx': never replace a key another process made between the read and now.
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, key);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  fingerprintKey = key;
  return {};
}

/**
 * Stands in for a secret wherever a value is shown or stored. A keyed hash prefix
 * lets two plans or journal entries be compared ("same password as before?")
 * without either revealing the value or letting a reader test guesses.
 */
export function fingerprint(value: string): string {
  const digest = createHmac('sha256', fingerprintKey).update(value, 'utf8').digest('hex');
  return `«secret sha256:${digest.slice(0, 8)}»`;
}
