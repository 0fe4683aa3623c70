/**
 * The change journal. It spans every profile and region (each entry names its
 * own target), so unlike the other stores it is not reset when the target changes.
 */
import { create } from 'zustand';
import type { JournalEntry } from '../../../shared/contract';
import { api } from '../api';
import { idle, loading, settle, type Loadable } from '../model/loadable';

export interface JournalState {
  entries: Loadable<JournalEntry[]>;
  load: () => Promise<void>;
}

let generation = 0;

export const useJournal = create<JournalState>()((set) => ({
  entries: idle,

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
}));
