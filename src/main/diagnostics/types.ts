/**
 * The shape every rule family shares. A family has two halves:
 * `collect` reads what it needs through the memoised ScanSource (so a scan
 * asks AWS for each thing once, whichever rules need it), and `evaluate` is
 * pure over those facts, so rules are unit-tested on fixtures from any
 * account, not only the training lab.
 */
import type { ChangeIntent, Check, DiagnosticsSettings, Finding, RuleId, ScanProblem } from '../../shared/contract';
import type { ScanSource } from './facts';

/** A fix as main keeps it: the intent may carry secret values, so it never leaves main. */
export interface FixDraft {
  /** Unique within its finding, e.g. `attach-managed` or `inline-policy`. */
  id: string;
  label: string;
  description: string;
  recommended: boolean;
  intent: ChangeIntent;
}

export type FindingDraft = Omit<Finding, 'fixes' | 'accepted'> & { fixes: FixDraft[] };

export interface RuleOutput {
  findings: FindingDraft[];
  checks: Check[];
}

export interface EvaluationContext {
  account: string;
  region: string;
  /** `aws`, `aws-cn`, `aws-us-gov`: ARNs built by fixes must use the account's partition. */
  partition: string;
  now: Date;
  settings: DiagnosticsSettings;
  /** Set when the scan is for one environment; families may skip account-wide work then. */
  environmentName?: string;
}

export interface RuleFamily<Facts> {
  /** Module name, for problems and timing. */
  name: string;
  rules: readonly RuleId[];
  collect(source: ScanSource, ctx: EvaluationContext): Promise<Facts>;
  evaluate(facts: Facts, ctx: EvaluationContext): RuleOutput;
}

/** Families differ in their facts; the engine only needs to run them, so it sees this erased form. */
export interface RunnableFamily {
  name: string;
  rules: readonly RuleId[];
  run(source: ScanSource, ctx: EvaluationContext): Promise<RuleOutput>;
}

export function runnable<Facts>(family: RuleFamily<Facts>): RunnableFamily {
  return {
    name: family.name,
    rules: family.rules,
    run: async (source, ctx) => family.evaluate(await family.collect(source, ctx), ctx),
  };
}

/** A read that failed inside collect; the engine turns it into a ScanProblem and the family's other reads go on. */
export type { ScanProblem };
