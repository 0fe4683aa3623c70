/** DescribeConfigurationSettings: the deployed configuration, plus the pending draft while an update runs. */
import type { QueryAction } from '../../protocols/awsQuery';
import type { XmlNode } from '../../protocols/xml';
import type { EnvironmentState, OptionSettingState } from '../../state/beanstalkState';
import { invalidParameterValue, liveEnvironments, missingParameter, requireApplication } from './lookup';
import { optionSettingXml } from './shapes';

function settingsXml(
  env: EnvironmentState,
  status: 'deployed' | 'pending',
  settings: readonly OptionSettingState[],
): XmlNode {
  return {
    SolutionStackName: env.solutionStackName,
    PlatformArn: env.platformArn,
    ApplicationName: env.applicationName,
    Description: env.description,
    EnvironmentName: env.name,
    DeploymentStatus: status,
    DateCreated: env.dateCreated,
    DateUpdated: env.dateUpdated,
    OptionSettings: settings.map(optionSettingXml),
  };
}

const describeConfigurationSettings: QueryAction = (params, { store }) => {
  const doc = store.document;
  const applicationName = params.requiredString('ApplicationName', { min: 1, max: 100 });
  const environmentName = params.string('EnvironmentName');
  const templateName = params.string('TemplateName');
  requireApplication(doc, applicationName);
  if (templateName !== undefined)
    throw invalidParameterValue(`No Configuration Template named '${applicationName}/${templateName}' found.`);
  if (environmentName === undefined)
    throw missingParameter('You must specify either the TemplateName or the EnvironmentName parameter.');
  const env = liveEnvironments(doc).find((e) => e.applicationName === applicationName && e.name === environmentName);
  if (!env) throw invalidParameterValue(`No Environment found for EnvironmentName = '${environmentName}'.`);
  const pending = env.operation?.pendingOptionSettings;
  return {
    ConfigurationSettings: [
      settingsXml(env, 'deployed', env.optionSettings),
      ...(pending === undefined ? [] : [settingsXml(env, 'pending', pending)]),
    ],
  };
};

export const configurationActions: ReadonlyMap<string, QueryAction> = new Map([
  ['DescribeConfigurationSettings', describeConfigurationSettings],
]);
