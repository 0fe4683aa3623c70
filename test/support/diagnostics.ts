/**
 * A rule family run against the training lab as the Doctor runs it: the app
 * console with its sandbox, a fresh ScanSource per scan, and fixes planned and
 * applied through the change mechanism. The integration tests of the rule
 * families share this so that each proves its family, not its own wiring.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { ClientFactory } from '../../src/main/aws/clientFactory';
import type { AppContext } from '../../src/main/context';
import { createScanSource, type CountingScanSource } from '../../src/main/diagnostics/scanSource';
import type { EvaluationContext, RuleOutput, RunnableFamily } from '../../src/main/diagnostics/types';
import {
  changeIntentSchema,
  type ChangeIntent,
  type Channel,
  type ChannelInput,
  type ChannelOutput,
  type Target,
} from '../../src/shared/contract';
import { consoleIn } from './appConsole';
import { mustCall } from './rpc';
import { TRAINING_LAB } from './sandbox';

const LAB_TARGET: Target = { profile: 'sandbox', region: 'us-east-1' };

/** How the Doctor judges the training lab, unless a test says otherwise. */
export function labEvaluation(over: Partial<EvaluationContext> = {}): EvaluationContext {
  return {
    account: TRAINING_LAB.accountId,
    region: LAB_TARGET.region,
    partition: 'aws',
    now: new Date(),
    settings: { deployers: [], requiredProperties: {}, parameterPaths: {} },
    ...over,
  };
}

/** Every fix a family offers must be an intent the change mechanism accepts. */
function expectValidIntents(findings: readonly { fixes: readonly { intent: unknown }[] }[]): void {
  for (const finding of findings) {
    for (const fix of finding.fixes) expect(() => changeIntentSchema.parse(fix.intent)).not.toThrow();
  }
}

export interface LabDoctor {
  /** The running console; set up in `beforeAll`, so only read it inside tests. */
  readonly ctx: AppContext;
  /** The console's temporary directory, for files a test makes beside it. */
  readonly dir: string;
  readonly target: Target;
  readonly evaluation: EvaluationContext;
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** A fresh source, as the service makes one per scan: nothing memoised survives a fix. */
  source(): CountingScanSource;
  /** Runs the family on a fresh source; every read must succeed and every fix must be a valid intent. */
  scan(family: RunnableFamily, over?: Partial<EvaluationContext>): Promise<RuleOutput>;
  /** Plans and applies the intent, which must not be blocked; returns the journal entry id. */
  apply(intent: ChangeIntent): Promise<string>;
  /** Undoes a journal entry through the journal, as the renderer does. */
  undo(entryId: string): Promise<void>;
}

/**
 * Registers the `beforeAll`/`afterAll` that start and close a console over a
 * freshly seeded training lab in a temporary directory named after `label`.
 */
export function labDoctor(label: string, evaluation: EvaluationContext = labEvaluation()): LabDoctor {
  let ctx: AppContext | undefined;
  let aws: ClientFactory | undefined;
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `trellis-${label}-`));
    ctx = await consoleIn(dir, {
      sandbox: true,
      dataDir: join(dir, 'data'),
      // A deploy's verify waits for Ready; here the wait moves the sandbox clock, so a deployment settles at once.
      deployWait: {
        sleep: (ms) => {
          ctx?.sandbox?.advanceClock(ms);
          return Promise.resolve();
        },
      },
    });
    aws = new ClientFactory(ctx.registry, { maxAttempts: 1 });
  });
  afterAll(async () => {
    aws?.destroy();
    await ctx?.close();
  });

  const running = (): { ctx: AppContext; aws: ClientFactory } => {
    if (!ctx || !aws) throw new Error('the lab console is only available inside tests');
    return { ctx, aws };
  };
  const call = <C extends Channel>(channel: C, input: ChannelInput<C>) =>
    mustCall(running().ctx.router, channel, input);
  const source = () => createScanSource(running().aws, LAB_TARGET);

  return {
    get ctx() {
      return running().ctx;
    },
    get dir() {
      running();
      return dir;
    },
    target: LAB_TARGET,
    evaluation,
    call,
    source,
    async scan(family, over = {}) {
      const from = source();
      const out = await family.run(from, { ...evaluation, ...over });
      expect(from.problems).toEqual([]);
      expectValidIntents(out.findings);
      return out;
    },
    async apply(intent) {
      const plan = await call('changes.plan', { target: LAB_TARGET, intent });
      expect(plan.blocked).toBeUndefined();
      const out = await call('changes.apply', { planId: plan.id });
      expect(out.entry.status).toBe('applied');
      return out.entry.id;
    },
    async undo(entryId) {
      const plan = await call('journal.planUndo', { entryId });
      const out = await call('changes.apply', { planId: plan.id });
      expect(out.entry.status).toBe('applied');
    },
  };
}
