import { useEffect } from 'react';
import type { ChangeIntent, PrincipalRef, Target } from '../../../../shared/contract';
import { useChanges } from '../../stores/changes';

const touches = (intent: ChangeIntent, principal: PrincipalRef): boolean => {
  switch (intent.kind) {
    case 'iam.putInlinePolicy':
    case 'iam.deleteInlinePolicy':
      return intent.principal.type === principal.type && intent.principal.name === principal.name;
    case 'iam.updateAssumeRolePolicy':
      return principal.type === 'role' && intent.roleName === principal.name;
    default:
      return false;
  }
};

/**
 * After a policy change to this principal (made here or undone from the Journal): tell the open editor whether
 * it was applied, so it closes only then and a cancelled preview keeps the text.
 */
export function useAfterPolicyChange(
  target: Target,
  principal: PrincipalRef,
  kinds: 'inline' | 'trust',
  onApplied: (intent: ChangeIntent) => void,
) {
  useEffect(
    () =>
      useChanges.subscribe((s, prev) => {
        const intent = s.plan?.intent;
        if (s.phase !== 'done' || prev.phase === 'done' || !intent || !touches(intent, principal)) return;
        if ((intent.kind === 'iam.updateAssumeRolePolicy') !== (kinds === 'trust')) return;
        // The snapshot is re-read by the changes store for every IAM policy change; a second load here would race it.
        if (s.outcome?.entry.status === 'applied') onApplied(intent);
      }),
    [target, principal, kinds, onApplied],
  );
}
