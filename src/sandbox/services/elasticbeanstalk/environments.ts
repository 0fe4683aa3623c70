/** Creating, listing and terminating environments, and the resources behind them. */
import type { QueryAction } from '../../protocols/awsQuery';
import { isoSeconds } from '../../protocols/xml';
import { ensureStorageBucket } from '../../simulation/storageBucket';
import { addEnvironmentEvent } from '../../simulation/events';
import { startOperation } from '../../simulation/lifecycle';
import { checkHealthReportingOptions } from '../../simulation/metrics/publishing';
import { mergeOptionSettings, NS, optionValue } from '../../simulation/options';
import { GUNICORN_DEFAULT_WSGI_PATH, LEGACY_DEFAULT_WSGI_PATH, platformFacts } from '../../simulation/platform';
import {
  autoScalingGroupName,
  environmentInstances,
  launchInstances,
  resolvePlacement,
} from '../../simulation/provisioning';
import type { EnvironmentState, OptionSettingState } from '../../state/beanstalkState';
import type { StateDocument } from '../../state/document';
import { newCnameLabel, newEnvironmentId } from '../../state/ids';
import {
  decodeToken,
  encodeToken,
  invalidParameterCombination,
  invalidParameterValue,
  liveEnvironments,
  missingParameter,
  requireApplication,
  requireEnvironment,
  requireVersion,
} from './lookup';
import { refreshRuntimeHealth } from './healthRefresh';
import { readOptionSettings, readOptionsToRemove } from './optionParams';
import { environmentXml } from './shapes';

const ENVIRONMENT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]{2,38}[a-zA-Z0-9]$/;
const DELETED_VISIBLE_MS = 60 * 60 * 1000;

/** The options EB fills in when the caller leaves them out, so DescribeConfigurationSettings shows them as AWS does. */
function withDefaults(settings: OptionSettingState[], python: boolean, legacy: boolean): OptionSettingState[] {
  const defaults: OptionSettingState[] = [
    { namespace: NS.environment, optionName: 'EnvironmentType', value: 'SingleInstance' },
    { namespace: NS.asg, optionName: 'MinSize', value: '1' },
    { namespace: NS.asg, optionName: 'MaxSize', value: '1' },
    // AL2/AL2023 show the module name; the evaluator reads it as module `application`, callable `application`.
    ...(python
      ? [
          {
            namespace: NS.python,
            optionName: 'WSGIPath',
            value: legacy ? LEGACY_DEFAULT_WSGI_PATH : (GUNICORN_DEFAULT_WSGI_PATH.split(':')[0] ?? 'application'),
          },
        ]
      : []),
  ];
  const missing = defaults.filter((d) => optionValue(settings, d.namespace, d.optionName) === undefined);
  return [...settings, ...missing];
}

/** What EB does and reports while CloudFormation builds the stack: storage bucket, security group, instances. */
function announceLaunch(
  draft: StateDocument,
  env: EnvironmentState,
  region: string,
  now: Date,
  requestId: string,
): void {
  const bucket = ensureStorageBucket(draft, region, now).name;
  const info = (message: string): void =>
    addEnvironmentEvent(draft, env, now, { severity: 'INFO', message, requestId });
  info(`Using ${bucket} as Amazon S3 storage bucket for environment data.`);
  const groupsBefore = new Set(draft.ec2.securityGroups.map((g) => g.id));
  const instances = launchInstances(draft, env, now);
  for (const group of draft.ec2.securityGroups.filter((g) => !groupsBefore.has(g.id))) {
    info(`Created security group named: ${group.name}`);
  }
  const single = optionValue(env.optionSettings, NS.environment, 'EnvironmentType') === 'SingleInstance';
  const address = instances[0]?.publicIpAddress;
  if (single && address !== undefined) info(`Created EIP: ${address}`);
  info('Waiting for EC2 instances to launch. This may take a few minutes.');
}

const createEnvironment: QueryAction = (params, { store, now, region, requestId }) => {
  const applicationName = params.requiredString('ApplicationName', { min: 1, max: 100 });
  const name = params.requiredString('EnvironmentName', { min: 4, max: 40 });
  if (!ENVIRONMENT_NAME.test(name)) {
    throw invalidParameterValue(
      `Value ${name} at 'EnvironmentName' failed to satisfy constraint: Member must contain only letters, digits, and the dash character and may not start or end with a dash`,
    );
  }
  const solutionStackName = params.string('SolutionStackName');
  const platformArn = params.string('PlatformArn');
  if (solutionStackName !== undefined && platformArn !== undefined) {
    throw invalidParameterCombination('You cannot specify both SolutionStackName and PlatformArn.');
  }
  if (solutionStackName === undefined && platformArn === undefined) {
    throw missingParameter(
      'You must specify either the SolutionStackName, the PlatformArn or the TemplateName parameter.',
    );
  }
  const versionLabel = params.string('VersionLabel');
  const description = params.string('Description', { max: 200 });
  const cnamePrefix = params.string('CNAMEPrefix', { min: 4, max: 63 });
  const tierName = params.string('Tier.Name') ?? 'WebServer';
  const tierType = params.string('Tier.Type') ?? (tierName === 'Worker' ? 'SQS/HTTP' : 'Standard');
  const options = mergeOptionSettings([], readOptionSettings(params), readOptionsToRemove(params));
  checkHealthReportingOptions(options);
  return store.mutate((draft) => {
    requireApplication(draft, applicationName);
    if (versionLabel !== undefined) requireVersion(draft, applicationName, versionLabel);
    if (liveEnvironments(draft).some((e) => e.name === name))
      throw invalidParameterValue(`Environment ${name} already exists.`);
    const platform = platformFacts(solutionStackName, platformArn);
    const optionSettings = withDefaults(options, platform.python, platform.generation === 'legacy');
    resolvePlacement(draft, optionSettings);
    const stamp = isoSeconds(now());
    const env: EnvironmentState = {
      id: newEnvironmentId(),
      name,
      applicationName,
      ...(versionLabel === undefined ? {} : { versionLabel }),
      ...(solutionStackName === undefined ? {} : { solutionStackName }),
      ...(platformArn === undefined ? {} : { platformArn }),
      ...(description === undefined ? {} : { description }),
      tier: { name: tierName, type: tierType, version: '1.0' },
      cname: `${(cnamePrefix ?? name).toLowerCase()}.${newCnameLabel()}.${region}.elasticbeanstalk.com`,
      dateCreated: stamp,
      dateUpdated: stamp,
      status: 'Launching',
      optionSettings,
      deploymentId: 0,
      lastHealth: { status: 'Pending', causes: [], refreshedAt: stamp },
    };
    draft.elasticbeanstalk.environments.push(env);
    startOperation(draft, env, now(), { kind: 'launch', requestId });
    announceLaunch(draft, env, region, now(), requestId);
    return environmentXml(draft, region, env);
  });
};

const describeEnvironments: QueryAction = (params, { store, now, region }) => {
  const listed = store.document;
  const applicationName = params.string('ApplicationName');
  const versionLabel = params.string('VersionLabel');
  const ids = params.stringList('EnvironmentIds');
  const names = params.stringList('EnvironmentNames');
  const includeDeleted = params.boolean('IncludeDeleted') ?? true;
  const backTo = params.string('IncludedDeletedBackTo');
  const maxRecords = params.integer('MaxRecords', { min: 1, max: 1000 });
  const token = params.string('NextToken');
  const deletedSince =
    backTo !== undefined ? isoSeconds(new Date(backTo)) : isoSeconds(new Date(now().getTime() - DELETED_VISIBLE_MS));
  const matches = listed.elasticbeanstalk.environments
    .filter((e) => applicationName === undefined || e.applicationName === applicationName)
    .filter((e) => versionLabel === undefined || e.versionLabel === versionLabel)
    .filter((e) => ids.length === 0 || ids.includes(e.id))
    .filter((e) => names.length === 0 || names.includes(e.name))
    .filter((e) => e.status !== 'Terminated' || (includeDeleted && e.dateUpdated >= deletedSince))
    .sort((a, b) => a.name.localeCompare(b.name) || a.dateCreated.localeCompare(b.dateCreated));
  const start = token === undefined ? 0 : matches.findIndex((e) => e.id === decodeToken(token)) + 1;
  const page = matches.slice(start, maxRecords === undefined ? undefined : start + maxRecords);
  const last = page[page.length - 1];
  // Only the environments this answer shows are re-derived, so a filtered read does not evaluate the whole account.
  refreshRuntimeHealth(
    store,
    page.map((e) => e.id),
    now(),
  );
  const doc = store.document;
  const refreshed = new Map(doc.elasticbeanstalk.environments.map((e) => [e.id, e]));
  return {
    Environments: page.map((e) => environmentXml(doc, region, refreshed.get(e.id) ?? e)),
    NextToken: start + page.length < matches.length && last ? encodeToken(last.id) : undefined,
  };
};

const describeEnvironmentResources: QueryAction = (params, { store }) => {
  const doc = store.document;
  const env = requireEnvironment(doc, params);
  return {
    EnvironmentResources: {
      EnvironmentName: env.name,
      AutoScalingGroups: [{ Name: autoScalingGroupName(env) }],
      Instances: environmentInstances(doc, env).map((i) => ({ Id: i.id })),
      LaunchConfigurations: [],
      LaunchTemplates: [{ Id: `lt-${env.id.slice(2)}0000000` }],
      LoadBalancers: [],
      Triggers: [],
      Queues: [],
    },
  };
};

const terminateEnvironment: QueryAction = (params, { store, now, region, requestId }) =>
  store.mutate((draft) => {
    const env = requireEnvironment(draft, params);
    if (env.status === 'Terminating') {
      throw invalidParameterValue(
        `Environment named ${env.name} is in an invalid state for this operation. Must be Ready.`,
      );
    }
    // Terminating may interrupt an operation in flight, as EB allows; the unfinished draft is dropped.
    delete env.operation;
    startOperation(draft, env, now(), { kind: 'terminate', requestId });
    return environmentXml(draft, region, env);
  });

export const environmentActions: ReadonlyMap<string, QueryAction> = new Map([
  ['CreateEnvironment', createEnvironment],
  ['DescribeEnvironments', describeEnvironments],
  ['DescribeEnvironmentResources', describeEnvironmentResources],
  ['TerminateEnvironment', terminateEnvironment],
]);
