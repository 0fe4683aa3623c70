/**
 * DescribeConfigurationOptions, for the options the sandbox's simulation
 * reads. AWS lists several hundred; a client that asks about these gets the
 * same shape AWS returns, and environment properties are user-defined.
 */
import type { QueryAction } from '../../protocols/awsQuery';
import type { XmlNode } from '../../protocols/xml';
import {
  CONFIG_DOCUMENT_OPTION,
  HEALTH_REPORTING_NAMESPACE,
  SYSTEM_TYPE_OPTION,
} from '../../../shared/healthReporting/configDocument';
import { NS } from '../../simulation/options';
import { GUNICORN_DEFAULT_WSGI_PATH, LEGACY_DEFAULT_WSGI_PATH, platformFacts } from '../../simulation/platform';
import { liveEnvironments, missingParameter, requireApplication, invalidParameterValue } from './lookup';

interface OptionDescription {
  readonly namespace: string;
  readonly name: string;
  readonly defaultValue: string;
  readonly changeSeverity: 'NoInterruption' | 'RestartApplicationServer' | 'RestartEnvironment' | 'Unknown';
  readonly valueType: 'Scalar' | 'List' | 'Boolean' | 'KeyValueList' | 'Json';
  readonly userDefined?: boolean;
  readonly valueOptions?: readonly string[];
}

const COMMON: readonly OptionDescription[] = [
  {
    namespace: NS.environment,
    name: 'EnvironmentType',
    defaultValue: 'LoadBalanced',
    changeSeverity: 'RestartEnvironment',
    valueType: 'Scalar',
    valueOptions: ['SingleInstance', 'LoadBalanced'],
  },
  {
    namespace: NS.environment,
    name: 'ServiceRole',
    defaultValue: '',
    changeSeverity: 'NoInterruption',
    valueType: 'Scalar',
  },
  { namespace: NS.asg, name: 'MinSize', defaultValue: '1', changeSeverity: 'NoInterruption', valueType: 'Scalar' },
  { namespace: NS.asg, name: 'MaxSize', defaultValue: '4', changeSeverity: 'NoInterruption', valueType: 'Scalar' },
  {
    namespace: NS.launchConfiguration,
    name: 'IamInstanceProfile',
    defaultValue: '',
    changeSeverity: 'RestartEnvironment',
    valueType: 'Scalar',
  },
  {
    namespace: NS.launchConfiguration,
    name: 'SecurityGroups',
    defaultValue: '',
    changeSeverity: 'RestartEnvironment',
    valueType: 'List',
  },
  {
    namespace: NS.launchConfiguration,
    name: 'DisableDefaultEC2SecurityGroup',
    defaultValue: 'false',
    changeSeverity: 'RestartEnvironment',
    valueType: 'Boolean',
  },
  {
    namespace: NS.launchConfiguration,
    name: 'EC2KeyName',
    defaultValue: '',
    changeSeverity: 'RestartEnvironment',
    valueType: 'Scalar',
  },
  { namespace: NS.vpc, name: 'VPCId', defaultValue: '', changeSeverity: 'Unknown', valueType: 'Scalar' },
  { namespace: NS.vpc, name: 'Subnets', defaultValue: '', changeSeverity: 'Unknown', valueType: 'List' },
  {
    namespace: NS.vpc,
    name: 'AssociatePublicIpAddress',
    defaultValue: 'false',
    changeSeverity: 'Unknown',
    valueType: 'Boolean',
  },
  {
    namespace: HEALTH_REPORTING_NAMESPACE,
    name: SYSTEM_TYPE_OPTION,
    // The sandbox's environments are made as the console makes them: enhanced health unless set to basic.
    defaultValue: 'enhanced',
    changeSeverity: 'NoInterruption',
    valueType: 'Scalar',
    valueOptions: ['basic', 'enhanced'],
  },
  {
    namespace: HEALTH_REPORTING_NAMESPACE,
    name: CONFIG_DOCUMENT_OPTION,
    defaultValue: '{"Version":1,"CloudWatchMetrics":{"Instance":{},"Environment":{}}}',
    changeSeverity: 'NoInterruption',
    valueType: 'Json',
  },
  {
    namespace: NS.environmentProperties,
    name: 'Environment Properties',
    defaultValue: '',
    changeSeverity: 'RestartApplicationServer',
    valueType: 'KeyValueList',
    userDefined: true,
  },
  {
    namespace: NS.environmentSecrets,
    name: 'Environment Secrets',
    defaultValue: '',
    changeSeverity: 'RestartApplicationServer',
    valueType: 'KeyValueList',
    userDefined: true,
  },
];

function optionXml(option: OptionDescription): XmlNode {
  return {
    Namespace: option.namespace,
    Name: option.name,
    DefaultValue: option.defaultValue,
    ChangeSeverity: option.changeSeverity,
    UserDefined: option.userDefined ?? false,
    ValueType: option.valueType,
    ValueOptions: option.valueOptions === undefined ? undefined : [...option.valueOptions],
  };
}

const describeConfigurationOptions: QueryAction = (params, { store }) => {
  const doc = store.document;
  const applicationName = params.string('ApplicationName');
  const environmentName = params.string('EnvironmentName');
  let solutionStackName = params.string('SolutionStackName');
  let platformArn = params.string('PlatformArn');
  if (environmentName !== undefined) {
    if (applicationName === undefined) throw missingParameter('ApplicationName is required with EnvironmentName.');
    requireApplication(doc, applicationName);
    const env = liveEnvironments(doc).find((e) => e.applicationName === applicationName && e.name === environmentName);
    if (!env) throw invalidParameterValue(`No Environment found for EnvironmentName = '${environmentName}'.`);
    solutionStackName = env.solutionStackName;
    platformArn = env.platformArn;
  }
  const platform = platformFacts(solutionStackName, platformArn);
  const python: OptionDescription[] = platform.python
    ? [
        {
          namespace: NS.python,
          name: 'WSGIPath',
          defaultValue:
            platform.generation === 'legacy'
              ? LEGACY_DEFAULT_WSGI_PATH
              : (GUNICORN_DEFAULT_WSGI_PATH.split(':')[0] ?? ''),
          changeSeverity: 'RestartApplicationServer',
          valueType: 'Scalar',
        },
      ]
    : [];
  return {
    SolutionStackName: solutionStackName,
    PlatformArn: platformArn,
    Options: [...COMMON, ...python].map(optionXml),
  };
};

export const configurationOptionActions: ReadonlyMap<string, QueryAction> = new Map([
  ['DescribeConfigurationOptions', describeConfigurationOptions],
]);
