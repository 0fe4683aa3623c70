/**
 * Re-checking a finding after a fix or an undo: what each re-check is
 * waiting for, when polling stops by itself, and the longer wait for the
 * health metric, which follows the environment's colour by minutes. Pure
 * decisions; the diagnostics store keeps the state and the timers.
 */
import type { AppError, VerificationResult } from '../../../shared/contract';

export const POLL_INTERVAL_MS = 3000;
export const POLL_LIMIT = 10;
/** The health metric follows the colour by minutes: after a verified fix it is asked for this long, this often. */
export const METRIC_WAIT_MS = 10 * 60_000;
export const METRIC_POLL_INTERVAL_MS = 5000;

/** Why a finding is being re-checked: after a fix we wait for it to go, after an undo for it to come back. */
export type CheckReason = 'fix' | 'undo' | 'check';

export interface VerifyState {
  reason: CheckReason;
  checking: boolean;
  /** Automatic re-checks still to come; 0 once polling stopped by itself or was never started. */
  remaining: number;
  attempts: number;
  result?: VerificationResult;
  error?: AppError;
  /** When waiting for the health metric after a verified fix stops (epoch ms, this computer's clock). */
  metricDeadline?: number;
  /** The metric was still not OK at the deadline. */
  metricTimedOut?: boolean;
}

/**
 * Where a re-check's state is kept: a manual fix's "Check" has its own slot,
 * so pressing it does not hide what the last fix or undo found.
 */
export function verifySlot(findingId: string, reason: CheckReason): string {
  return reason === 'check' ? `check:${findingId}` : findingId;
}

/** Whether a re-check result is the one the reason waits for, which ends polling. */
export function settles(reason: CheckReason, result: VerificationResult): boolean {
  return reason === 'undo' ? result.status === 'not-yet' : result.status === 'verified';
}

export interface NextRecheck {
  patch: Partial<VerifyState>;
  /** The outcome just arrived: the scans and checklists on screen should say so too. */
  refreshLists: boolean;
  /** When to re-check again; absent when polling ends. */
  againInMs?: number;
}

/** What follows a finished automatic re-check of `state`, polling for `reason`. */
export function nextRecheck(state: VerifyState, reason: CheckReason, nowMs: number): NextRecheck {
  const remaining = state.remaining - 1;
  const done = state.result !== undefined && settles(reason, state.result);
  if (done && state.result?.metric?.state === 'waiting') {
    // Fixed, but the health metric has not followed yet: keep asking, bounded by the metric's own deadline.
    const deadline = state.metricDeadline ?? nowMs + METRIC_WAIT_MS;
    const timedOut = nowMs >= deadline;
    return {
      patch: { remaining: timedOut ? 0 : 1, metricDeadline: deadline, metricTimedOut: timedOut },
      refreshLists: state.metricDeadline === undefined,
      ...(timedOut ? {} : { againInMs: METRIC_POLL_INTERVAL_MS }),
    };
  }
  return {
    patch: { remaining: done ? 0 : remaining },
    refreshLists: done && state.metricDeadline === undefined,
    ...(!done && remaining > 0 ? { againInMs: POLL_INTERVAL_MS } : {}),
  };
}
