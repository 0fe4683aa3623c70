/**
 * The fault engine: for each AWS request the router has authenticated, picks
 * the first rule that matches its service and operation, still has injections
 * left, and wins its draw. Draws come from one seeded generator, so the same
 * rules, seed and request sequence inject the same faults on every run.
 */
import { SeededRandom } from '../scenarios/largeAccountRandom';
import { FAULT_KINDS, parseFaultConfig } from './config';
import { injectedError, type InjectedErrorTarget } from './injectedErrors';
import type { AwsError } from '../errors';
import type { FaultConfig, FaultKind, FaultStats } from './types';

/** What the router does with one request. */
export type FaultDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly fault: FaultKind; readonly error: AwsError }
  | { readonly kind: 'latency'; readonly ms: number }
  | { readonly kind: 'hang' };

const NONE: FaultDecision = { kind: 'none' };
const DEFAULT_SEED = 1;

function emptyStats(): FaultStats {
  const injected = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  return { requests: 0, injected, byOperation: {} };
}

export class FaultInjector {
  private config: FaultConfig = { rules: [] };
  private random = new SeededRandom(DEFAULT_SEED);
  /** Injections each rule has made, by rule index, for `count`. */
  private used: number[] = [];
  private counters: FaultStats = emptyStats();

  /** @param knownServices the signing names a rule may name; others could never match. */
  constructor(
    private readonly knownServices: readonly string[],
    initial?: FaultConfig,
  ) {
    if (initial) this.set(initial);
  }

  /** Replaces the rules (validated; a bad one throws FaultConfigError) and zeroes the statistics. */
  set(config: FaultConfig): void {
    this.replace(config);
  }

  /** `set` for a value not yet known to be a FaultConfig (an admin request's JSON body). */
  replace(value: unknown): void {
    this.config = parseFaultConfig(value, this.knownServices);
    this.random = new SeededRandom(this.config.seed ?? DEFAULT_SEED);
    this.used = this.config.rules.map(() => 0);
    this.counters = emptyStats();
  }

  clear(): void {
    this.set({ rules: [] });
  }

  current(): FaultConfig {
    return structuredClone(this.config);
  }

  stats(): FaultStats {
    return structuredClone(this.counters);
  }

  decide(target: InjectedErrorTarget): FaultDecision {
    const { service, operation } = target;
    const key = `${service}:${operation ?? '(unknown)'}`;
    const entry = (this.counters.byOperation[key] ??= { requests: 0, injected: 0 });
    this.counters.requests += 1;
    entry.requests += 1;
    for (const [index, rule] of this.config.rules.entries()) {
      if (rule.service !== undefined && rule.service !== service) continue;
      if (rule.operation !== undefined && rule.operation !== operation) continue;
      const used = this.used[index] ?? 0;
      if (rule.count !== undefined && used >= rule.count) continue;
      // A rate of 1 draws nothing, so adding an always-on rule leaves the other rules' sequence alone.
      const rate = rule.rate ?? 1;
      if (rate < 1 && !(this.random.next() < rate)) continue;
      this.used[index] = used + 1;
      this.counters.injected[rule.kind] += 1;
      entry.injected += 1;
      switch (rule.kind) {
        case 'latency':
          return { kind: 'latency', ms: rule.latencyMs ?? 0 };
        case 'hang':
          return { kind: 'hang' };
        default:
          return { kind: 'error', fault: rule.kind, error: injectedError(rule.kind, rule, target) };
      }
    }
    return NONE;
  }
}
