/**
 * Injected faults as AWS's own CLI (v1, botocore) sees them: the code it
 * prints for each protocol family, its read timeout on a hang, and its retries
 * riding out a 50% throttle — proof the injected codes are ones botocore retries.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaultRule } from '../../src/sandbox';
import { isolatedCliEnv, runAws } from '../support/awsCli';
import { startTestSandbox, type TestSandbox } from '../support/sandbox';

let sandbox: TestSandbox;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  sandbox = await startTestSandbox();
  // One attempt: the test sees the injected answer, not botocore's retry of it.
  env = { ...(await isolatedCliEnv(sandbox.dir, '')), AWS_MAX_ATTEMPTS: '1', AWS_RETRY_MODE: 'standard' };
});

afterEach(async () => {
  await sandbox.dispose();
});

const aws = (args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}) =>
  runAws(sandbox.endpoint, { ...env, ...extraEnv }, args);

interface Case {
  readonly rule: FaultRule;
  readonly args: readonly string[];
  readonly operation: string;
  readonly code: string;
}

const CASES: readonly Case[] = [
  {
    rule: { service: 'iam', kind: 'throttle' },
    args: ['iam', 'list-roles'],
    operation: 'ListRoles',
    code: 'Throttling',
  },
  {
    rule: { service: 'ec2', kind: 'http-503' },
    args: ['ec2', 'describe-vpcs'],
    operation: 'DescribeVpcs',
    code: 'ServiceUnavailable',
  },
  {
    rule: { service: 'rds', kind: 'http-500' },
    args: ['rds', 'describe-db-instances'],
    operation: 'DescribeDBInstances',
    code: 'InternalFailure',
  },
  {
    rule: { service: 'elasticbeanstalk', kind: 'expired-token' },
    args: ['elasticbeanstalk', 'describe-applications'],
    operation: 'DescribeApplications',
    code: 'ExpiredToken',
  },
  {
    rule: { service: 'ssm', kind: 'throttle' },
    args: ['ssm', 'describe-parameters'],
    operation: 'DescribeParameters',
    code: 'ThrottlingException',
  },
  {
    rule: { service: 'logs', kind: 'access-denied' },
    args: ['logs', 'describe-log-groups'],
    operation: 'DescribeLogGroups',
    code: 'AccessDeniedException',
  },
  {
    rule: { service: 'es', kind: 'throttle' },
    args: ['opensearch', 'list-domain-names'],
    operation: 'ListDomainNames',
    code: 'TooManyRequestsException',
  },
  {
    rule: { service: 's3', kind: 'access-denied' },
    args: ['s3api', 'list-buckets'],
    operation: 'ListBuckets',
    code: 'AccessDenied',
  },
];

describe('the AWS CLI prints the injected error', () => {
  for (const { rule, args, operation, code } of CASES) {
    it(`${args.slice(0, 2).join(' ')}: ${rule.kind} → ${code}`, async () => {
      sandbox.faults.set({ rules: [rule] });
      const result = await aws(args);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`An error occurred (${code}) when calling the ${operation} operation`);
      expect(sandbox.faults.stats().injected[rule.kind]).toBe(1);
    });
  }

  it('a hang ends in the CLI’s read timeout, not a wait without end', async () => {
    sandbox.faults.set({ rules: [{ service: 'sts', kind: 'hang' }] });
    const started = performance.now();
    const result = await aws(['sts', 'get-caller-identity', '--cli-read-timeout', '2']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Read timeout on endpoint URL');
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(sandbox.faults.stats().injected.hang).toBe(1);
  });
});

describe('botocore retries the injected throttles', () => {
  it('with AWS_MAX_ATTEMPTS=3 every call survives a seeded 50% Throttling', { timeout: 90_000 }, async () => {
    // Seed 2's draws throttle 5 of the first 11 attempts, never 3 in a row (seed 3 does, and the CLI then gives up: reached max retries: 2).
    sandbox.faults.set({ seed: 2, rules: [{ service: 'iam', operation: 'ListRoles', kind: 'throttle', rate: 0.5 }] });
    const calls = 6;
    for (let i = 0; i < calls; i += 1) {
      const result = await aws(['iam', 'list-roles'], { AWS_MAX_ATTEMPTS: '3' });
      expect({ call: i, code: result.code, stderr: result.stderr }).toEqual({ call: i, code: 0, stderr: '' });
    }
    const stats = sandbox.faults.stats();
    // Each throttled attempt was followed by a retry: more requests than calls, exactly one more per throttle.
    expect(stats.injected.throttle).toBeGreaterThan(0);
    expect(stats.requests).toBe(calls + stats.injected.throttle);
    console.log(
      `AWS CLI under 50% throttling: ${calls} calls, ${stats.requests} requests, ${stats.injected.throttle} throttled and retried`,
    );
  });
});
