/** Finding Elastic Beanstalk resources, with AWS's error codes and wording when they are absent. */
import { AwsError } from '../../errors';
import type { QueryParams } from '../../protocols/queryParams';
import type { ApplicationState, ApplicationVersionState, EnvironmentState } from '../../state/beanstalkState';
import type { StateDocument } from '../../state/document';

export const invalidParameterValue = (message: string): AwsError => new AwsError('InvalidParameterValue', message, 400);
export const invalidParameterCombination = (message: string): AwsError =>
  new AwsError('InvalidParameterCombination', message, 400);
export const missingParameter = (message: string): AwsError => new AwsError('MissingParameter', message, 400);

export function requireApplication(doc: StateDocument, name: string): ApplicationState {
  const app = doc.elasticbeanstalk.applications.find((a) => a.name === name);
  if (!app) throw invalidParameterValue(`No Application named '${name}' found.`);
  return app;
}

export function requireVersion(doc: StateDocument, applicationName: string, label: string): ApplicationVersionState {
  const version = doc.elasticbeanstalk.applicationVersions.find(
    (v) => v.applicationName === applicationName && v.versionLabel === label,
  );
  if (!version) throw invalidParameterValue(`No Application Version named '${label}' found.`);
  return version;
}

/** Live environments: a terminated one keeps its name in history but can no longer be addressed. */
export function liveEnvironments(doc: StateDocument): EnvironmentState[] {
  return doc.elasticbeanstalk.environments.filter((e) => e.status !== 'Terminated');
}

/** `EnvironmentId` or `EnvironmentName`, as most EB environment operations accept. */
export function requireEnvironment(doc: StateDocument, params: QueryParams): EnvironmentState {
  const id = params.string('EnvironmentId');
  const name = params.string('EnvironmentName');
  if (id === undefined && name === undefined) {
    throw missingParameter('You must specify either the EnvironmentId or the EnvironmentName parameter.');
  }
  const env = liveEnvironments(doc).find(
    (e) => (id === undefined || e.id === id) && (name === undefined || e.name === name),
  );
  if (!env) {
    throw invalidParameterValue(
      id !== undefined
        ? `No Environment found for EnvironmentId = '${id}'.`
        : `No Environment found for EnvironmentName = '${name ?? ''}'.`,
    );
  }
  return env;
}

export function requireReady(env: EnvironmentState): void {
  if (env.status !== 'Ready') {
    throw invalidParameterValue(
      `Environment named ${env.name} is in an invalid state for this operation. Must be Ready.`,
    );
  }
}

export function encodeToken(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url');
}

export function decodeToken(token: string): string {
  const value = Buffer.from(token, 'base64url').toString('utf8');
  if (value === '' || encodeToken(value) !== token) throw invalidParameterValue('Invalid NextToken.');
  return value;
}
