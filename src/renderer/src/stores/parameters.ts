/**
 * Parameter Store data for the selected target: the metadata list, the
 * String/StringList values of the rows the user has seen, and per-parameter
 * history. Everything belongs to `key`; an answer for another key is dropped.
 *
 * Values are fetched only for rows on screen (the view asks, debounced while
 * scrolling), each at most once per listed version, so a listing of 20,000
 * parameters costs GetParameters calls for the few dozen rows looked at, not
 * for all of them. SecureString values are never asked for or kept here: a
 * revealed value lives only in the view's component state.
 */
import { create } from 'zustand';
import type { AppError, ParameterList, ParameterSummary, ParameterVersion, Target } from '../../../shared/contract';
import { api } from '../api';
import { idle, loading, settle, type Loadable } from '../model/loadable';
import { targetKey } from '../model/target';

/** The contract's cap per getValues call (main splits it into GetParameters calls of ten). */
const VALUES_PER_CALL = 50;

export interface ParameterValue {
  value: string;
  /** The version the value was read at; a listing that shows a newer one makes it stale. */
  version: number;
}

export interface ParametersState {
  key: string | null;
  list: Loadable<ParameterList>;
  /** String and StringList values read so far, by name. */
  values: Record<string, ParameterValue>;
  valuesError: AppError | null;
  history: Record<string, Loadable<ParameterVersion[]>>;
  /** Bumped by every load, so the view can drop values it revealed against an older listing. */
  generation: number;
  /** When the current listing arrived (ms since the epoch): rows show ages relative to it. */
  listedAt: number;
  resetFor: (key: string) => void;
  /** Lists the target's parameters; `changed` names one a change just wrote, whose value is read afresh. */
  load: (target: Target, changed?: string) => Promise<void>;
  loadHistory: (target: Target, name: string) => Promise<void>;
  /** Reads the values of these rows not yet known at their listed version; SecureStrings are skipped. */
  requestValues: (target: Target, parameters: readonly ParameterSummary[]) => Promise<void>;
  /** After a failed read: forget what was asked, so the rows on screen are asked for again. */
  retryValues: () => void;
}

/** A value is shown for a row when it was read at the listed version or later. */
export function currentValue(values: Record<string, ParameterValue>, parameter: ParameterSummary): string | undefined {
  const known = values[parameter.name];
  return known && known.version >= parameter.version ? known.value : undefined;
}

export const useParameters = create<ParametersState>()((set, get) => {
  const mine = (target: Target) => get().key === targetKey(target);
  // `name@version` asked for under the current key, answered or not: one read per version, however often a row scrolls by.
  let asked = new Set<string>();

  return {
    key: null,
    list: idle,
    values: {},
    valuesError: null,
    history: {},
    generation: 0,
    listedAt: 0,

    resetFor: (key) => {
      if (get().key === key) return;
      asked = new Set();
      set({ key, list: idle, values: {}, valuesError: null, history: {} });
    },

    load: async (target, changed) => {
      get().resetFor(targetKey(target));
      set((s) => {
        const values = { ...s.values };
        if (changed !== undefined) delete values[changed];
        return { list: loading(s.list), history: {}, generation: s.generation + 1, values };
      });
      const result = await api['ssm.listParameters']({ target });
      if (!mine(target)) return;
      // Versions may have moved on; whatever is on screen is asked for again at the new listing's versions.
      asked = new Set();
      set((s) => ({ list: settle(s.list, result), listedAt: Date.now() }));
    },

    loadHistory: async (target, name) => {
      set((s) => ({ history: { ...s.history, [name]: loading(s.history[name]) } }));
      const result = await api['ssm.parameterHistory']({ target, name });
      if (!mine(target)) return;
      set((s) => ({ history: { ...s.history, [name]: settle(s.history[name], result) } }));
    },

    requestValues: async (target, parameters) => {
      if (!mine(target)) return;
      const { values } = get();
      const names: string[] = [];
      for (const p of parameters) {
        const stamp = `${p.name}@${p.version}`;
        if (p.type === 'SecureString' || asked.has(stamp) || currentValue(values, p) !== undefined) continue;
        asked.add(stamp);
        names.push(p.name);
      }
      const batches: string[][] = [];
      for (let i = 0; i < names.length; i += VALUES_PER_CALL) batches.push(names.slice(i, i + VALUES_PER_CALL));
      await Promise.all(
        batches.map(async (batch) => {
          const result = await api['ssm.getValues']({ target, names: batch });
          if (!mine(target)) return;
          if (!result.ok) {
            set({ valuesError: result.error });
            return;
          }
          set((s) => {
            const next = { ...s.values };
            for (const v of result.data.values) next[v.name] = { value: v.value, version: v.version };
            return { values: next };
          });
        }),
      );
    },

    retryValues: () => {
      asked = new Set();
      set({ valuesError: null });
    },
  };
});
