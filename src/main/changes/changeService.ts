import { randomUUID } from 'node:crypto';
import type { ApplyOutcome, ChangeIntent, Plan, StepOutcome, Target, Verification } from '../../shared/contract';
import { TrellisError, toAppError } from '../aws/errors';
import type { Journal } from './journal';
import { buildPlan } from './planners';
import type { BuiltPlan, PlannerContext } from './types';

const PLAN_TTL_MS = 15 * 60 * 1000;

/**
 * Read-only guards an account against writes made with the profile. A plan
 * that only edits the local config file (adding a profile from an SSO
 * sign-in, typically a read-only one) writes nothing with it.
 */
function writesToAws(built: BuiltPlan): boolean {
  return built.steps.length === 0 || built.steps.some((step) => step.service !== 'config-file');
}

interface StoredPlan {
  plan: Plan;
  built: BuiltPlan;
  expiresAt: number;
}

export interface ChangeServiceDeps extends PlannerContext {
  journal: Journal;
  isReadOnly(profile: string): boolean;
  accountOf(target: Target): Promise<string | undefined>;
  now?: () => Date;
  /** Replaced only in tests that need a planner with failing steps. */
  buildPlan?: typeof buildPlan;
}

/**
 * The only path by which Trellis writes to AWS: plan (preview), apply
 * (journal each step, stop at the first failure and roll back), verify by
 * re-reading, and undo as a fresh plan of the inverse intent.
 */
export class ChangeService {
  private readonly plans = new Map<string, StoredPlan>();

  constructor(private readonly deps: ChangeServiceDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async plan(target: Target, intent: ChangeIntent, undoOf?: string): Promise<Plan> {
    this.evictExpired();
    const build = this.deps.buildPlan ?? buildPlan;
    const [built, account] = await Promise.all([build(this.deps, target, intent), this.deps.accountOf(target)]);
    const readOnly =
      writesToAws(built) && this.deps.isReadOnly(target.profile)
        ? `Profile ${target.profile} is read-only; Trellis will not write with it.`
        : undefined;
    const plan: Plan = {
      id: randomUUID(),
      createdAt: this.now().toISOString(),
      target,
      account,
      title: built.title,
      resource: built.resource,
      // What the user asked for, as it may be shown and written down; the closures in `built` hold any real secret values.
      intent: built.displayIntent ?? intent,
      diff: built.diff,
      steps: built.steps.map(({ service, operation, input, summary }) => ({ service, operation, input, summary })),
      cli: built.cli,
      permissions: built.permissions,
      risk: built.risk,
      undo: built.undo ? { summary: built.undo.summary, cli: built.undo.cli } : null,
      blocked: readOnly ?? built.blocked,
      undoOf,
      ...(built.bundle ? { bundle: built.bundle } : {}),
    };
    this.plans.set(plan.id, { plan, built, expiresAt: this.now().getTime() + PLAN_TTL_MS });
    return plan;
  }

  discard(planId: string): boolean {
    return this.plans.delete(planId);
  }

  async planUndo(entryId: string): Promise<Plan> {
    const stored = this.deps.journal.get(entryId);
    if (!stored)
      throw new TrellisError({ code: 'not-found', message: `No journal entry ${entryId}.`, retryable: false });
    const { entry, undo } = stored;
    if (entry.undoneBy) {
      throw new TrellisError({ code: 'conflict', message: `“${entry.title}” was already undone.`, retryable: false });
    }
    if (entry.status !== 'applied' || !undo) {
      throw new TrellisError({
        code: 'conflict',
        message: `“${entry.title}” ${entry.status === 'applied' ? 'has no undo' : `was ${entry.status}, so there is nothing to undo`}.`,
        retryable: false,
      });
    }
    return this.plan(entry.target, undo.intent, entry.id);
  }

  async apply(planId: string): Promise<ApplyOutcome> {
    this.evictExpired();
    const stored = this.plans.get(planId);
    if (!stored) {
      throw new TrellisError({
        code: 'plan-expired',
        message: 'This preview has expired or was already applied. Review the change again.',
        retryable: false,
      });
    }
    const { plan, built } = stored;
    // Re-checked here, not only when planning: the profile may have been made read-only since.
    if (writesToAws(built) && this.deps.isReadOnly(plan.target.profile)) {
      throw new TrellisError({
        code: 'read-only',
        message: `Profile ${plan.target.profile} is read-only; Trellis will not write with it.`,
        retryable: false,
      });
    }
    if (plan.blocked) throw new TrellisError({ code: 'conflict', message: plan.blocked, retryable: false });
    // Single use, so a double click cannot apply twice.
    this.plans.delete(planId);

    const outcomes: (StepOutcome & { input: Record<string, unknown> })[] = built.steps.map((s) => ({
      operation: s.operation,
      input: s.input,
      status: 'skipped',
    }));
    let failedAt = -1;
    for (const [i, step] of built.steps.entries()) {
      try {
        const { requestId } = await step.run();
        outcomes[i] = { ...outcomes[i]!, status: 'ok', requestId };
      } catch (err) {
        outcomes[i] = { ...outcomes[i]!, status: 'failed', error: toAppError(err) };
        failedAt = i;
        break;
      }
    }

    let status: 'applied' | 'failed' | 'rolled-back' = 'applied';
    let verification: Verification | undefined;
    if (failedAt >= 0) {
      status = (await this.rollback(built, failedAt, outcomes)) ? 'rolled-back' : 'failed';
    } else {
      verification = await built.verify().catch((err: unknown) => ({
        verified: false,
        detail: `Could not re-read to verify: ${toAppError(err).message}`,
      }));
    }

    const entry = {
      id: randomUUID(),
      at: this.now().toISOString(),
      target: plan.target,
      account: plan.account,
      title: plan.title,
      intent: plan.intent,
      status,
      steps: outcomes,
      verification,
      undoOf: plan.undoOf,
    };
    this.deps.journal.append(
      entry,
      status === 'applied' && built.undo ? { intent: built.undo.intent, summary: built.undo.summary } : null,
    );
    if (status === 'applied' && plan.undoOf) this.deps.journal.markUndone(plan.undoOf, entry.id, entry.at);
    return { entry, undoAvailable: status === 'applied' && built.undo !== null };
  }

  /** Takes back the steps before the failed one, newest first; true when all of them came back. */
  private async rollback(built: BuiltPlan, failedAt: number, outcomes: StepOutcome[]): Promise<boolean> {
    let clean = true;
    for (let i = failedAt - 1; i >= 0; i -= 1) {
      const step = built.steps[i]!;
      if (!step.rollback) {
        clean = false;
        continue;
      }
      try {
        await step.rollback();
        outcomes[i] = { ...outcomes[i]!, status: 'rolled-back' };
      } catch (err) {
        clean = false;
        outcomes[i] = { ...outcomes[i]!, error: toAppError(err) };
      }
    }
    return clean && failedAt > 0;
  }

  private evictExpired(): void {
    const now = this.now().getTime();
    for (const [id, p] of this.plans) if (p.expiresAt < now) this.plans.delete(id);
  }
}
