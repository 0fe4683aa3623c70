import { join } from 'node:path';
import { createAppContext, type AppContext, type AppContextOptions } from '../../src/main/context';

/**
 * The whole main process as the renderer sees it, in a directory of its own:
 * AWS config and credentials come only from files in `dir`, never from the
 * developer's ~/.aws, and profile files are not watched (tests change nothing).
 * With `sandbox: true` (or its options, e.g. an empty scenario) the practice
 * sandbox runs on a random loopback port.
 */
export function consoleIn(
  dir: string,
  opts: {
    sandbox: boolean | Exclude<AppContextOptions['sandbox'], false>;
    dataDir?: string;
    deployWait?: AppContextOptions['deployWait'];
    /** Re-read the AWS files when they change (off by default: most tests change nothing). */
    watchProfiles?: boolean;
    processTimeoutMs?: number;
  },
): Promise<AppContext> {
  return createAppContext({
    mode: 'web',
    version: 'test',
    dataDir: opts.dataDir ?? dir,
    env: { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') },
    homeDir: dir,
    sandbox: opts.sandbox === true ? {} : opts.sandbox,
    watchProfiles: opts.watchProfiles ?? false,
    // moto answers unimplemented calls with HTML 500s; retrying only slows a failure down.
    clients: { maxAttempts: 1 },
    ...(opts.deployWait ? { deployWait: opts.deployWait } : {}),
    ...(opts.processTimeoutMs ? { processTimeoutMs: opts.processTimeoutMs } : {}),
  });
}

/** A `moto` profile pointing at a running moto server, as a user would point Trellis at any emulator. */
export function motoProfile(endpoint: string, region = 'us-east-1'): string {
  return `[profile moto]\nregion = ${region}\nendpoint_url = ${endpoint}\naws_access_key_id = testing\naws_secret_access_key = testing\n`;
}
