import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import {
  changeIntentSchema,
  journalEntrySchema,
  rollbackSchema,
  type ChangeIntent,
  type JournalEntry,
  type Rollback,
} from '../../shared/contract';

const undoSchema = z.object({ intent: changeIntentSchema, summary: z.string() }).nullable();

// The file is append-only: an undo or a rollback is a new record pointing at the old one,
// never an edit, so the history of what was done cannot be rewritten.
const recordSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('entry'),
    entry: journalEntrySchema.omit({ undoneBy: true, rollback: true }),
    undo: undoSchema,
  }),
  z.object({ type: z.literal('undone'), entryId: z.string(), by: z.string(), at: z.string() }),
  z.object({ type: z.literal('rollback'), entryId: z.string(), rollback: rollbackSchema }),
]);
type JournalRecord = z.infer<typeof recordSchema>;

export interface StoredEntry {
  entry: JournalEntry;
  undo: { intent: ChangeIntent; summary: string } | null;
}

/** The final line when the process writing it died mid-record: no newline, and not a whole record. */
export interface TornTail {
  line: number;
  bytes: number;
}

/** Writes all of `data`: a write to a regular file may return short when the process is being killed. */
function writeFully(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
}

/** Makes a new file's name itself durable: without this a crash can lose the directory entry along with its fsynced data. */
function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some filesystems refuse to fsync a directory; the data itself is still synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export class Journal {
  private readonly entries = new Map<string, StoredEntry>();
  /** Lines that could not be read, the torn tail included; reported, never dropped from the file. */
  readonly unreadableLines: number[] = [];
  /** Set when the file ended in a partial record (a crash during an append); it was ignored. */
  readonly tornTail: TornTail | undefined;
  /** The file does not end with a newline, so the next record must start a line of its own. */
  private unterminated = false;

  constructor(private readonly file: string) {
    if (!existsSync(file)) return;
    const text = readFileSync(file, 'utf8');
    this.unterminated = text.length > 0 && !text.endsWith('\n');
    const lines = text.split('\n');
    for (const [index, line] of lines.entries()) {
      if (!line.trim()) continue;
      const record = this.parse(line);
      if (record) {
        this.apply(record);
        continue;
      }
      this.unreadableLines.push(index + 1);
      if (index === lines.length - 1 && this.unterminated) {
        this.tornTail = { line: index + 1, bytes: Buffer.byteLength(line) };
      }
    }
  }

  private parse(line: string): JournalRecord | undefined {
    try {
      const parsed = recordSchema.safeParse(JSON.parse(line));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  private apply(record: JournalRecord): void {
    if (record.type === 'entry') {
      this.entries.set(record.entry.id, { entry: { ...record.entry }, undo: record.undo });
      return;
    }
    const stored = this.entries.get(record.entryId);
    if (!stored) return;
    if (record.type === 'undone') stored.entry.undoneBy = record.by;
    else stored.entry.rollback = record.rollback;
  }

  /**
   * Durable before it returns: one O_APPEND write per record (so two processes
   * sharing the file never interleave inside a line), then fsync. A record
   * after a torn tail starts on a fresh line, so it is never glued to the fragment.
   */
  private write(record: JournalRecord): void {
    const dir = dirname(this.file);
    mkdirSync(dir, { recursive: true });
    const created = !existsSync(this.file);
    const line = (this.unterminated ? '\n' : '') + JSON.stringify(record) + '\n';
    const fd = openSync(this.file, 'a', 0o600);
    try {
      // Until the write completes, the file may end mid-line again.
      this.unterminated = true;
      writeFully(fd, Buffer.from(line, 'utf8'));
      fsyncSync(fd);
      this.unterminated = false;
    } finally {
      closeSync(fd);
    }
    if (created) fsyncDirectory(dir);
    this.apply(record);
  }

  append(entry: JournalEntry, undo: StoredEntry['undo']): void {
    const { undoneBy: _undone, rollback: _rollback, ...rest } = entry;
    this.write({ type: 'entry', entry: rest, undo });
  }

  markUndone(entryId: string, by: string, at: string): void {
    this.write({ type: 'undone', entryId, by, at });
  }

  recordRollback(entryId: string, rollback: Rollback): void {
    this.write({ type: 'rollback', entryId, rollback });
  }

  get(id: string): StoredEntry | undefined {
    return this.entries.get(id);
  }

  list(limit: number): JournalEntry[] {
    return [...this.entries.values()]
      .map((s) => s.entry)
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
      .slice(0, limit);
  }
}
