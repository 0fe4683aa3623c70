/**
 * The live instance table's data, per (target, environment). Health is
 * always read live, so nothing goes through the read cache; an answer for a
 * target the console has left is dropped.
 */
import { create } from 'zustand';
import type { LiveInstances, Target } from '../../../shared/contract';
import { api } from '../api';
import { idle, loading, settle, type Loadable } from '../model/loadable';
import { targetKey } from '../model/target';

/** `eb health --refresh` redraws every 10 seconds, the window EB's request figures cover. */
export const LIVE_REFRESH_MS = 10_000;

export interface LiveInstancesState {
  key: string | null;
  /** By environment name. */
  live: Record<string, Loadable<LiveInstances>>;

  load: (target: Target, environmentName: string) => Promise<void>;
}

export const useLiveInstances = create<LiveInstancesState>()((set, get) => ({
  key: null,
  live: {},

  load: async (target, environmentName) => {
    const key = targetKey(target);
    if (get().key !== key) set({ key, live: {} });
    // Refresh from the button and from the clock in the same instant: one call answers both.
    if (get().live[environmentName]?.status === 'loading') return;
    set((s) => ({ live: { ...s.live, [environmentName]: loading(s.live[environmentName]) } }));
    const result = await api['beanstalk.instancesLive']({ target, environmentName });
    if (get().key !== key) return;
    set((s) => ({ live: { ...s.live, [environmentName]: settle(s.live[environmentName] ?? idle, result) } }));
  },
}));
