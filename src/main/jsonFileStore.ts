/**
 * The console keeps what the user told it in small versioned JSON files in
 * the data directory. A file that does not read is the user's, perhaps hand
 * edited: it is reported and never overwritten, so nothing in it is lost.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { TrellisError } from './aws/errors';

/** `why` names the bad fields when the JSON parses but its shape is wrong. */
export type JsonFileRead<T> = { status: 'absent' } | { status: 'ok'; value: T } | { status: 'malformed'; why: string };

export function readJsonFile<T>(file: string, schema: z.ZodType<T>): JsonFileRead<T> {
  if (!existsSync(file)) return { status: 'absent' };
  try {
    return { status: 'ok', value: schema.parse(JSON.parse(readFileSync(file, 'utf8'))) };
  } catch (err) {
    const why =
      err instanceof z.ZodError
        ? err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
        : String((err as Error).message);
    return { status: 'malformed', why };
  }
}

/** Saving over a file that did not read would destroy the user's content, so the save is refused instead. */
export function refuseIfMalformed(problem: string | undefined, hint: string): void {
  if (!problem) return;
  throw new TrellisError({ code: 'profile-config', message: problem, hint, retryable: false });
}

/** Written beside the file and renamed over it, so a crash mid-write never leaves half a file. */
export function writeJsonFileAtomically(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}
