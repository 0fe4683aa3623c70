/**
 * The account from the training notes (seeds 000, 002 and 004), in the state
 * the learner left it, so that every entry of the failure catalogue is present
 * at start and every one can be fixed through the AWS APIs:
 *
 * - F1: the `edx-jumpbox` instance runs as `EC2_Can_Use_Services`, which has
 *   only its Elasticsearch policy (no IAM or Elastic Beanstalk rights);
 * - F2: the course user lacks Elastic Beanstalk and Auto Scaling rights, and
 *   `Bbruceeb2-env`'s first create failed on autoscaling:CreateLaunchConfiguration;
 * - F3, F7, F8, F9, F11, F15: `Bbruceeb2-env` (see trainingLabBeanstalk.ts);
 * - F4: `Bbruceeb1-env` in the default VPC, away from its database;
 * - F5: `rds-launch-wizard` does not admit `Bbruceeb2-env`'s instance group;
 * - F6: S3/Rekognition policies on the EB service role, not the instance role;
 * - F10: the instance role may read `/photos/dev/*` only (PhotosDevParameters),
 *   not the `/flaskapp/flaskenv/*` secrets `flask-ssm-demo-prod` needs;
 * - F12, F16: `flask-ssm-demo-staging` names its security group by name inside
 *   a VPC and uses an instance profile that does not exist;
 * - F13: the `elastic` and `test-domain` search domains (trainingLabDomains.ts);
 * - F14: a long-unused access key.
 *
 * Sign-in (trainingLabSignIn.ts): the course user's virtual MFA device and
 * `LabAdminWithMfa`, a role it may assume only with a code from it.
 *
 * This is data: request handling never looks for these names.
 */
import { STATE_VERSION, type StateDocument } from '../state/document';
import { daysBefore } from './dates';
import { addTrainingLabBeanstalk } from './trainingLabBeanstalk';
import { addTrainingLabDatabases } from './trainingLabDatabases';
import { addTrainingLabParameters } from './trainingLabParameters';
import { trainingLabDomains } from './trainingLabDomains';
import { trainingLabNetwork } from './trainingLabNetwork';
import { addTrainingLabSignIn } from './trainingLabSignIn';

const ACCOUNT_ID = '570589970431';
const POLICY_ARN_PREFIX = `arn:aws:iam::${ACCOUNT_ID}:policy/`;
const AWS_POLICY = 'arn:aws:iam::aws:policy/';

/** Policy text as the IAM console's JSON editor saves it. */
const asDocument = (value: unknown): string => JSON.stringify(value, null, 4);

const ec2Trust = asDocument({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

const beanstalkServiceTrust = asDocument({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'elasticbeanstalk.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'elasticbeanstalk' } },
    },
  ],
});

/** What the course's early labs needed: S3, Rekognition, DynamoDB, EC2, RDS, Cloud9 and logs; no EB, Auto Scaling or IAM writes. */
const edXProjectPolicy = asDocument({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'S3Access', Effect: 'Allow', Action: 's3:*', Resource: '*' },
    { Sid: 'RekognitionAccess', Effect: 'Allow', Action: 'rekognition:*', Resource: '*' },
    { Sid: 'DynamoDBAccess', Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' },
    {
      Sid: 'EC2Access',
      Effect: 'Allow',
      Action: [
        'ec2:Describe*',
        'ec2:GetConsoleOutput',
        'ec2:RunInstances',
        'ec2:StartInstances',
        'ec2:StopInstances',
        'ec2:TerminateInstances',
        'ec2:CreateTags',
        'ec2:CreateSecurityGroup',
        'ec2:AuthorizeSecurityGroupIngress',
      ],
      Resource: '*',
    },
    { Sid: 'LoadBalancingAccess', Effect: 'Allow', Action: 'elasticloadbalancing:*', Resource: '*' },
    { Sid: 'RDSAccess', Effect: 'Allow', Action: 'rds:*', Resource: '*' },
    { Sid: 'Cloud9Access', Effect: 'Allow', Action: 'cloud9:*', Resource: '*' },
    { Sid: 'MessagingAndFunctions', Effect: 'Allow', Action: ['sns:*', 'sqs:*', 'lambda:*'], Resource: '*' },
    { Sid: 'MonitoringAccess', Effect: 'Allow', Action: ['cloudwatch:*', 'logs:*', 'xray:*'], Resource: '*' },
    { Sid: 'IAMReadOnly', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' },
  ],
});

/** Seed 000, HOWTO-1: the jumpbox may sign HTTP calls to the test-domain Elasticsearch domain. */
const elasticsearchDomainAccess = asDocument({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ESHttpOnTestDomain',
      Effect: 'Allow',
      Action: 'es:ESHttp*',
      Resource: `arn:aws:es:us-east-1:${ACCOUNT_ID}:domain/test-domain/*`,
    },
  ],
});

const photosDevParameters = asDocument({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ReadPhotosDevParameters',
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: `arn:aws:ssm:us-east-1:${ACCOUNT_ID}:parameter/photos/dev/*`,
    },
  ],
});

const EC2_ROLE_DESCRIPTION = 'Allows EC2 instances to call AWS services on your behalf.';

export function trainingLabScenario(now: Date): StateDocument {
  const doc = trainingLabIdentity(now);
  addTrainingLabSignIn(doc);
  // Beanstalk last: its history is derived from the databases and parameters around it.
  addTrainingLabDatabases(doc, now);
  addTrainingLabParameters(doc, now);
  addTrainingLabBeanstalk(doc, now);
  return doc;
}

function trainingLabIdentity(now: Date): StateDocument {
  return {
    version: STATE_VERSION,
    scenario: 'training-lab',
    account: { id: ACCOUNT_ID, createDate: '2018-06-28T14:02:11Z' },
    iam: {
      users: [
        {
          name: 'edXProjectUser3',
          id: 'AIDAYLQ4JS7X5QHNBCW3K',
          path: '/',
          createDate: '2018-07-02T01:14:37Z',
          passwordLastUsed: daysBefore(now, 2, 95),
          tags: [],
          attachedPolicyArns: [`${POLICY_ARN_PREFIX}edXProjectPolicy`],
          inlinePolicies: [],
        },
      ],
      groups: [],
      roles: [
        {
          name: 'EC2_Can_Use_Services',
          id: 'AROAYLQ4JS7XF3WCN6ZBE',
          path: '/',
          createDate: '2018-07-02T18:31:55Z',
          assumeRolePolicyDocument: ec2Trust,
          description: EC2_ROLE_DESCRIPTION,
          maxSessionDuration: 3600,
          tags: [],
          attachedPolicyArns: [`${POLICY_ARN_PREFIX}ElasticsearchDomainAccess`],
          inlinePolicies: [],
          lastUsed: { date: daysBefore(now, 3, 41), region: 'us-east-1' },
        },
        {
          name: 'ec2-webserver-role',
          id: 'AROAYLQ4JS7XMB4VJ8QWA',
          path: '/',
          createDate: '2018-07-13T23:02:41Z',
          assumeRolePolicyDocument: ec2Trust,
          description: EC2_ROLE_DESCRIPTION,
          maxSessionDuration: 3600,
          tags: [],
          attachedPolicyArns: [`${AWS_POLICY}AmazonS3FullAccess`, `${AWS_POLICY}AmazonRekognitionReadOnlyAccess`],
          inlinePolicies: [],
          lastUsed: { date: '2018-07-14T06:40:12Z', region: 'us-west-2' },
        },
        {
          name: 'aws-elasticbeanstalk-ec2-role',
          id: 'AROAYLQ4JS7XT9KDB6YRC',
          path: '/',
          createDate: '2018-07-14T20:11:09Z',
          assumeRolePolicyDocument: ec2Trust,
          maxSessionDuration: 3600,
          tags: [],
          attachedPolicyArns: [
            `${AWS_POLICY}AWSElasticBeanstalkWebTier`,
            `${AWS_POLICY}AWSElasticBeanstalkWorkerTier`,
            `${AWS_POLICY}AWSElasticBeanstalkMulticontainerDocker`,
          ],
          // Scoped to the photos app's parameters only, so flask-ssm-demo's secrets stay unreadable (F10).
          inlinePolicies: [{ name: 'PhotosDevParameters', document: photosDevParameters }],
          lastUsed: { date: daysBefore(now, 1, 17), region: 'us-east-1' },
        },
        {
          name: 'aws-elasticbeanstalk-service-role',
          id: 'AROAYLQ4JS7XP6NQZ2WGJ',
          path: '/',
          createDate: '2018-07-14T20:11:12Z',
          assumeRolePolicyDocument: beanstalkServiceTrust,
          maxSessionDuration: 3600,
          tags: [],
          // The last two are the learner's misplaced app permissions (catalogue F6).
          attachedPolicyArns: [
            `${AWS_POLICY}service-role/AWSElasticBeanstalkEnhancedHealth`,
            `${AWS_POLICY}AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy`,
            `${AWS_POLICY}AmazonS3FullAccess`,
            `${AWS_POLICY}AmazonRekognitionReadOnlyAccess`,
          ],
          inlinePolicies: [],
          lastUsed: { date: daysBefore(now, 1, 12), region: 'us-east-1' },
        },
      ],
      instanceProfiles: [
        {
          name: 'EC2_Can_Use_Services',
          id: 'AIPAYLQ4JS7XR7TDM2KQH',
          path: '/',
          createDate: '2018-07-02T18:31:55Z',
          roleNames: ['EC2_Can_Use_Services'],
          tags: [],
        },
        {
          name: 'ec2-webserver-role',
          id: 'AIPAYLQ4JS7XW5HGE3NPL',
          path: '/',
          createDate: '2018-07-13T23:02:41Z',
          roleNames: ['ec2-webserver-role'],
          tags: [],
        },
        {
          name: 'aws-elasticbeanstalk-ec2-role',
          id: 'AIPAYLQ4JS7XC4RJH8VDT',
          path: '/',
          createDate: '2018-07-14T20:11:10Z',
          roleNames: ['aws-elasticbeanstalk-ec2-role'],
          tags: [],
        },
      ],
      policies: [
        {
          name: 'edXProjectPolicy',
          id: 'ANPAYLQ4JS7XK2LMDOPQ3',
          path: '/',
          description: 'Services used by the edX developer course exercises.',
          createDate: '2018-07-02T01:10:02Z',
          updateDate: '2018-07-02T01:10:02Z',
          defaultVersionId: 'v1',
          versions: [{ versionId: 'v1', document: edXProjectPolicy, createDate: '2018-07-02T01:10:02Z' }],
          tags: [],
        },
        {
          name: 'ElasticsearchDomainAccess',
          id: 'ANPAYLQ4JS7XD8FVA3TNU',
          path: '/',
          description: 'Lets the jumpbox sign HTTP requests to the test-domain Elasticsearch domain.',
          createDate: '2018-07-02T18:29:40Z',
          updateDate: '2018-07-02T18:29:40Z',
          defaultVersionId: 'v1',
          versions: [{ versionId: 'v1', document: elasticsearchDomainAccess, createDate: '2018-07-02T18:29:40Z' }],
          tags: [],
        },
      ],
      accessKeys: [
        {
          accessKeyId: 'AKIAYLQ4JS7XHN2UVQ6T',
          secretAccessKey: '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',
          userName: 'edXProjectUser3',
          status: 'Active',
          createDate: daysBefore(now, 40, 300),
          lastUsed: { date: daysBefore(now, 1, 48), serviceName: 's3', region: 'us-east-1' },
        },
        {
          // Created for exercise 4 and last used in exercise 6 (seed 004): unused for years (catalogue F14).
          accessKeyId: 'AKIAYLQ4JS7XBWP3RE5M',
          secretAccessKey: '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',
          userName: 'edXProjectUser3',
          status: 'Active',
          createDate: '2018-07-03T16:20:05Z',
          lastUsed: { date: '2018-07-06T21:45:12Z', serviceName: 'rekognition', region: 'us-west-2' },
        },
      ],
      mfaDevices: [],
    },
    ec2: trainingLabNetwork(ACCOUNT_ID),
    s3: { buckets: [] },
    elasticbeanstalk: { applications: [], applicationVersions: [], environments: [], events: [] },
    ssm: { parameters: [] },
    search: trainingLabDomains(ACCOUNT_ID),
    rds: { instances: [], subnetGroups: [] },
    sts: { sessions: [] },
    sso: { clients: [], devices: [], tokens: [] },
  };
}
