/**
 * IAM data for the selected target: the snapshot (one
 * GetAccountAuthorizationDetails walk), the selection, policy documents
 * fetched on demand, the managed-policy list for the attach dialog, and access
 * keys per user. Everything belongs to `key`; an answer for another key is dropped.
 */
import { create } from 'zustand';
import type {
  AccessKey,
  IamSnapshot,
  ManagedPolicySummary,
  PolicyDocument,
  PrincipalRef,
  Target,
} from '../../../shared/contract';
import { api } from '../api';
import { idle, loading, settle, type Loadable } from '../model/loadable';
import { targetKey } from '../model/target';

export type IamTab = 'roles' | 'users';
export type PrincipalColumn = 'name' | 'attached' | 'inline' | 'memberships' | 'created' | 'lastUsed';

export interface PrincipalSort {
  column: PrincipalColumn;
  descending: boolean;
}

const DEFAULT_SORT: PrincipalSort = { column: 'name', descending: false };

export interface IamState {
  key: string | null;
  snapshot: Loadable<IamSnapshot>;
  tab: IamTab;
  filters: Record<IamTab, string>;
  /** Per tab; like the filters, kept across targets, as they describe how the user reads the table. */
  sorts: Record<IamTab, PrincipalSort>;
  selected: PrincipalRef | null;
  /** Policy documents by policy ARN (for `key`). */
  documents: Record<string, Loadable<PolicyDocument>>;
  managedPolicies: Loadable<ManagedPolicySummary[]>;
  /** Access keys by user name (for `key`). */
  accessKeys: Record<string, Loadable<AccessKey[]>>;

  resetFor: (key: string) => void;
  /** Re-reads the snapshot; ignored unless `target` is the target this store holds. */
  loadSnapshot: (target: Target) => Promise<void>;
  /** Switches the store to `target` if needed and loads the snapshot unless it is there or on its way. */
  ensureSnapshot: (target: Target) => void;
  setTab: (tab: IamTab) => void;
  setFilter: (tab: IamTab, value: string) => void;
  /** Sorts the tab by `column`, or turns the direction round when it is already sorted by it. */
  sortBy: (tab: IamTab, column: PrincipalColumn) => void;
  select: (principal: PrincipalRef | null) => void;
  loadDocument: (target: Target, policyArn: string) => Promise<void>;
  ensureManagedPolicies: (target: Target) => void;
  loadManagedPolicies: (target: Target) => Promise<void>;
  loadAccessKeys: (target: Target, userName: string) => Promise<void>;
}

const emptyTargetData = {
  snapshot: idle,
  selected: null,
  documents: {},
  managedPolicies: idle,
  accessKeys: {},
} satisfies Partial<IamState>;

export const useIam = create<IamState>()((set, get) => {
  /** True when `target` is still the target this store holds data for. */
  const current = (target: Target) => get().key === targetKey(target);

  return {
    key: null,
    ...emptyTargetData,
    tab: 'roles',
    filters: { roles: '', users: '' },
    sorts: { roles: DEFAULT_SORT, users: DEFAULT_SORT },

    resetFor: (key) => {
      if (get().key === key) return;
      set({ key, ...emptyTargetData });
    },

    loadSnapshot: async (target) => {
      // Only for the target this store holds: a refresh after a change made elsewhere must not take it over.
      if (!current(target)) return;
      set((s) => ({ snapshot: loading(s.snapshot) }));
      const result = await api['iam.snapshot']({ target });
      if (!current(target)) return;
      set((s) => ({ snapshot: settle(s.snapshot, result) }));
    },

    ensureSnapshot: (target) => {
      if (!current(target)) get().resetFor(targetKey(target));
      if (get().snapshot.status === 'idle') void get().loadSnapshot(target);
    },

    setTab: (tab) => set({ tab }),
    setFilter: (tab, value) => set((s) => ({ filters: { ...s.filters, [tab]: value } })),
    sortBy: (tab, column) =>
      set((s) => {
        const now = s.sorts[tab];
        const descending = now.column === column ? !now.descending : false;
        return { sorts: { ...s.sorts, [tab]: { column, descending } } };
      }),
    select: (principal) => set({ selected: principal }),

    loadDocument: async (target, policyArn) => {
      if (!current(target)) return;
      set((s) => ({ documents: { ...s.documents, [policyArn]: loading(s.documents[policyArn]) } }));
      const result = await api['iam.getPolicyDocument']({ target, policyArn });
      if (!current(target)) return;
      set((s) => ({ documents: { ...s.documents, [policyArn]: settle(s.documents[policyArn], result) } }));
    },

    ensureManagedPolicies: (target) => {
      if (current(target) && get().managedPolicies.status === 'idle') void get().loadManagedPolicies(target);
    },

    loadManagedPolicies: async (target) => {
      if (!current(target)) return;
      set((s) => ({ managedPolicies: loading(s.managedPolicies) }));
      const result = await api['iam.listPolicies']({ target, scope: 'All', onlyAttached: false });
      if (!current(target)) return;
      set((s) => ({ managedPolicies: settle(s.managedPolicies, result) }));
    },

    loadAccessKeys: async (target, userName) => {
      if (!current(target)) return;
      set((s) => ({ accessKeys: { ...s.accessKeys, [userName]: loading(s.accessKeys[userName]) } }));
      const result = await api['iam.listAccessKeys']({ target, userName });
      if (!current(target)) return;
      set((s) => ({ accessKeys: { ...s.accessKeys, [userName]: settle(s.accessKeys[userName], result) } }));
    },
  };
});
