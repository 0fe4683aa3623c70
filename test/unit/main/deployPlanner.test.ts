import { describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../../src/main/aws/clientFactory';
import { planDeployBundle } from '../../../src/main/changes/planners/beanstalkDeploy';
import { waitForDeployment } from '../../../src/main/changes/planners/deploymentWait';
import type { PlannerContext } from '../../../src/main/changes/types';
import { sha256Of } from '../../../src/main/deploy/stagedBundles';
import type { StagedBundle } from '../../../src/shared/contract';
import { createStoredZip } from '../../../src/shared/zip';

// The deploy planner against a scripted account on another region and
// account than the lab: what it asks, in which order, and what it does with
// the answers.
type Answer = Record<string, unknown> | Error;

function scriptedAws(answers: Record<string, (input: Record<string, unknown>) => Answer>) {
  const calls: { operation: string; input: Record<string, unknown> }[] = [];
  const client = {
    send(command: { input: Record<string, unknown> }) {
      const operation = command.constructor.name.replace(/Command$/, '');
      calls.push({ operation, input: command.input });
      const answer = answers[operation];
      if (!answer) return Promise.reject(new Error(`unscripted ${operation}`));
      const out = answer(command.input);
      return out instanceof Error
        ? Promise.reject(out)
        : Promise.resolve({ $metadata: { requestId: `req-${calls.length}` }, ...out });
    },
  };
  const aws = { call: (_t: unknown, _s: unknown, _o: unknown, fn: (c: typeof client) => unknown) => fn(client) };
  return { calls, aws: aws as unknown as ClientFactory };
}

const notFound = () =>
  Object.assign(new Error('NotFound'), { name: 'NotFound', $fault: 'client', $metadata: { httpStatusCode: 404 } });

const target = { profile: 'work', region: 'eu-west-1' };
const bytes = createStoredZip([
  { path: 'application.py', content: 'application = 1\n' },
  { path: 'requirements.txt', content: 'flask\n' },
]);
const bundle: StagedBundle = {
  id: '11111111-2222-4333-8444-555555555555',
  origin: 'folder orders',
  kind: 'folder',
  sizeBytes: bytes.length,
  sha256: sha256Of(bytes),
  fileCount: 2,
  files: [
    { path: 'application.py', size: 16 },
    { path: 'requirements.txt', size: 6 },
  ],
  ignored: [],
  createdAt: new Date().toISOString(),
};

function account(status: () => string, overrides: Record<string, (input: Record<string, unknown>) => Answer> = {}) {
  return scriptedAws({
    DescribeEnvironments: () => ({
      Environments: [
        {
          EnvironmentName: 'orders-prod',
          ApplicationName: 'orders',
          SolutionStackName: '64bit Amazon Linux 2023 v4.3.0 running Python 3.11',
          Status: status(),
          Health: 'Green',
          VersionLabel: 'orders-v7',
        },
      ],
    }),
    DescribeConfigurationSettings: () => ({
      ConfigurationSettings: [{ DeploymentStatus: 'deployed', OptionSettings: [] }],
    }),
    DescribeApplicationVersions: () => ({ ApplicationVersions: [] }),
    GetCallerIdentity: () => ({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/ci', UserId: 'AID' }),
    HeadBucket: () => notFound(),
    CreateStorageLocation: () => ({ S3Bucket: 'elasticbeanstalk-eu-west-1-111122223333' }),
    PutObject: () => ({}),
    CreateApplicationVersion: () => ({}),
    UpdateEnvironment: () => ({}),
    ...overrides,
  });
}

function context(aws: ClientFactory, wait?: PlannerContext['deployWait']): PlannerContext {
  return {
    aws,
    cliTarget: (t) => ({ region: t.region, profile: t.profile }),
    bundles: { read: () => Promise.resolve({ bundle, bytes, file: '/data/bundles/x.zip' }) },
    ...(wait ? { deployWait: wait } : {}),
  };
}

const intent = {
  kind: 'beanstalk.deployBundle' as const,
  environmentName: 'orders-prod',
  bundleId: bundle.id,
  sha256: bundle.sha256,
  versionLabel: 'orders-v8',
};

describe('deploy planner', () => {
  it('creates the storage location first when the bucket does not exist, and uploads to the bucket it names', async () => {
    const { aws, calls } = account(() => 'Ready');
    const built = await planDeployBundle(context(aws), target, intent);
    expect(built.blocked).toBeUndefined();
    expect(built.steps.map((s) => s.operation)).toEqual([
      'CreateStorageLocation',
      'PutObject',
      'CreateApplicationVersion',
      'UpdateEnvironment',
    ]);
    expect(built.cli[0]).toBe('aws elasticbeanstalk create-storage-location --profile work --region eu-west-1');
    const key = `orders/orders-v8-${bundle.sha256.slice(0, 8)}.zip`;
    expect(built.cli[1]).toBe(
      `aws s3 cp /data/bundles/x.zip s3://elasticbeanstalk-eu-west-1-111122223333/${key} --profile work --region eu-west-1`,
    );
    expect(built.undo?.intent).toEqual({
      kind: 'beanstalk.deployVersion',
      environmentName: 'orders-prod',
      versionLabel: 'orders-v7',
    });
    for (const step of built.steps) await step.run();
    const put = calls.find((c) => c.operation === 'PutObject')!;
    expect(put.input).toMatchObject({ Bucket: 'elasticbeanstalk-eu-west-1-111122223333', Key: key });
    expect(calls.find((c) => c.operation === 'CreateApplicationVersion')!.input).toMatchObject({
      SourceBundle: { S3Bucket: 'elasticbeanstalk-eu-west-1-111122223333', S3Key: key },
      Process: false,
    });
  });

  it('skips CreateStorageLocation when the bucket is there', async () => {
    const { aws } = account(() => 'Ready', { HeadBucket: () => ({}) });
    const built = await planDeployBundle(context(aws), target, intent);
    expect(built.steps.map((s) => s.operation)).toEqual(['PutObject', 'CreateApplicationVersion', 'UpdateEnvironment']);
  });

  it('gives up waiting after the timeout with a plain message, reading a bounded number of times', async () => {
    const { aws, calls } = account(() => 'Updating');
    const slept: number[] = [];
    const sleep = (ms: number) => {
      slept.push(ms);
      return Promise.resolve();
    };
    const result = await waitForDeployment(context(aws), target, 'orders-prod', 'orders-v8', {
      timeoutMs: 20_000,
      pollMs: 5000,
      sleep,
    });
    expect(result).toEqual({
      verified: false,
      detail:
        'Stopped waiting after 20 seconds: orders-prod is still Updating (health Green), running orders-v7. The deployment may still finish; check its events.',
    });
    expect(slept).toEqual([5000, 5000, 5000, 5000]);
    expect(calls.filter((c) => c.operation === 'DescribeEnvironments')).toHaveLength(5);
  });

  it('says a deployment did not take when the environment settles on the old label', async () => {
    let reads = 0;
    const { aws } = account(() => (reads++ < 2 ? 'Updating' : 'Ready'));
    const result = await waitForDeployment(context(aws), target, 'orders-prod', 'orders-v8', {
      pollMs: 1,
      sleep: () => Promise.resolve(),
    });
    expect(result).toEqual({
      verified: false,
      detail:
        'orders-prod is Ready but runs orders-v7, not orders-v8: the deployment did not take. Its events say why.',
    });
  });
});
