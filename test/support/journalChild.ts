/**
 * Appends journal records in a loop until it is killed, for the kill test:
 * `node journalChild.mjs JOURNAL_FILE SEED`. It prints `READY` once the
 * journal is open, then each record's id on a line of its own only after
 * `append` has returned, so every id printed is one the journal acknowledged.
 */
import { writeSync } from 'node:fs';
import { Journal } from '../../src/main/changes/journal';
import { SeededRandom } from '../../src/sandbox/scenarios/largeAccountRandom';

const [file, seed] = process.argv.slice(2);
if (file === undefined || seed === undefined) {
  console.error('usage: journalChild JOURNAL_FILE SEED');
  process.exit(2);
}
const journal = new Journal(file);
const random = new SeededRandom(Number(seed));
writeSync(1, 'READY\n');
for (let i = 0; i < 1_000_000; i += 1) {
  const id = `${seed}-${i}`;
  // Mostly small records, with a long one now and then, so a kill can also land inside one long write.
  const padding = 'x'.repeat(random.chance(0.1) ? random.int(100_000, 600_000) : random.int(0, 1_000));
  journal.append(
    {
      id,
      at: new Date().toISOString(),
      target: { profile: 'sandbox', region: 'us-east-1' },
      title: `record ${id}`,
      intent: { kind: 'beanstalk.restartAppServer', environmentName: 'env-kill' },
      status: 'applied',
      steps: [{ operation: 'RestartAppServer', status: 'ok', input: { padding } }],
    },
    null,
  );
  writeSync(1, `${id}\n`);
}
