/**
 * The environment list's sparklines: one `monitoring.environmentList` call
 * for every environment of the list, made once per list load (the first and
 * each refresh), never per row, and not again within a minute for the same
 * environments: the points are a minute apart, and CloudWatch bills by the
 * metric asked for. Metrics are live, so nothing goes through the read
 * cache; an answer for another target, or older than the newest request, is
 * dropped.
 */
import { create } from 'zustand';
import type { EnvironmentListMetrics, EnvironmentSparklines, Target } from '../../../shared/contract';
import { api } from '../api';
import { dataOf, idle, loading, settle, type Loadable } from '../model/loadable';
import { targetKey } from '../model/target';

export interface EnvironmentSparklinesState {
  key: string | null;
  metrics: Loadable<EnvironmentListMetrics>;
  /** The list load (its refresh time) the metrics were asked for: the same list is not asked about twice. */
  listLoad: string | null;
  /** The environments last asked about, and when (epoch ms). */
  asked: { names: string; at: number } | null;

  /** Reads the sparklines for `environmentNames` unless this list load has been read already. */
  ensure: (target: Target, environmentNames: readonly string[], listLoad: string) => void;
}

/** The newest request wins; an older answer arriving late is dropped. */
let generation = 0;

/** The sparklines' period: a refresh sooner can only repeat the answer. */
export const SPARKLINE_REFRESH_MS = 60_000;

export const useEnvironmentSparklines = create<EnvironmentSparklinesState>()((set, get) => ({
  key: null,
  metrics: idle,
  listLoad: null,
  asked: null,

  ensure: (target, environmentNames, listLoad) => {
    const key = targetKey(target);
    if (get().key !== key) set({ key, metrics: idle, listLoad: null, asked: null });
    if (get().listLoad === listLoad) return;
    const names = environmentNames.join('\n');
    const { asked, metrics } = get();
    const now = Date.now();
    const fresh = asked?.names === names && now - asked.at < SPARKLINE_REFRESH_MS && metrics.status !== 'error';
    set({ listLoad });
    if (fresh) return;
    const mine = ++generation;
    set((s) => ({ asked: { names, at: now }, metrics: loading(s.metrics) }));
    void api['monitoring.environmentList']({ target, environmentNames: [...environmentNames] }).then((result) => {
      if (get().key !== key || mine !== generation) return;
      set((s) => ({ metrics: settle(s.metrics, result) }));
    });
  },
}));

/** By environment name, for the rows; rebuilt only when a new answer arrives. */
const indexes = new WeakMap<EnvironmentListMetrics, ReadonlyMap<string, EnvironmentSparklines>>();

export function sparklinesByName(
  metrics: Loadable<EnvironmentListMetrics>,
): ReadonlyMap<string, EnvironmentSparklines> | undefined {
  const data = dataOf(metrics);
  if (!data) return undefined;
  let index = indexes.get(data);
  if (!index) {
    index = new Map(data.environments.map((e) => [e.environmentName, e]));
    indexes.set(data, index);
  }
  return index;
}
