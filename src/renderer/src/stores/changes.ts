/**
 * The one write path: plan → review → apply → outcome. The Review change
 * dialog renders this store; Attach, Detach and Undo only start it.
 */
import { create } from 'zustand';
import type { AppError, ApplyOutcome, ChangeIntent, Plan, Result, Target } from '../../../shared/contract';
import { api } from '../api';
import { readCache } from '../api/readCache';
import { useBeanstalk } from './beanstalk';
import { useIam } from './iam';
import { useJournal } from './journal';

export type ChangeRequest =
  | { kind: 'intent'; target: Target; intent: ChangeIntent }
  | { kind: 'undo'; entryId: string }
  // A diagnostics fix: main holds the intent (it may carry secret values), so it is planned by finding and fix id.
  | { kind: 'fix'; target: Target; findingId: string; fixId: string };

export type ChangePhase = 'closed' | 'planning' | 'review' | 'applying' | 'done';

export interface ChangesState {
  phase: ChangePhase;
  request: ChangeRequest | null;
  plan: Plan | null;
  planError: AppError | null;
  applyError: AppError | null;
  outcome: ApplyOutcome | null;

  preview: (target: Target, intent: ChangeIntent) => Promise<void>;
  previewUndo: (entryId: string) => Promise<void>;
  previewFix: (target: Target, findingId: string, fixId: string) => Promise<void>;
  replan: () => Promise<void>;
  apply: () => Promise<void>;
  /** After a retryable apply error: go back to the review and apply the same plan again. */
  retryApply: () => Promise<void>;
  /** The outcome was a stopped plan: roll back its applied steps, and show the entry as it then stands. */
  rollBack: () => Promise<void>;
  cancel: () => void;
  close: () => void;
}

/** Bumped whenever the dialog starts over or closes, so a late plan for an abandoned request is discarded. */
let generation = 0;

const closedState = {
  phase: 'closed' as ChangePhase,
  request: null,
  plan: null,
  planError: null,
  applyError: null,
  outcome: null,
};

export const useChanges = create<ChangesState>()((set, get) => {
  const runPlan = async (request: ChangeRequest) => {
    const mine = ++generation;
    set({ ...closedState, phase: 'planning', request });
    const result: Result<Plan> =
      request.kind === 'intent'
        ? await api['changes.plan']({ target: request.target, intent: request.intent })
        : request.kind === 'fix'
          ? await api['diagnostics.planFix']({
              target: request.target,
              findingId: request.findingId,
              fixId: request.fixId,
            })
          : await api['journal.planUndo']({ entryId: request.entryId });
    if (mine !== generation) {
      if (result.ok) void api['changes.discard']({ planId: result.data.id });
      return;
    }
    set(result.ok ? { phase: 'review', plan: result.data } : { phase: 'review', planError: result.error });
  };

  // Each area's own store reloads what a change touched; the parameters, databases and search-domain
  // views subscribe to this store and reload themselves, so only IAM and Beanstalk are named here.
  const refreshAfterApply = (plan: Plan) => {
    const { intent } = plan;
    switch (intent.kind) {
      case 'beanstalk.updateOptions':
      case 'beanstalk.restartAppServer':
      case 'beanstalk.rebuild':
        useBeanstalk.getState().afterChange(plan.target, intent.environmentName);
        break;
      case 'iam.attachPolicy':
      case 'iam.detachPolicy':
      case 'iam.putInlinePolicy':
      case 'iam.deleteInlinePolicy':
      case 'iam.updateAssumeRolePolicy':
        void useIam
          .getState()
          .loadSnapshot(plan.target)
          .catch(() => undefined);
        break;
      default:
        break;
    }
    void useJournal.getState().load();
  };

  return {
    ...closedState,

    preview: (target, intent) => runPlan({ kind: 'intent', target, intent }),
    previewUndo: (entryId) => runPlan({ kind: 'undo', entryId }),
    previewFix: (target, findingId, fixId) => runPlan({ kind: 'fix', target, findingId, fixId }),

    replan: async () => {
      const { request } = get();
      if (request) await runPlan(request);
    },

    apply: async () => {
      const { phase, plan } = get();
      if (phase !== 'review' || !plan || plan.blocked) return; // no double submit, no blocked plans
      const mine = generation;
      set({ phase: 'applying', applyError: null });
      const result = await api['changes.apply']({ planId: plan.id });
      // Before anyone hears of the outcome: views that reload on 'done' must not be answered from the cache.
      // Exactly the services the change wrote to, for its target; other views keep their cached reads.
      readCache.invalidateServices(plan.target, [plan.resource.service, ...plan.steps.map((s) => s.service)]);
      if (mine !== generation) return;
      set(result.ok ? { phase: 'done', outcome: result.data } : { phase: 'done', applyError: result.error });
      // Even a failed apply may have changed something before it stopped, and it is journalled.
      refreshAfterApply(plan);
    },

    retryApply: async () => {
      const { phase, applyError, plan } = get();
      if (phase !== 'done' || !applyError?.retryable || !plan) return;
      set({ phase: 'review', applyError: null });
      await get().apply();
    },

    rollBack: async () => {
      const { phase, outcome } = get();
      if (phase !== 'done' || outcome?.entry.status !== 'partial' || outcome.entry.rollback) return;
      const mine = generation;
      const result = await useJournal.getState().rollBack(outcome.entry);
      if (mine !== generation || !result.ok) return; // a refusal is shown from the journal store
      set({ outcome: result.data });
    },

    cancel: () => {
      const { phase, plan } = get();
      if (phase === 'applying') return;
      if (plan && phase === 'review') void api['changes.discard']({ planId: plan.id });
      generation++;
      set(closedState);
    },

    close: () => {
      if (get().phase === 'applying') return;
      generation++;
      set(closedState);
    },
  };
});
