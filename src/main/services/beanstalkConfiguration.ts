import {
  DescribeConfigurationSettingsCommand,
  type ConfigurationOptionSetting,
  type ConfigurationSettingsDescription,
  type EnvironmentDescription,
} from '@aws-sdk/client-elastic-beanstalk';
import type { EnvironmentConfiguration, OptionSetting, Target } from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { TrellisError } from '../aws/errors';
import { describeEnvironment, isoOpt, platformName } from './beanstalkEnvironments';
import { isSecretName } from './secretNames';

export const PROPERTIES_NAMESPACE = 'aws:elasticbeanstalk:application:environment';
export const SECRETS_NAMESPACE = 'aws:elasticbeanstalk:application:environmentsecrets';

/** What operators check first when an environment misbehaves (see failures.md F3, F4, F6, F12), in that order. */
const OPERATOR_FIRST: readonly (readonly [string, string])[] = [
  ['aws:elasticbeanstalk:container:python', 'WSGIPath'],
  ['aws:autoscaling:launchconfiguration', 'IamInstanceProfile'],
  ['aws:elasticbeanstalk:environment', 'ServiceRole'],
  ['aws:autoscaling:launchconfiguration', 'SecurityGroups'],
  ['aws:ec2:vpc', 'VPCId'],
  ['aws:ec2:vpc', 'Subnets'],
  ['aws:ec2:vpc', 'ELBSubnets'],
  ['aws:ec2:vpc', 'AssociatePublicIpAddress'],
];

function rank(o: OptionSetting): number {
  const i = OPERATOR_FIRST.findIndex(([ns, name]) => ns === o.namespace && name === o.optionName);
  return i < 0 ? OPERATOR_FIRST.length : i;
}

/** The operator's options first, then the rest by namespace, option name and resource. */
export function orderOptions(options: OptionSetting[]): OptionSetting[] {
  return [...options].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      a.namespace.localeCompare(b.namespace) ||
      a.optionName.localeCompare(b.optionName) ||
      (a.resourceName ?? '').localeCompare(b.resourceName ?? ''),
  );
}

export function optionOf(o: ConfigurationOptionSetting): OptionSetting {
  return {
    namespace: o.Namespace ?? '',
    optionName: o.OptionName ?? '',
    ...(o.Value !== undefined ? { value: o.Value } : {}),
    ...(o.ResourceName ? { resourceName: o.ResourceName } : {}),
  };
}

export function secretStore(arn: string): 'ssm' | 'secretsmanager' | 'unknown' {
  if (/^arn:aws[a-z-]*:ssm:/.test(arn)) return 'ssm';
  if (/^arn:aws[a-z-]*:secretsmanager:/.test(arn)) return 'secretsmanager';
  return 'unknown';
}

/** Splits EB's flat option list into options, environment properties (secrets masked) and secret references. */
export function splitSettings(
  settings: ConfigurationOptionSetting[],
): Pick<EnvironmentConfiguration, 'options' | 'properties' | 'secrets'> {
  const options: OptionSetting[] = [];
  const properties: EnvironmentConfiguration['properties'] = [];
  const secrets: EnvironmentConfiguration['secrets'] = [];
  for (const raw of settings) {
    const o = optionOf(raw);
    if (o.namespace === PROPERTIES_NAMESPACE) {
      const masked = isSecretName(o.optionName);
      properties.push({ name: o.optionName, masked, ...(masked ? {} : { value: o.value ?? '' }) });
    } else if (o.namespace === SECRETS_NAMESPACE) {
      const arn = o.value ?? '';
      secrets.push({ name: o.optionName, arn, store: secretStore(arn) });
    } else {
      options.push(o);
    }
  }
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return { options: orderOptions(options), properties: properties.sort(byName), secrets: secrets.sort(byName) };
}

/** A draft as shown: every option, but secret-looking property values left out like everywhere else. */
function draftOf(settings: ConfigurationOptionSetting[]): OptionSetting[] {
  return orderOptions(
    settings.map(optionOf).map((o) => {
      if (o.namespace !== PROPERTIES_NAMESPACE || !isSecretName(o.optionName)) return o;
      const { value: _secret, ...rest } = o;
      return rest;
    }),
  );
}

export interface ConfigurationSets {
  /** Read in the same breath, so callers that also need the status do not ask twice. */
  environment: EnvironmentDescription;
  applicationName: string;
  deployed?: ConfigurationSettingsDescription;
  pending?: ConfigurationSettingsDescription;
}

/** The environment's configuration sets, read now: the deployed one and, during an update, the pending draft. */
export async function readConfigurationSets(
  aws: ClientFactory,
  target: Target,
  environmentName: string,
): Promise<ConfigurationSets> {
  // DescribeConfigurationSettings requires the application name, which only DescribeEnvironments knows.
  const env = await describeEnvironment(aws, target, environmentName);
  const applicationName = env.ApplicationName ?? '';
  const sets = await aws.call(target, 'elasticbeanstalk', 'DescribeConfigurationSettings', async (client) => {
    const out = await client.send(
      new DescribeConfigurationSettingsCommand({ ApplicationName: applicationName, EnvironmentName: environmentName }),
    );
    return out.ConfigurationSettings ?? [];
  });
  return {
    environment: env,
    applicationName,
    deployed: sets.find((s) => s.DeploymentStatus === 'deployed') ?? sets.find((s) => s.DeploymentStatus !== 'pending'),
    pending: sets.find((s) => s.DeploymentStatus === 'pending'),
  };
}

export async function configuration(
  aws: ClientFactory,
  target: Target,
  environmentName: string,
): Promise<EnvironmentConfiguration> {
  const sets = await readConfigurationSets(aws, target, environmentName);
  const shown = sets.deployed ?? sets.pending;
  if (!shown) {
    throw new TrellisError({
      code: 'not-found',
      message: `Elastic Beanstalk returned no configuration for ${environmentName}.`,
      service: 'elasticbeanstalk',
      operation: 'DescribeConfigurationSettings',
      retryable: false,
    });
  }
  return {
    environmentName,
    applicationName: sets.applicationName,
    platform: platformName(shown.SolutionStackName, shown.PlatformArn),
    platformArn: shown.PlatformArn,
    deploymentStatus: shown.DeploymentStatus,
    dateUpdated: isoOpt(shown.DateUpdated),
    ...splitSettings(shown.OptionSettings ?? []),
    ...(sets.deployed && sets.pending ? { draft: draftOf(sets.pending.OptionSettings ?? []) } : {}),
  };
}

/** One environment property's value, read fresh at the moment the user asks; the caller must not log it. */
export async function revealProperty(
  aws: ClientFactory,
  target: Target,
  environmentName: string,
  name: string,
): Promise<{ value: string }> {
  const sets = await readConfigurationSets(aws, target, environmentName);
  const settings = (sets.deployed ?? sets.pending)?.OptionSettings ?? [];
  const found = settings.find((o) => o.Namespace === PROPERTIES_NAMESPACE && o.OptionName === name);
  if (!found) {
    throw new TrellisError({
      code: 'not-found',
      message: `${environmentName} has no environment property named ${name}.`,
      retryable: false,
    });
  }
  return { value: found.Value ?? '' };
}
