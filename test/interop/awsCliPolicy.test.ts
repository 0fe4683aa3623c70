/**
 * The real AWS CLI against the sandbox's policy evaluator: botocore must parse
 * SimulatePrincipalPolicy results and must surface a refused call as AWS's
 * AccessDenied, exactly as it would against AWS.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_CREDENTIALS } from '../../src/sandbox';
import { isolatedCliEnv, runAws, runAwsJson } from '../support/awsCli';
import { startTestSandbox, type TestSandbox, TRAINING_LAB } from '../support/sandbox';

let sandbox: TestSandbox;
let env: NodeJS.ProcessEnv;

const as = (credentials: { accessKeyId: string; secretAccessKey: string }): NodeJS.ProcessEnv => ({
  ...env,
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
});

beforeEach(async () => {
  sandbox = await startTestSandbox();
  env = await isolatedCliEnv(sandbox.dir, '', null);
});

afterEach(async () => {
  await sandbox.dispose();
});

interface SimulationOutput {
  EvaluationResults: Array<{
    EvalActionName: string;
    EvalResourceName: string;
    EvalDecision: string;
    MatchedStatements: Array<{ SourcePolicyId: string; SourcePolicyType: string }>;
    MissingContextValues: string[];
  }>;
}

describe('AWS CLI and the policy evaluator', () => {
  it('iam simulate-principal-policy for the lab user', async () => {
    const result = await runAwsJson<SimulationOutput>(sandbox.endpoint, as(SANDBOX_ADMIN_CREDENTIALS), [
      'iam',
      'simulate-principal-policy',
      '--policy-source-arn',
      `arn:aws:iam::${TRAINING_LAB.accountId}:user/${TRAINING_LAB.userName}`,
      '--action-names',
      'elasticbeanstalk:CreateApplication',
      's3:GetObject',
    ]);
    expect(result.EvaluationResults).toEqual([
      {
        EvalActionName: 'elasticbeanstalk:CreateApplication',
        EvalResourceName: '*',
        EvalDecision: 'implicitDeny',
        MatchedStatements: [],
        MissingContextValues: [],
      },
      {
        EvalActionName: 's3:GetObject',
        EvalResourceName: '*',
        EvalDecision: 'allowed',
        MatchedStatements: [{ SourcePolicyId: 'edXProjectPolicy', SourcePolicyType: 'IAM Policy' }],
        MissingContextValues: [],
      },
    ]);
  });

  it('elasticbeanstalk create-application with the lab user is refused with AccessDenied', async () => {
    const result = await runAws(sandbox.endpoint, as(TRAINING_LAB.userCredentials), [
      'elasticbeanstalk',
      'create-application',
      '--application-name',
      'learner-app',
    ]);
    expect(result.code).toBe(255);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toBe(
      `An error occurred (AccessDenied) when calling the CreateApplication operation: User: arn:aws:iam::${TRAINING_LAB.accountId}:user/${TRAINING_LAB.userName} is not authorized to perform: elasticbeanstalk:CreateApplication on resource: arn:aws:elasticbeanstalk:us-east-1:${TRAINING_LAB.accountId}:application/learner-app because no identity-based policy allows the elasticbeanstalk:CreateApplication action`,
    );
  });
});
