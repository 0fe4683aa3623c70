/**
 * The guided-fix catalogue (shared/failures.md) as data both processes use:
 * main puts the title and the training-notes reference on each finding, and
 * the renderer's catalogue page explains every entry, so "seen in the
 * training notes" can link somewhere a learner can read.
 */
import type { RuleId } from '../contract/diagnostics';

export interface CatalogueEntry {
  title: string;
  /** Where the training notes ran into it, with the error text as they quote it. */
  seenIn?: string;
  symptom: string;
  cause: string;
  fix: string;
}

export const CATALOGUE: Readonly<Record<RuleId, CatalogueEntry>> = {
  F1: {
    title: 'The deploying principal cannot create Beanstalk resources or pass roles',
    seenIn: 'seed 000: the jumpbox role kept only the policy from an earlier lab',
    symptom: 'eb init or eb create fails to create the application, the roles or the instance profile.',
    cause: 'The user or role that deploys lacks IAM and Elastic Beanstalk permissions.',
    fix: 'Attach IAMFullAccess and AdministratorAccess-AWSElasticBeanstalk (the current name of the retired AWSElasticBeanstalkFullAccess), or an inline policy with just the missing actions.',
  },
  F2: {
    title: 'A principal is not authorized to perform an action',
    seenIn:
      'seed 004: "User: arn:aws:iam::570589970431:user/edXProjectUser3 is not authorized to perform: autoscaling:CreateLaunchConfiguration"',
    symptom: 'An event or error says "User: … is not authorized to perform: …".',
    cause:
      'The named user or role lacks the action. Accounts created since 2023 cannot use launch configurations at all.',
    fix: 'Grant the action (the managed policy that carries it, or an inline statement with exactly the denied actions), then rebuild an environment that was left unbuilt.',
  },
  F3: {
    title: 'WSGIPath does not reach the WSGI app in the deployed bundle',
    seenIn: 'seed 004: "Your WSGIPath refers to a file that does not exist." after eb create',
    symptom:
      'Legacy Python platforms log "Your WSGIPath refers to a file that does not exist."; Amazon Linux 2 and 2023 report "Following services are not running: web."',
    cause:
      'The app was zipped inside a folder instead of at the zip root, or WSGIPath names the wrong file (legacy, which calls its top-level "application") or module:callable (gunicorn), whatever file really creates the app.',
    fix: 'Point WSGIPath at the module that creates the app (a file path on legacy platforms, module:callable or module:create_app() on Amazon Linux 2/2023), or re-bundle from inside the app folder (cd <app folder> && zip -r ../bundle.zip .) and deploy the new version.',
  },
  F4: {
    title: 'The environment is not in the database’s VPC',
    seenIn: 'seed 004: the EB security group did not show in the RDS source picker ("the env is not part of a VPC")',
    symptom: 'The database’s security-group source picker does not offer the environment’s group.',
    cause: 'The environment runs in another VPC (often the default one) than the database’s subnet group.',
    fix: 'Create a replacement environment in the database’s VPC with the same version and settings, then terminate the old one. No security-group rule can join two VPCs.',
  },
  F5: {
    title: 'The database’s security group has no ingress from the environment',
    seenIn: "seed 004: mysql.connector.errors.InterfaceError: 2003: Can't connect to MySQL server",
    symptom: 'MySQL error 2003, a PostgreSQL connection timeout, or the app hanging on its database.',
    cause: 'None of the database’s security groups admits TCP on its port from the environment’s instance groups.',
    fix: 'Add an ingress rule on the database’s group from the environment’s instance group on the database port.',
  },
  F6: {
    title: 'App permissions are on the service role instead of the instance profile',
    seenIn: 'seed 004: S3 access added to aws-elasticbeanstalk-service-role first, "but that did not work"',
    symptom: 'The app gets AccessDenied (broken S3 images) although "the role has AmazonS3FullAccess".',
    cause: 'The app runs as the instance profile’s role; the service role is what Elastic Beanstalk itself uses.',
    fix: 'Attach the policies the app’s code needs to the instance profile’s role, and remove them from the service role.',
  },
  F7: {
    title: 'No AWS region for the app’s SDK',
    seenIn: 'seed 004: "botocore.exceptions.NoRegionError: You must specify a region."',
    symptom: 'NoRegionError from boto3 on the instance.',
    cause: 'The region was set in an app.ini that Elastic Beanstalk does not read.',
    fix: 'Add AWS_DEFAULT_REGION as an environment property.',
  },
  F8: {
    title: 'Required environment properties are missing',
    seenIn: 'seed 004: HTTP 500 until DATABASE_* and FLASK_SECRET were set',
    symptom: 'HTTP 500 and a KeyError for a setting the app reads.',
    cause: 'The app reads a variable the environment does not set, as a property or an environment secret.',
    fix: 'Add the missing properties; deliver secrets as environmentsecrets entries pointing at SSM parameters.',
  },
  F9: {
    title: 'A secret contains characters that break config files',
    seenIn: 'seed 004: a password containing &o was expanded by uwsgi’s ini parser into a path',
    symptom: 'Authentication fails with a password that is right.',
    cause: '&, %, $, #, quotes or backslashes are interpreted by ini, shell or URL parsing on the way.',
    fix: 'Rotate the credential to letters and digits, or deliver it through environmentsecrets rather than an ini file.',
  },
  F10: {
    title: 'The instance profile cannot read the SSM parameters the app needs',
    seenIn: 'seed 002: the FetchSSMParameters inline policy on the instance role',
    symptom: 'Deployment fails to get environment secrets, or the app gets AccessDenied on ssm:GetParameter.',
    cause: 'The instance profile’s role may not call ssm:GetParameter on the parameters the environment references.',
    fix: 'An inline FetchSSMParameters policy scoped to exactly those parameter ARNs (plus kms:Decrypt for a customer key), then rebuild.',
  },
  F11: {
    title: 'Secrets sit in plain environment properties',
    seenIn: 'seed 004: DATABASE_PASSWORD set as a plain environment property',
    symptom: 'Passwords and keys show in the console and in eb config save files.',
    cause: 'Secret values were set as plain properties.',
    fix: 'Store each value as a SecureString parameter, point an environmentsecrets entry at it, and let the instance role read it.',
  },
  F12: {
    title: 'Security-group option values are in the wrong form',
    seenIn: 'seed 002: custom security groups for the Beanstalk instances',
    symptom: 'A launch or deployment fails after custom security groups were set.',
    cause: 'Inside a VPC, SecurityGroups needs group IDs; names, unknown groups and groups of another VPC fail.',
    fix: 'Rewrite the values as the IDs of groups in the environment’s VPC.',
  },
  F13: {
    title: 'A search domain is open, or has an IP hole',
    seenIn: 'seed 001: the aws:SourceIp hole punched for a workstation',
    symptom: 'The domain answers anyone, or any request from an IP range, without signing.',
    cause:
      'A * principal on a public domain without fine-grained access control, with no condition or with an aws:SourceIp condition that admits the internet (0.0.0.0/0, ::/0, NotIpAddress), or aws:SourceIp entries for some addresses.',
    fix: 'Allow the app’s role on domain/<name>/*, remove the IP entries, drop the open statement.',
  },
  F14: {
    title: 'Unused or old access keys',
    seenIn: 'seed 004: deleting access keys that are no longer needed',
    symptom: 'Keys never used, unused for 90 days, or older than 90 days.',
    cause: 'Keys outlive their purpose, and a leaked key gets the user suspended.',
    fix: 'Deactivate the key; delete it in a separate, confirmed step.',
  },
  F15: {
    title: 'The bundle has no requirements.txt at its root',
    seenIn: "seed 004: ModuleNotFoundError: No module named 'requests'",
    symptom: 'ModuleNotFoundError on the instance although the package is installed where the app was built.',
    cause: 'Elastic Beanstalk installs dependencies only from a requirements.txt at the zip root.',
    fix: 'Re-bundle from inside the app folder so requirements.txt sits at the root.',
  },
  F16: {
    title: 'The environment has no usable instance profile or service role',
    seenIn: 'failures.md F16: Unable to assume role "…aws-elasticbeanstalk-ec2-role"',
    symptom: '"Unable to assume role …", or an environment left without instances.',
    cause:
      'The instance profile or service role does not exist, or its trust policy does not trust EC2 or Elastic Beanstalk.',
    fix: 'Create the role and instance profile with the default managed policies, then rebuild.',
  },
};
