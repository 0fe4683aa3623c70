/**
 * The overview across pinned profiles: for each account its identity,
 * environments by health and open findings by severity. Accounts load in
 * parallel, at most OVERVIEW_CONCURRENCY at a time, and each settles on its
 * own: one failing account never holds up or blanks another. A reload starts
 * a new generation; answers from an older one are dropped.
 */
import { create } from 'zustand';
import type {
  CallerIdentity,
  EnvironmentSummary,
  FindingSeverity,
  HealthColor,
  Result,
  ScanResult,
  Target,
} from '../../../shared/contract';
import { api } from '../api';
import { readCache } from '../api/readCache';
import { idle, loading, settle, type Loadable } from '../model/loadable';
import { targetKey } from '../model/target';

export const OVERVIEW_CONCURRENCY = 3;

export type HealthCounts = Record<HealthColor, number>;
export type SeverityCounts = Record<FindingSeverity, number>;

export interface AccountOverview {
  target: Target;
  identity: Loadable<CallerIdentity>;
  environments: Loadable<HealthCounts>;
  findings: Loadable<SeverityCounts>;
}

export interface OverviewState {
  /** Bumped by every load; an answer carrying an older generation is dropped. */
  generation: number;
  /** By profile name, in the order given to load(). */
  accounts: Record<string, AccountOverview>;
  order: string[];
  load: (targets: readonly Target[]) => Promise<void>;
  /** Loads one account again (its Retry), under the same limit. */
  retry: (profile: string) => Promise<void>;
}

export function healthCounts(environments: readonly EnvironmentSummary[]): HealthCounts {
  const counts: HealthCounts = { Green: 0, Yellow: 0, Red: 0, Grey: 0 };
  for (const e of environments) counts[e.health] += 1;
  return counts;
}

/** Accepted findings are settled by the user, so only the rest count as open. */
export function openFindingCounts(scan: ScanResult): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of scan.findings) if (!f.accepted) counts[f.severity] += 1;
  return counts;
}

/** Runs tasks with at most `limit` in flight; a task's failure is its own business (tasks do not reject). */
export function limiter(limit: number): (task: () => Promise<void>) => Promise<void> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      await task();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}

function mapResult<T, U>(result: Result<T>, f: (data: T) => U): Result<U> {
  return result.ok ? { ok: true, data: f(result.data) } : result;
}

export const useOverview = create<OverviewState>()((set, get) => {
  const run = limiter(OVERVIEW_CONCURRENCY);

  const patch = (generation: number, profile: string, change: Partial<AccountOverview>) => {
    if (get().generation !== generation) return; // a newer load replaced this one
    set((s) => {
      const account = s.accounts[profile];
      return account ? { accounts: { ...s.accounts, [profile]: { ...account, ...change } } } : {};
    });
  };

  const loadAccount = (generation: number, profile: string) =>
    run(async () => {
      const account = get().accounts[profile];
      if (get().generation !== generation || !account) return;
      const { target } = account;
      patch(generation, profile, {
        identity: loading(account.identity),
        environments: loading(account.environments),
        findings: loading(account.findings),
      });
      const current = () => get().accounts[profile];
      await Promise.all([
        api['sts.getCallerIdentity']({ target }).then((r) =>
          patch(generation, profile, { identity: settle(current()?.identity, r) }),
        ),
        api['beanstalk.listEnvironments']({ target }).then((r) =>
          patch(generation, profile, { environments: settle(current()?.environments, mapResult(r, healthCounts)) }),
        ),
        api['diagnostics.scan']({ target }).then((r) =>
          patch(generation, profile, { findings: settle(current()?.findings, mapResult(r, openFindingCounts)) }),
        ),
      ]);
    });

  return {
    generation: 0,
    accounts: {},
    order: [],

    load: async (targets) => {
      const generation = get().generation + 1;
      const previous = get().accounts;
      const accounts: Record<string, AccountOverview> = {};
      for (const target of targets) {
        const kept = previous[target.profile];
        // The last good counts stay visible while the same account reloads.
        accounts[target.profile] =
          kept && targetKey(kept.target) === targetKey(target)
            ? kept
            : { target, identity: idle, environments: idle, findings: idle };
      }
      set({ generation, accounts, order: targets.map((t) => t.profile) });
      await Promise.all(targets.map((t) => loadAccount(generation, t.profile)));
    },

    retry: (profile) => {
      // Reload means reaching AWS again, not the cached answers.
      const target = get().accounts[profile]?.target;
      if (target) readCache.invalidateTarget(target);
      return loadAccount(get().generation, profile);
    },
  };
});
