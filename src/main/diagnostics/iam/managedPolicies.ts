/**
 * What the AWS managed policies that matter here grant, by name. Used when a
 * policy's document cannot be read (and SimulatePrincipalPolicy is not
 * available either), and to pick the managed policy a fix attaches. The action
 * lists are the policies' Allow actions, trimmed to the families rules ask about.
 */
import type { PolicyStatement } from './policyEvaluation';
import { wildcardMatch } from './policyEvaluation';

export const BEANSTALK_ADMIN = 'AdministratorAccess-AWSElasticBeanstalk';
export const IAM_FULL = 'IAMFullAccess';
/** The retired name of BEANSTALK_ADMIN; still attached in older accounts and labs. */
export const BEANSTALK_RETIRED = 'AWSElasticBeanstalkFullAccess';

const BEANSTALK_ADMIN_ACTIONS = [
  'elasticbeanstalk:*',
  'autoscaling:*',
  'cloudformation:*',
  'elasticloadbalancing:*',
  'ec2:Describe*',
  'ec2:RunInstances',
  'ec2:CreateSecurityGroup',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:CreateLaunchTemplate',
  'ec2:CreateLaunchTemplateVersion',
  'iam:PassRole',
  'iam:GetRole',
  'iam:GetInstanceProfile',
  'iam:ListRoles',
  'iam:ListInstanceProfiles',
  's3:*',
  'sns:*',
  'sqs:*',
  'cloudwatch:*',
  'logs:*',
  'ssm:DescribeParameters',
  'ssm:GetParameter*',
];

const MANAGED_GRANTS: Readonly<Record<string, readonly string[]>> = {
  AdministratorAccess: ['*'],
  IAMFullAccess: ['iam:*', 'organizations:Describe*', 'organizations:List*'],
  IAMReadOnlyAccess: ['iam:Get*', 'iam:List*', 'iam:Generate*'],
  [BEANSTALK_ADMIN]: BEANSTALK_ADMIN_ACTIONS,
  [BEANSTALK_RETIRED]: [
    ...BEANSTALK_ADMIN_ACTIONS,
    'iam:AddRoleToInstanceProfile',
    'iam:CreateInstanceProfile',
    'iam:CreateServiceLinkedRole',
  ],
  AWSElasticBeanstalkWebTier: [
    's3:Get*',
    's3:List*',
    's3:PutObject',
    'xray:Put*',
    'xray:Get*',
    'logs:PutLogEvents',
    'logs:CreateLogStream',
    'logs:DescribeLogStreams',
    'logs:DescribeLogGroups',
    'logs:CreateLogGroup',
  ],
  AWSElasticBeanstalkWorkerTier: [
    'cloudwatch:PutMetricData',
    'dynamodb:*',
    'sqs:*',
    's3:Get*',
    's3:List*',
    's3:PutObject',
    'logs:PutLogEvents',
    'logs:CreateLogStream',
    'logs:CreateLogGroup',
  ],
  AWSElasticBeanstalkMulticontainerDocker: [
    'ecs:*',
    'ecr:GetAuthorizationToken',
    'ecr:BatchGetImage',
    'ecr:GetDownloadUrlForLayer',
  ],
  AmazonS3FullAccess: ['s3:*', 's3-object-lambda:*'],
  AmazonS3ReadOnlyAccess: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'],
  AmazonRekognitionFullAccess: ['rekognition:*'],
  AmazonRekognitionReadOnlyAccess: [
    'rekognition:Compare*',
    'rekognition:Detect*',
    'rekognition:List*',
    'rekognition:Describe*',
    'rekognition:Get*',
    'rekognition:Recognize*',
    'rekognition:Search*',
  ],
  AmazonSSMReadOnlyAccess: ['ssm:Describe*', 'ssm:Get*', 'ssm:List*'],
  AmazonSSMFullAccess: ['ssm:*'],
  SecretsManagerReadWrite: ['secretsmanager:*'],
  AmazonOpenSearchServiceFullAccess: ['es:*'],
  AmazonESFullAccess: ['es:*'],
  ReadOnlyAccess: ['*:Describe*', '*:Get*', '*:List*'],
};

/** Statements standing for an AWS managed policy, or undefined when the table does not know it. */
export function managedPolicyStatements(policyName: string): PolicyStatement[] | undefined {
  const actions = MANAGED_GRANTS[policyName];
  if (!actions) return undefined;
  return [
    { effect: 'Allow', actions: [...actions], notActions: [], resources: ['*'], notResources: [], principals: [] },
  ];
}

export { awsManagedPolicyArn as managedPolicyArn } from '../../../shared/aws/partitions';

export function isAwsManagedArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);
}

export function policyNameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/**
 * The managed policy a fix attaches for a denied action, or undefined when an
 * inline statement is the better fix (parameters, or services no single managed
 * policy covers sensibly).
 */
export function grantingManagedPolicy(action: string): string | undefined {
  const [service = '', name = ''] = action.toLowerCase().split(':');
  if (service === 'elasticbeanstalk' || service === 'autoscaling') return BEANSTALK_ADMIN;
  if (service === 'iam') return IAM_FULL;
  if (service === 's3') return 'AmazonS3FullAccess';
  if (service === 'rekognition') {
    const readOnly = MANAGED_GRANTS['AmazonRekognitionReadOnlyAccess'] ?? [];
    return readOnly.some((p) => wildcardMatch(p, `rekognition:${name}`, true))
      ? 'AmazonRekognitionReadOnlyAccess'
      : 'AmazonRekognitionFullAccess';
  }
  return undefined;
}

/** What the app on the instances uses; these belong on the instance role, never on the service role. */
export type AppFamily = 'S3' | 'Rekognition' | 'SSM parameters' | 'Secrets Manager' | 'OpenSearch HTTP';

const FAMILY_PROBES: Readonly<Record<AppFamily, readonly string[]>> = {
  S3: ['s3:GetObject', 's3:PutObject'],
  Rekognition: ['rekognition:DetectLabels', 'rekognition:CreateCollection'],
  'SSM parameters': ['ssm:GetParameter', 'ssm:GetParametersByPath'],
  'Secrets Manager': ['secretsmanager:GetSecretValue'],
  'OpenSearch HTTP': ['es:ESHttpGet', 'es:ESHttpPost'],
};

const APP_MANAGED_BY_NAME: ReadonlyArray<[RegExp, AppFamily]> = [
  [/^AmazonS3(FullAccess|ReadOnlyAccess)$/, 'S3'],
  [/^AmazonRekognition/, 'Rekognition'],
  [/^AmazonSSM(ReadOnlyAccess|FullAccess)$/, 'SSM parameters'],
  [/^SecretsManagerReadWrite$/, 'Secrets Manager'],
  [/^Amazon(OpenSearchService|ES)FullAccess$/, 'OpenSearch HTTP'],
];

/**
 * AWS managed policies are classified by name only: the EB service role's own
 * policies mention S3 and SSM for Beanstalk's work, not the app's.
 */
const SERVICE_FAMILY: Readonly<Record<string, AppFamily>> = {
  s3: 'S3',
  rekognition: 'Rekognition',
  ssm: 'SSM parameters',
  secretsmanager: 'Secrets Manager',
  es: 'OpenSearch HTTP',
  opensearch: 'OpenSearch HTTP',
};

/** The app-facing family a boto3 service name belongs to, if any. */
export function appFamilyOfService(service: string): AppFamily | undefined {
  return SERVICE_FAMILY[service];
}

export function appFamilyOfManaged(policyName: string): AppFamily | undefined {
  return APP_MANAGED_BY_NAME.find(([pattern]) => pattern.test(policyName))?.[1];
}

/** Customer and inline policies: by the actions they allow. A bare `*` says nothing about the app. */
export function appFamiliesOfActions(patterns: readonly string[]): AppFamily[] {
  const specific = patterns.filter((p) => p.includes(':') && !p.startsWith('*'));
  return (Object.keys(FAMILY_PROBES) as AppFamily[]).filter((family) =>
    FAMILY_PROBES[family].some((probe) => specific.some((p) => wildcardMatch(p, probe, true))),
  );
}
