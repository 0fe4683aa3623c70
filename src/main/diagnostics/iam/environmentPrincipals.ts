/**
 * The two roles an Elastic Beanstalk environment runs with, as its options
 * name them (by name or ARN), with EB's defaults when the options are unset.
 */
import type { OptionSetting } from '../../../shared/contract';
import { DEFAULT_INSTANCE_PROFILE, NS, nonBlankOptionValue } from '../beanstalk/options';
import { nameFromNameOrArn } from './principals';

export const NS_ENVIRONMENT = NS.environment;
export const NS_LAUNCH = NS.launchConfiguration;
export const DEFAULT_SERVICE_ROLE = 'aws-elasticbeanstalk-service-role';

export interface NamedByOption {
  /** The IAM name (an ARN's last path segment). */
  name: string;
  /** The option's raw value; absent when EB's default applies. */
  optionValue?: string;
}

export interface EnvironmentRoleOptions {
  serviceRole: NamedByOption;
  instanceProfile: NamedByOption;
}

export function environmentRoleOptions(options: readonly OptionSetting[]): EnvironmentRoleOptions {
  const named = (value: string | undefined, fallback: string): NamedByOption =>
    value ? { name: nameFromNameOrArn(value), optionValue: value } : { name: fallback };
  return {
    serviceRole: named(nonBlankOptionValue(options, NS_ENVIRONMENT, 'ServiceRole'), DEFAULT_SERVICE_ROLE),
    instanceProfile: named(nonBlankOptionValue(options, NS_LAUNCH, 'IamInstanceProfile'), DEFAULT_INSTANCE_PROFILE),
  };
}

/** How an option reads in evidence: `aws:elasticbeanstalk:environment ServiceRole = x`, or the default. */
export function describeOption(namespace: string, optionName: string, named: NamedByOption): string {
  return named.optionValue !== undefined
    ? `${namespace} ${optionName} = ${named.optionValue}`
    : `${namespace} ${optionName} is not set; Elastic Beanstalk uses ${named.name}`;
}
