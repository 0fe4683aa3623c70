/** Opening state files of a large account, and the store on its own (immer's autoFreeze on and off). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AWS_MANAGED_POLICY_ARNS } from '../../../src/sandbox/scenarios/awsManagedPolicies';
import { changeLogFile, snapshotHash } from '../../../src/sandbox/state/changeLog';
import { type StateDocument, stateDocumentSchema } from '../../../src/sandbox/state/document';
import { findIntegrityProblems } from '../../../src/sandbox/state/integrity';
import { StateStore, writeStateFileAtomically } from '../../../src/sandbox/state/store';
import { median, now, resources, timed, WRITES } from './measures';

/** The store alone: the same mutation and flush, with and without immer's autoFreeze, alternating in chunks. */
export async function measureStore(doc: StateDocument, dir: string) {
  const CHUNK = 50;
  const variants = [];
  for (const freeze of [true, false]) {
    const file = join(dir, `store-${String(freeze)}.json`);
    await writeStateFileAtomically(file, doc);
    const opened = await timed(() => StateStore.open({ file, scenario: 'large-account', now, freeze }));
    variants.push({ freeze, store: opened.value, openMs: opened.ms, chunks: [] as number[] });
  }
  for (let from = 0; from < WRITES; from += CHUNK) {
    for (const variant of variants) {
      const { ms } = await timed(async () => {
        for (let i = from; i < from + CHUNK; i += 1) {
          variant.store.mutate((draft) => {
            const name = `/bench/store/KEY_${i}`;
            if (draft.ssm.parameters.some((p) => p.name === name)) throw new Error('exists');
            draft.ssm.parameters.push({
              name,
              versions: [
                {
                  version: 1,
                  type: 'String',
                  text: String(i),
                  tier: 'Standard',
                  labels: [],
                  lastModifiedDate: '2025-01-01T00:00:00Z',
                  lastModifiedUser: 'bench',
                },
              ],
            });
          });
          await variant.store.flush();
        }
      });
      variant.chunks.push(ms);
    }
  }
  const results = [];
  for (const variant of variants) {
    await variant.store.close();
    results.push({
      freeze: variant.freeze,
      openMs: variant.openMs,
      writesPerSecond: (CHUNK * 1000) / median(variant.chunks),
    });
  }
  return results;
}

export async function measureOpen(label: string, doc: StateDocument, dir: string) {
  const file = join(dir, `open-${label}.json`);
  await writeStateFileAtomically(file, doc);
  const bytes = readFileSync(file);
  const runs: number[] = [];
  for (let r = 0; r < 3; r += 1) {
    const { ms, value } = await timed(() => StateStore.open({ file, scenario: 'large-account', now }));
    runs.push(ms);
    await value.close();
  }
  const hash = await timed(() => snapshotHash(bytes));
  const parse = await timed(() => JSON.parse(bytes.toString('utf8')) as unknown);
  const schema = await timed(() => stateDocumentSchema.parse(parse.value));
  const integrity = await timed(() => findIntegrityProblems(schema.value, AWS_MANAGED_POLICY_ARNS));
  // A crash with 1,000 changes in the log: reopening replays them.
  const store = await StateStore.open({ file, scenario: 'large-account', now, compactLogAtBytes: 2 ** 40 });
  for (let i = 0; i < 1000; i += 1) {
    store.mutate((draft) => {
      const role = draft.iam.roles[i % draft.iam.roles.length];
      if (role) role.tags.push({ key: `bench-${i}`, value: 'x' });
    });
    await store.flush();
  }
  // Copy the files as a SIGKILL would leave them (no close, so no compaction).
  const crashed = join(dir, `crashed-${label}.json`);
  writeFileSync(crashed, readFileSync(file));
  writeFileSync(changeLogFile(crashed), readFileSync(changeLogFile(file)));
  await store.close();
  const replay = await timed(() => StateStore.open({ file: crashed, scenario: 'large-account', now }));
  await replay.value.close();
  return {
    label,
    resources: resources(doc),
    stateFileMiB: bytes.length / 2 ** 20,
    openMs: median(runs),
    breakdownMs: { sha256: hash.ms, jsonParse: parse.ms, schema: schema.ms, integrity: integrity.ms },
    openAfterCrashWith1000LoggedChangesMs: replay.ms,
  };
}
