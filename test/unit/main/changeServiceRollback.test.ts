/**
 * A plan that fails at step 3 of 4 stops there, says exactly what was applied,
 * and rolls back steps 1–2 only when asked; the rollback is verified by
 * planning the same intent again against the state as it then is.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../../src/main/aws/clientFactory';
import { TrellisError } from '../../../src/main/aws/errors';
import { ChangeService } from '../../../src/main/changes/changeService';
import { Journal } from '../../../src/main/changes/journal';
import { priorStateDifferences } from '../../../src/main/changes/rollbackCheck';
import type { BuiltPlan, ExecutableStep } from '../../../src/main/changes/types';
import type { ChangeIntent, DiffRow } from '../../../src/shared/contract';

const target = { profile: 'lab', region: 'us-east-1' };
const intent: ChangeIntent = { kind: 'ssm.putParameter', name: '/app/a', type: 'String', value: 'x', overwrite: true };

const KEYS = ['a', 'b', 'c', 'd'] as const;
type Key = (typeof KEYS)[number];

interface World {
  /** The "account": what each step writes and what planning reads. */
  state: Map<Key, string>;
  log: string[];
  /** Steps whose run fails, with an AWS-shaped error. */
  failRun: Set<Key>;
  /** Steps whose rollback fails. */
  failRollback: Set<Key>;
  /** Steps whose rollback "succeeds" but writes the wrong value, as a buggy inverse would. */
  wrongRollback: Set<Key>;
  readOnly: boolean;
}

function world(): World {
  return {
    state: new Map(KEYS.map((k) => [k, `old-${k}`])),
    log: [],
    failRun: new Set(),
    failRollback: new Set(),
    wrongRollback: new Set(),
    readOnly: false,
  };
}

/** A planner that reads the world now, as real planners read AWS: each diff row's `before` is the current value. */
function planner(w: World) {
  return async (): Promise<BuiltPlan> => {
    const prior = new Map(w.state);
    const steps: ExecutableStep[] = KEYS.map((k) => ({
      service: 'ssm',
      operation: `Put${k.toUpperCase()}`,
      input: { Name: k },
      summary: `set ${k}`,
      run: async () => {
        w.log.push(`run ${k}`);
        if (w.failRun.has(k)) {
          throw new TrellisError({
            code: 'access-denied',
            message: `not allowed to write ${k}`,
            awsCode: 'AccessDeniedException',
            requestId: `req-fail-${k}`,
            retryable: false,
          });
        }
        w.state.set(k, `new-${k}`);
        return { requestId: `req-${k}` };
      },
      rollback: async () => {
        w.log.push(`rollback ${k}`);
        if (w.failRollback.has(k)) {
          throw new TrellisError({ code: 'throttled', message: `rate exceeded on ${k}`, retryable: true });
        }
        w.state.set(k, w.wrongRollback.has(k) ? 'wrong' : prior.get(k)!);
      },
    }));
    return {
      title: 'Set four values',
      resource: { service: 'ssm', type: 'parameter', name: '/app' },
      diff: KEYS.map((k) => ({ change: 'modify' as const, label: k, before: w.state.get(k), after: `new-${k}` })),
      steps,
      cli: KEYS.map((k) => `aws ssm put-parameter --name ${k}`),
      permissions: ['ssm:PutParameter'],
      risk: { level: 'low', note: '' },
      undo: null,
      verify: async () => ({ verified: true, detail: 'all set' }),
    };
  };
}

function service(w: World, file = join(mkdtempSync(join(tmpdir(), 'rollback-')), 'journal.jsonl')) {
  const journal = new Journal(file);
  const svc = new ChangeService({
    aws: {} as ClientFactory,
    journal,
    cliTarget: () => ({ region: 'us-east-1' }),
    isReadOnly: () => w.readOnly,
    accountOf: async () => '111122223333',
    buildPlan: planner(w),
  });
  return { svc, journal, file };
}

async function stopAtStepThree(w: World) {
  w.failRun.add('c');
  const ctx = service(w);
  const out = await ctx.svc.apply((await ctx.svc.plan(target, intent)).id);
  return { ...ctx, out };
}

describe('a plan that fails at step 3 of 4', () => {
  it('stops there, runs nothing after it, and journals exactly steps 1–2 as applied', async () => {
    const w = world();
    const { out, file } = await stopAtStepThree(w);
    expect(w.log).toEqual(['run a', 'run b', 'run c']);
    expect(out.entry.status).toBe('partial');
    expect(out.entry.steps.map((s) => [s.operation, s.status, s.requestId])).toEqual([
      ['PutA', 'ok', 'req-a'],
      ['PutB', 'ok', 'req-b'],
      ['PutC', 'failed', undefined],
      ['PutD', 'skipped', undefined],
    ]);
    expect(out.entry.steps[2]?.error).toMatchObject({ awsCode: 'AccessDeniedException', requestId: 'req-fail-c' });
    expect(out.undoAvailable).toBe(false);
    // Nothing was taken back on its own: the applied steps are still applied.
    expect([...w.state.values()]).toEqual(['new-a', 'new-b', 'old-c', 'old-d']);
    // The record on disk says the same after a restart.
    const reopened = new Journal(file).get(out.entry.id)?.entry;
    expect(reopened?.status).toBe('partial');
    expect(reopened?.steps.map((s) => s.status)).toEqual(['ok', 'ok', 'failed', 'skipped']);
    expect(reopened?.cli).toHaveLength(4);
  });

  it('rolls back steps 1–2 newest first when asked, journals it, and verifies the prior state by re-reading', async () => {
    const w = world();
    const { svc, out, file } = await stopAtStepThree(w);
    w.log.length = 0;
    const rolled = await svc.rollback(out.entry.id);
    expect(w.log).toEqual(['rollback b', 'rollback a']);
    expect([...w.state.values()]).toEqual(['old-a', 'old-b', 'old-c', 'old-d']);
    expect(rolled.entry.status).toBe('partial');
    expect(rolled.entry.rollback).toMatchObject({
      status: 'rolled-back',
      steps: [
        { step: 1, operation: 'PutA', status: 'rolled-back' },
        { step: 2, operation: 'PutB', status: 'rolled-back' },
      ],
      verification: { verified: true, differences: [] },
    });
    expect(rolled.entry.rollback?.verification.detail).toMatch(/all 4 rows .* before the change/);
    // Append-only: the entry line is untouched and a rollback record follows it.
    const reopened = new Journal(file);
    expect(reopened.get(out.entry.id)?.entry.rollback?.status).toBe('rolled-back');
    expect(reopened.unreadableLines).toEqual([]);
    await expect(svc.rollback(out.entry.id)).rejects.toMatchObject({
      appError: { code: 'conflict', message: expect.stringMatching(/already rolled back/) },
    });
    expect(w.log).toEqual(['rollback b', 'rollback a']);
  });

  it('verifies from what it re-reads, not from what the rollback calls answered', async () => {
    const w = world();
    const { svc, out } = await stopAtStepThree(w);
    w.wrongRollback.add('a');
    const rolled = await svc.rollback(out.entry.id);
    // Every inverse call "succeeded"…
    expect(rolled.entry.rollback?.steps.map((s) => s.status)).toEqual(['rolled-back', 'rolled-back']);
    // …but re-reading shows step 1's value did not come back, and says which row.
    expect(rolled.entry.rollback?.verification).toEqual({
      verified: false,
      detail: expect.stringMatching(/1 of 4 rows .* differs/),
      differences: [{ label: 'a', expected: 'old-a', found: 'wrong' }],
    });
  });

  it('reports a step whose rollback failed, still rolls back the others, and the re-read shows what is left', async () => {
    const w = world();
    const { svc, out } = await stopAtStepThree(w);
    w.failRollback.add('b');
    w.log.length = 0;
    const rolled = await svc.rollback(out.entry.id);
    expect(w.log).toEqual(['rollback b', 'rollback a']);
    const rollback = rolled.entry.rollback!;
    expect(rollback.status).toBe('incomplete');
    expect(rollback.steps[0]).toEqual({ step: 1, operation: 'PutA', status: 'rolled-back' });
    expect(rollback.steps[1]).toMatchObject({
      step: 2,
      operation: 'PutB',
      status: 'failed',
      error: { code: 'throttled', message: 'rate exceeded on b' },
    });
    expect(rollback.verification.verified).toBe(false);
    expect(rollback.verification.differences).toEqual([{ label: 'b', expected: 'old-b', found: 'new-b' }]);
  });

  it('after a restart, refuses the rollback with a specific message pointing at the journal', async () => {
    const w = world();
    const { out, file } = await stopAtStepThree(w);
    const restarted = service(w, file);
    const refused = await restarted.svc.rollback(out.entry.id).then(
      () => undefined,
      (err: unknown) => (err instanceof TrellisError ? err.appError : undefined),
    );
    expect(refused?.code).toBe('plan-expired');
    expect(refused?.message).toBe(
      'Trellis cannot roll back “Set four values” any more: the way to take back its steps 1–2 was held in memory, ' +
        'and Trellis has restarted since the change stopped. Steps 1–2 (PutA, PutB) are still applied.',
    );
    expect(refused?.hint).toMatch(/journal entry lists each applied step .* AWS CLI equivalent/);
    expect([...w.state.values()]).toEqual(['new-a', 'new-b', 'old-c', 'old-d']);
    expect(new Journal(file).get(out.entry.id)?.entry.rollback).toBeUndefined();
  });

  it('refuses the rollback in main while the profile is read-only, and allows it once it is not', async () => {
    const w = world();
    const { svc, out } = await stopAtStepThree(w);
    w.readOnly = true;
    w.log.length = 0;
    await expect(svc.rollback(out.entry.id)).rejects.toMatchObject({ appError: { code: 'read-only' } });
    expect(w.log).toEqual([]);
    w.readOnly = false;
    expect((await svc.rollback(out.entry.id)).entry.rollback?.status).toBe('rolled-back');
  });

  it('offers no rollback when the first step failed, and no undo for a stopped plan', async () => {
    const w = world();
    w.failRun.add('a');
    const { svc } = service(w);
    const failed = await svc.apply((await svc.plan(target, intent)).id);
    expect(failed.entry.status).toBe('failed');
    expect(w.log).toEqual(['run a']);
    await expect(svc.rollback(failed.entry.id)).rejects.toMatchObject({
      appError: { code: 'conflict', message: expect.stringMatching(/no applied steps/) },
    });

    const partial = await stopAtStepThree(world());
    await expect(partial.svc.planUndo(partial.out.entry.id)).rejects.toMatchObject({
      appError: { code: 'conflict', message: expect.stringMatching(/roll back its applied steps/) },
    });
  });
});

describe('priorStateDifferences', () => {
  const original: DiffRow[] = [
    { change: 'add', label: 'Parameter /a', after: '1' },
    { change: 'modify', label: 'Value', before: 'old', after: 'new' },
    { change: 'modify', label: 'Value', before: 'second', after: 'new' },
  ];

  it('finds nothing when the re-read plan shows the same prior state', () => {
    expect(
      priorStateDifferences(
        original,
        original.map((r) => ({ ...r })),
      ),
    ).toEqual([]);
  });

  it('names a row still applied, a row that became something else, and a row that appeared', () => {
    const reread: DiffRow[] = [
      { change: 'modify', label: 'Parameter /a', before: '1', after: '1b' },
      { change: 'modify', label: 'Value', before: 'old', after: 'new' },
      { change: 'modify', label: 'Value', before: 'new', after: 'new' },
      { change: 'remove', label: 'Tag', before: 'x' },
    ];
    expect(priorStateDifferences(original, reread)).toEqual([
      { label: 'Parameter /a', expected: '(absent)', found: '1' },
      { label: 'Value', expected: 'second', found: 'new' },
      { label: 'Tag', expected: 'not in the plan', found: 'x' },
    ]);
  });

  it('says why rows are missing when the re-read plan has nothing left to change', () => {
    expect(priorStateDifferences(original.slice(0, 1), [], 'Parameter /a already holds this value.')).toEqual([
      {
        label: 'Parameter /a',
        expected: '(absent)',
        found: 'nothing left to change: Parameter /a already holds this value.',
      },
    ]);
  });
});
