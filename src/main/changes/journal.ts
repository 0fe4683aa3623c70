import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { changeIntentSchema, journalEntrySchema, type ChangeIntent, type JournalEntry } from '../../shared/contract';

const undoSchema = z.object({ intent: changeIntentSchema, summary: z.string() }).nullable();

// The file is append-only: an undo is a new record pointing at the old one,
// never an edit, so the history of what was done cannot be rewritten.
const recordSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('entry'), entry: journalEntrySchema.omit({ undoneBy: true }), undo: undoSchema }),
  z.object({ type: z.literal('undone'), entryId: z.string(), by: z.string(), at: z.string() }),
]);
type JournalRecord = z.infer<typeof recordSchema>;

export interface StoredEntry {
  entry: JournalEntry;
  undo: { intent: ChangeIntent; summary: string } | null;
}

export class Journal {
  private readonly entries = new Map<string, StoredEntry>();
  /** Lines that could not be read; reported, never dropped from the file. */
  readonly unreadableLines: number[] = [];

  constructor(private readonly file: string) {
    if (!existsSync(file)) return;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (!line.trim()) return;
        let parsed: ReturnType<typeof recordSchema.safeParse>;
        try {
          parsed = recordSchema.safeParse(JSON.parse(line));
        } catch {
          this.unreadableLines.push(index + 1);
          return;
        }
        if (parsed.success) this.apply(parsed.data);
        else this.unreadableLines.push(index + 1);
      });
  }

  private apply(record: JournalRecord): void {
    if (record.type === 'entry') {
      this.entries.set(record.entry.id, { entry: { ...record.entry }, undo: record.undo });
    } else {
      const stored = this.entries.get(record.entryId);
      if (stored) stored.entry.undoneBy = record.by;
    }
  }

  private write(record: JournalRecord): void {
    mkdirSync(dirname(this.file), { recursive: true });
    // One write per record with O_APPEND keeps each line whole even if two processes share the file.
    appendFileSync(this.file, JSON.stringify(record) + '\n', { encoding: 'utf8', mode: 0o600 });
    this.apply(record);
  }

  append(entry: JournalEntry, undo: StoredEntry['undo']): void {
    const { undoneBy: _ignored, ...rest } = entry;
    this.write({ type: 'entry', entry: rest, undo });
  }

  markUndone(entryId: string, by: string, at: string): void {
    this.write({ type: 'undone', entryId, by, at });
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
