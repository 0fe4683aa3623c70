/**
 * The catalogue's titles and the id scheme, in one place, so every family
 * names findings the same way and a re-check after a fix finds the same id.
 */
import type { Check, FindingResource, RuleId } from '../../shared/contract';

export const CATALOGUE: Readonly<Record<RuleId, { title: string; seenIn?: string }>> = {
  F1: {
    title: 'The deploying principal cannot create Beanstalk resources or pass roles',
    seenIn: 'seed 000: the jumpbox role kept only the policy from an earlier lab',
  },
  F2: {
    title: 'A principal is not authorized to perform an action',
    seenIn: 'seed 004: edXProjectUser3 and elasticbeanstalk:CreateApplication / autoscaling:CreateLaunchConfiguration',
  },
  F3: {
    title: 'WSGIPath names a file that is not in the deployed bundle',
    seenIn: 'seed 004: "Your WSGIPath refers to a file that does not exist." after eb create',
  },
  F4: {
    title: 'The environment is not in the database’s VPC',
    seenIn: 'seed 004: the EB security group did not show in the RDS source picker',
  },
  F5: {
    title: 'The database’s security group has no ingress from the environment',
    seenIn: 'seed 004: mysql.connector.errors.InterfaceError: 2003',
  },
  F6: {
    title: 'App permissions are on the service role instead of the instance profile',
    seenIn: 'seed 004: S3 access added to aws-elasticbeanstalk-service-role first, which did not work',
  },
  F7: {
    title: 'No AWS region for the app’s SDK',
    seenIn: 'seed 004: botocore.exceptions.NoRegionError: You must specify a region.',
  },
  F8: {
    title: 'Required environment properties are missing',
    seenIn: 'seed 004: HTTP 500 until DATABASE_* and FLASK_SECRET were set',
  },
  F9: {
    title: 'A secret contains characters that break config files',
    seenIn: 'seed 004: a password containing &o was expanded by uwsgi’s ini parser',
  },
  F10: {
    title: 'The instance profile cannot read the SSM parameters the app needs',
    seenIn: 'seed 002: the FetchSSMParameters inline policy',
  },
  F11: { title: 'Secrets sit in plain environment properties', seenIn: 'seed 004: DATABASE_PASSWORD as a property' },
  F12: {
    title: 'Security-group option values are in the wrong form',
    seenIn: 'seed 002: custom security groups for the Beanstalk instances',
  },
  F13: {
    title: 'A search domain is open, or has an IP hole',
    seenIn: 'seed 001: the SourceIp hole punched for a workstation',
  },
  F14: { title: 'Unused or old access keys', seenIn: 'seed 004: deleting access keys that are no longer needed' },
  F15: {
    title: 'The bundle has no requirements.txt at its root',
    seenIn: "seed 004: ModuleNotFoundError: No module named 'requests'",
  },
  F16: {
    title: 'The environment has no usable instance profile or service role',
    seenIn: 'failures.md F16: Unable to assume role "…aws-elasticbeanstalk-ec2-role"',
  },
};

export function catalogueRef(rule: RuleId): { rule: RuleId; title: string; seenIn?: string } {
  return { rule, ...CATALOGUE[rule] };
}

/**
 * `F5:db-instance/edx-photos-db@Bbruceeb2-env` — rule, the resource, and a
 * qualifier (usually the environment, or the action) when one resource can
 * fail the same rule more than once.
 */
export function findingId(rule: RuleId, resource: FindingResource, qualifier?: string): string {
  const base = `${rule}:${resource.type}/${resource.name}`;
  return qualifier ? `${base}@${qualifier}` : base;
}

export function check(
  rule: RuleId,
  subject: FindingResource,
  passed: boolean,
  detail: string,
  opts: { qualifier?: string; environmentName?: string } = {},
): Check {
  return {
    id: findingId(rule, subject, opts.qualifier),
    rule,
    subject,
    passed,
    detail,
    ...(opts.environmentName ? { environmentName: opts.environmentName } : {}),
  };
}
