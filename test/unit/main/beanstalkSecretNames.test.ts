import { describe, expect, it } from 'vitest';
import { fingerprint, isSecretName } from '../../../src/main/services/secretNames';

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
  it('is a short, stable sha-256 prefix that does not contain the value', () => {
    const fp = fingerprint('hunter2-but-longer');
    expect(fp).toMatch(/^«secret sha256:[0-9a-f]{8}»$/);
    expect(fp).toBe(fingerprint('hunter2-but-longer'));
    expect(fp).not.toBe(fingerprint('hunter3-but-longer'));
    expect(fp).not.toContain('hunter');
    // sha256("abc") starts ba7816bf.
    expect(fingerprint('abc')).toBe('«secret sha256:ba7816bf»');
  });
});
