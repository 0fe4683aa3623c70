/**
 * Profile preferences (pinned, colour, production) in settings.json, and the
 * production lock enforced in main: a production profile is read-only until
 * it is unlocked for this process, whatever the renderer sends.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/main/context';
import { SettingsStore } from '../../../src/main/settings';
import type { ChangeIntent } from '../../../src/shared/contract';
import { consoleIn } from '../../support/appConsole';
import { dispatch, mustCall } from '../../support/rpc';

const fresh = () => mkdtempSync(join(tmpdir(), 'prefs-'));

describe('SettingsStore profile preferences', () => {
  it('persists pinned, colour and production across restarts, changing only the fields given', () => {
    const file = join(fresh(), 'settings.json');
    const store = new SettingsStore(file);
    store.setReadOnly('dev', true);
    expect(store.setPreferences('prod', { pinned: true, colour: 'red' })).toEqual({
      pinned: true,
      production: false,
      colour: 'red',
    });
    store.setPreferences('prod', { production: true });
    const again = new SettingsStore(file);
    expect(again.preferencesOf('prod')).toEqual({ pinned: true, production: true, colour: 'red' });
    expect(again.preferencesOf('other')).toEqual({ pinned: false, production: false });
    // Earlier settings are kept beside the new ones.
    expect(again.isReadOnly('dev')).toBe(true);
    again.setPreferences('prod', { colour: null });
    expect(new SettingsStore(file).preferencesOf('prod')).toEqual({ pinned: true, production: true });
  });

  it('drops the entry when a profile is back to the defaults', () => {
    const file = join(fresh(), 'settings.json');
    const store = new SettingsStore(file);
    store.setPreferences('p', { pinned: true });
    store.setPreferences('p', { pinned: false });
    expect(JSON.parse(readFileSync(file, 'utf8')).profilePreferences).toEqual({});
  });

  it('reports a colour outside the palette in the file by its field, and keeps the file', () => {
    const file = join(fresh(), 'settings.json');
    const text = '{"version":1,"profilePreferences":{"p":{"pinned":true,"production":false,"colour":"magenta"}}}';
    writeFileSync(file, text);
    const store = new SettingsStore(file);
    expect(store.problem).toMatch(/colour/);
    expect(() => store.setPreferences('p', { pinned: false })).toThrow(/not valid Trellis settings/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('production profiles through the router', () => {
  let app: AppContext | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const intent: ChangeIntent = {
    kind: 'iam.detachPolicy',
    principal: { type: 'role', name: 'aws-elasticbeanstalk-ec2-role' },
    policyArn: 'arn:aws:iam::aws:policy/AWSElasticBeanstalkWebTier',
  };
  const target = { profile: 'sandbox', region: 'us-east-1' };

  it('validates the input: a colour outside the palette and an unknown field are refused', async () => {
    app = await consoleIn(fresh(), { sandbox: true });
    const bad = await dispatch(app.router, 'profiles.setPreferences', {
      profile: 'sandbox',
      colour: 'magenta' as 'red',
    });
    expect(bad.ok === false && bad.error.code).toBe('validation');
    const extra = await app.router.dispatch('profiles.setPreferences', { profile: 'sandbox', secret: 1 });
    expect(extra.ok === false && extra.error.code).toBe('validation');
    const unknown = await dispatch(app.router, 'profiles.setPreferences', { profile: 'nope', pinned: true });
    expect(unknown.ok === false && unknown.error.code).toBe('unknown-profile');
  });

  it('makes a production profile read-only until unlocked, refusing plan and apply in main, and locks again on restart', async () => {
    const dir = fresh();
    app = await consoleIn(dir, { sandbox: true });
    const router = app.router;
    // A plan made before the profile became production must not apply after it did.
    const early = await mustCall(router, 'changes.plan', { target, intent });
    expect(early.blocked).toBeUndefined();

    const marked = await mustCall(router, 'profiles.setPreferences', {
      profile: 'sandbox',
      production: true,
      colour: 'red',
    });
    expect(marked).toMatchObject({ readOnly: true, unlocked: false, preferences: { production: true, colour: 'red' } });

    const refused = await dispatch(router, 'changes.apply', { planId: early.id });
    expect(refused.ok === false && refused.error.code).toBe('read-only');
    const blocked = await mustCall(router, 'changes.plan', { target, intent });
    expect(blocked.blocked).toMatch(/read-only/);
    // The renderer cannot lift it through the ordinary read-only switch either.
    await mustCall(router, 'profiles.setReadOnly', { profile: 'sandbox', readOnly: false });
    const stillRefused = await dispatch(router, 'changes.apply', { planId: blocked.id });
    expect(stillRefused.ok === false && stillRefused.error.code).toBe('read-only');
    expect((await mustCall(router, 'profiles.list', {})).profiles.find((p) => p.name === 'sandbox')?.readOnly).toBe(
      true,
    );

    const unlocked = await mustCall(router, 'profiles.unlockProduction', { profile: 'sandbox', unlocked: true });
    expect(unlocked).toMatchObject({ readOnly: false, unlocked: true });
    const open = await mustCall(router, 'changes.plan', { target, intent });
    expect(open.blocked).toBeUndefined();
    const outcome = await mustCall(router, 'changes.apply', { planId: open.id });
    expect(outcome.entry.status).toBe('applied');

    await app.close();
    app = await consoleIn(dir, { sandbox: true });
    const restarted = (await mustCall(app.router, 'profiles.list', {})).profiles.find((p) => p.name === 'sandbox');
    expect(restarted).toMatchObject({ readOnly: true, unlocked: false, preferences: { production: true } });
  });

  it('refuses to unlock a profile that is not production', async () => {
    app = await consoleIn(fresh(), { sandbox: true });
    const res = await dispatch(app.router, 'profiles.unlockProduction', { profile: 'sandbox', unlocked: true });
    expect(res.ok === false && res.error.message).toMatch(/not marked production/);
  });
});
