/**
 * Parameter lookup, name rules and value access. Everything that turns a
 * stored version into wire values goes through here, so there is one place
 * where a SecureString is decrypted, and only when the caller asked for it.
 */
import { AwsError } from '../../errors';
import { SEEDED_SECRETS } from '../../scenarios/trainingLabParameters';
import type { StateDocument } from '../../state/document';
import type { ParameterState, ParameterVersionState } from '../../state/ssmState';
import type { StateStore } from '../../state/store';
import type { JsonObject } from '../../protocols/awsJson';
import { seal, unseal } from './kms';
import { partitionOf } from '../../../shared/aws/partitions';

export const NAME_RULES =
  'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_';
const NAME = /^\/?[a-zA-Z0-9_.\-/]+$/;

export function parameterNotFound(name: string): AwsError {
  return new AwsError('ParameterNotFound', `Parameter ${name} not found.`, 400);
}

export function checkName(name: string): void {
  const bare = name.replace(/^\//, '').toLowerCase();
  if (
    name.length > 2048 ||
    !NAME.test(name) ||
    bare.startsWith('aws') ||
    bare.startsWith('ssm') ||
    name.includes('//')
  ) {
    throw new AwsError('ValidationException', NAME_RULES, 400);
  }
}

export function findParameter(doc: StateDocument, name: string): ParameterState | undefined {
  return doc.ssm.parameters.find((p) => p.name === name);
}

export function latest(parameter: ParameterState): ParameterVersionState {
  return parameter.versions[parameter.versions.length - 1]!;
}

/** `name` or `name:version`, as GetParameter accepts; labels are not emulated. */
export function resolveSelector(
  doc: StateDocument,
  selector: string,
): { parameter: ParameterState; version: ParameterVersionState; selector?: string } {
  const match = /^(.*[^:]):(\d+)$/.exec(selector);
  const name = match ? match[1]! : selector;
  const parameter = findParameter(doc, name);
  // AWS's GetParameter answers a missing name with an empty message; callers must say which name themselves.
  if (!parameter) throw new AwsError('ParameterNotFound', '', 400);
  if (!match) return { parameter, version: latest(parameter) };
  const wanted = Number(match[2]);
  const version = parameter.versions.find((v) => v.version === wanted);
  if (!version) {
    throw new AwsError(
      'ParameterVersionNotFound',
      `Systems Manager could not find version ${wanted} of ${name}. Verify the version and try again.`,
      400,
    );
  }
  return { parameter, version, selector: `:${wanted}` };
}

export function arnOf(region: string, accountId: string, name: string): string {
  return `arn:${partitionOf(region)}:ssm:${region}:${accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
}

export function plaintextOf(store: StateStore, name: string, version: ParameterVersionState): string {
  if (version.text !== undefined) return version.text;
  if (version.sealed !== undefined) return unseal(store, name, version.sealed);
  const seeded = version.seeded === undefined ? undefined : SEEDED_SECRETS[version.seeded];
  if (seeded === undefined) {
    throw new AwsError('InternalServerError', `The scenario secret behind ${name} is unknown.`, 500, 'Receiver');
  }
  return seeded;
}

/** Without WithDecryption AWS hands back the ciphertext blob, base64; so does the sandbox. */
export function wireValue(store: StateStore, name: string, version: ParameterVersionState, decrypt: boolean): string {
  if (version.type !== 'SecureString' || decrypt) return plaintextOf(store, name, version);
  return version.sealed ?? seal(store, name, plaintextOf(store, name, version));
}

export const epochSeconds = (iso: string): number => Date.parse(iso) / 1000;

export function valueShape(
  store: StateStore,
  region: string,
  accountId: string,
  parameter: ParameterState,
  version: ParameterVersionState,
  decrypt: boolean,
): JsonObject {
  return {
    Name: parameter.name,
    Type: version.type,
    Value: wireValue(store, parameter.name, version, decrypt),
    Version: version.version,
    LastModifiedDate: epochSeconds(version.lastModifiedDate),
    ARN: arnOf(region, accountId, parameter.name),
    DataType: 'text',
  };
}

export function metadataShape(region: string, accountId: string, parameter: ParameterState): JsonObject {
  const v = latest(parameter);
  return {
    Name: parameter.name,
    ARN: arnOf(region, accountId, parameter.name),
    Type: v.type,
    ...(v.keyId ? { KeyId: v.keyId } : {}),
    LastModifiedDate: epochSeconds(v.lastModifiedDate),
    LastModifiedUser: v.lastModifiedUser,
    ...(v.description ? { Description: v.description } : {}),
    ...(v.allowedPattern ? { AllowedPattern: v.allowedPattern } : {}),
    Version: v.version,
    Tier: v.tier,
    Policies: [],
    DataType: 'text',
  };
}
