/**
 * Parameter Store data for the selected target: the metadata list, the
 * String/StringList values of what is shown, and per-parameter history.
 * Everything belongs to `key`; an answer for another key is dropped.
 * SecureString values are never kept here: a revealed value lives only in
 * the view's component state.
 */
import { create } from 'zustand';
import type { AppError, ParameterList, ParameterVersion, Target } from '../../../shared/contract';
import { api } from '../api';
import { idle, loading, settle, type Loadable } from '../model/loadable';
import { targetKey } from '../model/target';

/** The contract's cap per getValues call. */
const VALUES_PER_CALL = 50;

export interface ParametersState {
  key: string | null;
  list: Loadable<ParameterList>;
  /** String and StringList values by name. */
  values: Record<string, string>;
  valuesError: AppError | null;
  history: Record<string, Loadable<ParameterVersion[]>>;
  /** Bumped by every load, so the view can drop values it revealed against an older listing. */
  generation: number;
  resetFor: (key: string) => void;
  load: (target: Target) => Promise<void>;
  loadHistory: (target: Target, name: string) => Promise<void>;
}

export const useParameters = create<ParametersState>()((set, get) => {
  const mine = (target: Target) => get().key === targetKey(target);

  const loadValues = async (target: Target, list: ParameterList) => {
    const names = list.parameters.filter((p) => p.type !== 'SecureString').map((p) => p.name);
    const values: Record<string, string> = {};
    for (let i = 0; i < names.length; i += VALUES_PER_CALL) {
      const result = await api['ssm.getValues']({ target, names: names.slice(i, i + VALUES_PER_CALL) });
      if (!mine(target)) return;
      if (!result.ok) {
        set({ valuesError: result.error });
        return;
      }
      for (const v of result.data.values) values[v.name] = v.value;
    }
    set({ values, valuesError: null });
  };

  return {
    key: null,
    list: idle,
    values: {},
    valuesError: null,
    history: {},
    generation: 0,

    resetFor: (key) => {
      if (get().key === key) return;
      set({ key, list: idle, values: {}, valuesError: null, history: {} });
    },

    load: async (target) => {
      get().resetFor(targetKey(target));
      set((s) => ({ list: loading(s.list), history: {}, generation: s.generation + 1 }));
      const result = await api['ssm.listParameters']({ target });
      if (!mine(target)) return;
      set((s) => ({ list: settle(s.list, result) }));
      if (result.ok) await loadValues(target, result.data);
    },

    loadHistory: async (target, name) => {
      set((s) => ({ history: { ...s.history, [name]: loading(s.history[name]) } }));
      const result = await api['ssm.parameterHistory']({ target, name });
      if (!mine(target)) return;
      set((s) => ({ history: { ...s.history, [name]: settle(s.history[name], result) } }));
    },
  };
});
