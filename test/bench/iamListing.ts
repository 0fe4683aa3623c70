// Benchmark: loading the IAM view for an account of realistic size.
// Compares Trellis's snapshot (GetAccountAuthorizationDetails) with the
// one-call-per-role approach most consoles take, and with the AWS CLI on the
// same data. Prints figures; asserts nothing.
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientFactory } from '../../src/main/aws/clientFactory';
import { ProfileRegistry } from '../../src/main/aws/profiles';
import { snapshot } from '../../src/main/services/iam';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION, startSandbox } from '../../src/sandbox';

const ROLES = Number(process.env.BENCH_ROLES ?? 400);
const USERS = Number(process.env.BENCH_USERS ?? 100);
const RUNS = 3;
const target = { profile: 'sandbox', region: SANDBOX_REGION };
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const inline = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ port: 0, scenario: 'empty' });
  const admin = new IAMClient({
    region: SANDBOX_REGION,
    endpoint: sandbox.endpoint,
    credentials: SANDBOX_ADMIN_CREDENTIALS,
    maxAttempts: 1,
  });
  const seedStart = performance.now();
  for (let i = 0; i < ROLES; i += 1) {
    const RoleName = `bench-role-${String(i).padStart(4, '0')}`;
    await admin.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trust }));
    await admin.send(
      new AttachRolePolicyCommand({ RoleName, PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }),
    );
    await admin.send(
      new AttachRolePolicyCommand({ RoleName, PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' }),
    );
    await admin.send(new PutRolePolicyCommand({ RoleName, PolicyName: 'read-objects', PolicyDocument: inline }));
  }
  for (let i = 0; i < USERS; i += 1) await admin.send(new CreateUserCommand({ UserName: `bench-user-${i}` }));
  const seedMs = performance.now() - seedStart;

  const home = mkdtempSync(join(tmpdir(), 'trellis-bench-'));
  const registry = new ProfileRegistry({
    env: { AWS_CONFIG_FILE: join(home, 'c'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'k') },
    homeDir: home,
    watch: false,
    sandbox: { endpoint: sandbox.endpoint, region: SANDBOX_REGION, credentials: SANDBOX_ADMIN_CREDENTIALS },
  });
  const aws = new ClientFactory(registry, { maxAttempts: 1 });

  // Trellis: the snapshot the IAM view loads.
  const trellis: number[] = [];
  let calls = 0;
  let heapDelta = 0;
  for (let r = 0; r < RUNS; r += 1) {
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const { ms, value } = await timed(() => snapshot(aws, target));
    heapDelta = Math.max(heapDelta, process.memoryUsage().heapUsed - heapBefore);
    trellis.push(ms);
    calls = value.apiCalls;
    if (value.roles.length !== ROLES) throw new Error(`expected ${ROLES} roles, saw ${value.roles.length}`);
  }

  // The naive way: list roles, then three calls per role for its policies.
  const naive: number[] = [];
  let naiveCalls = 0;
  for (let r = 0; r < RUNS; r += 1) {
    naiveCalls = 0;
    const { ms } = await timed(async () => {
      let Marker: string | undefined;
      do {
        const page = await admin.send(new ListRolesCommand({ Marker, MaxItems: 100 }));
        naiveCalls += 1;
        for (const role of page.Roles ?? []) {
          await admin.send(new ListAttachedRolePoliciesCommand({ RoleName: role.RoleName }));
          const names = await admin.send(new ListRolePoliciesCommand({ RoleName: role.RoleName }));
          naiveCalls += 2;
          for (const PolicyName of names.PolicyNames ?? []) {
            await admin.send(new GetRolePolicyCommand({ RoleName: role.RoleName, PolicyName }));
            naiveCalls += 1;
          }
        }
        Marker = page.IsTruncated ? page.Marker : undefined;
      } while (Marker);
    });
    naive.push(ms);
  }

  // The AWS CLI on the same data (one process per run: its start-up is part of what a user waits for).
  const cliEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_DEFAULT_REGION: SANDBOX_REGION,
    AWS_CONFIG_FILE: join(home, 'cli-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'cli-creds'),
  };
  writeFileSync(join(home, 'cli-config'), '');
  const cli: number[] = [];
  let cliOk = true;
  for (let r = 0; r < RUNS; r += 1) {
    const t0 = performance.now();
    // Async: the sandbox runs in this process, so a blocking spawn would starve it.
    const status = await new Promise<number | null>((resolve) => {
      const child = spawn(
        'aws',
        [
          '--endpoint-url',
          sandbox.endpoint,
          'iam',
          'get-account-authorization-details',
          '--filter',
          'Role',
          'User',
          'LocalManagedPolicy',
          '--output',
          'json',
        ],
        { env: cliEnv, stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 },
      );
      child.on('exit', (code) => resolve(code));
    });
    cli.push(performance.now() - t0);
    cliOk = cliOk && status === 0;
  }

  const rows = [
    [
      'Trellis iam.snapshot (GetAccountAuthorizationDetails)',
      String(calls),
      median(trellis).toFixed(0),
      (heapDelta / 1024 / 1024).toFixed(1),
    ],
    ['Per-role calls (ListRoles + 2–3 calls a role)', String(naiveCalls), median(naive).toFixed(0), '–'],
    [`AWS CLI get-account-authorization-details${cliOk ? '' : ' (FAILED)'}`, '≥1', median(cli).toFixed(0), '–'],
  ];
  console.log(
    `\nIAM listing: ${ROLES} roles (2 managed + 1 inline policy each), ${USERS} users; median of ${RUNS} runs; sandbox seeded in ${(seedMs / 1000).toFixed(1)} s\n`,
  );
  console.log('| approach | API calls | ms | heap MiB |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(`\nprocess RSS at end: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`);

  admin.destroy();
  aws.destroy();
  registry.close();
  await sandbox.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
