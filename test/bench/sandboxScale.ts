// Benchmark (issue 11): the practice sandbox holding a large account.
// `npm run bench -- sandboxScale`. Prints, and saves to
// test/bench/results/sandboxScale.json:
//  1. generating the `large-account` scenario at its default size;
//  2. opening a state file of about 50,000 resources (and of the default
//     account), with where the time goes; replaying a 1,000-change log;
//  3. writes a second through the SDK (PutParameter, CreateRole; sequential,
//     each durable before its answer) at about 1,000 and about 50,000
//     resources, each size in its own process, alternating over 3 rounds
//     (medians), and their ratio (target: within 2x); eight clients at once;
//     the store alone with immer's autoFreeze on and off; a compaction;
//  4. the median latency of a list page of DescribeParameters,
//     GetAccountAuthorizationDetails (MaxItems 1000), DescribeSecurityGroups,
//     DescribeEvents and DescribeDBInstances on the default account;
//  5. the AWS CLI reading the default account (get-account-authorization-details
//     --filter Role, describe-parameters), timed.
// Asserts nothing. BENCH_SCALE_WRITES sets the writes per kind (default 1000).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION, startSandbox } from '../../src/sandbox';
import { buildScenario, DEFAULT_SCALE } from '../../src/sandbox/scenarios';
import type { StateDocument } from '../../src/sandbox/state/document';
import { writeStateFileAtomically } from '../../src/sandbox/state/store';
import { measurePages, runCli } from './sandboxScale/listPages';
import { LARGE, median, now, resources, timed, WRITES } from './sandboxScale/measures';
import { measureOpen, measureStore } from './sandboxScale/stateFiles';
import { measureWrites, runWriteChild, WRITE_CHILD_FLAG } from './sandboxScale/writeRates';

const RESULTS = 'test/bench/results/sandboxScale.json';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-scale-bench-'));
  // Other work on the machine skews every figure (the write ratio is measured so that it falls on both sizes alike).
  const loadAtStart = loadavg()[0] ?? 0;
  try {
    const generation: number[] = [];
    let doc: StateDocument | undefined;
    for (let r = 0; r < 3; r += 1) {
      const { ms, value } = await timed(() => buildScenario('large-account', now()));
      generation.push(ms);
      doc = value;
    }
    if (!doc) throw new Error('no scenario');
    const large = buildScenario('large-account', now(), LARGE);
    console.log(
      `generated the default large account (${resources(doc)} resources) in ${median(generation).toFixed(0)} ms`,
    );

    const open = [await measureOpen('about 50,000 resources', large, dir), await measureOpen('default', doc, dir)];
    console.log('open:', JSON.stringify(open));
    const store = await measureStore(large, dir);
    console.log('store:', JSON.stringify(store));
    const writes = await measureWrites(process.argv[1] ?? '', dir);
    console.log('writes:', JSON.stringify(writes));
    const compaction = await timed(() => writeStateFileAtomically(join(dir, 'compaction.json'), doc));

    const sandbox = await startSandbox({ scenario: 'large-account', stateFile: join(dir, 'pages.json') });
    let listPages;
    let cli;
    try {
      listPages = await measurePages(sandbox);
      console.log('pages:', JSON.stringify(listPages));
      writeFileSync(join(dir, 'aws-config'), '');
      writeFileSync(join(dir, 'aws-credentials'), '');
      const env = {
        ...process.env,
        AWS_ACCESS_KEY_ID: SANDBOX_ADMIN_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: SANDBOX_ADMIN_CREDENTIALS.secretAccessKey,
        AWS_DEFAULT_REGION: SANDBOX_REGION,
        AWS_CONFIG_FILE: join(dir, 'aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'),
        AWS_PAGER: '',
      };
      cli = {
        getAccountAuthorizationDetailsRoles: await runCli(sandbox.endpoint, env, [
          'iam',
          'get-account-authorization-details',
          '--filter',
          'Role',
        ]),
        describeParameters: await runCli(sandbox.endpoint, env, ['ssm', 'describe-parameters']),
      };
    } finally {
      await sandbox.close();
    }

    const small = writes[0];
    const big = writes[1];
    const ratio = (a: number | undefined, b: number | undefined): number => (a && b ? a / b : Number.NaN);
    const result = {
      measuredAt: new Date().toISOString(),
      machine: { cpus: cpus().length, loadAverage1mAtStart: loadAtStart, loadAverage1mAtEnd: loadavg()[0] ?? 0 },
      writesPerKind: WRITES,
      defaultScale: DEFAULT_SCALE,
      generation: { resources: resources(doc), medianMs: median(generation), runsMs: generation },
      open,
      store,
      writes,
      writeRateRatio: {
        putParameter: ratio(small?.putParameterPerSecond, big?.putParameterPerSecond),
        createRole: ratio(small?.createRolePerSecond, big?.createRolePerSecond),
        target: 'within 2x',
      },
      compactionOfDefaultAccountMs: compaction.ms,
      listPages,
      awsCli: cli,
    };
    mkdirSync('test/bench/results', { recursive: true });
    writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);

    const rows: string[][] = [
      ['generate large-account (default size)', `${resources(doc)} resources`, `${median(generation).toFixed(0)} ms`],
      ...open.map((o) => [
        `open state file (${o.label})`,
        `${o.resources} resources, ${o.stateFileMiB.toFixed(1)} MiB`,
        `${o.openMs.toFixed(0)} ms (parse ${o.breakdownMs.jsonParse.toFixed(0)}, schema ${o.breakdownMs.schema.toFixed(0)}, integrity ${o.breakdownMs.integrity.toFixed(0)}, sha256 ${o.breakdownMs.sha256.toFixed(0)}); after a crash with 1,000 logged changes ${o.openAfterCrashWith1000LoggedChangesMs.toFixed(0)} ms`,
      ]),
      ...writes.flatMap((w) => [
        [
          `PutParameter, sequential (${w.label})`,
          `${w.resources} resources`,
          `${w.putParameterPerSecond.toFixed(0)} writes/s`,
        ],
        [
          `CreateRole, sequential (${w.label})`,
          `${w.resources} resources`,
          `${w.createRolePerSecond.toFixed(0)} writes/s`,
        ],
        [
          `PutParameter, 8 clients (${w.label})`,
          `${w.resources} resources`,
          `${w.putParameterConcurrentPerSecond.toFixed(0)} writes/s`,
        ],
      ]),
      [
        'write rate ratio, ~1,000 vs ~50,000 resources',
        'target ≤ 2',
        `PutParameter ${result.writeRateRatio.putParameter.toFixed(2)}, CreateRole ${result.writeRateRatio.createRole.toFixed(2)}`,
      ],
      ...store.map((s) => [
        `store only, mutate + flush (autoFreeze ${s.freeze ? 'on' : 'off'})`,
        `${resources(large)} resources`,
        `${s.writesPerSecond.toFixed(0)} writes/s`,
      ]),
      ['compaction (state file rewrite), default account', '', `${compaction.ms.toFixed(0)} ms`],
      ...Object.entries(listPages ?? {}).map(([name, p]) => [
        `${name} page`,
        `${p.pages} pages, ${p.items} items`,
        `SDK median ${p.medianMs.toFixed(1)} ms (max ${p.maxMs.toFixed(0)}); sandbox median ${p.sandboxMedianMs.toFixed(1)} ms (max ${p.sandboxMaxMs.toFixed(0)})`,
      ]),
      ...Object.entries(cli ?? {}).map(([name, c]) => [
        `AWS CLI ${name}${c.ok ? '' : ' (FAILED)'}`,
        `${(c.bytes / 2 ** 20).toFixed(1)} MiB of JSON`,
        `${c.ms.toFixed(0)} ms`,
      ]),
    ];
    console.log('\n| measure | size | result |\n| --- | --- | --- |');
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
    console.log(
      `\nSaved ${RESULTS}. Load average (1 min) ${loadAtStart.toFixed(1)} at the start, ${result.machine.loadAverage1mAtEnd.toFixed(1)} at the end, on ${cpus().length} CPUs.`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A write measurement's own process (writeRates.ts): prints its result as one line. */
async function writeChild(): Promise<void> {
  const [label = 'small', count = '0', dir = tmpdir()] = process.argv.slice(process.argv.indexOf(WRITE_CHILD_FLAG) + 1);
  const run = await runWriteChild(label, Number(count), dir);
  console.log(`RESULT ${JSON.stringify(run)}`);
}

(process.argv.includes(WRITE_CHILD_FLAG) ? writeChild() : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
