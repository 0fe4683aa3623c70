/**
 * Steps on the training lab that tests take outside the section under test:
 * the sandbox clock, and the fixes Bbruceeb2-env needs beyond Elastic
 * Beanstalk before it can turn Green.
 */
import { AuthorizeSecurityGroupIngressCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AttachRolePolicyCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import type { SandboxClientConfig } from './sandbox';

/** Moves the sandbox clock through its admin route, as the console does; a refusal fails the step. */
export async function advanceSandboxClock(endpoint: string, advanceMs: number): Promise<void> {
  const response = await fetch(`${endpoint}/_trellis/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs }),
  });
  if (response.status !== 200) throw new Error(`clock: HTTP ${response.status}: ${await response.text()}`);
}

/**
 * The lab's Bbruceeb2-env cannot reach its database (F5) and its instance role lacks S3 and Rekognition
 * (F6); a test of the Beanstalk fixes applies these directly so that only WSGIPath and properties remain.
 */
export async function fixLearnerOutsideBeanstalk(config: Omit<SandboxClientConfig, 'maxAttempts'>): Promise<void> {
  const ec2 = new EC2Client(config);
  const iam = new IAMClient(config);
  try {
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: 'sg-0965722cdbe774e58',
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, UserIdGroupPairs: [{ GroupId: 'sg-0f2a6c8e4b1d3a579' }] },
        ],
      }),
    );
    for (const policy of ['AmazonS3FullAccess', 'AmazonRekognitionReadOnlyAccess']) {
      await iam.send(
        new AttachRolePolicyCommand({
          RoleName: 'aws-elasticbeanstalk-ec2-role',
          PolicyArn: `arn:aws:iam::aws:policy/${policy}`,
        }),
      );
    }
  } finally {
    ec2.destroy();
    iam.destroy();
  }
}

/**
 * The lab's F10 fix, applied directly: the instance role may read flask-ssm-demo's parameters under
 * /flaskapp/flaskenv/. EB resolves secrets while instances deploy, so the environment needs a redeploy after.
 */
export async function letLabInstancesReadSecrets(iam: IAMClient, account = '570589970431'): Promise<void> {
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'aws-elasticbeanstalk-ec2-role',
      PolicyName: 'FetchSSMParameters',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'ssm:GetParameter',
            Resource: `arn:aws:ssm:us-east-1:${account}:parameter/flaskapp/flaskenv/*`,
          },
        ],
      }),
    }),
  );
}
