/**
 * Holds the state document in memory and keeps it durable on disk.
 *
 * Mutations are immer producers: copy-on-write with structural sharing, so a
 * write copies only the path it changes, and a mutation that throws half-way
 * leaves no trace. Each flush appends what changed to the change log
 * (changeLog.ts) and fsyncs it before the requests it covers are answered;
 * concurrent requests share one append. When the log outgrows the state file
 * it is folded into a new state file (a compaction), and again at close.
 */
import { readFile } from 'node:fs/promises';
import { current, type Draft, enableArrayMethods, enablePatches, freeze, Immer, isDraft, type Patch } from 'immer';
import type { Partition } from '../../shared/aws/partitions';
import { buildScenario, type ScenarioScale } from '../scenarios';
import { ALL_AWS_MANAGED_POLICY_ARNS } from '../scenarios/awsManagedPolicies';
import { diffDocuments } from './changeDiff';
import { ChangeLogAppender, changeLogFile, readChangeLog, replayFailure, snapshotHash } from './changeLog';
import { type ScenarioName, type StateDocument, STATE_VERSION, stateDocumentSchema } from './document';
import { findIntegrityProblems } from './integrity';
import { migrateStateDocument } from './migrate';
import { readStoredState, startChangeLog, writeSnapshot } from './snapshotFile';
import { errnoCode, RESET_HINT, reasonOf, SandboxStateError } from './stateErrors';

export { SandboxStateError } from './stateErrors';

// Patches for replaying the log. Array methods: without this plugin a `find`
// over a draft array makes a proxy per element, so looking up one parameter
// among 20,000 would cost as much as copying them all.
enablePatches();
enableArrayMethods();

const FREEZE_BY_DEFAULT = process.env['VITEST'] !== undefined;

/** A log smaller than this is never compacted: rewriting a big state file for a few writes would cost more than it saves. */
const MIN_COMPACTION_BYTES = 4 * 1024 * 1024;

function describeVersion(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('version' in value)) return undefined;
  const { version } = value as { version: unknown };
  return version === STATE_VERSION ? undefined : JSON.stringify(version);
}

/** Schema and integrity checks; `subject` opens each message ("State file x.json"). */
function checkStateDocument(raw: unknown, subject: string): StateDocument {
  const parsed = stateDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => {
      const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
      return `${where}: ${issue.message}`;
    });
    const more = parsed.error.issues.length > 5 ? ` (and ${parsed.error.issues.length - 5} more)` : '';
    throw new SandboxStateError(
      `${subject} is not a valid Trellis sandbox state: ${issues.join('; ')}${more}. ${RESET_HINT}`,
    );
  }
  const problems = findIntegrityProblems(parsed.data, ALL_AWS_MANAGED_POLICY_ARNS);
  if (problems.length > 0) {
    throw new SandboxStateError(`${subject} is inconsistent: ${problems.slice(0, 5).join('; ')}. ${RESET_HINT}`);
  }
  return parsed.data;
}

/** Parses and validates state file text; also says whether it was an older version (to be written back upgraded). */
function parseStateFileText(text: string, file: string): { document: StateDocument; migrated: boolean } {
  let declared: unknown;
  let raw: unknown;
  try {
    const json: unknown = JSON.parse(text);
    declared = typeof json === 'object' && json !== null ? (json as { version?: unknown }).version : undefined;
    raw = migrateStateDocument(json);
  } catch (error: unknown) {
    throw new SandboxStateError(`State file ${file} is not valid JSON (${reasonOf(error)}). ${RESET_HINT}`);
  }
  const foreignVersion = describeVersion(raw);
  if (foreignVersion !== undefined) {
    throw new SandboxStateError(
      `State file ${file} has version ${foreignVersion}; this sandbox reads version ${STATE_VERSION}. ${RESET_HINT}`,
    );
  }
  return { document: checkStateDocument(raw, `State file ${file}`), migrated: declared !== STATE_VERSION };
}

/** Parses and validates state file text; every failure names the file and what is wrong. */
export function parseStateDocument(text: string, file: string): StateDocument {
  return parseStateFileText(text, file).document;
}

/**
 * The state `file` and its change log hold, as an open would find it, without
 * changing either (for tools and tests); `undefined` when there is no file.
 */
export async function readStateFile(file: string): Promise<StateDocument | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error: unknown) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw new SandboxStateError(`Cannot read state file ${file}: ${reasonOf(error)}`);
  }
  const { document } = parseStateFileText(bytes.toString('utf8'), file);
  const logFile = changeLogFile(file);
  const log = await readChangeLog(logFile);
  if (log === undefined || log.snapshot !== snapshotHash(bytes) || log.changes.length === 0) return document;
  const immer = new Immer({ autoFreeze: false });
  return checkStateDocument(
    replayChanges(immer, document, log.changes, logFile),
    `State file ${file} with the changes in ${logFile}`,
  );
}

/** Writes `document` as the whole state of `file` (atomically), with an empty change log. */
export async function writeStateFileAtomically(file: string, document: StateDocument): Promise<void> {
  await writeSnapshot(file, document);
}

/** A mutation's result may hold drafts, which die with the mutation: hand back plain copies instead. */
function detachDrafts<T>(value: T): T {
  if (isDraft(value)) return current(value as Draft<T>) as T;
  if (typeof value !== 'object' || value === null) return value;
  let copy: Record<string, unknown> | unknown[] | undefined;
  for (const [key, child] of Object.entries(value)) {
    const detached = detachDrafts(child);
    if (detached === child) continue;
    copy ??= Array.isArray(value) ? [...(value as unknown[])] : { ...(value as Record<string, unknown>) };
    (copy as Record<string, unknown>)[key] = detached;
  }
  return (copy ?? value) as T;
}

export interface StateStoreOptions {
  readonly file?: string;
  readonly scenario: ScenarioName;
  readonly now: () => Date;
  /** Sizes for scenarios that take them (`large-account`); others ignore it. */
  readonly scale?: Partial<ScenarioScale>;
  /** The partition a new account is built in (`aws` when left out). */
  readonly partition?: Partition;
  /** Compact once the change log passes this many bytes (default: the larger of 4 MiB and the state file's size). */
  readonly compactLogAtBytes?: number;
  /**
   * Deep-freeze the document (immer's autoFreeze), so code that changes it
   * outside `mutate` throws instead of silently changing a version that is
   * shared and never logged. Default: on under the test runner (VITEST), off
   * in use, where it costs too much at scale: about 0.7 s more to open a
   * 50,000-resource state, and a third of the write rate (test/bench/sandboxScale.ts).
   */
  readonly freeze?: boolean;
  /** Where the store reports what it repaired on open (default: console.warn). */
  readonly log?: (message: string) => void;
}

export class StateStore {
  private current: StateDocument;
  /** The document as the files on disk hold it: the state file plus the log so far. */
  private logged: StateDocument;
  /** Set when the next write must be a whole new state file (after `replace`, or a failed compaction). */
  private rewriteNeeded = false;
  private appender: ChangeLogAppender | undefined;
  private changesLogged = 0;
  private compactionScheduled = false;
  private snapshotBytes = 0;
  /** Persistence runs one task at a time; `queued` is the task not yet started, which later flushes join. */
  private tail: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private readonly file: string | undefined;
  private readonly immer: Immer;
  private readonly frozen: boolean;
  private readonly options: StateStoreOptions;

  private constructor(document: StateDocument, options: StateStoreOptions, immer: Immer) {
    this.immer = immer;
    this.frozen = options.freeze ?? FREEZE_BY_DEFAULT;
    // Frozen from the start, so the first write does not pay for freezing the whole account.
    this.current = this.frozen ? freeze(document, true) : document;
    this.logged = this.current;
    this.file = options.file;
    this.options = options;
  }

  /** Loads the state file and replays its log when there is one, otherwise seeds the scenario (and writes the file). */
  static async open(options: StateStoreOptions): Promise<StateStore> {
    const immer = new Immer({ autoFreeze: options.freeze ?? FREEZE_BY_DEFAULT });
    const seed = (): StateDocument => buildScenario(options.scenario, options.now(), options.scale, options.partition);
    const file = options.file;
    if (file === undefined) return new StateStore(seed(), options, immer);
    const log = options.log ?? ((message: string): void => console.warn(message));
    const stored = await readStoredState(file, log);
    if (stored === undefined) {
      const store = new StateStore(seed(), options, immer);
      await store.compact(store.current);
      return store;
    }
    const logFile = changeLogFile(file);
    const loaded = parseStateFileText(stored.text, file);
    let document = loaded.document;
    if (stored.tornTail) {
      log(`[sandbox] ${logFile}: dropped its last change, which a crash cut short before it was acknowledged.`);
    }
    if (stored.changes.length > 0) {
      document = checkStateDocument(
        replayChanges(immer, document, stored.changes, logFile),
        `State file ${file} with the changes in ${logFile}`,
      );
    }
    const store = new StateStore(document, options, immer);
    // An upgraded file is written back at once, so the old version is never read twice; a replayed log is folded in.
    if (loaded.migrated || stored.changes.length > 0 || stored.tornTail) {
      await store.compact(store.current);
      return store;
    }
    if (!stored.logged) await startChangeLog(file, stored.hash);
    store.appender = await ChangeLogAppender.open(logFile);
    store.snapshotBytes = Buffer.byteLength(stored.text, 'utf8');
    return store;
  }

  /** The current document. Treat it as read-only; change it through `mutate`. */
  get document(): StateDocument {
    return this.current;
  }

  get stateFile(): string | undefined {
    return this.file;
  }

  mutate<T>(change: (draft: StateDocument) => T): T {
    let result: T | undefined;
    this.current = this.immer.produce(this.current, (draft) => {
      result = detachDrafts(change(draft as StateDocument));
    });
    return result as T;
  }

  replace(document: StateDocument): void {
    this.current = this.frozen ? freeze(document, true) : document;
    this.rewriteNeeded = true;
  }

  /**
   * Resolves once every change made before the call is on disk. Flushes that
   * arrive while a write is under way share the next one (group commit).
   */
  flush(): Promise<void> {
    if (this.file === undefined) return Promise.resolve();
    if (this.queued) return this.queued;
    if (this.current === this.logged && !this.rewriteNeeded) return Promise.resolve();
    const task = this.tail.then(() => {
      this.queued = undefined;
      return this.persist();
    });
    this.queued = task;
    // Keep the queue alive after a failed write; the caller of this flush still sees the failure.
    this.tail = task.catch(() => undefined);
    return task;
  }

  /** Flushes, folds the log into the state file, and releases the log. The store stays usable in memory. */
  async close(): Promise<void> {
    await this.flush();
    if (this.file === undefined) return;
    const done = this.tail.then(async () => {
      if (this.changesLogged > 0 || this.rewriteNeeded) await this.compact(this.current);
      await this.appender?.close();
      this.appender = undefined;
      // Any later flush starts from a fresh state file.
      this.rewriteNeeded = true;
    });
    this.tail = done.catch(() => undefined);
    await done;
  }

  private async persist(): Promise<void> {
    const target = this.current;
    if (this.rewriteNeeded || this.appender === undefined) {
      await this.compact(target);
      return;
    }
    if (target === this.logged) return;
    const patches = diffDocuments(this.logged, target);
    if (patches.length > 0) {
      await this.appender.append(`${JSON.stringify(patches)}\n`);
      this.changesLogged += 1;
    }
    this.logged = target;
    const threshold = this.options.compactLogAtBytes ?? Math.max(MIN_COMPACTION_BYTES, this.snapshotBytes);
    if (this.appender.bytes > threshold) this.scheduleCompaction();
  }

  /** Runs after the writes already queued; nobody waits on it, so a failure is reported and retried later. */
  private scheduleCompaction(): void {
    if (this.compactionScheduled) return;
    this.compactionScheduled = true;
    this.tail = this.tail
      .then(() => this.compact(this.current))
      .catch((error: unknown) => {
        (this.options.log ?? console.warn)(`[sandbox] could not compact ${this.file ?? ''}: ${reasonOf(error)}`);
      })
      .finally(() => {
        this.compactionScheduled = false;
      });
  }

  private async compact(target: StateDocument): Promise<void> {
    const file = this.file;
    if (file === undefined) return;
    await this.appender?.close();
    this.appender = undefined;
    try {
      const { bytes } = await writeSnapshot(file, target);
      this.appender = await ChangeLogAppender.open(changeLogFile(file));
      this.snapshotBytes = bytes;
      this.logged = target;
      this.changesLogged = 0;
      this.rewriteNeeded = false;
    } catch (error: unknown) {
      // The files on disk are consistent whichever step failed; the next flush writes a whole state file again.
      this.rewriteNeeded = true;
      throw error;
    }
  }
}

/** Applies the logged changes in one producer, so a long log copies each array it touches once. */
function replayChanges(immer: Immer, document: StateDocument, changes: Patch[][], logFile: string): StateDocument {
  return immer.produce(document, (draft) => {
    changes.forEach((patches, index) => {
      try {
        immer.applyPatches(draft, patches);
      } catch (error: unknown) {
        // Line 1 is the header.
        throw replayFailure(logFile, index + 2, error);
      }
    });
  });
}
