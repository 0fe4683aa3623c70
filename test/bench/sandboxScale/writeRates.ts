/**
 * Writes a second through the SDK at about 1,000 and about 50,000 resources.
 * Each measurement runs in a process of its own (a 50,000-resource heap would
 * otherwise slow the small sandbox's garbage collection too), and the sizes
 * alternate, round after round, so that other work on the machine falls on
 * both alike. Every write is durable before it is answered.
 */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox } from '../../../src/sandbox';
import { buildScenario } from '../../../src/sandbox/scenarios';
import { changeLogFile } from '../../../src/sandbox/state/changeLog';
import { clientConfig, LARGE, median, now, resources, SMALL, timed, WRITES } from './measures';

export const WRITE_CHILD_FLAG = '--sandbox-scale-write-child';
const ROUNDS = 3;
const CLIENTS = 8;

const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export interface WriteRun {
  readonly label: string;
  readonly resources: number;
  readonly startMs: number;
  readonly putParameterPerSecond: number;
  readonly createRolePerSecond: number;
  readonly putParameterConcurrentPerSecond: number;
  readonly logBytes: number;
  readonly closeWithCompactionMs: number;
}

/** One measurement, in this (child) process: `count` writes of each kind, then `count` from 8 clients at once. */
export async function runWriteChild(label: string, count: number, dir: string): Promise<WriteRun> {
  const scale = label === 'large' ? LARGE : SMALL;
  const stateFile = join(dir, `writes-${label}-${process.pid}.json`);
  const started = await timed(() => startSandbox({ scenario: 'large-account', scale, stateFile }));
  const sandbox = started.value;
  const ssm = new SSMClient(clientConfig(sandbox));
  const iam = new IAMClient(clientConfig(sandbox));
  try {
    // Warm the clients and the JIT, so both sizes measure the same steady state.
    for (let i = 0; i < 50; i += 1) {
      await ssm.send(new PutParameterCommand({ Name: `/bench/warm/p-${i}`, Value: 'x', Type: 'String' }));
    }
    const put = await timed(async () => {
      for (let i = 0; i < count; i += 1) {
        await ssm.send(
          new PutParameterCommand({ Name: `/bench/writes/worker-${i}/KEY_${i}`, Value: `v${i}`, Type: 'String' }),
        );
      }
    });
    const roles = await timed(async () => {
      for (let i = 0; i < count; i += 1) {
        await iam.send(new CreateRoleCommand({ RoleName: `bench-write-${i}`, AssumeRolePolicyDocument: trust }));
      }
    });
    // Concurrent writes share an append and its fsync (group commit).
    const perClient = Math.ceil(count / CLIENTS);
    const concurrent = await timed(() =>
      Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          for (let i = 0; i < perClient; i += 1) {
            await ssm.send(
              new PutParameterCommand({ Name: `/bench/concurrent/c${c}/KEY_${i}`, Value: 'v', Type: 'String' }),
            );
          }
        }),
      ),
    );
    const logBytes = statSync(changeLogFile(stateFile)).size;
    const closed = await timed(() => sandbox.close());
    return {
      label,
      resources: resources(buildScenario('large-account', now(), scale)),
      startMs: started.ms,
      putParameterPerSecond: (count * 1000) / put.ms,
      createRolePerSecond: (count * 1000) / roles.ms,
      putParameterConcurrentPerSecond: (CLIENTS * perClient * 1000) / concurrent.ms,
      logBytes,
      closeWithCompactionMs: closed.ms,
    };
  } finally {
    ssm.destroy();
    iam.destroy();
    await sandbox.close();
  }
}

function runChild(script: string, label: string, count: number, dir: string): Promise<WriteRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, WRITE_CHILD_FLAG, label, String(count), dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || line === undefined) reject(new Error(`write child ${label} exited with ${String(code)}`));
      else resolve(JSON.parse(line.slice('RESULT '.length)) as WriteRun);
    });
  });
}

export async function measureWrites(script: string, dir: string) {
  const count = Math.ceil(WRITES / ROUNDS);
  const runs: WriteRun[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const label of ['small', 'large']) runs.push(await runChild(script, label, count, dir));
  }
  return ['small', 'large'].map((label) => {
    const mine = runs.filter((run) => run.label === label);
    const pick = (field: keyof WriteRun): number => median(mine.map((run) => Number(run[field])));
    return {
      label,
      resources: mine[0]?.resources ?? 0,
      writesPerKind: count * ROUNDS,
      putParameterPerSecond: pick('putParameterPerSecond'),
      createRolePerSecond: pick('createRolePerSecond'),
      putParameterConcurrentPerSecond: pick('putParameterConcurrentPerSecond'),
      startMs: pick('startMs'),
      closeWithCompactionMs: pick('closeWithCompactionMs'),
      logBytesPerWrite: pick('logBytes') / (50 + count * 2 + Math.ceil(count / CLIENTS) * CLIENTS),
      runs: mine,
    };
  });
}
