import type { ChangeIntent, DiffRow, Plan, StagedBundle, Target, Verification } from '../../shared/contract';
import type { ClientFactory, ServiceId } from '../aws/clientFactory';
import type { CliTarget } from './cliCommand';

/** A step as shown and journalled (data) plus how to run it (closure). */
export interface ExecutableStep {
  /** An AWS service, or the user's shared config file for the profile changes. */
  service: ServiceId | 'config-file';
  operation: string;
  /** What is shown and journalled: secrets already replaced by fingerprints. */
  input: Record<string, unknown>;
  summary: string;
  run(): Promise<{ requestId?: string }>;
  /** How to take this step back if a later step fails; absent when there is nothing to undo. */
  rollback?(): Promise<void>;
}

export interface BuiltPlan {
  title: string;
  resource: Plan['resource'];
  diff: DiffRow[];
  steps: ExecutableStep[];
  cli: string[];
  permissions: string[];
  risk: Plan['risk'];
  undo: { intent: ChangeIntent; summary: string; cli: string[] } | null;
  blocked?: string;
  /**
   * Set with `blocked` when the only reason is that things already are as asked;
   * a composite drops such parts instead of refusing the whole change.
   */
  unchanged?: boolean;
  /** The intent as it may be shown and journalled, secrets replaced by fingerprints; absent when nothing in it is secret. */
  displayIntent?: ChangeIntent;
  /** A deploy's bundle, listed in the preview. */
  bundle?: Plan['bundle'];
  verify(): Promise<Verification>;
}

/** Where deploy planners find a staged bundle by id (main's bundle staging area). */
export interface StagedBundleSource {
  /** The staged zip and its summary; throws a not-found TrellisError when it was discarded or has expired. */
  read(bundleId: string): Promise<{
    bundle: StagedBundle;
    bytes: Uint8Array;
    /** Where it lies on disk, for the `aws s3 cp` equivalent. */ file?: string;
  }>;
  /**
   * Stages the deployed version of an environment again with its app folder's contents at the zip root,
   * and names a label that does not exist yet; for the one-click re-bundle. Absent where nothing can stage.
   */
  rebundleForDeploy?(
    target: Target,
    environmentName: string,
  ): Promise<{ bundle: StagedBundle; suggestedLabel: string }>;
}

/** How long a deploy's verify waits for the environment to settle, and how it sleeps between reads (tests drive a clock instead). */
export interface DeployWaitOptions {
  timeoutMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface PlannerContext {
  aws: ClientFactory;
  /** How the CLI equivalent must name this target's account and endpoint. */
  cliTarget(target: Target, service: ServiceId): CliTarget;
  /** Absent in tests that plan no deploys. */
  bundles?: StagedBundleSource;
  /** Defaults: wait up to 10 minutes, reading every 5 seconds. */
  deployWait?: DeployWaitOptions;
  /** The shared config files, for the profile changes; absent where nothing may edit them. */
  configFiles?: {
    paths(): { config: string; credentials: string };
    /** Called after a write, so the profile list and clients follow the file at once rather than at the watcher's pace. */
    changed(): void;
  };
}

export type Planner<I extends ChangeIntent = ChangeIntent> = (
  ctx: PlannerContext,
  target: Target,
  intent: I,
) => Promise<BuiltPlan>;
