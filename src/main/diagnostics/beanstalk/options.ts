/**
 * Reading an environment's option settings the way Elastic Beanstalk does:
 * names are case-sensitive, an unset option means the platform default.
 */
import type { OptionSetting } from '../../../shared/contract';
import { PROPERTIES_NAMESPACE, SECRETS_NAMESPACE } from '../../services/beanstalkConfiguration';
import type { EnvironmentDetail, EnvironmentFacts, ScanSource } from '../facts';
import type { RuleId } from '../../../shared/contract';
import type { EvaluationContext } from '../types';

export const NS = {
  properties: PROPERTIES_NAMESPACE,
  secrets: SECRETS_NAMESPACE,
  python: 'aws:elasticbeanstalk:container:python',
  launchConfiguration: 'aws:autoscaling:launchconfiguration',
  environment: 'aws:elasticbeanstalk:environment',
} as const;

export const DEFAULT_INSTANCE_PROFILE = 'aws-elasticbeanstalk-ec2-role';

export function optionValue(
  options: readonly OptionSetting[],
  namespace: string,
  optionName: string,
): string | undefined {
  return options.find((o) => o.namespace === namespace && o.optionName === optionName && !o.resourceName)?.value;
}

/** Elastic Beanstalk treats a blank value as unset, so callers that fall back to its defaults must too. */
export function nonBlankOptionValue(
  options: readonly OptionSetting[],
  namespace: string,
  optionName: string,
): string | undefined {
  const value = optionValue(options, namespace, optionName);
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The option may hold a name or an instance-profile ARN (with a path); EB accepts both. */
export function instanceProfileName(options: readonly OptionSetting[]): string {
  const configured = optionValue(options, NS.launchConfiguration, 'IamInstanceProfile')?.trim();
  if (!configured) return DEFAULT_INSTANCE_PROFILE;
  return configured.slice(configured.lastIndexOf('/') + 1);
}

/**
 * The instance profile an environment runs with, from the account's own
 * facts: the option, else the profile its running instances carry, and EB's
 * default name only when neither says.
 */
export function environmentInstanceProfile(detail: Pick<EnvironmentDetail, 'options' | 'instances'>): {
  name: string;
  source: 'option' | 'instances' | 'default';
} {
  if (optionValue(detail.options, NS.launchConfiguration, 'IamInstanceProfile')?.trim()) {
    return { name: instanceProfileName(detail.options), source: 'option' };
  }
  const carried = detail.instances.find((i) => i.state !== 'terminated' && i.instanceProfileArn)?.instanceProfileArn;
  if (carried) return { name: carried.slice(carried.lastIndexOf('/') + 1), source: 'instances' };
  return { name: DEFAULT_INSTANCE_PROFILE, source: 'default' };
}

const TRANSITIONAL = new Set(['Launching', 'Updating', 'Terminating']);

/** Rules still judge a changing environment by its deployed configuration, but the reader should know. */
export function stateNote(environment: EnvironmentFacts): string {
  return TRANSITIONAL.has(environment.status)
    ? ` (the environment is ${environment.status}; judged from its deployed configuration)`
    : '';
}

/**
 * The environments a family looks at by name: the scoped one, or every one
 * listed, terminated ones included.
 */
export async function scopedEnvironmentNames(
  source: ScanSource,
  ctx: EvaluationContext,
  rules: readonly RuleId[],
): Promise<string[]> {
  if (ctx.environmentName) return [ctx.environmentName];
  const listed = await source.attempt('Elastic Beanstalk environments', rules, () => source.environments());
  return listed?.map((e) => e.name) ?? [];
}

/**
 * The environments a family looks at: the scoped one, or every one that still
 * exists. Terminated environments keep no configuration worth judging.
 */
export async function scopedEnvironmentDetails(
  source: ScanSource,
  ctx: EvaluationContext,
  rules: readonly RuleId[],
): Promise<EnvironmentDetail[]> {
  const listed = await source.attempt('Elastic Beanstalk environments', rules, () => source.environments());
  if (!listed) return [];
  const wanted = listed.filter(
    (env) => env.status !== 'Terminated' && (ctx.environmentName === undefined || env.name === ctx.environmentName),
  );
  const details = await Promise.all(
    wanted.map((env) => source.attempt(`configuration of ${env.name}`, rules, () => source.environment(env.name))),
  );
  return details.filter((d): d is EnvironmentDetail => d !== undefined);
}
