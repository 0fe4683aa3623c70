/**
 * Builds an account that has nothing to do with the training lab, through
 * the public AWS API only, as an operator would with the AWS CLI: a VPC of
 * its own, a PostgreSQL database on a non-default port, roles with other
 * names, a gunicorn app whose module lives in a package, and two search
 * domains. The Doctor's generality tests scan it to prove no rule leans on
 * the lab's names, ports or region.
 */
import {
  CreateApplicationCommand,
  CreateApplicationVersionCommand,
  CreateEnvironmentCommand,
  DescribeEnvironmentsCommand,
  ElasticBeanstalkClient,
} from '@aws-sdk/client-elastic-beanstalk';
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  CreateAccessKeyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { CreateDomainCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { CreateDBInstanceCommand, CreateDBSubnetGroupCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createStoredZip } from '../../src/shared/zip';
import { openDomainPolicy } from './searchPolicies';

export interface BuilderConnection {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** What the tests assert against: ids the API handed back while building. */
export interface OrdersAccount {
  region: string;
  account: string;
  vpcId: string;
  subnetIds: string[];
  dbGroupId: string;
  webGroupId: string;
  dbEndpoint: string;
  dbPort: number;
  bucket: string;
  deployerKeyId: string;
}

export const ORDERS = {
  application: 'orders',
  environment: 'orders-live',
  version: 'orders-v1',
  db: 'orders-pg',
  dbPort: 6543,
  dbGroup: 'orders-db-sg',
  webGroup: 'orders-web-sg',
  instanceRole: 'orders-app-role',
  instanceProfile: 'orders-app-profile',
  serviceRole: 'orders-eb-service',
  deployer: 'ci-deployer',
  fgacDomain: 'orders-search',
  openDomain: 'orders-logs',
  platform: '64bit Amazon Linux 2023 v4.3.0 running Python 3.11',
  /** The plain secret: `%40` breaks URL decoding, `$1` shell expansion, `&` ini parsing. */
  dbPassword: 'p%40ss$1&x',
} as const;

/** Names that belong to the training lab; a finding on this account must mention none of them. */
export const TRAINING_LAB_NAMES = [
  'Bbruceeb',
  'bbruceeb',
  'edX',
  'edx-',
  'flask-',
  'EC2_Can_Use_Services',
  'ec2-webserver-role',
  'test-domain',
  'secure-search',
  'FlaskApp',
] as const;

const trust = (service: string): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });

/** The app: a package `app` holding `application`, and settings reading two environment variables. */
const APP_FILES = [
  { path: 'app/__init__.py', content: '' },
  {
    path: 'app/main.py',
    content: 'from flask import Flask\nfrom . import settings\n\napplication = Flask(__name__)\n',
  },
  {
    path: 'app/settings.py',
    content:
      "import os\n\nDATABASE_URL = os.environ['ORDERS_DB_URL']\nSIGNING_KEY = os.environ['SIGNING_KEY']\nMEDIA_BUCKET = os.environ.get('ORDERS_MEDIA_BUCKET')\n",
  },
  { path: 'requirements.txt', content: 'flask==3.0.3\npsycopg[binary]==3.2.1\nboto3\n' },
];

export async function buildOrdersAccount(conn: BuilderConnection, account: string): Promise<OrdersAccount> {
  const config = { ...conn, maxAttempts: 1 };
  const ec2 = new EC2Client(config);
  const rds = new RDSClient(config);
  const iam = new IAMClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const eb = new ElasticBeanstalkClient(config);
  const search = new OpenSearchClient(config);
  try {
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }))).Vpc?.VpcId ?? '';
    const subnetIds: string[] = [];
    for (const [cidr, zone] of [
      ['10.40.1.0/24', `${conn.region}a`],
      ['10.40.2.0/24', `${conn.region}b`],
    ] as const) {
      const out = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: zone }));
      subnetIds.push(out.Subnet?.SubnetId ?? '');
    }
    const group = async (name: string, description: string): Promise<string> =>
      (await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: description, VpcId: vpcId })))
        .GroupId ?? '';
    const dbGroupId = await group(ORDERS.dbGroup, 'orders database');
    const webGroupId = await group(ORDERS.webGroup, 'orders web servers');

    await rds.send(
      new CreateDBSubnetGroupCommand({
        DBSubnetGroupName: 'orders-db-subnets',
        DBSubnetGroupDescription: 'orders database subnets',
        SubnetIds: subnetIds,
      }),
    );
    const db = await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: ORDERS.db,
        DBInstanceClass: 'db.t4g.micro',
        Engine: 'postgres',
        Port: ORDERS.dbPort,
        AllocatedStorage: 20,
        MasterUsername: 'app',
        MasterUserPassword: 'not-used-by-the-test',
        DBName: 'orders',
        DBSubnetGroupName: 'orders-db-subnets',
        VpcSecurityGroupIds: [dbGroupId],
      }),
    );
    const dbEndpoint = db.DBInstance?.Endpoint?.Address ?? '';

    await iam.send(
      new CreateRoleCommand({ RoleName: ORDERS.instanceRole, AssumeRolePolicyDocument: trust('ec2.amazonaws.com') }),
    );
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: ORDERS.instanceProfile }));
    await iam.send(
      new AddRoleToInstanceProfileCommand({
        InstanceProfileName: ORDERS.instanceProfile,
        RoleName: ORDERS.instanceRole,
      }),
    );
    await iam.send(
      new CreateRoleCommand({
        RoleName: ORDERS.serviceRole,
        AssumeRolePolicyDocument: trust('elasticbeanstalk.amazonaws.com'),
      }),
    );
    await iam.send(new CreateUserCommand({ UserName: ORDERS.deployer }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: ORDERS.deployer }));

    const bucket = `orders-bundles-${account}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: `${ORDERS.version}.zip`, Body: createStoredZip(APP_FILES) }),
    );
    await eb.send(new CreateApplicationCommand({ ApplicationName: ORDERS.application }));
    await eb.send(
      new CreateApplicationVersionCommand({
        ApplicationName: ORDERS.application,
        VersionLabel: ORDERS.version,
        SourceBundle: { S3Bucket: bucket, S3Key: `${ORDERS.version}.zip` },
      }),
    );
    const option = (Namespace: string, OptionName: string, Value: string) => ({ Namespace, OptionName, Value });
    const properties = 'aws:elasticbeanstalk:application:environment';
    await eb.send(
      new CreateEnvironmentCommand({
        ApplicationName: ORDERS.application,
        EnvironmentName: ORDERS.environment,
        VersionLabel: ORDERS.version,
        SolutionStackName: ORDERS.platform,
        OptionSettings: [
          option('aws:ec2:vpc', 'VPCId', vpcId),
          option('aws:ec2:vpc', 'Subnets', subnetIds.join(',')),
          option('aws:ec2:vpc', 'AssociatePublicIpAddress', 'true'),
          option('aws:autoscaling:launchconfiguration', 'SecurityGroups', webGroupId),
          option('aws:autoscaling:launchconfiguration', 'IamInstanceProfile', ORDERS.instanceProfile),
          option('aws:elasticbeanstalk:environment', 'ServiceRole', ORDERS.serviceRole),
          // Wrong on purpose: the callable lives in the package module app.main.
          option('aws:elasticbeanstalk:container:python', 'WSGIPath', 'application:application'),
          option(properties, 'ORDERS_DB_URL', `postgresql://app@${dbEndpoint}:${ORDERS.dbPort}/orders`),
          option(properties, 'DB_PASSWORD', ORDERS.dbPassword),
          option(properties, 'ORDERS_MEDIA_BUCKET', 'orders-media'),
        ],
      }),
    );

    await search.send(
      new CreateDomainCommand({
        DomainName: ORDERS.fgacDomain,
        EngineVersion: 'OpenSearch_2.11',
        AdvancedSecurityOptions: {
          Enabled: true,
          InternalUserDatabaseEnabled: true,
          MasterUserOptions: { MasterUserName: 'orders-admin', MasterUserPassword: 'Not-used-1' },
        },
        AccessPolicies: openDomainPolicy(`arn:aws:es:${conn.region}:${account}:domain/${ORDERS.fgacDomain}`),
      }),
    );
    await search.send(
      new CreateDomainCommand({
        DomainName: ORDERS.openDomain,
        EngineVersion: 'OpenSearch_2.11',
        AccessPolicies: openDomainPolicy(`arn:aws:es:${conn.region}:${account}:domain/${ORDERS.openDomain}`, {
          IpAddress: { 'aws:SourceIp': ['0.0.0.0/0'] },
        }),
      }),
    );

    return {
      region: conn.region,
      account,
      vpcId,
      subnetIds,
      dbGroupId,
      webGroupId,
      dbEndpoint,
      dbPort: ORDERS.dbPort,
      bucket,
      deployerKeyId: key.AccessKey?.AccessKeyId ?? '',
    };
  } finally {
    for (const client of [ec2, rds, iam, s3, eb, search]) client.destroy();
  }
}

/** The environment's status as EB reports it, for waiting on the sandbox clock. */
export async function environmentStatus(conn: BuilderConnection, name: string): Promise<string | undefined> {
  const eb = new ElasticBeanstalkClient({ ...conn, maxAttempts: 1 });
  try {
    const out = await eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: [name] }));
    return out.Environments?.find((e) => e.Status !== 'Terminated')?.Status;
  } finally {
    eb.destroy();
  }
}
