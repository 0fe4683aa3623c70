import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrellisError } from '../../../src/main/aws/errors';
import { SettingsStore } from '../../../src/main/settings';

describe('SettingsStore', () => {
  it('persists read-only profiles across restarts', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'settings-')), 'settings.json');
    new SettingsStore(file).setReadOnly('prod', true);
    const again = new SettingsStore(file);
    expect(again.isReadOnly('prod')).toBe(true);
    expect(again.isReadOnly('dev')).toBe(false);
    again.setReadOnly('prod', false);
    expect(new SettingsStore(file).isReadOnly('prod')).toBe(false);
  });

  it('reports a malformed file, keeps it byte for byte, and refuses to overwrite it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'settings-')), 'settings.json');
    writeFileSync(file, '{"version":1, "readOnlyProfiles": [oops]}');
    const store = new SettingsStore(file);
    expect(store.problem).toMatch(/settings\.json is not valid Trellis settings/);
    expect(() => store.setReadOnly('x', true)).toThrow(TrellisError);
    expect(readFileSync(file, 'utf8')).toBe('{"version":1, "readOnlyProfiles": [oops]}');
  });

  it('names the bad field when the JSON is valid but the shape is not', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'settings-')), 'settings.json');
    writeFileSync(file, '{"version":2}');
    expect(new SettingsStore(file).problem).toMatch(/version/);
  });
});
