import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../../src/main/aws/clientFactory';
import { TrellisError } from '../../../src/main/aws/errors';
import { ChangeService, type ChangeServiceDeps } from '../../../src/main/changes/changeService';
import { Journal } from '../../../src/main/changes/journal';
import { composePlans } from '../../../src/main/changes/planners/composite';
import type { BuiltPlan, ExecutableStep } from '../../../src/main/changes/types';
import type { ChangeIntent } from '../../../src/shared/contract';

const target = { profile: 'lab', region: 'us-east-1' };
const intent: Extract<ChangeIntent, { kind: 'iam.attachPolicy' }> = {
  kind: 'iam.attachPolicy',
  principal: { type: 'role', name: 'r' },
  policyArn: 'arn:aws:iam::aws:policy/IAMFullAccess',
};

function step(log: string[], name: string, fails = false): ExecutableStep {
  return {
    service: 'iam',
    operation: name,
    input: { name },
    summary: name,
    run: async () => {
      if (fails) throw new TrellisError({ code: 'access-denied', message: `${name} denied`, retryable: false });
      log.push(`run ${name}`);
      return { requestId: `req-${name}` };
    },
    rollback: async () => {
      log.push(`rollback ${name}`);
    },
  };
}

function service(steps: ExecutableStep[], opts: { readOnly?: boolean; verified?: boolean } = {}) {
  const journal = new Journal(join(mkdtempSync(join(tmpdir(), 'changes-')), 'journal.jsonl'));
  const built: BuiltPlan = {
    title: 'test change',
    resource: { service: 'iam', type: 'role', name: 'r' },
    diff: [],
    steps,
    cli: [],
    permissions: [],
    risk: { level: 'low', note: '' },
    undo: { intent: { ...intent, kind: 'iam.detachPolicy' }, summary: 'undo it', cli: [] },
    verify: async () => ({ verified: opts.verified ?? true, detail: 'checked' }),
  };
  let readOnly = opts.readOnly ?? false;
  const deps: ChangeServiceDeps = {
    aws: {} as ClientFactory,
    journal,
    cliTarget: () => ({ region: 'us-east-1' }),
    isReadOnly: () => readOnly,
    accountOf: async () => '111122223333',
    buildPlan: async () => built,
  };
  return { svc: new ChangeService(deps), journal, setReadOnly: (v: boolean) => (readOnly = v) };
}

describe('ChangeService', () => {
  it('applies in order, verifies, journals and offers undo once', async () => {
    const log: string[] = [];
    const { svc, journal } = service([step(log, 'A'), step(log, 'B')]);
    const plan = await svc.plan(target, intent);
    expect(plan.account).toBe('111122223333');
    const out = await svc.apply(plan.id);
    expect(log).toEqual(['run A', 'run B']);
    expect(out.entry.status).toBe('applied');
    expect(out.entry.steps.map((s) => s.requestId)).toEqual(['req-A', 'req-B']);
    expect(out.entry.verification).toEqual({ verified: true, detail: 'checked' });
    expect(journal.list(5)).toHaveLength(1);

    const undo = await svc.planUndo(out.entry.id);
    expect(undo.undoOf).toBe(out.entry.id);
    expect(undo.intent.kind).toBe('iam.detachPolicy');
    const undone = await svc.apply(undo.id);
    expect(journal.get(out.entry.id)?.entry.undoneBy).toBe(undone.entry.id);
    await expect(svc.planUndo(out.entry.id)).rejects.toThrow(/already undone/);
  });

  it('stops at the first failure and keeps the steps already done until a rollback is asked for', async () => {
    const log: string[] = [];
    const { svc } = service([step(log, 'A'), step(log, 'B'), step(log, 'C', true), step(log, 'D')]);
    const out = await svc.apply((await svc.plan(target, intent)).id);
    expect(log).toEqual(['run A', 'run B']);
    expect(out.entry.status).toBe('partial');
    expect(out.entry.steps.map((s) => s.status)).toEqual(['ok', 'ok', 'failed', 'skipped']);
    expect(out.entry.steps[2]?.error?.code).toBe('access-denied');
    expect(out.undoAvailable).toBe(false);
    await svc.rollback(out.entry.id);
    expect(log).toEqual(['run A', 'run B', 'rollback B', 'rollback A']);
  });

  it('enforces read-only at apply time even if the plan was made before', async () => {
    const log: string[] = [];
    const { svc, setReadOnly, journal } = service([step(log, 'A')]);
    const plan = await svc.plan(target, intent);
    expect(plan.blocked).toBeUndefined();
    setReadOnly(true);
    await expect(svc.apply(plan.id)).rejects.toMatchObject({ appError: { code: 'read-only' } });
    expect(log).toEqual([]);
    expect(journal.list(5)).toHaveLength(0);
  });

  it('marks a read-only plan as blocked in the preview', async () => {
    const { svc } = service([], { readOnly: true });
    expect((await svc.plan(target, intent)).blocked).toMatch(/read-only/);
  });

  it('applies a plan at most once', async () => {
    const log: string[] = [];
    const { svc } = service([step(log, 'A')]);
    const plan = await svc.plan(target, intent);
    await svc.apply(plan.id);
    await expect(svc.apply(plan.id)).rejects.toMatchObject({ appError: { code: 'plan-expired' } });
    expect(log).toEqual(['run A']);
  });
});

describe('ChangeService with a composite plan', () => {
  it('rolls back, when asked, the steps of earlier parts when a later part fails, and journals the display intent', async () => {
    const log: string[] = [];
    const partPlan = (name: string, steps: ExecutableStep[]): BuiltPlan => ({
      title: `part ${name}`,
      resource: { service: 'iam', type: 'role', name },
      diff: [],
      steps,
      cli: [],
      permissions: [],
      risk: { level: 'low', note: '' },
      undo: null,
      verify: async () => ({ verified: true, detail: name }),
    });
    const composite = composePlans('both', [
      { intent, built: partPlan('first', [step(log, 'A1'), step(log, 'A2')]) },
      { intent, built: partPlan('second', [step(log, 'B1'), step(log, 'B2', true)]) },
    ]);
    const journal = new Journal(join(mkdtempSync(join(tmpdir(), 'changes-')), 'journal.jsonl'));
    const svc = new ChangeService({
      aws: {} as ClientFactory,
      journal,
      cliTarget: () => ({ region: 'us-east-1' }),
      isReadOnly: () => false,
      accountOf: async () => undefined,
      buildPlan: async () => composite,
    });
    const plan = await svc.plan(target, { kind: 'composite', title: 'both', parts: [intent, intent] });
    expect(plan.intent).toEqual({ kind: 'composite', title: 'both', parts: [intent, intent] });
    const out = await svc.apply(plan.id);
    expect(out.entry.status).toBe('partial');
    expect(out.entry.steps.map((s) => s.status)).toEqual(['ok', 'ok', 'ok', 'failed']);
    const rolled = await svc.rollback(out.entry.id);
    expect(log).toEqual(['run A1', 'run A2', 'run B1', 'rollback B1', 'rollback A2', 'rollback A1']);
    expect(rolled.entry.rollback?.steps.map((s) => s.status)).toEqual(['rolled-back', 'rolled-back', 'rolled-back']);
  });
});
