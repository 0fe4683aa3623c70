/**
 * The change journal. It spans every profile and region (each entry names its
 * own target), so unlike the other stores it is not reset when the target changes.
 */
import { create } from 'zustand';
import type { AppError, ApplyOutcome, JournalEntry, Result } from '../../../shared/contract';
import { api } from '../api';
import { readCache } from '../api/readCache';
import { idle, loading, settle, type Loadable } from '../model/loadable';

/** A rollback asked for from the journal or the Review dialog: under way, or refused with the reason. */
export interface RollbackRequest {
  busy: boolean;
  error: AppError | null;
}

export interface JournalState {
  entries: Loadable<JournalEntry[]>;
  /** By entry id; the rollback's own result is in the entry, once the journal has it. */
  rollbacks: Record<string, RollbackRequest>;
  load: () => Promise<void>;
  /** Rolls back the applied steps of a stopped plan (a `partial` entry); main refuses a second one. */
  rollBack: (entry: JournalEntry) => Promise<Result<ApplyOutcome>>;
}

let generation = 0;

export const useJournal = create<JournalState>()((set, get) => ({
  entries: idle,
  rollbacks: {},

  load: async () => {
    const mine = ++generation;
    set((s) => ({ entries: loading(s.entries) }));
    const result = await api['journal.list']({ limit: 200 });
    if (mine !== generation) return; // a newer load superseded this one
    const sorted = result.ok
      ? { ok: true as const, data: [...result.data].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)) }
      : result;
    set((s) => ({ entries: settle(s.entries, sorted) }));
  },

  rollBack: async (entry) => {
    const pending: Result<ApplyOutcome> = {
      ok: false,
      error: { code: 'conflict', message: 'This rollback is already under way.', retryable: false },
    };
    if (get().rollbacks[entry.id]?.busy) return pending; // no double submit
    set((s) => ({ rollbacks: { ...s.rollbacks, [entry.id]: { busy: true, error: null } } }));
    const result = await api['changes.rollback']({ entryId: entry.id });
    // The inverse calls may have written to any service of the plan, whatever the outcome.
    readCache.invalidateTarget(entry.target);
    set((s) => ({
      rollbacks: { ...s.rollbacks, [entry.id]: { busy: false, error: result.ok ? null : result.error } },
    }));
    void get().load();
    return result;
  },
}));
