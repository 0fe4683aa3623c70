/**
 * The Monitoring tab's alarms, per (target, environment). Alarm state is live,
 * so nothing goes through the read cache; an answer for another target is dropped.
 */
import { create } from 'zustand';
import type { EnvironmentAlarms, Target } from '../../../shared/contract';
import { api } from '../api';
import { idle, loading, settle, type Loadable } from '../model/loadable';
import { targetKey } from '../model/target';

export interface AlarmsState {
  key: string | null;
  /** By environment name. */
  alarms: Record<string, Loadable<EnvironmentAlarms>>;
  /** Epoch ms of the last attempt per environment, for auto-refresh. */
  loadedAt: Record<string, number>;

  load: (target: Target, environmentName: string) => Promise<void>;
}

export const useAlarms = create<AlarmsState>()((set, get) => ({
  key: null,
  alarms: {},
  loadedAt: {},

  load: async (target, environmentName) => {
    const key = targetKey(target);
    if (get().key !== key) set({ key, alarms: {}, loadedAt: {} });
    if (get().alarms[environmentName]?.status === 'loading') return;
    set((s) => ({
      alarms: { ...s.alarms, [environmentName]: loading(s.alarms[environmentName]) },
      loadedAt: { ...s.loadedAt, [environmentName]: Date.now() },
    }));
    const result = await api['monitoring.alarms']({ target, environmentName });
    if (get().key !== key) return;
    set((s) => ({ alarms: { ...s.alarms, [environmentName]: settle(s.alarms[environmentName] ?? idle, result) } }));
  },
}));
