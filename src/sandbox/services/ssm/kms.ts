/**
 * Plays KMS for SecureString parameters. Values are sealed with AES-256-GCM
 * under one data key per state file, kept next to it in `<state>.kms-key`
 * (mode 0600) and created on first use. The state file is what learners open
 * in an editor, attach to bug reports and copy between machines; keeping the
 * key in a separate file means that sharing the state never shares the
 * secrets, just as an AWS account's KMS keys never leave KMS.
 *
 * A store without a file (tests, `--in-memory`) gets a key that lives as long
 * as the store object.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AwsError } from '../../errors';
import type { StateStore } from '../../state/store';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const memoryKeys = new WeakMap<StateStore, Buffer>();
const fileKeys = new Map<string, Buffer>();

export function keyFileFor(stateFile: string): string {
  return `${stateFile}.kms-key`;
}

function loadOrCreateFileKey(file: string): Buffer {
  const cached = fileKeys.get(file);
  if (cached) return cached;
  let key: Buffer;
  try {
    key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  } catch (error: unknown) {
    if ((error as { code?: unknown }).code !== 'ENOENT') throw kmsFailure(`cannot read ${file}`);
    key = randomBytes(KEY_BYTES);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // 'wx' so two sandboxes starting at once cannot each write a different key.
    try {
      writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch {
      key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    }
    chmodSync(file, 0o600);
  }
  if (key.length !== KEY_BYTES) throw kmsFailure(`${file} does not hold a 256-bit key`);
  fileKeys.set(file, key);
  return key;
}

function kmsFailure(reason: string): AwsError {
  return new AwsError('InternalServerError', `The sandbox KMS key is unusable: ${reason}.`, 500, 'Receiver');
}

function keyFor(store: StateStore): Buffer {
  if (store.stateFile !== undefined) return loadOrCreateFileKey(keyFileFor(store.stateFile));
  let key = memoryKeys.get(store);
  if (!key) {
    key = randomBytes(KEY_BYTES);
    memoryKeys.set(store, key);
  }
  return key;
}

/** base64(iv ‖ tag ‖ ciphertext); the parameter name is bound in as associated data, so a sealed value cannot be moved to another parameter. */
export function seal(store: StateStore, name: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFor(store), iv);
  cipher.setAAD(Buffer.from(name, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
}

export function unseal(store: StateStore, name: string, sealed: string): string {
  const bytes = Buffer.from(sealed, 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(store), bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(name, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    // AWS answers a value its key cannot open with InvalidCiphertextException from KMS.
    throw new AwsError(
      'InvalidKeyId',
      `The SecureString value of ${name} cannot be decrypted with this sandbox's KMS key (was the .kms-key file replaced?).`,
      400,
    );
  }
}
