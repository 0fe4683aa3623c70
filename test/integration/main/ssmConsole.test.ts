import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleIn } from '../../support/appConsole';
import { type AppContext } from '../../../src/main/context';
import type { Channel, ChannelInput, ChangeIntent } from '../../../src/shared/contract';
import { dispatch, mustCall } from '../../support/rpc';

// Parameter Store through the whole main process (router → services/planners →
// real SDK clients) against the practice sandbox's training lab.
let ctx: AppContext;
const target = { profile: 'sandbox', region: 'us-east-1' };
const PASSWORD = 'Fl4sk&oRds#Pg2024';
const FLASKENV = '/flaskapp/flaskenv/';

const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => mustCall(ctx.router, channel, input);

async function planAndApply(intent: ChangeIntent) {
  const plan = await call('changes.plan', { target, intent });
  expect(plan.blocked).toBeUndefined();
  const outcome = await call('changes.apply', { planId: plan.id });
  expect(outcome.entry.status).toBe('applied');
  expect(outcome.entry.verification?.verified).toBe(true);
  return { plan, outcome };
}

async function undo(entryId: string) {
  const plan = await call('journal.planUndo', { entryId });
  expect(plan.blocked).toBeUndefined();
  const outcome = await call('changes.apply', { planId: plan.id });
  expect(outcome.entry.status).toBe('applied');
  return { plan, outcome };
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-ssm-'));
  ctx = await consoleIn(dir, { sandbox: true, dataDir: join(dir, 'data') });
});
afterAll(() => ctx?.close());

describe('Parameter Store reads through the router', () => {
  it('lists metadata only, in one DescribeParameters page', async () => {
    const list = await call('ssm.listParameters', { target });
    expect(list.apiCalls).toBe(1);
    const password = list.parameters.find((p) => p.name === `${FLASKENV}RDS_PASSWORD`);
    expect(password).toMatchObject({ type: 'SecureString', version: 2, tier: 'Standard', keyId: 'alias/aws/ssm' });
    expect(JSON.stringify(list)).not.toContain(PASSWORD);
    const scoped = await call('ssm.listParameters', { target, path: '/flaskapp/config', recursive: false });
    expect(scoped.parameters.map((p) => p.name)).toContain('/flaskapp/config/LOG_LEVEL');
    expect(scoped.parameters.every((p) => p.name.startsWith('/flaskapp/config/'))).toBe(true);
  });

  it('returns String values and withholds SecureString ones', async () => {
    const values = await call('ssm.getValues', {
      target,
      names: ['/flaskapp/config/LOG_LEVEL', `${FLASKENV}RDS_PASSWORD`, '/flaskapp/missing'],
    });
    expect(values.values).toEqual([{ name: '/flaskapp/config/LOG_LEVEL', value: 'WARNING', version: 3 }]);
    expect(values.secure).toEqual([`${FLASKENV}RDS_PASSWORD`]);
    expect(values.missing).toEqual(['/flaskapp/missing']);
  });

  it('batches GetParameters ten names a call', async () => {
    const names = Array.from({ length: 23 }, (_, i) => `/nothing/here${i}`);
    const values = await call('ssm.getValues', { target, names });
    expect(values.apiCalls).toBe(3);
    expect(values.missing).toHaveLength(23);
  });

  it('reveals a SecureString only when asked, and keeps history values for String only', async () => {
    expect(await call('ssm.revealParameter', { target, name: `${FLASKENV}RDS_PASSWORD` })).toEqual({
      value: PASSWORD,
      version: 2,
    });
    const secret = await call('ssm.parameterHistory', { target, name: `${FLASKENV}RDS_PASSWORD` });
    expect(secret.map((v) => v.version)).toEqual([1, 2]);
    expect(secret.every((v) => v.value === undefined)).toBe(true);
    expect(secret[1]?.user).toMatch(/edXProjectUser3/);
    const plain = await call('ssm.parameterHistory', { target, name: '/flaskapp/config/LOG_LEVEL' });
    expect(plain.map((v) => v.value)).toEqual(['DEBUG', 'INFO', 'WARNING']);
  });

  it('refuses bad names before any AWS call, and maps ParameterNotFound', async () => {
    const bad = await dispatch(ctx.router, 'ssm.revealParameter', { target, name: '/aws/reserved' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/cannot begin with "aws" or "ssm"/);
    const spaces = await dispatch(ctx.router, 'ssm.parameterHistory', { target, name: '/has space' });
    expect(spaces.ok).toBe(false);
    const missing = await dispatch(ctx.router, 'ssm.revealParameter', { target, name: '/not/there' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.error.awsCode).toBe('ParameterNotFound');
      expect(missing.error.message).toBe('Parameter /not/there does not exist in us-east-1.');
    }
  });
});

describe('Parameter Store changes through plans', () => {
  it('creates a parameter with a masked plan, and undo deletes it', async () => {
    const name = '/flaskapp/flaskenv/NEW_TOKEN';
    const intent: ChangeIntent = {
      kind: 'ssm.putParameter',
      name,
      type: 'SecureString',
      value: 'tok&en-1',
      overwrite: false,
    };
    const { plan, outcome } = await planAndApply(intent);
    expect(JSON.stringify(plan)).not.toContain('tok&en-1');
    expect(JSON.stringify(outcome)).not.toContain('tok&en-1');
    expect(plan.cli[0]).toContain("--value '<value>'");
    expect(plan.diff[0]).toMatchObject({
      change: 'add',
      label: 'Value',
      after: expect.stringMatching(/^«secret sha256:[0-9a-f]{8}»$/),
    });
    expect((await call('ssm.revealParameter', { target, name })).value).toBe('tok&en-1');
    const undone = await undo(outcome.entry.id);
    expect(undone.plan.intent).toEqual({ kind: 'ssm.deleteParameter', name });
    const gone = await dispatch(ctx.router, 'ssm.revealParameter', { target, name });
    expect(gone.ok).toBe(false);
  });

  it('blocks an existing name without overwrite, and an unchanged overwrite', async () => {
    const name = `${FLASKENV}RDS_PORT`;
    const exists = await call('changes.plan', {
      target,
      intent: { kind: 'ssm.putParameter', name, type: 'SecureString', value: '5433', overwrite: false },
    });
    expect(exists.blocked).toMatch(/already exists \(version 1\); choose to overwrite/);
    const same = await call('changes.plan', {
      target,
      intent: { kind: 'ssm.putParameter', name, type: 'SecureString', value: '5432', overwrite: true },
    });
    expect(same.blocked).toMatch(/Nothing to change/);
    expect(same.blocked).not.toContain('5432');
  });

  it('overwrites a SecureString and undo restores the previous version exactly', async () => {
    const name = `${FLASKENV}RDS_PASSWORD`;
    const { plan, outcome } = await planAndApply({
      kind: 'ssm.putParameter',
      name,
      type: 'SecureString',
      value: 'N3w&oPassword',
      overwrite: true,
    });
    const masked = JSON.stringify(plan);
    expect(masked).not.toContain(PASSWORD);
    expect(masked).not.toContain('N3w&oPassword');
    expect(plan.diff).toEqual([
      {
        change: 'modify',
        label: 'Value',
        before: expect.stringMatching(/^«secret sha256:/),
        after: expect.stringMatching(/^«secret sha256:/),
      },
    ]);
    expect(outcome.entry.verification?.detail).toMatch(/version 3/);
    expect(await call('ssm.revealParameter', { target, name })).toEqual({ value: 'N3w&oPassword', version: 3 });

    const undone = await undo(outcome.entry.id);
    expect(undone.plan.intent).toEqual({ kind: 'ssm.restoreVersion', name, version: 2 });
    expect(JSON.stringify(undone)).not.toContain(PASSWORD);
    expect(await call('ssm.revealParameter', { target, name })).toEqual({ value: PASSWORD, version: 4 });
    const journal = await call('journal.list', {});
    expect(JSON.stringify(journal)).not.toContain(PASSWORD);
    expect(JSON.stringify(journal)).not.toContain('N3w&oPassword');
  });

  it('deletes a parameter and undo re-creates it from the value held in memory', async () => {
    const name = `${FLASKENV}APP_SECRET`;
    const before = await call('ssm.revealParameter', { target, name });
    const { plan, outcome } = await planAndApply({ kind: 'ssm.deleteParameter', name });
    expect(plan.risk.level).toBe('high');
    expect(JSON.stringify(plan)).not.toContain(before.value);
    const undone = await undo(outcome.entry.id);
    expect(undone.plan.intent).toMatchObject({
      kind: 'ssm.putParameter',
      name,
      type: 'SecureString',
      overwrite: false,
    });
    expect(JSON.stringify(undone.plan)).not.toContain(before.value);
    expect((await call('ssm.revealParameter', { target, name })).value).toBe(before.value);
  });

  it('restores a String version and blocks an unknown one', async () => {
    const name = '/flaskapp/config/LOG_LEVEL';
    const { plan } = await planAndApply({ kind: 'ssm.restoreVersion', name, version: 1 });
    expect(plan.diff).toEqual([{ change: 'modify', label: 'Value', before: 'WARNING', after: 'DEBUG' }]);
    expect((await call('ssm.getValues', { target, names: [name] })).values[0]).toMatchObject({
      value: 'DEBUG',
      version: 4,
    });
    const unknown = await call('changes.plan', { target, intent: { kind: 'ssm.restoreVersion', name, version: 99 } });
    expect(unknown.blocked).toMatch(/has no version 99/);
  });

  it('blocks re-creating from a held value this session no longer knows (as after a restart)', async () => {
    const plan = await call('changes.plan', {
      target,
      intent: {
        kind: 'ssm.putParameter',
        name: '/flaskapp/flaskenv/LOST',
        type: 'SecureString',
        value: '«secret sha256:0badc0de»',
        overwrite: false,
      },
    });
    expect(plan.blocked).toMatch(/held in memory only and Trellis has been restarted since/);
    expect(plan.intent).toMatchObject({ value: '«secret sha256:0badc0de»' });
  });

  it('rejects a value over the Standard limit before any AWS call', async () => {
    const res = await dispatch(ctx.router, 'changes.plan', {
      target,
      intent: { kind: 'ssm.putParameter', name: '/big', type: 'String', value: 'x'.repeat(4097), overwrite: false },
    });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toMatch(/too long for its tier/);
  });
});
