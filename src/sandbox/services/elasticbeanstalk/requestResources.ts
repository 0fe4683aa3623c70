/**
 * The application, version or environment an Elastic Beanstalk request acts
 * on, so a policy scoped to `…:environment/orders/*` manages only that
 * application's environments. A request that names an environment by name or
 * id alone is resolved through the state to its application, as AWS does.
 */
import type { RequestResources } from '../../protocols/awsQuery';
import type { QueryParams } from '../../protocols/queryParams';
import { applicationArn } from './shapes';
import { partitionOf } from '../../../shared/aws/partitions';

function named(params: QueryParams, name: string): string | undefined {
  const value = params.raw(name);
  return value === undefined || value === '' ? undefined : value;
}

export const beanstalkRequestResources: RequestResources<QueryParams> = (_action, params, context) => {
  const { store, region } = context;
  const doc = store.document;
  const base = `arn:${partitionOf(region)}:elasticbeanstalk:${region}:${doc.account.id}`;
  const environmentName = named(params, 'EnvironmentName');
  const environmentId = named(params, 'EnvironmentId');
  let applicationName = named(params, 'ApplicationName');
  if (environmentName !== undefined || environmentId !== undefined) {
    const known = doc.elasticbeanstalk.environments.find(
      (env) =>
        env.status !== 'Terminated' &&
        (environmentId !== undefined ? env.id === environmentId : env.name === environmentName),
    );
    applicationName = known?.applicationName ?? applicationName;
    const name = known?.name ?? environmentName;
    // An unknown id with no name: the handler answers it; the request is judged on `*`.
    if (name === undefined || applicationName === undefined) return undefined;
    return [`${base}:environment/${applicationName}/${name}`];
  }
  if (applicationName === undefined) return undefined;
  const versionLabel = named(params, 'VersionLabel');
  if (versionLabel !== undefined) return [`${base}:applicationversion/${applicationName}/${versionLabel}`];
  return [applicationArn(region, doc.account.id, applicationName)];
};
