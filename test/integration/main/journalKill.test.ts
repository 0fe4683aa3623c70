/**
 * A process killed with SIGKILL while appending leaves a journal that opens:
 * every line is a whole record except, at most, a torn final one, which is
 * ignored and reported; no record whose append returned is missing; and the
 * next process's records start on a fresh line after the fragment. A child
 * appends records in a loop (one in ten of 100–600 kB, so that a kill can land
 * inside one long write) and is killed 0–30 ms after it opened the journal,
 * ten times a journal, on two journals at a time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../../src/main/changes/journal';
import { SeededRandom } from '../../../src/sandbox/scenarios/largeAccountRandom';
import { bundleForNode } from '../../support/nodeBundle';

const LANES = 2;
const KILLS_PER_LANE = 100;
/** Kills per journal file, so the files (re-read after every kill) stay a few tens of megabytes. */
const KILLS_PER_FILE = 10;

let dir: string;
let childScript: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trellis-journal-kill-'));
  childScript = await bundleForNode('test/support/journalChild.ts', join(dir, 'child'), 'journalChild');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Starts a child, kills it `delayMs` after it opened the journal, and returns the ids it acknowledged. */
async function killDuringAppends(file: string, seed: number, delayMs: number): Promise<string[]> {
  const child: ChildProcess = spawn(process.execPath, [childScript, file, String(seed)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    // Not the test runner's NODE_OPTIONS: they double the child's start-up, and it starts hundreds of times.
    env: { PATH: process.env.PATH },
  });
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const acknowledged: string[] = [];
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line === 'READY') ready();
    else acknowledged.push(line);
  });
  await Promise.race([isReady, closed]);
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  child.kill('SIGKILL');
  const code = await closed;
  // A child that stopped on its own (it never should) would not prove anything about a kill.
  expect(child.signalCode ?? code).toBe('SIGKILL');
  return acknowledged;
}

interface LaneResult {
  kills: number;
  intact: number;
  tornTails: number;
  records: number;
}

async function lane(n: number): Promise<LaneResult> {
  const random = new SeededRandom(1000 + n);
  let file = '';
  const acknowledged = new Set<string>();
  /** Fragments left by earlier kills; later records follow them on fresh lines, so they stay where they were. */
  const earlierFragments: number[] = [];
  const result: LaneResult = { kills: 0, intact: 0, tornTails: 0, records: 0 };
  for (let k = 0; k < KILLS_PER_LANE; k += 1) {
    if (k % KILLS_PER_FILE === 0) {
      result.records += file ? new Journal(file).list(1_000_000).length : 0;
      file = join(dir, `journal-${n}-${k}.jsonl`);
      acknowledged.clear();
      earlierFragments.length = 0;
    }
    for (const id of await killDuringAppends(file, n * 10_000 + k, random.int(0, 30))) acknowledged.add(id);
    result.kills += 1;

    const journal = new Journal(file);
    const missing = [...acknowledged].filter((id) => !journal.get(id));
    // A child killed before its first append leaves the previous kill's torn tail as it was.
    const tail = journal.tornTail && !earlierFragments.includes(journal.tornTail.line) ? [journal.tornTail.line] : [];
    // Every line parses except the fragments already known and, possibly, a torn final line.
    const intact = missing.length === 0 && sameLines(journal.unreadableLines, [...earlierFragments, ...tail]);
    // The raw file agrees: each line but those is a whole JSON record.
    // A kill before the first append leaves no file at all, which is also a readable journal.
    const lines = (await readFile(file, 'utf8').catch(() => '')).split('\n');
    const unparsed = lines.flatMap((line, i) => (line && !parses(line) ? [i + 1] : []));
    expect(unparsed, `journal ${n} after kill ${k}`).toEqual([...earlierFragments, ...tail]);
    expect(missing, `acknowledged records missing from journal ${n} after kill ${k}`).toEqual([]);
    expect(journal.unreadableLines, `journal ${n} after kill ${k}`).toEqual([...earlierFragments, ...tail]);
    if (intact) result.intact += 1;
    if (tail.length) {
      result.tornTails += 1;
      earlierFragments.push(...tail);
    }
  }
  result.records += new Journal(file).list(1_000_000).length;
  return result;
}

function parses(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

function sameLines(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

describe('the journal under SIGKILL', () => {
  it('keeps every acknowledged record and only ever loses a torn final line', { timeout: 180_000 }, async () => {
    // Settled, not raced: a failing lane must not leave the other spawning children after the clean-up.
    const settled = await Promise.allSettled(Array.from({ length: LANES }, (_, n) => lane(n)));
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const lanes = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const kills = lanes.reduce((sum, l) => sum + l.kills, 0);
    const intact = lanes.reduce((sum, l) => sum + l.intact, 0);
    const torn = lanes.reduce((sum, l) => sum + l.tornTails, 0);
    const records = lanes.reduce((sum, l) => sum + l.records, 0);
    console.log(`journal kill points: ${kills}, journals intact: ${intact}`);
    console.log(`(records written: ${records}, kills that tore the final line: ${torn})`);
    expect(kills).toBeGreaterThanOrEqual(200);
    expect(intact).toBe(kills);
    // Appends really were under way when the kills came.
    expect(records).toBeGreaterThan(kills);
  });
});
