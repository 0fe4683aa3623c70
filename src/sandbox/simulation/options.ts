/**
 * Reading and changing Elastic Beanstalk option settings. Environment
 * properties are options in the `aws:elasticbeanstalk:application:environment`
 * namespace, one per property name.
 */
import type { OptionSettingState } from '../state/beanstalkState';

export const NS = {
  environmentProperties: 'aws:elasticbeanstalk:application:environment',
  environmentSecrets: 'aws:elasticbeanstalk:application:environmentsecrets',
  python: 'aws:elasticbeanstalk:container:python',
  launchConfiguration: 'aws:autoscaling:launchconfiguration',
  asg: 'aws:autoscaling:asg',
  vpc: 'aws:ec2:vpc',
  environment: 'aws:elasticbeanstalk:environment',
  instances: 'aws:ec2:instances',
} as const;

export function optionValue(
  settings: readonly OptionSettingState[],
  namespace: string,
  optionName: string,
): string | undefined {
  return settings.find((s) => s.namespace === namespace && s.optionName === optionName)?.value;
}

function sameOption(
  a: OptionSettingState,
  b: { namespace: string; optionName: string; resourceName?: string },
): boolean {
  return a.namespace === b.namespace && a.optionName === b.optionName && a.resourceName === b.resourceName;
}

export interface OptionRef {
  readonly namespace: string;
  readonly optionName: string;
  readonly resourceName?: string;
}

/** Applies an update: new values replace old ones of the same option, removed options disappear. */
export function mergeOptionSettings(
  current: readonly OptionSettingState[],
  changes: readonly OptionSettingState[],
  removals: readonly OptionRef[],
): OptionSettingState[] {
  const kept = current.filter((s) => !changes.some((c) => sameOption(s, c)) && !removals.some((r) => sameOption(s, r)));
  return [...kept, ...changes];
}

export function propertyNames(settings: readonly OptionSettingState[]): Set<string> {
  return new Set(
    settings
      .filter((s) => s.namespace === NS.environmentProperties || s.namespace === NS.environmentSecrets)
      .map((s) => s.optionName),
  );
}

/** The instance profile option may hold a name or an ARN; IAM resolves either to the profile name. */
export function instanceProfileName(value: string): string {
  const marker = ':instance-profile/';
  const at = value.indexOf(marker);
  if (at === -1) return value;
  const path = value.slice(at + marker.length);
  return path.slice(path.lastIndexOf('/') + 1);
}

export function listValue(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
