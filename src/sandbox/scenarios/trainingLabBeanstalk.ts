/**
 * The training lab's Elastic Beanstalk account, as data:
 *
 * - `bbruceeb2` / `Bbruceeb2-env` (seed 004): legacy Python platform in the
 *   edx VPC's public subnets, bundle with the app under `FlaskApp/` (F3, F15),
 *   no `AWS_DEFAULT_REGION` (F7), no `FLASK_SECRET` (F8), a plain-text password
 *   with `&` and `%` (F9, F11), its EB-managed group not admitted by
 *   `rds-launch-wizard` (F5, hidden in health behind the deploy failure), and
 *   the Auto Scaling denial of its first create in its history (F2). Red.
 * - `bbruceeb2` / `Bbruceeb1-env` (seed 004's first environment): a good
 *   re-bundled version `deploy-app-v2`, every property present (secrets from
 *   `/photos/dev/`), but in the default VPC, so the database is unreachable
 *   (F4); the app's S3 and Rekognition calls are denied to the instance role
 *   (F6). Red.
 * - `flask-ssm-demo` / `flask-ssm-demo-prod` (seed 002): AL2023 in the edx
 *   VPC; its deploy cannot read the `/flaskapp/flaskenv/` secrets (F10). Red.
 * - `flask-ssm-demo` / `flask-ssm-demo-staging`: `SecurityGroups` names
 *   `custom_eb_asg` inside a VPC (F12) and the instance profile
 *   `flask-staging-ec2-profile` does not exist (F16); its launch failed, so
 *   it has no instances. Red.
 *
 * Health and the failure events are not written here: the evaluator derives
 * them from this state, exactly as it does after a live update.
 */
import { createHash } from 'node:crypto';
import {
  CONFIG_DOCUMENT_OPTION,
  HEALTH_REPORTING_NAMESPACE,
  SYSTEM_TYPE_OPTION,
} from '../../shared/healthReporting/configDocument';
import { isoSeconds } from '../protocols/xml';
import { addEnvironmentEvent } from '../simulation/events';
import { evaluateEnvironment } from '../simulation/healthEvaluator';
import { completionMessages, healthTransitionMessage } from '../simulation/lifecycle';
import { NS } from '../simulation/options';
import { autoScalingGroupName, managedSecurityGroupName, stackName } from '../simulation/provisioning';
import type { EnvironmentOperation, EnvironmentState, OptionSettingState } from '../state/beanstalkState';
import type { StateDocument } from '../state/document';
import type { InstanceState, SecurityGroupState } from '../state/networkState';
import { LAB_CONFIG_DOCUMENT } from './enhancedMonitoring';
import { DEFAULT_VPC_ID } from './network';
import { learnerBundle, rebundledLearnerBundle, ssmDemoBundle } from './trainingLabBundles';
import { EDX_SUBNETS, EDX_VPC_ID, FLASK_INSTANCE_SG_ID } from './trainingLabNetwork';

export const EB_BUCKET = 'elasticbeanstalk-us-east-1-570589970431';
export const LEARNER_BUNDLE_KEY = 'bbruceeb2/deploy-app.zip';
export const REBUNDLED_LEARNER_BUNDLE_KEY = 'bbruceeb2/deploy-app-v2.zip';
export const SSM_DEMO_BUNDLE_KEY = 'flask-ssm-demo/app-v3.zip';
const ACCOUNT_ID = '570589970431';
const SSM_PREFIX = `arn:aws:ssm:us-east-1:${ACCOUNT_ID}:parameter/flaskapp/flaskenv/`;
const PHOTOS_SSM_PREFIX = `arn:aws:ssm:us-east-1:${ACCOUNT_ID}:parameter/photos/dev/`;
/** edx-photos-db's endpoint as RDS renders it (`<id>.<label>.<region>.rds.amazonaws.com`). */
export const PHOTOS_DB_HOST = 'edx-photos-db.ccd69a3vcffc.us-east-1.rds.amazonaws.com';
export const LEARNER_SG_ID = 'sg-0f2a6c8e4b1d3a579';
/** Seed 004 names the first environment's group and id. */
export const FIRST_LEARNER_SG_ID = 'sg-016d7450f169ba56c';
const LEGACY_PYTHON = '64bit Amazon Linux 2018.03 v2.9.21 running Python 3.6';
const AL2023_PYTHON = '64bit Amazon Linux 2023 v4.3.0 running Python 3.11';
const INSTANCE_PROFILE_ARN = `arn:aws:iam::${ACCOUNT_ID}:instance-profile/aws-elasticbeanstalk-ec2-role`;
const MINUTE = 60_000;

const option = (namespace: string, optionName: string, value: string): OptionSettingState => ({
  namespace,
  optionName,
  value,
});
const property = (name: string, value: string): OptionSettingState => option(NS.environmentProperties, name, value);

/** Every lab environment is a single-instance web server under the EB service role, with enhanced health. */
function singleInstance(instanceProfile: string): OptionSettingState[] {
  return [
    option(NS.environment, 'EnvironmentType', 'SingleInstance'),
    option(NS.environment, 'ServiceRole', 'aws-elasticbeanstalk-service-role'),
    option(NS.asg, 'MinSize', '1'),
    option(NS.asg, 'MaxSize', '1'),
    option(NS.launchConfiguration, 'IamInstanceProfile', instanceProfile),
    option(HEALTH_REPORTING_NAMESPACE, SYSTEM_TYPE_OPTION, 'enhanced'),
    option(HEALTH_REPORTING_NAMESPACE, CONFIG_DOCUMENT_OPTION, LAB_CONFIG_DOCUMENT),
  ];
}

/** A Ready web-server environment whose health the evaluator has yet to derive. */
function readyEnvironment(
  created: string,
  fields: Omit<EnvironmentState, 'tier' | 'dateCreated' | 'dateUpdated' | 'status' | 'lastHealth'>,
): EnvironmentState {
  return {
    tier: { name: 'WebServer', type: 'Standard', version: '1.0' },
    dateCreated: created,
    dateUpdated: created,
    status: 'Ready',
    lastHealth: { status: 'Pending', causes: [], refreshedAt: created },
    ...fields,
  };
}

function object(key: string, bytes: Uint8Array, at: string): StateDocument['s3']['buckets'][number]['objects'][number] {
  return {
    key,
    bodyBase64: Buffer.from(bytes).toString('base64'),
    etag: `"${createHash('md5').update(bytes).digest('hex')}"`,
    size: bytes.length,
    lastModified: at,
    contentType: 'application/zip',
  };
}

function instance(
  env: EnvironmentState,
  fields: Omit<InstanceState, 'imageId' | 'instanceType' | 'state' | 'tags'>,
): InstanceState {
  return {
    ...fields,
    imageId: 'ami-0e4d2b8a9c1f3e5d7',
    instanceType: 't2.micro',
    state: 'running',
    tags: [
      { key: 'elasticbeanstalk:environment-name', value: env.name },
      { key: 'elasticbeanstalk:environment-id', value: env.id },
      { key: 'aws:cloudformation:stack-name', value: stackName(env) },
      { key: 'aws:cloudformation:logical-id', value: 'AWSEBAutoScalingGroup' },
      { key: 'Name', value: env.name },
      { key: 'aws:autoscaling:groupName', value: autoScalingGroupName(env) },
    ],
  };
}

function learnerEnvironment(now: Date): EnvironmentState {
  const created = isoSeconds(new Date(now.getTime() - 2 * 24 * 60 * MINUTE));
  return readyEnvironment(created, {
    id: 'e-mp3bcgh2vq',
    name: 'Bbruceeb2-env',
    applicationName: 'bbruceeb2',
    versionLabel: 'deploy-app-v1',
    solutionStackName: LEGACY_PYTHON,
    cname: 'bbruceeb2-env.35fny3di4u.us-east-1.elasticbeanstalk.com',
    optionSettings: [
      ...singleInstance('aws-elasticbeanstalk-ec2-role'),
      option(NS.launchConfiguration, 'InstanceType', 't2.micro'),
      option(NS.launchConfiguration, 'EC2KeyName', 'AWS_E3_KeyPair2'),
      // Seed 004: "Network: VPC: edx-build-aws-vpc … Assign Public IP address … public-a and public-b".
      option(NS.vpc, 'VPCId', EDX_VPC_ID),
      option(NS.vpc, 'Subnets', `${EDX_SUBNETS.publicA},${EDX_SUBNETS.publicB}`),
      option(NS.vpc, 'AssociatePublicIpAddress', 'true'),
      option(NS.python, 'WSGIPath', 'application.py'),
      option(NS.python, 'NumProcesses', '1'),
      option(NS.python, 'NumThreads', '15'),
      property('DATABASE_HOST', PHOTOS_DB_HOST),
      property('DATABASE_USER', 'web_user'),
      property('DATABASE_PASSWORD', '1W4&IK%oDoKQpKGQ'),
      property('DATABASE_DB_NAME', 'Photos'),
      property('PHOTOS_BUCKET', 'ex8bucketbrbruce'),
    ],
    deploymentId: 2,
    deployedAt: isoSeconds(new Date(now.getTime() - 26 * 60 * MINUTE)),
  });
}

/** Seed 004's first environment: the app right, the network wrong ("the env is not part of a VPC"). */
function firstLearnerEnvironment(now: Date): EnvironmentState {
  const created = isoSeconds(new Date(now.getTime() - 3 * 24 * 60 * MINUTE));
  const secret = (name: string): OptionSettingState =>
    option(NS.environmentSecrets, name, `${PHOTOS_SSM_PREFIX}${name}`);
  return readyEnvironment(created, {
    id: 'e-cz35wnbsmc',
    name: 'Bbruceeb1-env',
    applicationName: 'bbruceeb2',
    versionLabel: 'deploy-app-v2',
    solutionStackName: LEGACY_PYTHON,
    cname: 'bbruceeb1-env.35fny3di4u.us-east-1.elasticbeanstalk.com',
    optionSettings: [
      ...singleInstance('aws-elasticbeanstalk-ec2-role'),
      option(NS.launchConfiguration, 'InstanceType', 't2.micro'),
      option(NS.launchConfiguration, 'EC2KeyName', 'AWS_E3_KeyPair2'),
      option(NS.python, 'WSGIPath', 'application.py'),
      property('DATABASE_HOST', PHOTOS_DB_HOST),
      property('DATABASE_USER', 'web_user'),
      property('DATABASE_DB_NAME', 'Photos'),
      property('PHOTOS_BUCKET', 'ex8bucketbrbruce'),
      property('AWS_DEFAULT_REGION', 'us-east-1'),
      secret('DATABASE_PASSWORD'),
      secret('FLASK_SECRET'),
    ],
    deploymentId: 1,
    deployedAt: created,
  });
}

function flaskEnvironmentOptions(securityGroups: string, instanceProfile: string): OptionSettingState[] {
  const secret = (name: string): OptionSettingState => option(NS.environmentSecrets, name, `${SSM_PREFIX}${name}`);
  return [
    ...singleInstance(instanceProfile),
    option(NS.launchConfiguration, 'DisableDefaultEC2SecurityGroup', 'true'),
    option(NS.launchConfiguration, 'SecurityGroups', securityGroups),
    option(NS.vpc, 'VPCId', EDX_VPC_ID),
    option(NS.vpc, 'Subnets', `${EDX_SUBNETS.publicA},${EDX_SUBNETS.publicB}`),
    option(NS.vpc, 'AssociatePublicIpAddress', 'true'),
    option(NS.python, 'WSGIPath', 'application:create_app()'),
    property('AWS_REGION', 'us-east-1'),
    property('FLASK_ENV', 'production'),
    ...['RDS_USERNAME', 'RDS_PASSWORD', 'RDS_DB_NAME', 'RDS_HOSTNAME', 'RDS_PORT', 'APP_SECRET'].map(secret),
  ];
}

function ssmDemoEnvironment(now: Date): EnvironmentState {
  const created = isoSeconds(new Date(now.getTime() - 6 * 24 * 60 * MINUTE));
  return readyEnvironment(created, {
    id: 'e-fk7sn2qdpa',
    name: 'flask-ssm-demo-prod',
    applicationName: 'flask-ssm-demo',
    versionLabel: 'app-v3',
    solutionStackName: AL2023_PYTHON,
    cname: 'flask-ssm-demo-prod.q8w2mthx4e.us-east-1.elasticbeanstalk.com',
    optionSettings: flaskEnvironmentOptions(FLASK_INSTANCE_SG_ID, 'aws-elasticbeanstalk-ec2-role'),
    deploymentId: 3,
    deployedAt: isoSeconds(new Date(now.getTime() - 3 * 24 * 60 * MINUTE)),
  });
}

/** A copy of prod made by hand: the group by name (F12) and a profile nobody created (F16). */
function ssmStagingEnvironment(now: Date): EnvironmentState {
  const created = isoSeconds(new Date(now.getTime() - 20 * 60 * MINUTE));
  return readyEnvironment(created, {
    id: 'e-r7tn4wk2mx',
    name: 'flask-ssm-demo-staging',
    applicationName: 'flask-ssm-demo',
    versionLabel: 'app-v3',
    solutionStackName: AL2023_PYTHON,
    cname: 'flask-ssm-demo-staging.q8w2mthx4e.us-east-1.elasticbeanstalk.com',
    optionSettings: flaskEnvironmentOptions('custom_eb_asg', 'flask-staging-ec2-profile'),
    deploymentId: 0,
  });
}

function managedGroup(env: EnvironmentState, id: string, vpcId: string, sshOpen: boolean): SecurityGroupState {
  return {
    id,
    name: managedSecurityGroupName(env),
    description: 'SecurityGroup for ElasticBeanstalk environment.',
    vpcId,
    ingress: [
      { ipProtocol: 'tcp', fromPort: 80, toPort: 80, ipRanges: [{ cidrIp: '0.0.0.0/0' }], userIdGroupPairs: [] },
      // Seed 004: the learner opened SSH to the world to debug the instance.
      ...(sshOpen
        ? [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: [{ cidrIp: '0.0.0.0/0' }], userIdGroupPairs: [] }]
        : []),
    ],
    egress: [{ ipProtocol: '-1', ipRanges: [{ cidrIp: '0.0.0.0/0' }], userIdGroupPairs: [] }],
    tags: [
      { key: 'elasticbeanstalk:environment-name', value: env.name },
      { key: 'elasticbeanstalk:environment-id', value: env.id },
      { key: 'aws:cloudformation:stack-name', value: stackName(env) },
      { key: 'aws:cloudformation:logical-id', value: 'AWSEBSecurityGroup' },
      { key: 'Name', value: env.name },
    ],
  };
}

/**
 * Replays an operation into the history: its start messages, then what the evaluator derives from the
 * state (problem events, EB's completion messages, the health transition), as lifecycle.ts does live.
 */
function recordHistory(
  doc: StateDocument,
  env: EnvironmentState,
  at: Date,
  kind: EnvironmentOperation['kind'],
  start: string[],
  requestId: string,
): void {
  let clock = at.getTime();
  const tick = (): Date => new Date((clock += 7_000));
  for (const message of start) addEnvironmentEvent(doc, env, tick(), { severity: 'INFO', message, requestId });
  const diagnosis = evaluateEnvironment(doc, env);
  for (const problem of diagnosis.problems) {
    for (const event of problem.events) addEnvironmentEvent(doc, env, tick(), { ...event, requestId });
  }
  for (const event of completionMessages(env, kind, diagnosis.operationFailed)) {
    addEnvironmentEvent(doc, env, tick(), { ...event, requestId });
  }
  const previous = env.lastHealth.status;
  if (previous !== diagnosis.health) {
    addEnvironmentEvent(doc, env, tick(), {
      severity: diagnosis.health === 'Ok' ? 'INFO' : 'WARN',
      message: healthTransitionMessage(previous, diagnosis.health, diagnosis.health === 'Ok' ? [] : diagnosis.causes),
      requestId,
    });
  }
  env.lastHealth = {
    status: diagnosis.health,
    causes: [...diagnosis.causes],
    refreshedAt: isoSeconds(new Date(clock)),
    ...(diagnosis.operationFailed ? { operationFailed: true } : {}),
  };
  env.dateUpdated = isoSeconds(new Date(clock));
}

export function addTrainingLabBeanstalk(doc: StateDocument, now: Date): void {
  const learner = learnerEnvironment(now);
  const first = firstLearnerEnvironment(now);
  const demo = ssmDemoEnvironment(now);
  const staging = ssmStagingEnvironment(now);
  const uploaded = isoSeconds(new Date(now.getTime() - 3 * 24 * 60 * MINUTE - 20 * MINUTE));
  const rebundled = isoSeconds(new Date(now.getTime() - 3 * 24 * 60 * MINUTE - 10 * MINUTE));
  doc.s3.buckets.push({
    name: EB_BUCKET,
    creationDate: '2018-07-14T20:10:51Z',
    region: 'us-east-1',
    objects: [
      object(LEARNER_BUNDLE_KEY, learnerBundle(), uploaded),
      object(REBUNDLED_LEARNER_BUNDLE_KEY, rebundledLearnerBundle(), rebundled),
      object(SSM_DEMO_BUNDLE_KEY, ssmDemoBundle(), demo.dateCreated),
    ],
  });
  doc.elasticbeanstalk.applications.push(
    {
      name: 'bbruceeb2',
      description: 'Photos app from the edX developer course',
      dateCreated: uploaded,
      dateUpdated: uploaded,
      requirements: {
        environmentProperties: [
          'DATABASE_HOST',
          'DATABASE_USER',
          'DATABASE_PASSWORD',
          'DATABASE_DB_NAME',
          'FLASK_SECRET',
          'PHOTOS_BUCKET',
        ],
        usesAwsSdk: true,
        databaseHostProperty: 'DATABASE_HOST',
        // The photos are served from S3 and labelled by Rekognition with the instance role (F6).
        instanceRoleActions: [
          { action: 's3:GetObject', resource: 'arn:aws:s3:::${PHOTOS_BUCKET}/*' },
          { action: 'rekognition:DetectLabels', resource: '*' },
        ],
      },
    },
    {
      name: 'flask-ssm-demo',
      description: 'Flask with an external database and SSM parameters',
      dateCreated: demo.dateCreated,
      dateUpdated: demo.dateCreated,
      requirements: {
        environmentProperties: [
          'RDS_USERNAME',
          'RDS_PASSWORD',
          'RDS_DB_NAME',
          'RDS_HOSTNAME',
          'RDS_PORT',
          'APP_SECRET',
        ],
        usesAwsSdk: true,
        databaseHostProperty: 'RDS_HOSTNAME',
      },
    },
  );
  doc.elasticbeanstalk.applicationVersions.push(
    {
      applicationName: 'bbruceeb2',
      versionLabel: 'deploy-app-v1',
      description: 'zip -r deploy-app.zip Deploy/ FlaskApp/',
      sourceBundle: { s3Bucket: EB_BUCKET, s3Key: LEARNER_BUNDLE_KEY },
      dateCreated: uploaded,
      status: 'PROCESSED',
    },
    {
      applicationName: 'bbruceeb2',
      versionLabel: 'deploy-app-v2',
      description: 'cd FlaskApp && zip -r ../deploy-app.zip .',
      sourceBundle: { s3Bucket: EB_BUCKET, s3Key: REBUNDLED_LEARNER_BUNDLE_KEY },
      dateCreated: rebundled,
      status: 'PROCESSED',
    },
    {
      applicationName: 'flask-ssm-demo',
      versionLabel: 'app-v3',
      sourceBundle: { s3Bucket: EB_BUCKET, s3Key: SSM_DEMO_BUNDLE_KEY },
      dateCreated: demo.dateCreated,
      status: 'PROCESSED',
    },
  );
  doc.elasticbeanstalk.environments.push(learner, first, demo, staging);

  doc.ec2.securityGroups.push(
    managedGroup(learner, LEARNER_SG_ID, EDX_VPC_ID, true),
    managedGroup(first, FIRST_LEARNER_SG_ID, DEFAULT_VPC_ID, true),
  );
  doc.ec2.instances.push(
    instance(learner, {
      id: 'i-0a7f3c9e1b5d24e68',
      launchTime: isoSeconds(new Date(now.getTime() - 26 * 60 * MINUTE)),
      vpcId: EDX_VPC_ID,
      subnetId: EDX_SUBNETS.publicA,
      availabilityZone: 'us-east-1a',
      privateIpAddress: '10.1.1.190',
      publicIpAddress: '52.36.184.13',
      securityGroupIds: [LEARNER_SG_ID],
      iamInstanceProfileArn: INSTANCE_PROFILE_ARN,
    }),
    instance(first, {
      id: 'i-0d5b7e9f1a3c68b24',
      launchTime: first.dateCreated,
      vpcId: DEFAULT_VPC_ID,
      subnetId: 'subnet-0a1d9e8f7c6b5a402',
      availabilityZone: 'us-east-1b',
      privateIpAddress: '172.31.27.190',
      publicIpAddress: '34.207.61.118',
      securityGroupIds: [FIRST_LEARNER_SG_ID],
      iamInstanceProfileArn: INSTANCE_PROFILE_ARN,
    }),
    instance(demo, {
      id: 'i-0c4e8a2f6b1d39a75',
      launchTime: demo.dateCreated,
      vpcId: EDX_VPC_ID,
      subnetId: EDX_SUBNETS.publicA,
      availabilityZone: 'us-east-1a',
      privateIpAddress: '10.1.1.57',
      publicIpAddress: '54.160.23.118',
      securityGroupIds: [FLASK_INSTANCE_SG_ID],
      iamInstanceProfileArn: INSTANCE_PROFILE_ARN,
    }),
  );

  // History, oldest first: each operation's outcome is re-derived from the state above.
  const at = (minutesAgo: number): Date => new Date(now.getTime() - minutesAgo * MINUTE);
  const createStart = (env: EnvironmentState, eip: string | undefined): string[] => [
    'createEnvironment is starting.',
    `Using ${EB_BUCKET} as Amazon S3 storage bucket for environment data.`,
    ...(env.optionSettings.some((o) => o.optionName === 'DisableDefaultEC2SecurityGroup' && o.value === 'true')
      ? []
      : [`Created security group named: ${managedSecurityGroupName(env)}`]),
    ...(eip === undefined ? [] : [`Created EIP: ${eip}`]),
    'Waiting for EC2 instances to launch. This may take a few minutes.',
  ];

  // flask-ssm-demo-prod launched fine six days ago, before its secrets policy was replaced by PhotosDevParameters.
  const demoCreate = 'b1f0e7a4-2c3d-4e5f-8a9b-0c1d2e3f4a51';
  let clock = at(6 * 24 * 60).getTime();
  const demoTick = (): Date => new Date((clock += 7_000));
  for (const message of [
    ...createStart(demo, '54.160.23.118'),
    'Instance deployment completed successfully.',
    `Successfully launched environment: ${demo.name}`,
  ]) {
    addEnvironmentEvent(doc, demo, demoTick(), { severity: 'INFO', message, requestId: demoCreate });
  }
  addEnvironmentEvent(doc, demo, demoTick(), {
    severity: 'INFO',
    message: healthTransitionMessage('Pending', 'Ok', []),
    requestId: demoCreate,
  });
  demo.lastHealth = { status: 'Ok', causes: [], refreshedAt: isoSeconds(demoTick()) };

  // Seed 004: the first environment came up, but the app could never reach its database.
  recordHistory(
    doc,
    first,
    at(3 * 24 * 60),
    'launch',
    createStart(first, '34.207.61.118'),
    'a0e9d6c3-1b2c-4d3e-9f8a-7b6c5d4e3f20',
  );

  recordHistory(
    doc,
    demo,
    at(3 * 24 * 60 - 60),
    'deploy',
    ['Environment update is starting.', 'Deploying new version to instance(s).'],
    'f5d4cbe8-6071-4293-8edf-4a5b6c7d8e95',
  );

  // Seed 004, NOTE 2: the learner's first create of Bbruceeb2-env stopped at the launch configuration (F2).
  const learnerCreate = 'c2a1f8b5-3d4e-4f60-9bac-1d2e3f4a5b62';
  addEnvironmentEvent(doc, learner, at(2 * 24 * 60), {
    severity: 'INFO',
    message: 'createEnvironment is starting.',
    requestId: learnerCreate,
  });
  addEnvironmentEvent(doc, learner, at(2 * 24 * 60 - 1), {
    severity: 'INFO',
    message: `Created security group named: ${managedSecurityGroupName(learner)}`,
    requestId: learnerCreate,
  });
  addEnvironmentEvent(doc, learner, at(2 * 24 * 60 - 2), {
    severity: 'ERROR',
    message: `Creating Auto Scaling launch configuration failed Reason: API: autoscaling:CreateLaunchConfiguration User: arn:aws:iam::${ACCOUNT_ID}:user/edXProjectUser3 is not authorized to perform: autoscaling:CreateLaunchConfiguration`,
    requestId: learnerCreate,
  });
  addEnvironmentEvent(doc, learner, at(2 * 24 * 60 - 5), {
    severity: 'ERROR',
    message:
      'Create environment operation is complete, but with errors. For more information, see troubleshooting documentation.',
    requestId: learnerCreate,
  });
  // "Due to the Auto Scale permission error, the instance was created but not started … Rebuild Environment."
  recordHistory(
    doc,
    learner,
    at(26 * 60),
    'rebuild',
    ['rebuildEnvironment is starting.'],
    'd3b2a9c6-4e5f-4071-8cbd-2e3f4a5b6c73',
  );
  recordHistory(
    doc,
    learner,
    at(3 * 60),
    'restart',
    ['restartAppServer is starting.'],
    'e4c3bad7-5f60-4182-9dce-3f4a5b6c7d84',
  );
  recordHistory(
    doc,
    staging,
    at(20),
    'launch',
    createStart(staging, undefined),
    '07e6f5d4-8293-44b5-a0f1-6c7d8e9fa0b7',
  );
}
