/**
 * Holds the state document in memory and mirrors it to the state file.
 *
 * Mutations run on a copy that replaces the document only when the mutation
 * returns, so a call that fails half-way leaves no trace. Files are written
 * atomically (temp file in the same directory, fsync, rename): a crash or a
 * full disk leaves either the old file or the new one, never half of one.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { buildScenario } from '../scenarios';
import { AWS_MANAGED_POLICY_ARNS } from '../scenarios/awsManagedPolicies';
import { type ScenarioName, type StateDocument, STATE_VERSION, stateDocumentSchema } from './document';
import { findIntegrityProblems } from './integrity';
import { migrateStateDocument } from './migrate';

/** A state file that cannot be used. The message is written for the person who owns the file. */
export class SandboxStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxStateError';
  }
}

const RESET_HINT =
  'The file was left untouched. Fix it, or replace it with a fresh scenario: --reset for `npm run sandbox`, --reset-sandbox for `npm start` and `npm run web` (which keep the old file as a .bak).';

function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error as { code: unknown };
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

function describeVersion(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('version' in value)) return undefined;
  const { version } = value as { version: unknown };
  return version === STATE_VERSION ? undefined : JSON.stringify(version);
}

/** Parses and validates state file text; every failure names the file and what is wrong. */
export function parseStateDocument(text: string, file: string): StateDocument {
  let raw: unknown;
  try {
    raw = migrateStateDocument(JSON.parse(text));
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SandboxStateError(`State file ${file} is not valid JSON (${reason}). ${RESET_HINT}`);
  }
  const foreignVersion = describeVersion(raw);
  if (foreignVersion !== undefined) {
    throw new SandboxStateError(
      `State file ${file} has version ${foreignVersion}; this sandbox reads version ${STATE_VERSION}. ${RESET_HINT}`,
    );
  }
  const parsed = stateDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => {
      const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
      return `${where}: ${issue.message}`;
    });
    const more = parsed.error.issues.length > 5 ? ` (and ${parsed.error.issues.length - 5} more)` : '';
    throw new SandboxStateError(
      `State file ${file} is not a valid Trellis sandbox state: ${issues.join('; ')}${more}. ${RESET_HINT}`,
    );
  }
  const problems = findIntegrityProblems(parsed.data, AWS_MANAGED_POLICY_ARNS);
  if (problems.length > 0) {
    throw new SandboxStateError(
      `State file ${file} is inconsistent: ${problems.slice(0, 5).join('; ')}. ${RESET_HINT}`,
    );
  }
  return parsed.data;
}

/** Also says whether the file was an older version, so the caller can write it back upgraded. */
async function readStateFileDetailed(
  file: string,
): Promise<{ document: StateDocument; migrated: boolean } | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    const code = errnoCode(error);
    if (code === 'ENOENT') return undefined;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SandboxStateError(`Cannot read state file ${file}: ${reason}`);
  }
  const document = parseStateDocument(text, file);
  // The text parsed above, so this cannot throw; it only asks what version the file itself declared.
  const declared: unknown = (JSON.parse(text) as { version?: unknown }).version;
  return { document, migrated: declared !== STATE_VERSION };
}

export async function writeStateFileAtomically(file: string, document: StateDocument): Promise<void> {
  // A first run points at a data directory nobody has created yet.
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomUUID()}.tmp`);
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(document, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error: unknown) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  // Make the rename itself durable. Not every platform lets a directory be fsynced; that is not fatal.
  try {
    const dir = await open(dirname(file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // best effort
  }
}

export interface StateStoreOptions {
  readonly file?: string;
  readonly scenario: ScenarioName;
  readonly now: () => Date;
}

export class StateStore {
  private current: StateDocument;
  private dirty = false;
  private writes: Promise<void> = Promise.resolve();
  private readonly file: string | undefined;

  private constructor(document: StateDocument, file: string | undefined) {
    this.current = document;
    this.file = file;
  }

  /** Loads the state file when there is one, otherwise seeds the scenario (and writes the file). */
  static async open(options: StateStoreOptions): Promise<StateStore> {
    const existing = options.file === undefined ? undefined : await readStateFileDetailed(options.file);
    if (existing) {
      const loaded = new StateStore(existing.document, options.file);
      // An upgraded file is written back at once, so the old version is never read twice.
      if (existing.migrated) {
        loaded.dirty = true;
        await loaded.flush();
      }
      return loaded;
    }
    const store = new StateStore(buildScenario(options.scenario, options.now()), options.file);
    store.dirty = true;
    await store.flush();
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
    const draft = structuredClone(this.current);
    const result = change(draft);
    this.current = draft;
    this.dirty = true;
    return result;
  }

  replace(document: StateDocument): void {
    this.current = document;
    this.dirty = true;
  }

  /** Persists pending changes. Writes are queued so two requests never race on the rename. */
  async flush(): Promise<void> {
    if (!this.dirty) return this.writes;
    this.dirty = false;
    const file = this.file;
    if (file === undefined) return this.writes;
    const snapshot = this.current;
    const write = this.writes.then(() => writeStateFileAtomically(file, snapshot));
    // Keep the queue alive after a failed write and retry it on the next flush;
    // the caller of this flush still sees the failure.
    this.writes = write.catch(() => {
      this.dirty = true;
    });
    return write;
  }
}
