/** Elastic Beanstalk resources as awsQuery XML. */
import type { XmlNode } from '../../protocols/xml';
import type {
  ApplicationState,
  ApplicationVersionState,
  EnvironmentState,
  HealthColor,
  HealthStatus,
  OptionSettingState,
} from '../../state/beanstalkState';
import type { StateDocument } from '../../state/document';
import { healthColor } from '../../simulation/healthEvaluator';
import { environmentInstances } from '../../simulation/provisioning';
import { partitionOf } from '../../../shared/aws/partitions';

export interface CurrentHealth {
  readonly color: HealthColor;
  readonly status: HealthStatus;
  readonly causes: readonly string[];
}

/** During an operation EB reports Grey; once Ready, the health derived when the last operation completed. */
export function currentHealth(env: EnvironmentState): CurrentHealth {
  switch (env.status) {
    case 'Launching':
      return { color: 'Grey', status: 'Pending', causes: ['Initialization in progress.'] };
    case 'Updating':
      return { color: 'Grey', status: 'Info', causes: ['Command is executing on all instances.'] };
    case 'Terminating':
    case 'Terminated':
    case 'Aborting':
      return { color: 'Grey', status: 'Unknown', causes: [] };
    case 'Ready':
      return {
        color: healthColor(env.lastHealth.status),
        status: env.lastHealth.status,
        causes: env.lastHealth.causes,
      };
  }
}

export function applicationArn(region: string, accountId: string, name: string): string {
  return `arn:${partitionOf(region)}:elasticbeanstalk:${region}:${accountId}:application/${name}`;
}

export function applicationXml(doc: StateDocument, region: string, app: ApplicationState): XmlNode {
  return {
    ApplicationArn: applicationArn(region, doc.account.id, app.name),
    ApplicationName: app.name,
    Description: app.description,
    DateCreated: app.dateCreated,
    DateUpdated: app.dateUpdated,
    Versions: doc.elasticbeanstalk.applicationVersions
      .filter((v) => v.applicationName === app.name)
      .map((v) => v.versionLabel),
    ConfigurationTemplates: [],
  };
}

export function applicationVersionXml(doc: StateDocument, region: string, version: ApplicationVersionState): XmlNode {
  return {
    ApplicationVersionArn: `arn:${partitionOf(region)}:elasticbeanstalk:${region}:${doc.account.id}:applicationversion/${version.applicationName}/${version.versionLabel}`,
    ApplicationName: version.applicationName,
    Description: version.description,
    VersionLabel: version.versionLabel,
    SourceBundle: version.sourceBundle
      ? { S3Bucket: version.sourceBundle.s3Bucket, S3Key: version.sourceBundle.s3Key }
      : undefined,
    DateCreated: version.dateCreated,
    DateUpdated: version.dateCreated,
    Status: version.status,
  };
}

export function environmentXml(doc: StateDocument, region: string, env: EnvironmentState): XmlNode {
  const health = currentHealth(env);
  const endpoint = environmentInstances(doc, env).find((i) => i.publicIpAddress)?.publicIpAddress ?? env.cname;
  return {
    EnvironmentName: env.name,
    EnvironmentId: env.id,
    ApplicationName: env.applicationName,
    VersionLabel: env.versionLabel,
    SolutionStackName: env.solutionStackName,
    PlatformArn: env.platformArn,
    Description: env.description,
    EndpointURL: env.status === 'Terminated' ? undefined : endpoint,
    CNAME: env.cname,
    DateCreated: env.dateCreated,
    DateUpdated: env.dateUpdated,
    Status: env.status,
    AbortableOperationInProgress: env.operation !== undefined && env.operation.kind !== 'terminate',
    Health: health.color,
    HealthStatus: env.status === 'Terminated' ? undefined : health.status,
    Tier: { Name: env.tier.name, Type: env.tier.type, Version: env.tier.version },
    EnvironmentLinks: [],
    EnvironmentArn: `arn:${partitionOf(region)}:elasticbeanstalk:${region}:${doc.account.id}:environment/${env.applicationName}/${env.name}`,
  };
}

export function optionSettingXml(setting: OptionSettingState): XmlNode {
  return {
    ResourceName: setting.resourceName,
    Namespace: setting.namespace,
    OptionName: setting.optionName,
    Value: setting.value,
  };
}
