/**
 * One read call per protocol family for the fault-injection tests, through
 * the real SDK v3 clients, and the code and HTTP status each family of AWS
 * services answers each injected fault with.
 */
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeApplicationsCommand, ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import {
  ElasticsearchServiceClient,
  ListDomainNamesCommand as ListEsDomainNamesCommand,
} from '@aws-sdk/client-elasticsearch-service';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { ListDomainNamesCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { FaultKind } from '../../../src/sandbox';
import type { SandboxClientConfig } from '../../support/sandbox';

export interface Target {
  readonly label: string;
  readonly service: string;
  readonly operation: string;
  readonly family: 'query' | 'ec2' | 'json' | 'rest-json' | 'rest-xml';
  /** One read call through the real client. */
  readonly call: (config: SandboxClientConfig) => Promise<unknown>;
}

export const TARGETS: readonly Target[] = [
  {
    label: 'iam',
    service: 'iam',
    operation: 'ListRoles',
    family: 'query',
    call: (c) => new IAMClient(c).send(new ListRolesCommand({})),
  },
  {
    label: 'sts',
    service: 'sts',
    operation: 'GetCallerIdentity',
    family: 'query',
    call: (c) => new STSClient(c).send(new GetCallerIdentityCommand({})),
  },
  {
    label: 'rds',
    service: 'rds',
    operation: 'DescribeDBInstances',
    family: 'query',
    call: (c) => new RDSClient(c).send(new DescribeDBInstancesCommand({})),
  },
  {
    label: 'elasticbeanstalk',
    service: 'elasticbeanstalk',
    operation: 'DescribeApplications',
    family: 'query',
    call: (c) => new ElasticBeanstalkClient(c).send(new DescribeApplicationsCommand({})),
  },
  {
    label: 'ec2',
    service: 'ec2',
    operation: 'DescribeVpcs',
    family: 'ec2',
    call: (c) => new EC2Client(c).send(new DescribeVpcsCommand({})),
  },
  {
    label: 'ssm',
    service: 'ssm',
    operation: 'DescribeParameters',
    family: 'json',
    call: (c) => new SSMClient(c).send(new DescribeParametersCommand({})),
  },
  {
    label: 'logs',
    service: 'logs',
    operation: 'DescribeLogGroups',
    family: 'json',
    call: (c) => new CloudWatchLogsClient(c).send(new DescribeLogGroupsCommand({})),
  },
  {
    label: 'opensearch',
    service: 'es',
    operation: 'ListDomainNames',
    family: 'rest-json',
    call: (c) => new OpenSearchClient(c).send(new ListDomainNamesCommand({})),
  },
  {
    label: 'es (2015 API)',
    service: 'es',
    operation: 'ListDomainNames',
    family: 'rest-json',
    call: (c) => new ElasticsearchServiceClient(c).send(new ListEsDomainNamesCommand({})),
  },
  {
    label: 's3',
    service: 's3',
    operation: 'ListBuckets',
    family: 'rest-xml',
    call: (c) => new S3Client({ ...c, forcePathStyle: true }).send(new ListBucketsCommand({})),
  },
];

export type ErrorKind = Exclude<FaultKind, 'latency' | 'hang'>;
export const ERROR_KINDS: readonly ErrorKind[] = ['throttle', 'http-500', 'http-503', 'expired-token', 'access-denied'];

/** [code, HTTP status] per protocol family: what that family of AWS services really sends. */
export const EXPECTED: Readonly<Record<Target['family'], Readonly<Record<ErrorKind, readonly [string, number]>>>> = {
  query: {
    throttle: ['Throttling', 400],
    'http-500': ['InternalFailure', 500],
    'http-503': ['ServiceUnavailable', 503],
    'expired-token': ['ExpiredToken', 403],
    'access-denied': ['AccessDenied', 403],
  },
  ec2: {
    throttle: ['Throttling', 400],
    'http-500': ['InternalError', 500],
    'http-503': ['ServiceUnavailable', 503],
    'expired-token': ['RequestExpired', 400],
    'access-denied': ['UnauthorizedOperation', 403],
  },
  json: {
    throttle: ['ThrottlingException', 400],
    'http-500': ['InternalFailure', 500],
    'http-503': ['ServiceUnavailable', 503],
    'expired-token': ['ExpiredTokenException', 400],
    'access-denied': ['AccessDeniedException', 400],
  },
  'rest-json': {
    throttle: ['TooManyRequestsException', 429],
    'http-500': ['InternalException', 500],
    'http-503': ['ServiceUnavailable', 503],
    'expired-token': ['ExpiredTokenException', 403],
    'access-denied': ['AccessDeniedException', 403],
  },
  'rest-xml': {
    throttle: ['SlowDown', 503],
    'http-500': ['InternalError', 500],
    'http-503': ['ServiceUnavailable', 503],
    'expired-token': ['ExpiredToken', 400],
    'access-denied': ['AccessDenied', 403],
  },
};
