/**
 * A whole main process for deploy tests: the practice sandbox, a native-dialog
 * stand-in that returns whatever path the test sets, and a deploy verify
 * whose waiting moves the sandbox clock instead of the wall clock, so a
 * 15-second deployment settles at once and a stuck one times out at once.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { S3Client } from '@aws-sdk/client-s3';
import { createAppContext, type AppContext, type AppContextOptions } from '../../src/main/context';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../src/sandbox';

export interface DeployConsole {
  ctx: AppContext;
  dir: string;
  eb: ElasticBeanstalkClient;
  s3: S3Client;
  config: { endpoint: string; region: string; credentials: typeof SANDBOX_ADMIN_CREDENTIALS };
  /** What the next `deploy.chooseSource` "picks"; null acts as Cancel. */
  choose(path: string | null): void;
  close(): Promise<void>;
}

export async function deployConsole(
  opts: { scenario?: 'training-lab' | 'empty'; timeoutMs?: number } = {},
): Promise<DeployConsole> {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-deploy-'));
  let chosen: string | null = null;
  // Filled in below; the verify's sleep reaches the sandbox through it.
  const started: { ctx?: AppContext } = {};
  const options: AppContextOptions = {
    mode: 'desktop',
    version: 'test',
    dataDir: join(dir, 'data'),
    env: { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') },
    homeDir: dir,
    sandbox: { scenario: opts.scenario ?? 'training-lab' },
    watchProfiles: false,
    clients: { maxAttempts: 1 },
    chooseSource: () => Promise.resolve(chosen),
    deployWait: {
      pollMs: 5000,
      timeoutMs: opts.timeoutMs ?? 10 * 60 * 1000,
      sleep: (ms) => {
        started.ctx?.sandbox?.advanceClock(ms);
        return Promise.resolve();
      },
    },
  };
  const ctx = await createAppContext(options);
  started.ctx = ctx;
  if (!ctx.sandbox) throw new Error('the practice sandbox did not start');
  const config = { endpoint: ctx.sandbox.endpoint, region: SANDBOX_REGION, credentials: SANDBOX_ADMIN_CREDENTIALS };
  const eb = new ElasticBeanstalkClient({ ...config, maxAttempts: 1 });
  const s3 = new S3Client({ ...config, forcePathStyle: true, maxAttempts: 1 });
  return {
    ctx,
    dir,
    eb,
    s3,
    config,
    choose(path) {
      chosen = path;
    },
    async close() {
      eb.destroy();
      s3.destroy();
      await ctx.close();
    },
  };
}
