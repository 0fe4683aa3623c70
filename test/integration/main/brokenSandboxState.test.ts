import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppContext } from '../../../src/main/context';
import { dispatch } from '../../support/rpc';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-broken-'));
  writeFileSync(join(dir, 'sandbox-state.json'), '{"version":1, broken');
  writeFileSync(
    join(dir, 'config'),
    '[profile real]\nregion = eu-west-1\naws_access_key_id = AKIAEXAMPLEEXAMPLE01\naws_secret_access_key = x\n',
  );
  const env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'creds') };
  return { dir, env };
}

describe('a corrupt sandbox state file', () => {
  it('keeps the console running: sandbox listed with the problem, other profiles usable, file untouched', async () => {
    const { dir, env } = setup();
    const logs: string[] = [];
    const ctx = await createAppContext({
      mode: 'web',
      version: 't',
      dataDir: dir,
      env,
      homeDir: dir,
      sandbox: {},
      watchProfiles: false,
      log: (m) => logs.push(m),
    });
    try {
      const res = await dispatch(ctx.router, 'profiles.list', {});
      expect(res.ok).toBe(true);
      if (!res.ok) return;
      const [sandbox, real] = res.data.profiles;
      expect(sandbox).toMatchObject({ name: 'sandbox', source: 'sandbox' });
      expect(sandbox?.problem).toMatch(/sandbox-state\.json is not valid JSON.*--reset-sandbox/);
      expect(real).toMatchObject({ name: 'real', region: 'eu-west-1' });
      expect(real?.problem).toBeUndefined();
      expect(readFileSync(join(dir, 'sandbox-state.json'), 'utf8')).toBe('{"version":1, broken');
      expect(logs.join('\n')).toMatch(/practice sandbox not started/);
    } finally {
      await ctx.close();
    }
  });

  it('--reset-sandbox starts a fresh lab and keeps the old file as a .bak', async () => {
    const { dir, env } = setup();
    const ctx = await createAppContext({
      mode: 'web',
      version: 't',
      dataDir: dir,
      env,
      homeDir: dir,
      sandbox: { reset: true },
      watchProfiles: false,
    });
    try {
      const id = await ctx.router.dispatch('sts.getCallerIdentity', {
        target: { profile: 'sandbox', region: 'us-east-1' },
      });
      expect(id).toMatchObject({ ok: true, data: { account: '570589970431' } });
      const backups = readdirSync(dir).filter((f) => f.endsWith('.bak'));
      expect(backups).toHaveLength(1);
      expect(readFileSync(join(dir, backups[0]!), 'utf8')).toBe('{"version":1, broken');
    } finally {
      await ctx.close();
    }
  });
});
