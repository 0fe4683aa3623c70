/**
 * IAM data for the selected target: the snapshot (one
 * GetAccountAuthorizationDetails walk), the selection, policy documents
 * fetched on demand, the managed-policy list for the attach dialog, and access
 * keys per user. Everything belongs to `key`; an answer for another key is dropped.
 *
 * While the walk runs, its pages arrive one by one: `partial` holds the rows
 * read so far (in page order, arrays that only grow, so the tables merge each
 * page in rather than sorting again) and `progress` the counts. A page of an
 * older load, or of another target, is never applied.
 */
import { create } from 'zustand';
import type {
  AccessKey,
  IamSnapshot,
  IamSnapshotPage,
  ManagedPolicySummary,
  PolicyDocument,
  PrincipalRef,
  Target,
} from '../../../shared/contract';
import { api } from '../api';
import { dataOf, idle, loading, settle, type Loadable } from '../model/loadable';
import { createPageBatcher } from '../model/pagedLoad';
import { targetKey } from '../model/target';

export type IamTab = 'roles' | 'users';
export type PrincipalColumn = 'name' | 'attached' | 'inline' | 'memberships' | 'created' | 'lastUsed';

export interface PrincipalSort {
  column: PrincipalColumn;
  descending: boolean;
}

const DEFAULT_SORT: PrincipalSort = { column: 'name', descending: false };

/** How far a snapshot load has got: GetAccountAuthorizationDetails gives no total, so only what is loaded. */
export interface IamLoadProgress {
  pages: number;
  loaded: IamSnapshotPage['loaded'];
}

export interface IamState {
  key: string | null;
  snapshot: Loadable<IamSnapshot>;
  /** The rows read so far by the load in flight, as a snapshot; null when no load is streaming. */
  partial: IamSnapshot | null;
  progress: IamLoadProgress | null;
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
  /**
   * The IAM view was left while the snapshot streamed in: stops it (down to its AWS requests) and forgets
   * its pages; the previous snapshot, if any, stays, and the next visit loads afresh.
   */
  cancelSnapshot: () => void;
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
  partial: null,
  progress: null,
  selected: null,
  documents: {},
  managedPolicies: idle,
  accessKeys: {},
} satisfies Partial<IamState>;

export const useIam = create<IamState>()((set, get) => {
  /** True when `target` is still the target this store holds data for. */
  const current = (target: Target) => get().key === targetKey(target);
  /** Bumped by every snapshot load: pages and answers of an older one are dropped. */
  let snapshotLoads = 0;
  let snapshotAbort: AbortController | null = null;

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
      const load = ++snapshotLoads;
      const mine = () => load === snapshotLoads && current(target);
      snapshotAbort?.abort();
      const abort = new AbortController();
      snapshotAbort = abort;
      set((s) => ({ snapshot: loading(s.snapshot), partial: null, progress: null }));
      let rows: Pick<IamSnapshot, 'roles' | 'users' | 'groups' | 'localPolicies'> = {
        roles: [],
        users: [],
        groups: [],
        localPolicies: [],
      };
      const pages = createPageBatcher<IamSnapshotPage>((batch) => {
        if (!mine()) return;
        const last = batch[batch.length - 1]!;
        // New arrays that begin with the old ones: the tables see a list that grew and merge only the new rows.
        rows = {
          roles: rows.roles.concat(...batch.map((p) => p.roles)),
          users: rows.users.concat(...batch.map((p) => p.users)),
          groups: rows.groups.concat(...batch.map((p) => p.groups)),
          localPolicies: rows.localPolicies.concat(...batch.map((p) => p.localPolicies)),
        };
        set({
          partial: { ...rows, fetchedAt: new Date().toISOString(), apiCalls: last.pages },
          progress: { pages: last.pages, loaded: last.loaded },
        });
      });
      const result = await api['iam.snapshot']({ target }, { onProgress: pages.add, signal: abort.signal });
      pages.cancel();
      if (snapshotAbort === abort) snapshotAbort = null;
      if (!mine()) return;
      set((s) => ({ snapshot: settle(s.snapshot, result), partial: null, progress: null }));
    },

    ensureSnapshot: (target) => {
      if (!current(target)) get().resetFor(targetKey(target));
      if (get().snapshot.status === 'idle') void get().loadSnapshot(target);
    },

    cancelSnapshot: () => {
      if (get().snapshot.status !== 'loading' || !snapshotAbort) return;
      snapshotLoads++;
      snapshotAbort.abort();
      snapshotAbort = null;
      const previous = dataOf(get().snapshot);
      set({ snapshot: previous ? { status: 'ready', data: previous } : idle, partial: null, progress: null });
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
