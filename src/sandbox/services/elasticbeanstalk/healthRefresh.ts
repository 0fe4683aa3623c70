/**
 * Health reads re-derive runtime health before answering, so a security-group
 * rule or policy fixed a moment ago shows in the next DescribeEnvironments
 * without a redeploy. State is written only when some verdict changed, which
 * keeps an unchanged read free of writes.
 */
import type { EvaluationContext } from '../../simulation/healthEvaluator';
import { applyHealthRefreshes, pendingHealthRefreshes } from '../../simulation/lifecycle';
import type { StateStore } from '../../state/store';
import { unseal } from '../ssm/kms';

/** What an evaluation needs from the request layer: the KMS key that opens SecureStrings written through the API. */
export function evaluationContext(store: StateStore): EvaluationContext {
  return { readSealed: (name, sealed) => unseal(store, name, sealed) };
}

export function refreshRuntimeHealth(store: StateStore, environmentIds: readonly string[], now: Date): void {
  if (environmentIds.length === 0) return;
  const refreshes = pendingHealthRefreshes(store.document, environmentIds, evaluationContext(store));
  if (refreshes.length > 0) store.mutate((draft) => applyHealthRefreshes(draft, refreshes, now));
}
