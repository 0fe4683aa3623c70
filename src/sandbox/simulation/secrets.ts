/**
 * Elastic Beanstalk's environmentsecrets: options whose values are SSM
 * parameter ARNs, fetched with the instance profile's credentials while a
 * deployment runs. A secret that cannot be fetched fails the deployment.
 */
import { SEEDED_SECRETS } from '../scenarios/trainingLabParameters';
import type { OptionSettingState } from '../state/beanstalkState';
import type { StateDocument } from '../state/document';
import type { ParameterState, ParameterVersionState } from '../state/ssmState';
import { type InstanceIdentity, instanceMay, notAuthorizedText } from './instanceRole';
import { NS } from './options';
import { partitionOf } from '../../shared/aws/partitions';

/**
 * Opens a SecureString sealed through the API. Only the request layer holds the
 * sandbox's KMS key, so evaluations without it cannot read such values.
 */
export type SealedValueReader = (parameterName: string, sealed: string) => string;

export interface EvaluationContext {
  readonly readSealed?: SealedValueReader;
}

const SSM_PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:([a-z0-9-]+):(\d{12}):parameter(\/.*)$/;
const AWS_MANAGED_SSM_KEY = /(?:^|:)alias\/aws\/ssm$/;

export interface SecretReference {
  readonly propertyName: string;
  readonly arn: string;
  readonly region: string;
  readonly accountId: string;
  /** The name the ARN addresses, as SSM stores it (a leading slash only when the name has one). */
  readonly parameter: ParameterState | undefined;
}

/** Every environmentsecrets option whose value is an SSM parameter ARN; Secrets Manager ARNs are not modelled. */
export function secretReferences(doc: StateDocument, settings: readonly OptionSettingState[]): SecretReference[] {
  return settings
    .filter((s) => s.namespace === NS.environmentSecrets)
    .flatMap((s): SecretReference[] => {
      const match = SSM_PARAMETER_ARN.exec(s.value.trim());
      if (!match) return [];
      const [, region = '', accountId = '', path = '/'] = match;
      // `parameter/name` addresses both `/name` and `name`; SSM keeps whichever was created.
      const parameter =
        accountId === doc.account.id
          ? (doc.ssm.parameters.find((p) => p.name === path) ??
            doc.ssm.parameters.find((p) => p.name === path.slice(1)))
          : undefined;
      return [{ propertyName: s.optionName, arn: s.value.trim(), region, accountId, parameter }];
    });
}

function latestVersion(parameter: ParameterState): ParameterVersionState | undefined {
  return parameter.versions[parameter.versions.length - 1];
}

/** The key ARN that must allow kms:Decrypt, or undefined for the AWS managed key, which the role needs no grant for. */
export function customerKeyArn(reference: SecretReference): string | undefined {
  const version = reference.parameter ? latestVersion(reference.parameter) : undefined;
  if (version?.type !== 'SecureString') return undefined;
  const keyId = version.keyId;
  if (keyId === undefined || AWS_MANAGED_SSM_KEY.test(keyId)) return undefined;
  if (keyId.startsWith('arn:')) return keyId;
  const prefix = `arn:${partitionOf(reference.region)}:kms:${reference.region}:${reference.accountId}:`;
  return keyId.startsWith('alias/') ? `${prefix}${keyId}` : `${prefix}key/${keyId}`;
}

/** Why the instances could not fetch this secret, in the wording of the deployment's error event. */
export function secretFailure(
  doc: StateDocument,
  identity: InstanceIdentity,
  reference: SecretReference,
): string | undefined {
  const read = instanceMay(doc, identity, 'ssm:GetParameter', reference.arn);
  if (read !== 'allowed') {
    return `AccessDeniedException: ${notAuthorizedText(identity, 'ssm:GetParameter', reference.arn, read)}`;
  }
  if (!reference.parameter) return `ParameterNotFound: ${reference.arn}`;
  const keyArn = customerKeyArn(reference);
  if (keyArn !== undefined) {
    const decrypt = instanceMay(doc, identity, 'kms:Decrypt', keyArn);
    if (decrypt !== 'allowed') {
      return `AccessDeniedException: ${notAuthorizedText(identity, 'kms:Decrypt', keyArn, decrypt)}`;
    }
  }
  return undefined;
}

/** The current plain text of a parameter, or undefined when this evaluation cannot open it. */
export function parameterPlaintext(parameter: ParameterState, context: EvaluationContext): string | undefined {
  const version = latestVersion(parameter);
  if (!version) return undefined;
  if (version.text !== undefined) return version.text;
  if (version.seeded !== undefined) return SEEDED_SECRETS[version.seeded];
  if (version.sealed !== undefined && context.readSealed) {
    try {
      return context.readSealed(parameter.name, version.sealed);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
