import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprint, installFingerprintKey, isSecretName } from '../../../src/main/services/secretNames';

describe('isSecretName', () => {
  it.each([
    'DATABASE_PASSWORD',
    'db_passwd',
    'SESSION_SECRET',
    'flask_secret_value',
    'GITHUB_TOKEN',
    'PRIVATE_CERT',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'STRIPE_API_KEY',
    'aws_access_key_id',
    'SIGNING_KEY',
    'jwt_key',
  ])('masks %s', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each(['DATABASE_HOST', 'LOG_LEVEL', 'KEYBOARD_LAYOUT', 'PHOTOS_BUCKET', 'KEY_PREFIX', 'MONKEY', 'AWS_REGION'])(
    'shows %s',
    (name) => {
      expect(isSecretName(name)).toBe(false);
    },
  );
});

describe('fingerprint', () => {
  it('is a short, stable, keyed prefix that does not contain the value', () => {
    const fp = fingerprint('hunter2-but-longer');
    expect(fp).toMatch(/^«secret sha256:[0-9a-f]{8}»$/);
    expect(fp).toBe(fingerprint('hunter2-but-longer'));
    expect(fp).not.toBe(fingerprint('hunter3-but-longer'));
    expect(fp).not.toContain('hunter');
    // Not the plain hash, which anyone reading a journal could test guesses against: sha256("abc") starts ba7816bf.
    expect(fingerprint('abc')).not.toBe('«secret sha256:ba7816bf»');
  });

  it('keeps its key in the data directory, so fingerprints compare across launches, and never replaces a bad key file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-key-'));
    const file = join(dir, 'fingerprint.key');
    expect(installFingerprintKey(file)).toEqual({});
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const first = fingerprint('hunter2');
    const key = readFileSync(file);
    expect(createHmac('sha256', key).update('hunter2').digest('hex').slice(0, 8)).toBe(first.slice(15, 23));
    expect(installFingerprintKey(file)).toEqual({});
    expect(fingerprint('hunter2')).toBe(first);

    const bad = join(dir, 'short.key');
    writeFileSync(bad, 'not a key');
    expect(installFingerprintKey(bad).problem).toBe(
      `${bad} is 9 bytes, not a 32-byte key; it is left as it is and secrets are fingerprinted with a key of this session only.`,
    );
    expect(readFileSync(bad, 'utf8')).toBe('not a key');
  });
});
