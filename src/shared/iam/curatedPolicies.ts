/**
 * The AWS managed policies the training lab reaches for, with what each one
 * actually grants. "broad" marks policies that hand over far more than the
 * lab step needs; the UI warns before attaching them.
 */
export interface CuratedPolicy {
  name: string;
  arn: string;
  grants: string;
  broad?: string;
}

export const curatedPolicies: readonly CuratedPolicy[] = [
  {
    name: 'IAMFullAccess',
    arn: 'arn:aws:iam::aws:policy/IAMFullAccess',
    grants: 'Every IAM action on every resource, plus reading Organizations and access analysis.',
    broad:
      'Whoever holds this can grant themselves any other permission, so it is effectively administrator. Prefer a scoped policy outside a lab.',
  },
  {
    name: 'AdministratorAccess-AWSElasticBeanstalk',
    arn: 'arn:aws:iam::aws:policy/AdministratorAccess-AWSElasticBeanstalk',
    grants:
      'Full Elastic Beanstalk control, including the EC2, Auto Scaling, ELB, CloudFormation and S3 calls that eb create makes, and passing the EB roles.',
    broad: 'Creates and deletes infrastructure across several services.',
  },
  {
    name: 'AWSElasticBeanstalkWebTier',
    arn: 'arn:aws:iam::aws:policy/AWSElasticBeanstalkWebTier',
    grants: 'What a web-server instance needs: its EB S3 bucket, log streaming to CloudWatch Logs, X-Ray.',
  },
  {
    name: 'AWSElasticBeanstalkWorkerTier',
    arn: 'arn:aws:iam::aws:policy/AWSElasticBeanstalkWorkerTier',
    grants: 'What a worker instance needs: SQS polling, DynamoDB leader election, metrics, logs.',
  },
  {
    name: 'AWSElasticBeanstalkMulticontainerDocker',
    arn: 'arn:aws:iam::aws:policy/AWSElasticBeanstalkMulticontainerDocker',
    grants: 'ECS calls used by the multi-container Docker platform.',
  },
  {
    name: 'AWSElasticBeanstalkEnhancedHealth',
    arn: 'arn:aws:iam::aws:policy/service-role/AWSElasticBeanstalkEnhancedHealth',
    grants: 'Lets the EB service role read instance and load-balancer state for enhanced health.',
  },
  {
    name: 'AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy',
    arn: 'arn:aws:iam::aws:policy/AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy',
    grants: 'Lets the EB service role apply managed platform updates.',
  },
  {
    name: 'AmazonS3FullAccess',
    arn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess',
    grants: 'Every S3 action on every bucket and object.',
    broad: 'Read, overwrite and delete access to every bucket in the account.',
  },
  {
    name: 'AmazonRekognitionReadOnlyAccess',
    arn: 'arn:aws:iam::aws:policy/AmazonRekognitionReadOnlyAccess',
    grants: 'Rekognition detection and describe calls; no writes to collections.',
  },
  {
    name: 'AmazonSSMManagedInstanceCore',
    arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
    grants: 'What an instance needs to be managed by Systems Manager (Session Manager, Run Command).',
  },
];

/** The retired name seed 000 uses; the console maps it to its successor. */
export const retiredPolicyNames: Readonly<Record<string, string>> = {
  AWSElasticBeanstalkFullAccess: 'AdministratorAccess-AWSElasticBeanstalk',
};
