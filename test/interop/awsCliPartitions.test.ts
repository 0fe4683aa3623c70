/**
 * An account in the China partition, built and used through the real AWS CLI
 * in cn-north-1: every ARN the sandbox hands back says `arn:aws-cn:`, AWS
 * managed policies are attached under that partition and enforced, and the
 * same keys are refused in a commercial region, as AWS refuses them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isolatedCliEnv, runAws, runAwsJson } from '../support/awsCli';
import { startTestSandbox, type TestSandbox } from '../support/sandbox';

let sandbox: TestSandbox;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  sandbox = await startTestSandbox({ scenario: 'empty', partition: 'aws-cn' });
  env = { ...(await isolatedCliEnv(sandbox.dir, '')), AWS_DEFAULT_REGION: 'cn-north-1' };
});

afterEach(async () => {
  await sandbox.dispose();
});

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com.cn' }, Action: 'sts:AssumeRole' }],
});

describe('an aws-cn account through the AWS CLI', () => {
  it('names everything in arn:aws-cn and attaches AWS managed policies under it', async () => {
    const identity = await runAwsJson<{ Arn: string; Account: string }>(sandbox.endpoint, env, [
      'sts',
      'get-caller-identity',
    ]);
    expect(identity.Arn).toBe(`arn:aws-cn:iam::${identity.Account}:root`);

    const created = await runAwsJson<{ Role: { Arn: string } }>(sandbox.endpoint, env, [
      'iam',
      'create-role',
      '--role-name',
      'web-instance',
      '--assume-role-policy-document',
      TRUST,
    ]);
    expect(created.Role.Arn).toBe(`arn:aws-cn:iam::${identity.Account}:role/web-instance`);

    const policy = await runAwsJson<{ Policy: { Arn: string; PolicyName: string } }>(sandbox.endpoint, env, [
      'iam',
      'get-policy',
      '--policy-arn',
      'arn:aws-cn:iam::aws:policy/AWSElasticBeanstalkWebTier',
    ]);
    expect(policy.Policy.Arn).toBe('arn:aws-cn:iam::aws:policy/AWSElasticBeanstalkWebTier');
    await runAws(sandbox.endpoint, env, [
      'iam',
      'attach-role-policy',
      '--role-name',
      'web-instance',
      '--policy-arn',
      'arn:aws-cn:iam::aws:policy/AWSElasticBeanstalkWebTier',
    ]);
    const attached = await runAwsJson<{ AttachedPolicies: Array<{ PolicyArn: string }> }>(sandbox.endpoint, env, [
      'iam',
      'list-attached-role-policies',
      '--role-name',
      'web-instance',
    ]);
    expect(attached.AttachedPolicies.map((p) => p.PolicyArn)).toEqual([
      'arn:aws-cn:iam::aws:policy/AWSElasticBeanstalkWebTier',
    ]);

    // The commercial ARN names nothing in this partition.
    const wrongPartition = await runAws(sandbox.endpoint, env, [
      'iam',
      'attach-role-policy',
      '--role-name',
      'web-instance',
      '--policy-arn',
      'arn:aws:iam::aws:policy/IAMFullAccess',
    ]);
    expect(wrongPartition.code).toBe(255);
    expect(wrongPartition.stderr).toContain('(NoSuchEntity)');

    await runAwsJson(sandbox.endpoint, env, [
      'ssm',
      'put-parameter',
      '--name',
      '/app/region',
      '--value',
      'cn',
      '--type',
      'String',
    ]);
    const parameter = await runAwsJson<{ Parameter: { ARN: string } }>(sandbox.endpoint, env, [
      'ssm',
      'get-parameter',
      '--name',
      '/app/region',
    ]);
    expect(parameter.Parameter.ARN).toBe(`arn:aws-cn:ssm:cn-north-1:${identity.Account}:parameter/app/region`);
  });

  it('refuses the account’s keys in a commercial region, as AWS does', async () => {
    const refused = await runAws(sandbox.endpoint, env, ['sts', 'get-caller-identity', '--region', 'us-east-1']);
    expect(refused.code).toBe(255);
    expect(refused.stderr).toContain('(InvalidClientTokenId)');
    expect(refused.stderr).toContain('The security token included in the request is invalid.');
  });
});
