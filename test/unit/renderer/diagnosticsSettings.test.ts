import { describe, expect, it } from 'vitest';
import { fromForm, splitList, toForm } from '../../../src/renderer/src/views/diagnostics/settingsForm';

const saved = {
  deployers: [{ type: 'role' as const, name: 'EC2_Can_Use_Services' }],
  requiredProperties: { 'Bbruceeb2-env': ['DB_HOST', 'DB_USER'] },
  parameterPaths: { 'Other-env': '/edx/app' },
};

describe('settings form', () => {
  it('gives every known and every configured environment a row', () => {
    const form = toForm(saved, ['Bbruceeb2-env', 'Alpha-env']);
    expect(Object.keys(form.requiredProperties)).toEqual(['Alpha-env', 'Bbruceeb2-env', 'Other-env']);
    expect(form.requiredProperties['Bbruceeb2-env']).toBe('DB_HOST, DB_USER');
    expect(form.parameterPaths['Other-env']).toBe('/edx/app');
    expect(form.parameterPaths['Alpha-env']).toBe('');
  });

  it('round-trips, dropping empty rows and blank deployers', () => {
    const form = toForm(saved, ['Alpha-env']);
    form.deployers.push({ type: 'user', name: '  ' });
    expect(fromForm(form)).toEqual({ ok: true, settings: saved });
  });

  it('splits comma and newline lists', () => {
    expect(splitList(' A, B ,,\nC ')).toEqual(['A', 'B', 'C']);
  });

  it('names the field that is wrong and keeps the others valid', () => {
    const result = fromForm({
      deployers: [
        { type: 'role', name: 'ok-role' },
        { type: 'user', name: 'bad name with spaces' },
      ],
      requiredProperties: { 'Bbruceeb2-env': 'DB_HOST, 2bad', 'Alpha-env': 'A, A' },
      parameterPaths: { 'Bbruceeb2-env': 'edx/app' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual([
      'deployers.1.name',
      'parameterPaths.Bbruceeb2-env',
      'requiredProperties.Alpha-env',
      'requiredProperties.Bbruceeb2-env',
    ]);
    expect(result.errors['requiredProperties.Bbruceeb2-env']).toContain('2bad');
    expect(result.errors['requiredProperties.Alpha-env']).toContain('twice');
    expect(result.errors['parameterPaths.Bbruceeb2-env']).toContain('starts with /');
  });

  it('points a deployer error at the row the user typed in, even after blank rows', () => {
    const result = fromForm({
      deployers: [
        { type: 'role', name: '' },
        { type: 'role', name: 'has space' },
      ],
      requiredProperties: {},
      parameterPaths: {},
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors)).toEqual(['deployers.1.name']);
  });
});
