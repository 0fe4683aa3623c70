import type { RollbackStep } from '../../shared/contract';
import { toAppError } from '../aws/errors';
import type { ExecutableStep } from './types';

/**
 * Runs the inverse of the first `applied` steps, newest first, as each step's
 * planner defined it. A step that fails to come back does not stop the
 * others: each is independent of the ones after it, and leaving more applied
 * than necessary helps no one. The result lists the steps in plan order.
 */
export async function rollBackSteps(steps: ExecutableStep[], applied: number): Promise<RollbackStep[]> {
  const results: RollbackStep[] = [];
  for (let i = applied - 1; i >= 0; i -= 1) {
    const step = steps[i]!;
    const base = { step: i + 1, operation: step.operation };
    if (!step.rollback) {
      results.push({ ...base, status: 'not-reversible' });
      continue;
    }
    try {
      await step.rollback();
      results.push({ ...base, status: 'rolled-back' });
    } catch (err) {
      results.push({ ...base, status: 'failed', error: toAppError(err) });
    }
  }
  return results.reverse();
}
