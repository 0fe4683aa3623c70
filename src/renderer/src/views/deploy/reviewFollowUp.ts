import { useEffect, useRef } from 'react';
import type { ChangeIntent, Target } from '../../../../shared/contract';
import { useChanges } from '../../stores/changes';

/**
 * For a dialog that asks something, then opens the Review change dialog on
 * top of itself: it stays open under the review, so Cancel there returns to
 * it with the choices kept; once the review closes after an applied change,
 * `onApplied` runs (the dialog closes itself, and the focus goes back in order).
 */
export function useReviewFromDialog(onApplied: () => void) {
  const started = useRef(false);
  const applied = useRef(onApplied);
  useEffect(() => {
    applied.current = onApplied;
  });
  useEffect(
    () =>
      useChanges.subscribe((state, previous) => {
        if (!started.current || state.phase !== 'closed' || previous.phase === 'closed') return;
        started.current = false;
        if (previous.outcome?.entry.status === 'applied') applied.current();
      }),
    [],
  );
  return (target: Target, intent: ChangeIntent) => {
    started.current = true;
    void useChanges.getState().preview(target, intent);
  };
}
