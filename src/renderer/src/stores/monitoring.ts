/**
 * The Monitoring tab's metrics, per (target, environment, window). Metrics are
 * live, so nothing here outlives the tab's own refreshes and nothing goes
 * through the read cache; an answer for another target is dropped.
 */
import { create } from 'zustand';
import type { EnvironmentMetrics, MonitoringRange, Target } from '../../../shared/contract';
import { api } from '../api';
import { idle, loading, settle, type Loadable } from '../model/loadable';
import { targetKey } from '../model/target';

/** A preset range in minutes, or a custom window of two ISO instants. */
export type MonitoringWindow = MonitoringRange | { start: string; end: string };

export interface MonitoringState {
  key: string | null;
  /** By `metricsKey(environmentName, window)`. */
  metrics: Record<string, Loadable<EnvironmentMetrics>>;
  /** The newest answer per environment, whatever its range: shown while another range loads. */
  latest: Record<string, EnvironmentMetrics>;
  /** Epoch ms of the last attempt per entry, for auto-refresh. */
  loadedAt: Record<string, number>;

  load: (target: Target, environmentName: string, window: MonitoringWindow) => Promise<void>;
}

export const metricsKey = (environmentName: string, window: MonitoringWindow): string =>
  typeof window === 'number' ? `${environmentName}|${window}` : `${environmentName}|${window.start}|${window.end}`;

export const useMonitoring = create<MonitoringState>()((set, get) => ({
  key: null,
  metrics: {},
  latest: {},
  loadedAt: {},

  load: async (target, environmentName, window) => {
    const key = targetKey(target);
    if (get().key !== key) set({ key, metrics: {}, latest: {}, loadedAt: {} });
    const entry = metricsKey(environmentName, window);
    // Opening the tab and an overdue auto-refresh can ask in the same instant: one call answers both.
    if (get().metrics[entry]?.status === 'loading') return;
    set((s) => ({
      metrics: { ...s.metrics, [entry]: loading(s.metrics[entry]) },
      loadedAt: { ...s.loadedAt, [entry]: Date.now() },
    }));
    const result = await api['monitoring.environment'](
      typeof window === 'number'
        ? { target, environmentName, rangeMinutes: window }
        : { target, environmentName, start: window.start, end: window.end },
    );
    if (get().key !== key) return;
    set((s) => ({
      metrics: { ...s.metrics, [entry]: settle(s.metrics[entry] ?? idle, result) },
      latest: result.ok ? { ...s.latest, [environmentName]: result.data } : s.latest,
    }));
  },
}));
