/**
 * One SDK client per service the training lab spans, all pointed at one test
 * sandbox, so a test reads the lab the way any AWS client would.
 */
import { ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { OpenSearchClient } from '@aws-sdk/client-opensearch';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { TestSandbox } from './sandbox';

export interface SandboxClients {
  readonly eb: ElasticBeanstalkClient;
  readonly ec2: EC2Client;
  readonly iam: IAMClient;
  readonly rds: RDSClient;
  readonly s3: S3Client;
  readonly ssm: SSMClient;
  readonly os: OpenSearchClient;
  destroy(): void;
}

export function sandboxClients(sandbox: TestSandbox): SandboxClients {
  const config = sandbox.clientConfig();
  const clients = {
    eb: new ElasticBeanstalkClient(config),
    ec2: new EC2Client(config),
    iam: new IAMClient(config),
    rds: new RDSClient(config),
    // The sandbox serves buckets by path, not by virtual host.
    s3: new S3Client({ ...config, forcePathStyle: true }),
    ssm: new SSMClient(config),
    os: new OpenSearchClient(config),
  };
  return { ...clients, destroy: () => Object.values(clients).forEach((c) => c.destroy()) };
}
