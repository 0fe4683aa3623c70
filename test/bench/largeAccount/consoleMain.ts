/**
 * The console's main process, in this process: createAppContext with a
 * temporary HOME whose AWS config has one profile aimed at the sandbox child,
 * no embedded sandbox, and an onRequest hook that tallies every AWS request
 * attempt (retries included) by operation. Web mode's server can be started
 * on the same router for the Chromium part.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SentRequest } from '../../../src/main/aws/clientFactory';
import { createAppContext, type AppContext } from '../../../src/main/context';
import { startWebServer, type RunningWebServer } from '../../../src/main/web/server';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../../src/sandbox';
import type { Target } from '../../../src/shared/contract';

export const PROFILE = 'large';

/** Counts of AWS request attempts by operation, e.g. { GetAccountAuthorizationDetails: 6 }. */
export type CallCounts = Record<string, number>;

export class RequestTally {
  private counts: CallCounts = {};

  record(request: SentRequest): void {
    this.counts[request.operation] = (this.counts[request.operation] ?? 0) + 1;
  }

  /** What was sent since the last take (or since the start), and starts a new tally. */
  take(): CallCounts {
    const out = this.counts;
    this.counts = {};
    return out;
  }
}

export const totalCalls = (counts: CallCounts): number => Object.values(counts).reduce((a, b) => a + b, 0);

export interface BenchConsole {
  ctx: AppContext;
  target: Target;
  tally: RequestTally;
  /** Web mode on the same router (127.0.0.1, random port), serving the built renderer. */
  serveWeb(staticDir: string): Promise<RunningWebServer>;
  close(): Promise<void>;
}

export async function startConsole(endpoint: string): Promise<BenchConsole> {
  const home = mkdtempSync(join(tmpdir(), 'trellis-bench-large-'));
  const config = join(home, 'aws-config');
  const credentials = join(home, 'aws-credentials');
  writeFileSync(
    config,
    [
      `[profile ${PROFILE}]`,
      `region = ${SANDBOX_REGION}`,
      `endpoint_url = ${endpoint}`,
      `aws_access_key_id = ${SANDBOX_ADMIN_CREDENTIALS.accessKeyId}`,
      `aws_secret_access_key = ${SANDBOX_ADMIN_CREDENTIALS.secretAccessKey}`,
      '',
    ].join('\n'),
  );
  writeFileSync(credentials, '');
  const tally = new RequestTally();
  let ctx: AppContext;
  try {
    ctx = await createAppContext({
      mode: 'web',
      version: 'bench',
      dataDir: join(home, 'data'),
      // Only these files: never the developer's ~/.aws or AWS_* variables.
      env: { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_EC2_METADATA_DISABLED: 'true' },
      homeDir: home,
      sandbox: false,
      watchProfiles: false,
      clients: { onRequest: (request) => tally.record(request) },
    });
  } catch (err) {
    rmSync(home, { recursive: true, force: true });
    throw err;
  }
  let web: RunningWebServer | undefined;
  return {
    ctx,
    target: { profile: PROFILE, region: SANDBOX_REGION },
    tally,
    async serveWeb(staticDir) {
      web = await startWebServer({ router: ctx.router, uploads: ctx.uploads, port: 0, staticDir });
      return web;
    },
    async close() {
      try {
        await web?.close();
        await ctx.close();
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
  };
}
