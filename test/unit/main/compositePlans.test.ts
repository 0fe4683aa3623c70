import { describe, expect, it } from 'vitest';
import { composePlans, type PlannedPart } from '../../../src/main/changes/planners/composite';
import type { BuiltPlan } from '../../../src/main/changes/types';
import type { AtomicChangeIntent } from '../../../src/shared/contract';

// Composite assembly on hand-made part plans: no AWS, only how parts combine.

const param = (name: string): AtomicChangeIntent => ({ kind: 'ssm.deleteParameter', name });

interface FakeOptions {
  blocked?: string;
  unchanged?: boolean;
  risk?: BuiltPlan['risk']['level'];
  undo?: boolean;
  verified?: boolean;
  permissions?: string[];
  secretShown?: boolean;
}

function part(name: string, log: string[], o: FakeOptions = {}): PlannedPart {
  const intent = param(`/p/${name}`);
  return {
    intent,
    built: {
      title: `Change ${name}`,
      resource: { service: 'ssm', type: 'parameter', name },
      diff: [{ change: 'modify', label: 'Value', before: 'a', after: 'b' }],
      steps: [
        {
          service: 'ssm',
          operation: `Op${name}`,
          input: { name },
          summary: name,
          run: async () => {
            log.push(`run ${name}`);
            return {};
          },
        },
      ],
      cli: [`aws ${name}`],
      permissions: o.permissions ?? ['ssm:PutParameter'],
      risk: { level: o.risk ?? 'low', note: `${name} risk.` },
      undo:
        o.undo === false
          ? null
          : { intent: param(`/undo/${name}`), summary: `undo ${name}`, cli: [`aws undo-${name}`] },
      ...(o.blocked ? { blocked: o.blocked } : {}),
      ...(o.unchanged ? { unchanged: true } : {}),
      ...(o.secretShown ? { displayIntent: param(`/shown/${name}`) } : {}),
      verify: async () => ({ verified: o.verified ?? true, detail: `${name} checked.` }),
    },
  };
}

describe('composePlans', () => {
  it('concatenates steps, CLI and numbered diff rows, dedupes permissions, and takes the highest risk', async () => {
    const log: string[] = [];
    const plan = composePlans('Fix it', [
      part('A', log, { risk: 'low', permissions: ['ssm:PutParameter', 'kms:Encrypt'] }),
      part('B', log, { risk: 'high', permissions: ['ssm:PutParameter'] }),
      part('C', log, { risk: 'medium', permissions: ['iam:PutRolePolicy'] }),
    ]);
    expect(plan.title).toBe('Fix it');
    expect(plan.resource.name).toBe('A');
    expect(plan.blocked).toBeUndefined();
    expect(plan.steps.map((s) => s.operation)).toEqual(['OpA', 'OpB', 'OpC']);
    expect(plan.cli).toEqual(['aws A', 'aws B', 'aws C']);
    expect(plan.diff.map((r) => r.label)).toEqual(['Part 1: Value', 'Part 2: Value', 'Part 3: Value']);
    expect(plan.permissions).toEqual(['ssm:PutParameter', 'kms:Encrypt', 'iam:PutRolePolicy']);
    expect(plan.risk).toEqual({
      level: 'high',
      note: 'Part 1 (Change A): A risk. Part 2 (Change B): B risk. Part 3 (Change C): C risk.',
    });
    for (const s of plan.steps) await s.run();
    expect(log).toEqual(['run A', 'run B', 'run C']);
  });

  it('keeps a single part unnumbered', () => {
    const plan = composePlans('One', [part('A', [], { risk: 'medium' })]);
    expect(plan.diff.map((r) => r.label)).toEqual(['Value']);
    expect(plan.risk).toEqual({ level: 'medium', note: 'A risk.' });
  });

  it('undoes in reverse order, and names the parts that cannot be undone', () => {
    const plan = composePlans('Fix it', [part('A', []), part('B', [], { undo: false }), part('C', [])]);
    expect(plan.undo?.intent).toEqual({
      kind: 'composite',
      title: 'Undo: Fix it',
      parts: [param('/undo/C'), param('/undo/A')],
    });
    expect(plan.undo?.cli).toEqual(['aws undo-C', 'aws undo-A']);
    expect(plan.undo?.summary).toBe('In reverse order: undo C; undo A. Part 2 (Change B) cannot be undone.');
  });

  it('has no undo when no part has one', () => {
    const plan = composePlans('Fix it', [part('A', [], { undo: false }), part('B', [], { undo: false })]);
    expect(plan.undo).toBeNull();
    expect(plan.risk.note).toMatch(/None of it can be undone\.$/);
  });

  it('drops parts that are already as asked, listing them as skipped rows', () => {
    const plan = composePlans('Fix it', [
      part('A', [], { blocked: 'A already has it.', unchanged: true, risk: 'high' }),
      part('B', [], { risk: 'low' }),
    ]);
    expect(plan.blocked).toBeUndefined();
    expect(plan.steps.map((s) => s.operation)).toEqual(['OpB']);
    expect(plan.cli).toEqual(['aws B']);
    expect(plan.diff).toEqual([
      { change: 'modify', label: 'Part 1: skipped, nothing to change — Change A', after: 'A already has it.' },
      { change: 'modify', label: 'Part 2: Value', before: 'a', after: 'b' },
    ]);
    // The skipped part neither raises the risk nor appears in the undo.
    expect(plan.risk).toEqual({ level: 'low', note: 'Part 2 (Change B): B risk.' });
    expect(plan.undo?.intent).toEqual({ kind: 'composite', title: 'Undo: Fix it', parts: [param('/undo/B')] });
  });

  it('is blocked as unchanged when every part is already as asked', () => {
    const plan = composePlans('Fix it', [
      part('A', [], { blocked: 'A already has it.', unchanged: true }),
      part('B', [], { blocked: 'B already has it.', unchanged: true }),
    ]);
    expect(plan.blocked).toBe(
      'Nothing to change: Part 1 (Change A): A already has it. Part 2 (Change B): B already has it.',
    );
    expect(plan.unchanged).toBe(true);
    expect(plan.steps).toEqual([]);
  });

  it('is blocked by the first part blocked for a real reason, prefixed with its title', () => {
    const plan = composePlans('Fix it', [
      part('A', [], { blocked: 'A already has it.', unchanged: true }),
      part('B', [], { blocked: 'B is Updating; wait.' }),
      part('C', [], { blocked: 'C is missing.' }),
    ]);
    expect(plan.blocked).toBe('Part 2 (Change B): B is Updating; wait.');
    expect(plan.unchanged).toBeUndefined();
  });

  it('shows every part by its display intent, so secrets stay fingerprinted', () => {
    const plan = composePlans('Fix it', [part('A', [], { secretShown: true }), part('B', [])]);
    expect(plan.displayIntent).toEqual({
      kind: 'composite',
      title: 'Fix it',
      parts: [param('/shown/A'), param('/p/B')],
    });
  });

  it('verifies only when every applied part verifies, joining their details', async () => {
    const good = composePlans('Fix it', [part('A', []), part('B', [])]);
    expect(await good.verify()).toEqual({ verified: true, detail: 'Part 1: A checked. Part 2: B checked.' });
    const bad = composePlans('Fix it', [part('A', []), part('B', [], { verified: false })]);
    expect((await bad.verify()).verified).toBe(false);
    const skipped = composePlans('Fix it', [
      part('A', [], { blocked: 'same', unchanged: true, verified: false }),
      part('B', []),
    ]);
    expect(await skipped.verify()).toEqual({ verified: true, detail: 'Part 2: B checked.' });
  });
});
