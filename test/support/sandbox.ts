/**
 * Starts a practice sandbox for a test: a random loopback port and a state
 * file in a fresh temporary directory, so tests never share state.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type RunningSandbox,
  SANDBOX_ADMIN_CREDENTIALS,
  SANDBOX_REGION,
  type SandboxOptions,
  startSandbox,
} from '../../src/sandbox';

export interface SandboxCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** What an AWS SDK v3 client needs to talk to the sandbox. */
export interface SandboxClientConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: SandboxCredentials;
  /** One attempt: a test should see the sandbox's first answer, not a retried one. */
  readonly maxAttempts: number;
}

export interface TestSandbox extends RunningSandbox {
  readonly stateFile: string;
  /** The temporary directory holding the state file; removed by `dispose`. */
  readonly dir: string;
  clientConfig(credentials?: SandboxCredentials): SandboxClientConfig;
  /** Closes the sandbox and deletes its directory. */
  dispose(): Promise<void>;
}

export interface TestSandboxOptions {
  readonly scenario?: SandboxOptions['scenario'];
  readonly now?: SandboxOptions['now'];
}

/** Facts of the training-lab scenario that tests assert on. */
export const TRAINING_LAB = {
  accountId: '570589970431',
  userName: 'edXProjectUser3',
  /** The user's active, recently used key. */
  userCredentials: {
    accessKeyId: 'AKIAYLQ4JS7XHN2UVQ6T',
    secretAccessKey: '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',
  },
  /** The user's key last used in July 2018 (catalogue F14). */
  staleAccessKeyId: 'AKIAYLQ4JS7XBWP3RE5M',
  roles: [
    'aws-elasticbeanstalk-ec2-role',
    'aws-elasticbeanstalk-service-role',
    'ec2-webserver-role',
    'EC2_Can_Use_Services',
  ],
  instanceProfiles: ['aws-elasticbeanstalk-ec2-role', 'ec2-webserver-role', 'EC2_Can_Use_Services'],
  customerPolicies: ['edXProjectPolicy', 'ElasticsearchDomainAccess'],
} as const;

export async function startTestSandbox(options: TestSandboxOptions = {}): Promise<TestSandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'trellis-sandbox-'));
  const stateFile = join(dir, 'state.json');
  let sandbox: RunningSandbox;
  try {
    sandbox = await startSandbox({ port: 0, stateFile, scenario: options.scenario, now: options.now });
  } catch (error: unknown) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    endpoint: sandbox.endpoint,
    port: sandbox.port,
    accountId: sandbox.accountId,
    reset: (scenario) => sandbox.reset(scenario),
    close: () => sandbox.close(),
    stateFile,
    dir,
    clientConfig: (credentials = SANDBOX_ADMIN_CREDENTIALS) => ({
      endpoint: sandbox.endpoint,
      region: SANDBOX_REGION,
      credentials,
      maxAttempts: 1,
    }),
    dispose: async () => {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
