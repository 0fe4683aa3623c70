/**
 * The Doctor on ten accounts an operator built with the AWS CLI, none of them
 * the training lab (cliAccountSpecs.ts). Each account gets its own empty
 * sandbox, because a sandbox holds one account and shows its resources in
 * every region. The console scans each through a profile of its own, in the
 * account's region, and every account must raise exactly what its spec says
 * and none of what it rules out.
 *
 * Partitions: two of the accounts are in the China partition (aws-cn), in
 * sandboxes built as aws-cn accounts, so every ARN the Doctor reads and every
 * fix it proposes must say `arn:aws-cn:`.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/main/context';
import { SANDBOX_ADMIN_CREDENTIALS } from '../../../src/sandbox';
import type { Channel, ChannelInput, Finding, ScanResult } from '../../../src/shared/contract';
import { partitionOf } from '../../../src/shared/aws/partitions';
import { createStoredZip } from '../../../src/shared/zip';
import { environmentStatus, TRAINING_LAB_NAMES } from '../../support/accountBuilder';
import { consoleIn } from '../../support/appConsole';
import { isolatedCliEnv } from '../../support/awsCli';
import { mustCall } from '../../support/rpc';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { ACCOUNTS } from './cliAccountSpecs';
import type { AccountSpec, Expected } from './cliAccountSteps';
import { runCliBatch } from './cliBatch';

/** Two cores: more CLI processes than this only queue for the CPU. */
const CLI_PARALLEL = 3;
const SETTLE_STEPS = 20;

interface Built {
  spec: AccountSpec;
  sandbox: TestSandbox;
  account: string;
  commands: number;
  seconds: number;
}

let dir = '';
let ctx: AppContext;
const built = new Map<string, Built>();
const timings: Record<string, number> = {};

const targetOf = (spec: AccountSpec) => ({ profile: spec.profile, region: spec.region });
const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => mustCall(ctx.router, channel, input);

function builtAs(profile: string): Built {
  const found = built.get(profile);
  if (!found) throw new Error(`account ${profile} was not built`);
  return found;
}

async function settle(b: Built, names: readonly string[]): Promise<void> {
  const conn = { endpoint: b.sandbox.endpoint, region: b.spec.region, credentials: SANDBOX_ADMIN_CREDENTIALS };
  for (let step = 0; step < SETTLE_STEPS; step += 1) {
    const statuses = await Promise.all(names.map((name) => environmentStatus(conn, name)));
    if (statuses.every((s) => s === 'Ready')) return;
    b.sandbox.advanceClock(60_000);
  }
  throw new Error(`${names.join(', ')} of ${b.spec.profile} never became Ready`);
}

async function build(spec: AccountSpec, env: NodeJS.ProcessEnv): Promise<Built> {
  const sandbox = await startTestSandbox({ scenario: 'empty', partition: partitionOf(spec.region) });
  const folder = join(dir, spec.profile);
  await mkdir(folder, { recursive: true });
  for (const [name, files] of Object.entries(spec.bundles)) {
    const entries = Object.entries(files).map(([path, content]) => ({ path, content }));
    await writeFile(join(folder, name), createStoredZip(entries));
  }
  const steps = spec.steps({ zip: (name) => join(folder, name), account: sandbox.accountId });
  const started = performance.now();
  const out = await runCliBatch(sandbox.endpoint, spec.region, env, steps);
  if (out.failed) throw new Error(`building ${spec.profile} with the AWS CLI failed at: ${out.failed}`);
  return {
    spec,
    sandbox,
    account: sandbox.accountId,
    commands: out.results.length,
    seconds: (performance.now() - started) / 1000,
  };
}

async function buildAll(env: NodeJS.ProcessEnv): Promise<void> {
  const queue = [...ACCOUNTS];
  const worker = async (): Promise<void> => {
    for (let spec = queue.shift(); spec; spec = queue.shift()) {
      const b = await build(spec, env);
      built.set(spec.profile, b);
    }
  };
  await Promise.all(Array.from({ length: CLI_PARALLEL }, worker));
}

function profilesFile(): string {
  return [...built.values()]
    .map(
      (b) =>
        `[profile ${b.spec.profile}]\nregion = ${b.spec.region}\nendpoint_url = ${b.sandbox.endpoint}\n` +
        `aws_access_key_id = ${SANDBOX_ADMIN_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${SANDBOX_ADMIN_CREDENTIALS.secretAccessKey}\n`,
    )
    .join('\n');
}

beforeAll(async () => {
  const started = performance.now();
  dir = await mkdtemp(join(tmpdir(), 'trellis-cli-accounts-'));
  const cliDir = join(dir, 'cli');
  await mkdir(cliDir);
  const env = await isolatedCliEnv(cliDir, '');
  await buildAll(env);
  timings.buildSeconds = (performance.now() - started) / 1000;
  await writeFile(join(dir, 'config'), profilesFile());
  await writeFile(join(dir, 'credentials'), '');
  ctx = await consoleIn(dir, { sandbox: false, dataDir: join(dir, 'data') });
  await Promise.all([...built.values()].map((b) => settle(b, b.spec.environments)));
  timings.readySeconds = (performance.now() - started) / 1000;
}, 170_000);

afterAll(async () => {
  await ctx?.close();
  await Promise.all([...built.values()].map((b) => b.sandbox.dispose()));
  if (dir) await rm(dir, { recursive: true, force: true });
  const commands = [...built.values()].reduce((sum, b) => sum + b.commands, 0);
  // The time budget is part of the brief: print what the run cost next to the test output.
  console.info(
    `cliAccounts: ${built.size} accounts, ${commands} AWS CLI commands, built in ${timings.buildSeconds?.toFixed(1)} s, ` +
      `ready in ${timings.readySeconds?.toFixed(1)} s, scans ${timings.scanSeconds?.toFixed(1)} s`,
  );
});

/** The fixes as the spec names them: a WSGIPath fix by the value its label sets, any other by its id. */
function fixNames(finding: Finding): string[] {
  return finding.fixes.map((fix) => (fix.id === 'set-wsgi-path' ? fix.label.replace(/^Set WSGIPath to /, '') : fix.id));
}

function expectRaised(scan: ScanResult, expected: Expected): Finding {
  const finding = scan.findings.find((f) => f.id === expected.id);
  expect(finding, `${expected.id} among ${scan.findings.map((f) => f.id).join(', ')}`).toBeDefined();
  const f = finding as Finding;
  if (expected.severity) expect(f.severity, f.id).toBe(expected.severity);
  if (expected.summary) expect(f.summary, f.id).toContain(expected.summary);
  if (expected.fixes) expect(fixNames(f), f.id).toEqual(expected.fixes);
  expected.check?.(f);
  return f;
}

const scans = new Map<string, ScanResult>();

describe('the Doctor on ten accounts built with the AWS CLI', () => {
  it('built every account through the CLI, in four regions of two partitions', () => {
    expect([...built.keys()].sort()).toEqual(ACCOUNTS.map((a) => a.profile).sort());
    expect(new Set(ACCOUNTS.map((a) => a.region))).toEqual(
      new Set(['eu-west-1', 'ap-southeast-2', 'cn-north-1', 'cn-northwest-1']),
    );
    expect(new Set(ACCOUNTS.map((a) => partitionOf(a.region)))).toEqual(new Set(['aws', 'aws-cn']));
  });

  for (const spec of ACCOUNTS) {
    it(`${spec.profile} (${spec.region}): ${spec.about}`, async () => {
      const started = performance.now();
      const scan = await call('diagnostics.scan', { target: targetOf(spec) });
      timings.scanSeconds = (timings.scanSeconds ?? 0) + (performance.now() - started) / 1000;
      scans.set(spec.profile, scan);
      expect(scan.problems).toEqual([]);
      expect(scan.account).toBe(builtAs(spec.profile).account);
      for (const expected of spec.mustRaise) expectRaised(scan, expected);
      for (const ruledOut of spec.mustNotRaise) {
        const prefix = ruledOut.endsWith(':') || ruledOut.endsWith('@');
        const hits = scan.findings.filter((f) => (prefix ? f.id.startsWith(ruledOut) : f.id === ruledOut));
        expect(
          hits.map((f) => f.id),
          `must not raise ${ruledOut}`,
        ).toEqual([]);
      }
      for (const id of spec.mustPass ?? []) {
        expect(
          scan.checks.find((c) => c.id === id),
          `check ${id}`,
        ).toMatchObject({ passed: true });
      }
      const visible = JSON.stringify(scan.findings);
      for (const name of TRAINING_LAB_NAMES) expect(visible, name).not.toContain(name);
      // Every ARN is in the account's partition, and regional resources are named in its own region.
      for (const f of scan.findings) {
        if (f.resource.arn) expect(f.resource.arn, f.id).toMatch(new RegExp(`^arn:${partitionOf(spec.region)}:`));
        if (f.resource.arn && /^arn:aws[a-z-]*:(es|rds):/.test(f.resource.arn))
          expect(f.resource.arn).toContain(`:${spec.region}:`);
      }
      if (partitionOf(spec.region) !== 'aws')
        expect(visible, 'a commercial ARN in an aws-cn account').not.toContain('arn:aws:');
    });
  }

  it('ledger: pointing WSGIPath at main.py verifies once the update settles', async () => {
    const target = targetOf(builtAs('ledger').spec);
    const plan = await call('diagnostics.planFix', {
      target,
      findingId: 'F3:environment/ledger-web',
      fixId: 'set-wsgi-path',
    });
    expect(plan.intent).toMatchObject({
      kind: 'beanstalk.updateOptions',
      set: [{ optionName: 'WSGIPath', value: 'main.py' }],
    });
    expect((await call('changes.apply', { planId: plan.id })).entry.status).toBe('applied');
    await settle(builtAs('ledger'), ['ledger-web']);
    const verified = await call('diagnostics.verify', { target, findingId: 'F3:environment/ledger-web' });
    expect(verified.status, verified.reason).toBe('verified');
  });

  it('signal: dropping the 0.0.0.0/0 statement closes audit-logs and leaves the other domains as they were', async () => {
    const target = targetOf(builtAs('signal').spec);
    const findingId = 'F13:search-domain/audit-logs@open';
    const plan = await call('diagnostics.planFix', { target, findingId, fixId: 'drop-open' });
    expect((await call('changes.apply', { planId: plan.id })).entry.status).toBe('applied');
    expect((await call('diagnostics.verify', { target, findingId })).status).toBe('verified');
    const after = await call('diagnostics.scan', { target });
    const before = scans.get('signal');
    expect(after.findings.map((f) => f.id).sort()).toEqual(
      (before?.findings ?? [])
        .map((f) => f.id)
        .filter((id) => !id.startsWith('F13:search-domain/audit-logs'))
        .sort(),
    );
  });
});
