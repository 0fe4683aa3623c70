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
  TRAINING_LAB_SIGN_IN,
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
  /** An aws-cn or aws-us-gov account (empty scenario only). */
  readonly partition?: SandboxOptions['partition'];
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
    // IAM Identity Center's permission-set roles (trainingLabSignIn.ts), under /aws-reserved/sso.amazonaws.com/.
    'AWSReservedSSO_AdministratorAccess_5c1e9a7b3d2f4e60',
    'AWSReservedSSO_ReadOnlyAccess_8d4f2a6c1b3e5f79',
    'ec2-webserver-role',
    'EC2_Can_Use_Services',
    'LabAdminWithMfa',
  ],
  /** The user's virtual MFA device and the role that requires it (trainingLabSignIn.ts). */
  signIn: TRAINING_LAB_SIGN_IN,
  instanceProfiles: ['aws-elasticbeanstalk-ec2-role', 'ec2-webserver-role', 'EC2_Can_Use_Services'],
  customerPolicies: ['edXProjectPolicy', 'ElasticsearchDomainAccess'],
  /** The learner's Elastic Beanstalk environment (seed 004): legacy Python, app under FlaskApp/ (F3), default VPC (F4). */
  learnerEnvironment: {
    applicationName: 'bbruceeb2',
    environmentName: 'Bbruceeb2-env',
    environmentId: 'e-mp3bcgh2vq',
    versionLabel: 'deploy-app-v1',
    instanceId: 'i-0a7f3c9e1b5d24e68',
    securityGroupId: 'sg-0f2a6c8e4b1d3a579',
  },
  /** The healthy AL2023 environment (seed 002), in the edx VPC, secrets from SSM. */
  demoEnvironment: {
    applicationName: 'flask-ssm-demo',
    environmentName: 'flask-ssm-demo-prod',
    environmentId: 'e-fk7sn2qdpa',
    versionLabel: 'app-v3',
    instanceId: 'i-0c4e8a2f6b1d39a75',
    securityGroupId: 'sg-0e5d4c3b2a1f00102',
  },
  bundleBucket: 'elasticbeanstalk-us-east-1-570589970431',
  bundleKeys: { learner: 'bbruceeb2/deploy-app.zip', demo: 'flask-ssm-demo/app-v3.zip' },
  defaultVpcId: 'vpc-0b7e4c1d2a3f45e61',
  edxVpcId: 'vpc-0e5d4c3b2a1f09876',
  webServerSecurityGroupId: 'sg-0e5d4c3b2a1f00101',
} as const;

export async function startTestSandbox(options: TestSandboxOptions = {}): Promise<TestSandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'trellis-sandbox-'));
  const stateFile = join(dir, 'state.json');
  let sandbox: RunningSandbox;
  try {
    sandbox = await startSandbox({
      port: 0,
      stateFile,
      scenario: options.scenario,
      now: options.now,
      ...(options.partition === undefined ? {} : { partition: options.partition }),
    });
  } catch (error: unknown) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    endpoint: sandbox.endpoint,
    port: sandbox.port,
    accountId: sandbox.accountId,
    reset: (scenario) => sandbox.reset(scenario),
    advanceClock: (ms) => sandbox.advanceClock(ms),
    now: () => sandbox.now(),
    faults: sandbox.faults,
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
