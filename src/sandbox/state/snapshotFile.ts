/**
 * The state file itself (the snapshot the change log continues), written
 * atomically: temp file in the same directory, fsync, rename, fsync of the
 * directory. A crash or a full disk leaves either the old file or the new
 * one, never half of one.
 *
 * A compaction writes the new log's header first (as `<state>.log.next`),
 * then the state file, then puts the new log in place. Whichever step a
 * crash interrupts, the next open finds a log that matches the state file:
 * the old one (state file not yet replaced) or the prepared one.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { StateDocument } from './document';
import type { Patch } from 'immer';
import { changeLogFile, changeLogHeader, pendingChangeLogFile, readChangeLog, snapshotHash } from './changeLog';
import { errnoCode, reasonOf, SandboxStateError } from './stateErrors';

async function syncDirectory(dir: string): Promise<void> {
  // Makes a rename durable. Not every platform lets a directory be fsynced; that is not fatal.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}

async function writeDurably(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(file, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function replaceAtomically(file: string, data: Uint8Array): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomUUID()}.tmp`);
  try {
    await writeDurably(temp, data);
    await rename(temp, file);
  } catch (error: unknown) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(file));
}

/** The text a state file holds: indented, because learners open it in an editor. */
export function snapshotText(document: StateDocument): Buffer {
  return Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8');
}

/** Starts an empty log for the state file text whose hash is given, by way of `.log.next`. */
export async function startChangeLog(stateFile: string, hash: string): Promise<void> {
  const pending = pendingChangeLogFile(stateFile);
  await writeDurably(pending, changeLogHeader(hash));
  await rename(pending, changeLogFile(stateFile));
  await syncDirectory(dirname(stateFile));
}

/**
 * Writes `document` as the whole state, with an empty change log. This is how
 * a compaction ends, and how a reset or an upgraded file is written.
 */
export async function writeSnapshot(stateFile: string, document: StateDocument): Promise<{ bytes: number }> {
  // A first run points at a data directory nobody has created yet.
  await mkdir(dirname(stateFile), { recursive: true, mode: 0o700 });
  const text = snapshotText(document);
  const pending = pendingChangeLogFile(stateFile);
  await writeDurably(pending, changeLogHeader(snapshotHash(text)));
  await replaceAtomically(stateFile, text);
  await rename(pending, changeLogFile(stateFile));
  await syncDirectory(dirname(stateFile));
  return { bytes: text.length };
}

export interface StoredState {
  /** The state file's text. */
  readonly text: string;
  /** Its SHA-256, which names it in its change log's header. */
  readonly hash: string;
  /** The changes logged since it was written, oldest first (empty when none). */
  readonly changes: Patch[][];
  /** A crash cut the last logged change short (never acknowledged); it was dropped. */
  readonly tornTail: boolean;
  /** False when there is no log for this text yet: a file from before logs, or one written by --reset. */
  readonly logged: boolean;
}

function staleLog(file: string, stateFile: string): SandboxStateError {
  return new SandboxStateError(
    `State change log ${file} holds changes to another version of ${stateFile} (was the state file replaced after the sandbox stopped?). Both files were left untouched: move the log away to use the state file as it is, or restore the state file that goes with it.`,
  );
}

/**
 * Reads the state file and the changes logged since, finishing or discarding
 * an interrupted compaction. `undefined` when there is no state file; a log
 * left without one (its state file moved away as a .bak) is moved aside too.
 */
export async function readStoredState(
  stateFile: string,
  log: (message: string) => void,
): Promise<StoredState | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(stateFile);
  } catch (error: unknown) {
    if (errnoCode(error) !== 'ENOENT') {
      throw new SandboxStateError(`Cannot read state file ${stateFile}: ${reasonOf(error)}`);
    }
    await setAsideOrphanLog(stateFile, log);
    return undefined;
  }
  const hash = snapshotHash(bytes);
  const logFile = changeLogFile(stateFile);
  const pending = await readChangeLog(pendingChangeLogFile(stateFile)).catch(() => undefined);
  if (pending?.snapshot === hash) {
    // A compaction wrote this state file and died before putting its new log in place.
    await rename(pendingChangeLogFile(stateFile), logFile);
    await syncDirectory(dirname(stateFile));
  } else {
    await unlink(pendingChangeLogFile(stateFile)).catch(() => undefined);
  }
  const contents = await readChangeLog(logFile);
  const text = bytes.toString('utf8');
  if (contents?.snapshot === hash) return { text, hash, ...contents, logged: true };
  if (contents !== undefined && (contents.changes.length > 0 || contents.tornTail)) throw staleLog(logFile, stateFile);
  return { text, hash, changes: [], tornTail: false, logged: false };
}

async function setAsideOrphanLog(stateFile: string, log: (message: string) => void): Promise<void> {
  const logFile = changeLogFile(stateFile);
  await unlink(pendingChangeLogFile(stateFile)).catch(() => undefined);
  const contents = await readChangeLog(logFile).catch(() => 'unreadable' as const);
  // An empty log (a clean stop) holds nothing to keep.
  if (contents === undefined || (contents !== 'unreadable' && contents.changes.length === 0 && !contents.tornTail)) {
    await unlink(logFile).catch(() => undefined);
    return;
  }
  const kept = `${logFile}.${new Date().toISOString().replace(/[:.]/g, '-')}.orphaned`;
  await rename(logFile, kept);
  log(`[sandbox] ${logFile} had no state file beside it; it is kept as ${kept}, and a fresh state is seeded.`);
}
