/**
 * A sandbox process killed with SIGKILL in the middle of a burst of writes
 * loses none it acknowledged. Eight clients write, overwrite and delete
 * parameters concurrently; the process dies after a random number of answers,
 * with the change log compacted every few dozen writes, so kills land on
 * appends and on compactions alike. Each round reopens what the last left,
 * and the test counts the kill points and the states found intact after them.
 */
import { DeleteParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../../src/sandbox';
import { SeededRandom } from '../../../src/sandbox/scenarios/largeAccountRandom';
import { readStateFile } from '../../../src/sandbox/state/store';
import { bundleForNode } from '../../support/nodeBundle';

const WORKERS = 8;
/** Kill points; each costs a sandbox start (about 0.7 s), so the run stays under a minute. */
const ROUNDS = 40;
/** Small, so the log is folded into the state file every few dozen writes. */
const COMPACT_AT_BYTES = 12 * 1024;

let dir: string;
let childScript: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trellis-crash-'));
  childScript = await bundleForNode('test/support/sandboxChild.ts', join(dir, 'child'), 'sandboxChild');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function startChild(stateFile: string): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(process.execPath, [childScript, stateFile, String(COMPACT_AT_BYTES)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    // Not the test runner's NODE_OPTIONS: they slow every one of the many starts.
    env: { PATH: process.env.PATH },
  });
  const lines = createInterface({ input: child.stdout! });
  const endpoint = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) resolve(line.slice('READY '.length));
    });
    child.once('exit', (code) => reject(new Error(`sandbox child exited with ${String(code)} before it was ready`)));
  });
  return { child, endpoint };
}

/** What each parameter must hold: a value, or absent; `maybe` for one whose last write was never answered. */
interface Expectation {
  value: string | undefined;
  maybe?: string | undefined | 'unknown';
}

describe('a sandbox killed mid-burst', () => {
  it('keeps every acknowledged write across SIGKILLs and reopens', { timeout: 150_000 }, async () => {
    const stateFile = join(dir, 'state.json');
    const expected = new Map<string, Expectation>();
    const random = new SeededRandom(11);
    const lost: string[] = [];
    let intact = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const { child, endpoint } = await startChild(stateFile);
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const ssm = new SSMClient({
        endpoint,
        region: SANDBOX_REGION,
        credentials: SANDBOX_ADMIN_CREDENTIALS,
        maxAttempts: 1,
      });
      // From the first answers to a few compactions in.
      const killAfter = random.int(1, 160);
      let acknowledged = 0;
      const worker = async (w: number): Promise<void> => {
        const mine: string[] = [];
        for (let i = 0; i < 10_000; i += 1) {
          const overwrite = mine.length > 0 && i % 4 === 3;
          const remove = mine.length > 2 && i % 9 === 8;
          const name = overwrite || remove ? mine[i % mine.length]! : `/crash/r${round}/w${w}/p${i}`;
          const value = `v${round}.${w}.${i}`;
          const before = expected.get(name);
          // Until it is answered, either outcome is acceptable.
          expected.set(name, { value: before?.value, maybe: remove ? undefined : value });
          try {
            if (remove) await ssm.send(new DeleteParameterCommand({ Name: name }));
            else await ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: true }));
          } catch {
            return; // killed: this write was never acknowledged
          }
          expected.set(name, { value: remove ? undefined : value });
          if (remove) mine.splice(mine.indexOf(name), 1);
          else if (!overwrite) mine.push(name);
          acknowledged += 1;
          if (acknowledged === killAfter) child.kill('SIGKILL');
        }
      };
      await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
      await exited;
      ssm.destroy();
      expect(acknowledged).toBeGreaterThanOrEqual(killAfter);

      const state = await readStateFile(stateFile);
      const stored = new Map(
        (state?.ssm.parameters ?? []).map((p) => [p.name, p.versions[p.versions.length - 1]?.text]),
      );
      const lostThisRound: string[] = [];
      for (const [name, expectation] of expected) {
        const actual = stored.get(name);
        const allowed = 'maybe' in expectation ? [expectation.value, expectation.maybe] : [expectation.value];
        if (!allowed.includes(actual)) {
          lostThisRound.push(`${name} after kill ${round}: ${String(actual)}, expected ${allowed.join(' or ')}`);
        }
        // Settle the unknowns to what the disk holds, for the next round.
        expected.set(name, { value: actual });
      }
      if (!lostThisRound.length) intact += 1;
      lost.push(...lostThisRound);
    }
    console.log(`sandbox kill points: ${ROUNDS}, states intact: ${intact}`);
    expect(lost).toEqual([]);
    expect(intact).toBe(ROUNDS);
    // One more start proves the last crash's files open, and a clean stop folds the log away.
    const { child, endpoint } = await startChild(stateFile);
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    child.kill('SIGKILL');
    const final = await readStateFile(stateFile);
    const live = [...expected].filter(([, e]) => e.value !== undefined);
    expect(final?.ssm.parameters.length).toBe(live.length);
  });
});
