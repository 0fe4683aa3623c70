/**
 * The managed policies the attach dialog searches: every AWS managed policy
 * (with descriptions) and the account's own, per target. The two lists load
 * separately because they age differently: AWS's change only with AWS's
 * publishing, so the read cache keeps them for hours, while the account's
 * change with every CreatePolicy. An answer for another target is dropped.
 */
import { create } from 'zustand';
import type { ManagedPolicySummary, Target } from '../../../shared/contract';
import { api } from '../api';
import { idle, loading, settle, type Loadable } from '../model/loadable';
import { targetKey } from '../model/target';

export interface PolicyCatalogueState {
  key: string | null;
  aws: Loadable<ManagedPolicySummary[]>;
  local: Loadable<ManagedPolicySummary[]>;
  /** Switches to `target` if needed and loads whatever is not loaded or loading. */
  ensure: (target: Target) => void;
  /** Reloads both lists for `target` (the dialog's Retry). */
  load: (target: Target) => Promise<void>;
}

export const usePolicyCatalogue = create<PolicyCatalogueState>()((set, get) => {
  const current = (target: Target) => get().key === targetKey(target);

  const loadAws = async (target: Target) => {
    set((s) => ({ aws: loading(s.aws) }));
    const result = await api['iam.listManagedPolicies']({ target });
    if (current(target)) set((s) => ({ aws: settle(s.aws, result) }));
  };

  const loadLocal = async (target: Target) => {
    set((s) => ({ local: loading(s.local) }));
    const result = await api['iam.listPolicies']({ target, scope: 'Local', onlyAttached: false });
    if (current(target)) set((s) => ({ local: settle(s.local, result) }));
  };

  return {
    key: null,
    aws: idle,
    local: idle,

    ensure: (target) => {
      if (!current(target)) set({ key: targetKey(target), aws: idle, local: idle });
      if (get().aws.status === 'idle') void loadAws(target);
      if (get().local.status === 'idle') void loadLocal(target);
    },

    load: async (target) => {
      if (!current(target)) set({ key: targetKey(target), aws: idle, local: idle });
      await Promise.all([loadAws(target), loadLocal(target)]);
    },
  };
});
