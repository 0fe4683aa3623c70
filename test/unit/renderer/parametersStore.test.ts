/**
 * The parameters store with a scripted api: listing reads no values; values
 * are read only for the rows the view asks about, never for SecureStrings,
 * at most 50 names a call and once per listed version; a newer version or a
 * change to that parameter reads it again; an answer for another target is
 * dropped; a failed read is retried only when asked.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ParameterSummary, ParameterType, Target } from '../../../src/shared/contract';
import { answer, calls, pending } from './scriptedApi';

vi.mock('../../../src/renderer/src/api', async () => (await import('./scriptedApi')).scriptedApiModule());

const { useParameters, currentValue } = await import('../../../src/renderer/src/stores/parameters');

const sandbox: Target = { profile: 'sandbox', region: 'us-east-1' };
const other: Target = { profile: 'prod', region: 'eu-west-1' };
const p = (name: string, type: ParameterType = 'String', version = 1): ParameterSummary => ({ name, type, version });
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};
const valuesOf = (names: string[], version = 1) => ({
  ok: true as const,
  data: {
    values: names.map((name) => ({ name, value: `value of ${name}`, version })),
    secure: [],
    missing: [],
    apiCalls: 1,
  },
});

async function listed(parameters: ParameterSummary[]): Promise<void> {
  const loading = useParameters.getState().load(sandbox);
  answer('ssm.listParameters', { ok: true, data: { parameters, apiCalls: 1 } });
  await loading;
}

beforeEach(() => {
  pending.length = 0;
  calls.length = 0;
  useParameters.setState({ key: null });
  useParameters.getState().resetFor('sandbox|us-east-1');
});

describe('parameters store: values for what is shown', () => {
  it('lists without reading any value', async () => {
    await listed([p('/a/ONE'), p('/a/TWO')]);
    expect(calls).toEqual(['ssm.listParameters']);
    expect(useParameters.getState().list.status).toBe('ready');
  });

  it('reads the String and StringList rows asked about, never a SecureString, once per version', async () => {
    const rows = [p('/a/ONE'), p('/a/SECRET', 'SecureString'), p('/a/LIST', 'StringList')];
    await listed(rows);
    void useParameters.getState().requestValues(sandbox, rows);
    const call = answer('ssm.getValues', valuesOf(['/a/ONE', '/a/LIST']));
    expect(call.input).toEqual({ target: sandbox, names: ['/a/ONE', '/a/LIST'] });
    await flush();
    const { values } = useParameters.getState();
    expect(currentValue(values, rows[0]!)).toBe('value of /a/ONE');
    expect(values['/a/SECRET']).toBeUndefined();

    // Scrolling past the same rows again asks for nothing.
    void useParameters.getState().requestValues(sandbox, rows);
    await flush();
    expect(pending).toHaveLength(0);
    expect(calls.filter((c) => c === 'ssm.getValues')).toHaveLength(1);
  });

  it('asks at most 50 names a call', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => p(`/many/KEY_${i}`));
    await listed(rows);
    void useParameters.getState().requestValues(sandbox, rows);
    expect(pending.map((c) => (c.input.names as string[]).length)).toEqual([50, 50, 20]);
  });

  it('reads a value again once the listing shows a newer version, or after a change to it', async () => {
    await listed([p('/a/ONE')]);
    void useParameters.getState().requestValues(sandbox, [p('/a/ONE')]);
    answer('ssm.getValues', valuesOf(['/a/ONE']));
    await flush();

    // Relisted at the same version: still current, nothing to read.
    await listed([p('/a/ONE')]);
    void useParameters.getState().requestValues(sandbox, [p('/a/ONE')]);
    expect(pending).toHaveLength(0);

    // Version 2: the old value is not shown, and it is read again.
    const v2 = p('/a/ONE', 'String', 2);
    await listed([v2]);
    expect(currentValue(useParameters.getState().values, v2)).toBeUndefined();
    void useParameters.getState().requestValues(sandbox, [v2]);
    answer('ssm.getValues', valuesOf(['/a/ONE'], 2));
    await flush();
    expect(currentValue(useParameters.getState().values, v2)).toBe('value of /a/ONE');

    // A change to it (deleted and created again at version 1) drops what was read.
    const loading = useParameters.getState().load(sandbox, '/a/ONE');
    expect(useParameters.getState().values['/a/ONE']).toBeUndefined();
    answer('ssm.listParameters', { ok: true, data: { parameters: [p('/a/ONE')], apiCalls: 1 } });
    await loading;
    void useParameters.getState().requestValues(sandbox, [p('/a/ONE')]);
    expect(pending.map((c) => c.channel)).toEqual(['ssm.getValues']);
  });

  it('drops values that arrive after the target changed', async () => {
    await listed([p('/a/ONE')]);
    void useParameters.getState().requestValues(sandbox, [p('/a/ONE')]);
    useParameters.getState().resetFor('prod|eu-west-1');
    answer('ssm.getValues', valuesOf(['/a/ONE']));
    await flush();
    expect(useParameters.getState().values).toEqual({});
    // And a request for a target that is not the store's is not made at all.
    void useParameters.getState().requestValues(sandbox, [p('/a/TWO')]);
    void useParameters.getState().requestValues(other, []);
    expect(pending).toHaveLength(0);
  });

  it('keeps a failed read’s error, and asks again only on retry', async () => {
    const rows = [p('/a/ONE')];
    await listed(rows);
    void useParameters.getState().requestValues(sandbox, rows);
    answer('ssm.getValues', {
      ok: false,
      error: { code: 'access-denied', message: 'not authorized to perform: ssm:GetParameters', retryable: false },
    });
    await flush();
    expect(useParameters.getState().valuesError?.message).toMatch(/ssm:GetParameters/);
    void useParameters.getState().requestValues(sandbox, rows);
    expect(pending).toHaveLength(0);

    useParameters.getState().retryValues();
    expect(useParameters.getState().valuesError).toBeNull();
    void useParameters.getState().requestValues(sandbox, rows);
    answer('ssm.getValues', valuesOf(['/a/ONE']));
    await flush();
    expect(currentValue(useParameters.getState().values, rows[0]!)).toBe('value of /a/ONE');
  });
});
