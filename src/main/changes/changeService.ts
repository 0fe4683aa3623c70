import { randomUUID } from 'node:crypto';
import {
  appliedStepsLabel,
  type ApplyOutcome,
  type ChangeIntent,
  type JournalEntry,
  type Plan,
  type Target,
  type Verification,
} from '../../shared/contract';
import { TrellisError, toAppError } from '../aws/errors';
import type { Journal } from './journal';
import { buildPlan } from './planners';
import { rollBackSteps } from './planRollback';
import { priorStateDifferences, rollbackVerification } from './rollbackCheck';
import type { BuiltPlan, PlannerContext } from './types';

const PLAN_TTL_MS = 15 * 60 * 1000;
/** Stopped plans kept for their rollback; the oldest go first, and their entries then say how to roll back by hand. */
const MAX_STOPPED = 50;

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
  /** As asked, secrets included, so a rollback can plan it again to re-read the state; never journalled. */
  intent: ChangeIntent;
  expiresAt: number;
}

/** A plan that stopped at a failed step: its closures, to take back the `applied` steps before it. */
interface StoppedPlan {
  plan: Plan;
  built: BuiltPlan;
  intent: ChangeIntent;
  applied: number;
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
 * (journal each step, stop at the first failure and keep what was applied),
 * roll back a stopped plan's applied steps when asked, verify by re-reading,
 * and undo as a fresh plan of the inverse intent.
 */
export class ChangeService {
  private readonly plans = new Map<string, StoredPlan>();
  /** By journal entry id; memory only, so a restart loses them and says so. */
  private readonly stopped = new Map<string, StoppedPlan>();

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
    this.plans.set(plan.id, { plan, built, intent, expiresAt: this.now().getTime() + PLAN_TTL_MS });
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
    if (entry.status === 'partial') {
      throw new TrellisError({
        code: 'conflict',
        message: `“${entry.title}” stopped at a failed step; roll back its applied steps instead of undoing it.`,
        retryable: false,
      });
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
    const { plan, built, intent } = stored;
    // Re-checked here, not only when planning: the profile may have been made read-only since.
    this.refuseReadOnly(plan, built);
    if (plan.blocked) throw new TrellisError({ code: 'conflict', message: plan.blocked, retryable: false });
    // Single use, so a double click cannot apply twice.
    this.plans.delete(planId);

    const outcomes: JournalEntry['steps'] = built.steps.map((s) => ({
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

    // A failure stops the plan and leaves what was applied as it is: the user sees exactly which
    // steps ran and chooses whether to roll them back, rather than having a second round of writes happen unasked.
    const status: JournalEntry['status'] = failedAt < 0 ? 'applied' : failedAt === 0 ? 'failed' : 'partial';
    let verification: Verification | undefined;
    if (status === 'applied') {
      verification = await built.verify().catch((err: unknown) => ({
        verified: false,
        detail: `Could not re-read to verify: ${toAppError(err).message}`,
      }));
    }

    const entry: JournalEntry = {
      id: randomUUID(),
      at: this.now().toISOString(),
      target: plan.target,
      account: plan.account,
      title: plan.title,
      intent: plan.intent,
      status,
      steps: outcomes,
      verification,
      ...(plan.cli.length ? { cli: plan.cli } : {}),
      undoOf: plan.undoOf,
    };
    this.deps.journal.append(
      entry,
      status === 'applied' && built.undo ? { intent: built.undo.intent, summary: built.undo.summary } : null,
    );
    if (status === 'applied' && plan.undoOf) this.deps.journal.markUndone(plan.undoOf, entry.id, entry.at);
    if (status === 'partial') this.keepStopped(entry.id, { plan, built, intent, applied: failedAt });
    return { entry, undoAvailable: status === 'applied' && built.undo !== null };
  }

  /**
   * Takes back the applied steps of a stopped plan, newest first, journals
   * how each went, then verifies by planning the same intent again: the
   * re-read `before` values must be those of the original preview.
   */
  async rollback(entryId: string): Promise<ApplyOutcome> {
    const entry = this.deps.journal.get(entryId)?.entry;
    if (!entry)
      throw new TrellisError({ code: 'not-found', message: `No journal entry ${entryId}.`, retryable: false });
    if (entry.rollback) {
      throw new TrellisError({
        code: 'conflict',
        message: `“${entry.title}” was already rolled back (${entry.rollback.at}).`,
        retryable: false,
      });
    }
    if (entry.status !== 'partial') {
      throw new TrellisError({
        code: 'conflict',
        message:
          entry.status === 'applied'
            ? `“${entry.title}” was applied in full; use Undo to reverse it.`
            : `“${entry.title}” was ${entry.status}, so no applied steps are left to roll back.`,
        retryable: false,
      });
    }
    const stopped = this.stopped.get(entryId);
    if (!stopped) throw new TrellisError(lostRollback(entry));
    this.refuseReadOnly(stopped.plan, stopped.built);
    // Single use, like apply: a second click must not run the inverse calls twice.
    this.stopped.delete(entryId);

    const steps = await rollBackSteps(stopped.built.steps, stopped.applied);
    const verification = await this.verifyRollback(stopped);
    const rollback = {
      at: this.now().toISOString(),
      status: steps.every((s) => s.status === 'rolled-back') ? ('rolled-back' as const) : ('incomplete' as const),
      steps,
      verification,
    };
    this.deps.journal.recordRollback(entryId, rollback);
    return { entry: this.deps.journal.get(entryId)?.entry ?? { ...entry, rollback }, undoAvailable: false };
  }

  private async verifyRollback({ plan, intent }: StoppedPlan) {
    const build = this.deps.buildPlan ?? buildPlan;
    try {
      const reread = await build(this.deps, plan.target, intent);
      return rollbackVerification(priorStateDifferences(plan.diff, reread.diff, reread.blocked), plan.diff.length);
    } catch (err) {
      return {
        verified: false,
        detail: `Could not re-read to verify: ${toAppError(err).message}`,
        differences: [],
      };
    }
  }

  private keepStopped(entryId: string, stopped: StoppedPlan): void {
    this.stopped.set(entryId, stopped);
    for (const id of this.stopped.keys()) {
      if (this.stopped.size <= MAX_STOPPED) break;
      this.stopped.delete(id);
    }
  }

  private refuseReadOnly(plan: Plan, built: BuiltPlan): void {
    if (writesToAws(built) && this.deps.isReadOnly(plan.target.profile)) {
      throw new TrellisError({
        code: 'read-only',
        message: `Profile ${plan.target.profile} is read-only; Trellis will not write with it.`,
        retryable: false,
      });
    }
  }

  private evictExpired(): void {
    const now = this.now().getTime();
    for (const [id, p] of this.plans) if (p.expiresAt < now) this.plans.delete(id);
  }
}

/** Why a stopped plan cannot be rolled back from here any more, and where to find what to take back by hand. */
function lostRollback(entry: JournalEntry): ConstructorParameters<typeof TrellisError>[0] {
  const applied = entry.steps.filter((s) => s.status === 'ok');
  const range = appliedStepsLabel(applied.length);
  return {
    code: 'plan-expired',
    message:
      `Trellis cannot roll back “${entry.title}” any more: the way to take back its ${range} was held in memory, ` +
      `and Trellis has restarted since the change stopped. ${range[0]!.toUpperCase()}${range.slice(1)} ` +
      `(${applied.map((s) => s.operation).join(', ')}) are still applied.`,
    hint:
      'The journal entry lists each applied step with its request and request id' +
      (entry.cli?.length ? ', and the AWS CLI equivalent of the plan' : '') +
      '; take those steps back by hand, newest first.',
    retryable: false,
  };
}
