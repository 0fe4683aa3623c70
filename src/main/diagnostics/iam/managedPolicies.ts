/**
 * The AWS managed policies the Doctor reasons about: their documents when the
 * account will not show them (and SimulatePrincipalPolicy is not available
 * either), and the one a fix attaches for a denied action.
 */
import { findAwsManagedPolicy } from '../../../sandbox/scenarios/awsManagedPolicies';
import { awsManagedPolicyArn, inPartition } from '../../../shared/aws/partitions';
import { type PolicyStatement, statementsOfDocument, wildcardMatch } from './policyEvaluation';

export const BEANSTALK_ADMIN = 'AdministratorAccess-AWSElasticBeanstalk';
export const IAM_FULL = 'IAMFullAccess';
/** The retired name of BEANSTALK_ADMIN; still attached in older accounts and labs. */
export const BEANSTALK_RETIRED = 'AWSElasticBeanstalkFullAccess';

/**
 * Statements standing for an AWS managed policy whose document the account
 * would not show: the real default version from the bundled policy set (the
 * sandbox's too), in any partition. Undefined for a name AWS does not have.
 */
export function managedPolicyStatements(arn: string): PolicyStatement[] | undefined {
  const policy = findAwsManagedPolicy(inPartition(arn, 'aws'));
  return policy ? statementsOfDocument(policy.document) : undefined;
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
    const readOnly = managedPolicyStatements(awsManagedPolicyArn('aws', 'AmazonRekognitionReadOnlyAccess')) ?? [];
    return readOnly.some((st) => st.actions.some((p) => wildcardMatch(p, `rekognition:${name}`, true)))
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
