/**
 * The training lab's Elastic Beanstalk account, as data:
 *
 * - `bbruceeb2` / `Bbruceeb2-env` (seed 004): legacy Python platform in the
 *   default VPC, bundle with the app under `FlaskApp/` (F3, F15), no
 *   `AWS_DEFAULT_REGION` (F7), no `FLASK_SECRET` (F8), a plain-text password (F11);
 * - `flask-ssm-demo` / `flask-ssm-demo-prod` (seed 002): AL2023, secrets from
 *   SSM through environmentsecrets, in the edx VPC, healthy.
 *
 * Health and the failure events are not written here: the evaluator derives
 * them from this state, exactly as it does after a live update.
 */
import { createHash } from 'node:crypto';
import { isoSeconds } from '../protocols/xml';
import { addEnvironmentEvent } from '../simulation/events';
import { evaluateEnvironment } from '../simulation/healthEvaluator';
import { healthTransitionMessage } from '../simulation/lifecycle';
import { NS } from '../simulation/options';
import { autoScalingGroupName, managedSecurityGroupName, stackName } from '../simulation/provisioning';
import type { EnvironmentState, OptionSettingState } from '../state/beanstalkState';
import type { StateDocument } from '../state/document';
import type { InstanceState } from '../state/networkState';
import { learnerBundle, ssmDemoBundle } from './trainingLabBundles';
import { EDX_SUBNETS, EDX_VPC_ID, FLASK_INSTANCE_SG_ID } from './trainingLabNetwork';

export const EB_BUCKET = 'elasticbeanstalk-us-east-1-570589970431';
export const LEARNER_BUNDLE_KEY = 'bbruceeb2/deploy-app.zip';
export const SSM_DEMO_BUNDLE_KEY = 'flask-ssm-demo/app-v3.zip';
const ACCOUNT_ID = '570589970431';
const SSM_PREFIX = `arn:aws:ssm:us-east-1:${ACCOUNT_ID}:parameter/flaskapp/flaskenv/`;
const MINUTE = 60_000;

const option = (namespace: string, optionName: string, value: string): OptionSettingState => ({
  namespace,
  optionName,
  value,
});
const property = (name: string, value: string): OptionSettingState => option(NS.environmentProperties, name, value);

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
  return {
    id: 'e-mp3bcgh2vq',
    name: 'Bbruceeb2-env',
    applicationName: 'bbruceeb2',
    versionLabel: 'deploy-app-v1',
    solutionStackName: '64bit Amazon Linux 2018.03 v2.9.21 running Python 3.6',
    tier: { name: 'WebServer', type: 'Standard', version: '1.0' },
    cname: 'bbruceeb2-env.35fny3di4u.us-east-1.elasticbeanstalk.com',
    dateCreated: created,
    dateUpdated: created,
    status: 'Ready',
    optionSettings: [
      option(NS.environment, 'EnvironmentType', 'SingleInstance'),
      option(NS.environment, 'ServiceRole', 'aws-elasticbeanstalk-service-role'),
      option(NS.asg, 'MinSize', '1'),
      option(NS.asg, 'MaxSize', '1'),
      option(NS.launchConfiguration, 'IamInstanceProfile', 'aws-elasticbeanstalk-ec2-role'),
      option(NS.launchConfiguration, 'InstanceType', 't2.micro'),
      option(NS.launchConfiguration, 'EC2KeyName', 'AWS_E3_KeyPair2'),
      option(NS.python, 'WSGIPath', 'application.py'),
      option(NS.python, 'NumProcesses', '1'),
      option(NS.python, 'NumThreads', '15'),
      property('DATABASE_HOST', 'edx-photos-db.c9akciq32.us-east-1.rds.amazonaws.com'),
      property('DATABASE_USER', 'web_user'),
      property('DATABASE_PASSWORD', '1W4&IK%oDoKQpKGQ'),
      property('DATABASE_DB_NAME', 'Photos'),
      property('PHOTOS_BUCKET', 'ex8bucketbrbruce'),
    ],
    deploymentId: 2,
    deployedAt: isoSeconds(new Date(now.getTime() - 26 * 60 * MINUTE)),
    lastHealth: { status: 'Pending', causes: [], refreshedAt: created },
  };
}

function ssmDemoEnvironment(now: Date): EnvironmentState {
  const created = isoSeconds(new Date(now.getTime() - 6 * 24 * 60 * MINUTE));
  const secret = (name: string): OptionSettingState => option(NS.environmentSecrets, name, `${SSM_PREFIX}${name}`);
  return {
    id: 'e-fk7sn2qdpa',
    name: 'flask-ssm-demo-prod',
    applicationName: 'flask-ssm-demo',
    versionLabel: 'app-v3',
    solutionStackName: '64bit Amazon Linux 2023 v4.3.0 running Python 3.11',
    tier: { name: 'WebServer', type: 'Standard', version: '1.0' },
    cname: 'flask-ssm-demo-prod.q8w2mthx4e.us-east-1.elasticbeanstalk.com',
    dateCreated: created,
    dateUpdated: created,
    status: 'Ready',
    optionSettings: [
      option(NS.environment, 'EnvironmentType', 'SingleInstance'),
      option(NS.environment, 'ServiceRole', 'aws-elasticbeanstalk-service-role'),
      option(NS.asg, 'MinSize', '1'),
      option(NS.asg, 'MaxSize', '1'),
      option(NS.launchConfiguration, 'IamInstanceProfile', 'aws-elasticbeanstalk-ec2-role'),
      option(NS.launchConfiguration, 'DisableDefaultEC2SecurityGroup', 'true'),
      option(NS.launchConfiguration, 'SecurityGroups', FLASK_INSTANCE_SG_ID),
      option(NS.vpc, 'VPCId', EDX_VPC_ID),
      option(NS.vpc, 'Subnets', `${EDX_SUBNETS.publicA},${EDX_SUBNETS.publicB}`),
      option(NS.vpc, 'AssociatePublicIpAddress', 'true'),
      option(NS.python, 'WSGIPath', 'application:create_app()'),
      property('AWS_REGION', 'us-east-1'),
      property('FLASK_ENV', 'production'),
      ...['RDS_USERNAME', 'RDS_PASSWORD', 'RDS_DB_NAME', 'RDS_HOSTNAME', 'RDS_PORT', 'APP_SECRET'].map(secret),
    ],
    deploymentId: 3,
    deployedAt: isoSeconds(new Date(now.getTime() - 3 * 24 * 60 * MINUTE)),
    lastHealth: { status: 'Pending', causes: [], refreshedAt: created },
  };
}

/** Replays an operation's outcome into the history: start messages, the derived problem events, the result. */
function recordHistory(doc: StateDocument, env: EnvironmentState, at: Date, start: string[], requestId: string): void {
  let clock = at.getTime();
  const tick = (): Date => new Date((clock += 7_000));
  for (const message of start) addEnvironmentEvent(doc, env, tick(), { severity: 'INFO', message, requestId });
  const diagnosis = evaluateEnvironment(doc, env);
  for (const problem of diagnosis.problems) {
    for (const event of problem.events) addEnvironmentEvent(doc, env, tick(), { ...event, requestId });
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
  };
}

export function addTrainingLabBeanstalk(doc: StateDocument, now: Date): void {
  const learner = learnerEnvironment(now);
  const demo = ssmDemoEnvironment(now);
  const uploaded = isoSeconds(new Date(now.getTime() - 2 * 24 * 60 * MINUTE - 20 * MINUTE));
  doc.s3.buckets.push({
    name: EB_BUCKET,
    creationDate: '2018-07-14T20:10:51Z',
    region: 'us-east-1',
    objects: [
      object(LEARNER_BUNDLE_KEY, learnerBundle(), uploaded),
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
      applicationName: 'flask-ssm-demo',
      versionLabel: 'app-v3',
      sourceBundle: { s3Bucket: EB_BUCKET, s3Key: SSM_DEMO_BUNDLE_KEY },
      dateCreated: demo.dateCreated,
      status: 'PROCESSED',
    },
  );
  doc.elasticbeanstalk.environments.push(learner, demo);

  const learnerSgId = 'sg-0f2a6c8e4b1d3a579';
  doc.ec2.securityGroups.push({
    id: learnerSgId,
    name: managedSecurityGroupName(learner),
    description: 'SecurityGroup for ElasticBeanstalk environment.',
    vpcId: doc.ec2.vpcs.find((v) => v.isDefault)?.id ?? '',
    ingress: [
      { ipProtocol: 'tcp', fromPort: 80, toPort: 80, ipRanges: [{ cidrIp: '0.0.0.0/0' }], userIdGroupPairs: [] },
      // Seed 004: the learner opened SSH to the world to debug the instance.
      { ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: [{ cidrIp: '0.0.0.0/0' }], userIdGroupPairs: [] },
    ],
    egress: [{ ipProtocol: '-1', ipRanges: [{ cidrIp: '0.0.0.0/0' }], userIdGroupPairs: [] }],
    tags: [
      { key: 'elasticbeanstalk:environment-name', value: learner.name },
      { key: 'elasticbeanstalk:environment-id', value: learner.id },
      { key: 'aws:cloudformation:stack-name', value: stackName(learner) },
      { key: 'aws:cloudformation:logical-id', value: 'AWSEBSecurityGroup' },
      { key: 'Name', value: learner.name },
    ],
  });
  doc.ec2.instances.push(
    instance(learner, {
      id: 'i-0a7f3c9e1b5d24e68',
      launchTime: learner.dateCreated,
      vpcId: doc.ec2.vpcs.find((v) => v.isDefault)?.id ?? '',
      subnetId: 'subnet-0a1d9e8f7c6b5a402',
      availabilityZone: 'us-east-1b',
      privateIpAddress: '172.31.27.190',
      publicIpAddress: '52.36.184.13',
      securityGroupIds: [learnerSgId],
      iamInstanceProfileArn: `arn:aws:iam::${ACCOUNT_ID}:instance-profile/aws-elasticbeanstalk-ec2-role`,
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
      iamInstanceProfileArn: `arn:aws:iam::${ACCOUNT_ID}:instance-profile/aws-elasticbeanstalk-ec2-role`,
    }),
  );

  // History, oldest first: each entry is re-derived from the state above.
  const at = (minutesAgo: number): Date => new Date(now.getTime() - minutesAgo * MINUTE);
  recordHistory(
    doc,
    demo,
    at(6 * 24 * 60),
    [
      'createEnvironment is starting.',
      `Using ${EB_BUCKET} as Amazon S3 storage bucket for environment data.`,
      'Waiting for EC2 instances to launch. This may take a few minutes.',
      'Instance deployment completed successfully.',
      `Successfully launched environment: ${demo.name}`,
    ],
    'b1f0e7a4-2c3d-4e5f-8a9b-0c1d2e3f4a51',
  );
  recordHistory(
    doc,
    learner,
    at(2 * 24 * 60),
    [
      'createEnvironment is starting.',
      `Using ${EB_BUCKET} as Amazon S3 storage bucket for environment data.`,
      `Created security group named: ${managedSecurityGroupName(learner)}`,
      'Created EIP: 52.36.184.13',
      'Waiting for EC2 instances to launch. This may take a few minutes.',
    ],
    'c2a1f8b5-3d4e-4f60-9bac-1d2e3f4a5b62',
  );
  addEnvironmentEvent(doc, learner, at(2 * 24 * 60 - 5), {
    severity: 'ERROR',
    message:
      'Create environment operation is complete, but with errors. For more information, see troubleshooting documentation.',
    requestId: 'c2a1f8b5-3d4e-4f60-9bac-1d2e3f4a5b62',
  });
  recordHistory(doc, learner, at(26 * 60), ['rebuildEnvironment is starting.'], 'd3b2a9c6-4e5f-4071-8cbd-2e3f4a5b6c73');
  addEnvironmentEvent(doc, learner, at(26 * 60 - 4), {
    severity: 'ERROR',
    message: 'rebuildEnvironment completed, but with errors.',
    requestId: 'd3b2a9c6-4e5f-4071-8cbd-2e3f4a5b6c73',
  });
  recordHistory(doc, learner, at(3 * 60), ['restartAppServer is starting.'], 'e4c3bad7-5f60-4182-9dce-3f4a5b6c7d84');
  addEnvironmentEvent(doc, learner, at(3 * 60 - 1), {
    severity: 'ERROR',
    message: 'restartAppServer completed, but with errors.',
    requestId: 'e4c3bad7-5f60-4182-9dce-3f4a5b6c7d84',
  });
  learner.dateUpdated = isoSeconds(at(3 * 60 - 1));
}
