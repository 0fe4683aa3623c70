/**
 * Databases for the selected target: the DB instance list, the selected
 * database, its security groups with resolved rules, and the region's groups
 * for the ingress form's source picker. Everything belongs to `key`; an
 * answer for another key is dropped.
 */
import { create } from 'zustand';
import type { DatabaseSummary, SecurityGroupChoice, SecurityGroupDetail, Target } from '../../../shared/contract';
import { api } from '../api';
import { useChanges } from './changes';
import { dataOf, idle, loading, settle, type Loadable } from '../model/loadable';
import { nextSort, type TableSort } from '../model/tableRows';
import { targetKey } from '../model/target';

export type DatabaseColumn = 'id' | 'engine' | 'endpoint' | 'vpc' | 'status';

export interface DatabasesState {
  key: string | null;
  databases: Loadable<DatabaseSummary[]>;
  selectedId: string | null;
  /** Security groups of the selected database, with rules marked against its port. */
  groups: Loadable<SecurityGroupDetail[]>;
  choices: Loadable<SecurityGroupChoice[]>;
  /** The table's filter and order: kept across targets and visits, as the user left them. */
  filter: string;
  sort: TableSort<DatabaseColumn>;

  setFilter: (filter: string) => void;
  sortBy: (column: DatabaseColumn) => void;
  resetFor: (key: string) => void;
  ensureDatabases: (target: Target) => void;
  loadDatabases: (target: Target) => Promise<void>;
  select: (target: Target, id: string | null) => void;
  loadGroups: (target: Target) => Promise<void>;
  ensureChoices: (target: Target) => void;
  /** After an ingress change: re-read the selected database's groups. */
  afterChange: (target: Target) => void;
}

const emptyTargetData = {
  databases: idle,
  selectedId: null,
  groups: idle,
  choices: idle,
} satisfies Partial<DatabasesState>;

export const useDatabases = create<DatabasesState>()((set, get) => {
  const current = (target: Target) => get().key === targetKey(target);
  const selected = () => dataOf(get().databases)?.find((db) => db.id === get().selectedId);

  return {
    key: null,
    ...emptyTargetData,
    filter: '',
    sort: { column: 'id', descending: false },

    setFilter: (filter) => set({ filter }),
    sortBy: (column) => set((s) => ({ sort: nextSort(s.sort, column) })),

    resetFor: (key) => {
      if (get().key === key) return;
      set({ key, ...emptyTargetData });
    },

    ensureDatabases: (target) => {
      if (!current(target)) get().resetFor(targetKey(target));
      if (get().databases.status === 'idle') void get().loadDatabases(target);
    },

    loadDatabases: async (target) => {
      if (!current(target)) return;
      set((s) => ({ databases: loading(s.databases) }));
      const result = await api['rds.listDatabases']({ target });
      if (!current(target)) return;
      set((s) => ({ databases: settle(s.databases, result) }));
      if (get().selectedId) void get().loadGroups(target);
    },

    select: (target, id) => {
      if (!current(target)) return;
      set({ selectedId: id, groups: idle });
      if (id) void get().loadGroups(target);
    },

    loadGroups: async (target) => {
      const db = selected();
      if (!current(target) || !db || db.securityGroupIds.length === 0) return;
      const id = db.id;
      set((s) => ({ groups: loading(s.groups) }));
      const result = await api['ec2.securityGroups']({
        target,
        groupIds: db.securityGroupIds,
        ...(db.endpoint ? { dbPort: db.endpoint.port } : {}),
      });
      if (!current(target) || get().selectedId !== id) return;
      set((s) => ({ groups: settle(s.groups, result) }));
    },

    ensureChoices: (target) => {
      if (!current(target) || get().choices.status !== 'idle') return;
      set({ choices: loading(get().choices) });
      void api['ec2.securityGroupChoices']({ target }).then((result) => {
        if (current(target)) set((s) => ({ choices: settle(s.choices, result) }));
      });
    },

    afterChange: (target) => {
      if (current(target)) void get().loadGroups(target);
    },
  };
});

// Ingress changes are applied from the shared Review change dialog (and undone from the Journal),
// so the groups are re-read whenever one finishes, wherever it was started.
useChanges.subscribe((state, previous) => {
  const kind = state.plan?.intent.kind;
  if (state.phase === 'done' && previous.phase !== 'done' && state.plan && kind?.startsWith('ec2.')) {
    useDatabases.getState().afterChange(state.plan.target);
  }
});
