// Benchmark: a full Doctor scan (all sixteen rules) of the training lab, then
// of the lab grown by extra environments, to show how the cost of a scan
// grows with the account. Prints API calls, time and heap; asserts nothing.
import { CreateEnvironmentCommand, ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../src/sandbox';
import { scanResultSchema } from '../../src/shared/contract';
import { consoleIn } from '../support/appConsole';

const EXTRA = Number(process.env.BENCH_ENVIRONMENTS ?? 20);
const RUNS = 5;
const target = { profile: 'sandbox', region: SANDBOX_REGION };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function heapMiB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-bench-scan-'));
  const ctx = await consoleIn(dir, { sandbox: true });
  const rows: string[][] = [];
  async function measure(label: string): Promise<void> {
    const times: number[] = [];
    let calls = 0;
    let findings = 0;
    let environments = 0;
    const before = heapMiB();
    for (let i = 0; i < RUNS; i += 1) {
      const t0 = performance.now();
      const result = await ctx.router.dispatch('diagnostics.scan', { target });
      times.push(performance.now() - t0);
      if (!result.ok) throw new Error(result.error.message);
      const scan = scanResultSchema.parse(result.data);
      calls = scan.apiCalls;
      findings = scan.findings.length;
      environments = scan.environments.length;
    }
    rows.push([
      label,
      String(environments),
      String(findings),
      String(calls),
      median(times).toFixed(0),
      (heapMiB() - before).toFixed(1),
    ]);
  }

  await measure('training lab');
  const eb = new ElasticBeanstalkClient({
    region: SANDBOX_REGION,
    endpoint: ctx.sandbox?.endpoint,
    credentials: SANDBOX_ADMIN_CREDENTIALS,
    maxAttempts: 1,
  });
  for (let i = 0; i < EXTRA; i += 1) {
    await eb.send(
      new CreateEnvironmentCommand({
        ApplicationName: 'bbruceeb2',
        EnvironmentName: `bench-env-${String(i).padStart(3, '0')}`,
        VersionLabel: 'deploy-app-v2',
        SolutionStackName: '64bit Amazon Linux 2018.03 v2.9.21 running Python 3.6',
      }),
    );
  }
  ctx.sandbox?.advanceClock(30 * 60_000);
  await measure(`lab + ${EXTRA} environments`);
  eb.destroy();
  await ctx.close();

  const header = ['account', 'environments', 'findings', 'API calls', 'median ms', 'heap Δ MiB'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  console.log(`\nDoctor scan, all rules, ${RUNS} runs each (sandbox on loopback)`);
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
