import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyFileFor, seal, unseal } from '../../../src/sandbox/services/ssm/kms';
import { buildScenario } from '../../../src/sandbox/scenarios';
import { parseStateDocument, StateStore } from '../../../src/sandbox/state/store';
import { parameterNameSchema } from '../../../src/shared/contract';

let dir: string;
const now = () => new Date('2026-01-01T00:00:00Z');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trellis-kms-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sandbox KMS for SecureString', () => {
  it('seals under a 0600 key file next to the state and opens only for the same parameter', async () => {
    const file = join(dir, 'state.json');
    const store = await StateStore.open({ file, scenario: 'empty', now });
    const sealed = seal(store, '/a/secret', 'p&ssword');
    expect(sealed).not.toContain('p&ssword');
    expect(Buffer.from(sealed, 'base64').toString('utf8')).not.toContain('p&ssword');
    expect((await stat(keyFileFor(file))).mode & 0o777).toBe(0o600);
    expect((await readFile(keyFileFor(file), 'utf8')).trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(unseal(store, '/a/secret', sealed)).toBe('p&ssword');
    expect(() => unseal(store, '/b/secret', sealed)).toThrow(/cannot be decrypted/);
  });

  it('gives a file-less store its own key', async () => {
    const a = await StateStore.open({ scenario: 'empty', now });
    const b = await StateStore.open({ scenario: 'empty', now });
    const sealed = seal(a, '/x', 'v');
    expect(unseal(a, '/x', sealed)).toBe('v');
    expect(() => unseal(b, '/x', sealed)).toThrow(/cannot be decrypted/);
  });
});

describe('parameter names', () => {
  it('accepts SSM names and refuses reserved prefixes, bad characters and length', () => {
    expect(parameterNameSchema.safeParse('/flaskapp/flaskenv/RDS_PASSWORD').success).toBe(true);
    expect(parameterNameSchema.safeParse('plain.name-1').success).toBe(true);
    for (const bad of ['/aws/x', 'SSM-thing', '/has space', '/a//b', '', `/${'x'.repeat(2048)}`]) {
      expect(parameterNameSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe('state files written before Parameter Store existed', () => {
  it('load with an empty parameter list', () => {
    const { ssm: _dropped, ...older } = buildScenario('training-lab', now());
    const loaded = parseStateDocument(JSON.stringify(older), 'old-state.json');
    expect(loaded.ssm).toEqual({ parameters: [] });
  });

  it('refuses a SecureString version stored as plain text', () => {
    const doc = buildScenario('training-lab', now());
    const password = doc.ssm.parameters.find((p) => p.name === '/flaskapp/flaskenv/RDS_PASSWORD')!;
    password.versions[0] = { ...password.versions[0]!, seeded: undefined, text: 'plain' };
    expect(() => parseStateDocument(JSON.stringify(doc), 'bad.json')).toThrow(/never text/);
  });
});
