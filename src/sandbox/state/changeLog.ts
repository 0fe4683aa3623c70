/**
 * The state file's change log, `<state>.log`: what changed since the state
 * file was last written, one JSON line of immer patches per flush, each
 * written and fsynced before the requests it covers are answered. A write
 * then costs what it changed, not the size of the account.
 *
 * The first line names the state file text the log continues (its SHA-256),
 * so a log is never replayed onto a state file it was not written for: after
 * a compaction that died between writing the state file and replacing the
 * log, or a state file replaced by hand.
 *
 * A crash mid-append leaves a last line without its newline; that change was
 * never acknowledged, so it is dropped (and said so). Anything else that does
 * not parse is reported, naming the file, and the file is left as it is.
 */
import type { Patch } from 'immer';
import { createHash } from 'node:crypto';
import { type FileHandle, open, readFile } from 'node:fs/promises';
import { z } from 'zod';
import { errnoCode, reasonOf, SandboxStateError } from './stateErrors';

const LOG_FORMAT = 1;

export const changeLogFile = (stateFile: string): string => `${stateFile}.log`;
/** The log a compaction prepares before it replaces the state file; promoted to `.log` once that is done. */
export const pendingChangeLogFile = (stateFile: string): string => `${stateFile}.log.next`;

export function snapshotHash(snapshot: Uint8Array): string {
  return createHash('sha256').update(snapshot).digest('hex');
}

export function changeLogHeader(hash: string): string {
  return `${JSON.stringify({ trellisStateLog: LOG_FORMAT, snapshot: hash })}\n`;
}

const headerSchema = z.object({ trellisStateLog: z.literal(LOG_FORMAT), snapshot: z.string().regex(/^[0-9a-f]{64}$/) });
const patchSchema = z
  .object({
    op: z.enum(['add', 'remove', 'replace']),
    // The root is never patched: a new document is written as a state file instead.
    path: z.array(z.union([z.string(), z.number().int().min(0)])).min(1),
    value: z.unknown().optional(),
  })
  .strict();
const changeSchema = z.array(patchSchema);

export interface ChangeLogContents {
  /** The SHA-256 of the state file text this log continues. */
  readonly snapshot: string;
  /** One entry per complete line after the header, oldest first. */
  readonly changes: Patch[][];
  /** True when the last line was cut short by a crash mid-append (and so dropped). */
  readonly tornTail: boolean;
}

const LOG_HINT =
  'The file was left untouched. It holds the changes made since the state file was last written: move it away to go back to the state file as it was then, or start afresh with --reset (`npm run sandbox`) or --reset-sandbox (`npm start`, `npm run web`).';

function corrupt(file: string, line: number, reason: string): SandboxStateError {
  return new SandboxStateError(`State change log ${file} is corrupt at line ${line}: ${reason}. ${LOG_HINT}`);
}

/** Parses a change log's text; `undefined` for an empty file (a log that was created and never written). */
export function parseChangeLog(text: string, file: string): ChangeLogContents | undefined {
  if (text === '') return undefined;
  const lines = text.split('\n');
  // After the last newline: '' for a clean log, otherwise the part of a line a crash cut short.
  const tail = lines.pop() ?? '';
  if (lines.length === 0) throw corrupt(file, 1, 'the header line is incomplete');
  let header: z.infer<typeof headerSchema>;
  try {
    header = headerSchema.parse(JSON.parse(lines[0] ?? ''));
  } catch (error: unknown) {
    throw corrupt(file, 1, `not a Trellis state change log header (${reasonOf(error)})`);
  }
  const changes = lines.slice(1).map((line, index) => {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error: unknown) {
      throw corrupt(file, index + 2, `not JSON (${reasonOf(error)})`);
    }
    const parsed = changeSchema.safeParse(raw);
    if (!parsed.success) throw corrupt(file, index + 2, 'not a list of immer patches');
    return parsed.data as Patch[];
  });
  return { snapshot: header.snapshot, changes, tornTail: tail !== '' };
}

/** Reads and parses a change log; `undefined` when there is none (or it is empty). */
export async function readChangeLog(file: string): Promise<ChangeLogContents | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw new SandboxStateError(`Cannot read state change log ${file}: ${reasonOf(error)}`);
  }
  return parseChangeLog(text, file);
}

/** The line that applies to the log as a corrupt one would be reported, for replay errors. */
export function replayFailure(file: string, line: number, error: unknown): SandboxStateError {
  return corrupt(file, line, `its change does not apply to the state (${reasonOf(error)})`);
}

/**
 * Appends lines to an open log. A failed append (full disk) is cut back off,
 * so the next line never lands after half of one.
 */
export class ChangeLogAppender {
  private damaged = false;

  private constructor(
    private readonly handle: FileHandle,
    private length: number,
  ) {}

  static async open(file: string): Promise<ChangeLogAppender> {
    const handle = await open(file, 'a', 0o600);
    const { size } = await handle.stat();
    return new ChangeLogAppender(handle, size);
  }

  /** Bytes in the log, header included. */
  get bytes(): number {
    return this.length;
  }

  /** Resolves once the line is on disk (fdatasync). */
  async append(line: string): Promise<void> {
    const data = Buffer.from(line, 'utf8');
    try {
      if (this.damaged) {
        await this.handle.truncate(this.length);
        this.damaged = false;
      }
      await this.handle.writeFile(data);
      await this.handle.datasync();
      this.length += data.length;
    } catch (error: unknown) {
      this.damaged = true;
      await this.handle.truncate(this.length).then(
        () => (this.damaged = false),
        () => undefined,
      );
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
