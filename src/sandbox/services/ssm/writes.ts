/** PutParameter and DeleteParameter. */
import { AwsError } from '../../errors';
import { members, validationException, type JsonAction } from '../../protocols/awsJson';
import { isoSeconds } from '../../protocols/xml';
import { PARAMETER_TYPES, type ParameterType, type ParameterVersionState } from '../../state/ssmState';
import { seal } from './kms';
import { checkName, findParameter, latest, parameterNotFound } from './values';

const DEFAULT_KEY = 'alias/aws/ssm';
const LIMITS = { Standard: 4096, Advanced: 8192 } as const;
const MAX_VERSIONS = 100;

function tierOf(value: string | undefined): 'Standard' | 'Advanced' | undefined {
  if (value === undefined || value === 'Intelligent-Tiering') return undefined;
  if (value === 'Standard' || value === 'Advanced') return value;
  throw validationException(
    `Value '${value}' at 'tier' failed to satisfy constraint: Member must satisfy enum value set: [Advanced, Intelligent-Tiering, Standard]`,
  );
}

function typeOf(value: string | undefined, existing: ParameterType | undefined): ParameterType {
  if (value === undefined) {
    if (existing) return existing;
    throw new AwsError('ValidationException', 'A parameter type is required when you create a parameter.', 400);
  }
  if (!(PARAMETER_TYPES as readonly string[]).includes(value)) {
    throw validationException(
      `Value '${value}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`,
    );
  }
  return value as ParameterType;
}

export const putParameter: JsonAction = (input, context) => {
  const name = members.string(input, 'Name') ?? '';
  checkName(name);
  const value = members.string(input, 'Value');
  if (value === undefined || value === '') {
    throw validationException(`Value null at 'value' failed to satisfy constraint: Member must not be null`);
  }
  const overwrite = members.boolean(input, 'Overwrite') ?? false;
  const description = members.string(input, 'Description');
  const allowedPattern = members.string(input, 'AllowedPattern');
  const requestedTier = tierOf(members.string(input, 'Tier'));
  const requestedKey = members.string(input, 'KeyId');

  return context.store.mutate((draft) => {
    const existing = findParameter(draft, name);
    const previous = existing ? latest(existing) : undefined;
    if (existing && !overwrite) {
      throw new AwsError(
        'ParameterAlreadyExists',
        'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
        400,
      );
    }
    const type = typeOf(members.string(input, 'Type'), previous?.type);
    if (requestedKey !== undefined && type !== 'SecureString') {
      throw new AwsError('ValidationException', 'KeyId is required for SecureString type parameter only.', 400);
    }
    if (previous?.tier === 'Advanced' && requestedTier === 'Standard') {
      throw new AwsError(
        'ValidationException',
        "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.",
        400,
      );
    }
    const tier = requestedTier ?? previous?.tier ?? (value.length > LIMITS.Standard ? 'Advanced' : 'Standard');
    if (value.length > LIMITS[tier]) {
      throw new AwsError(
        'ValidationException',
        tier === 'Standard'
          ? 'Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html'
          : 'Advanced tier parameters support a maximum parameter value of 8192 characters.',
        400,
      );
    }
    const pattern = allowedPattern ?? previous?.allowedPattern;
    if (pattern !== undefined && !new RegExp(`^(?:${pattern})$`).test(value)) {
      throw new AwsError(
        'ParameterPatternMismatch',
        `Parameter value, cannot be validated against allowedPattern: ${pattern}`,
        400,
      );
    }
    if (existing && existing.versions.length >= MAX_VERSIONS) {
      throw new AwsError(
        'ParameterMaxVersionLimitExceeded',
        `You attempted to create a new version of ${name} by calling the PutParameter API with the overwrite flag. Version ${previous!.version}, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.`,
        400,
      );
    }
    const secure = type === 'SecureString';
    const version: ParameterVersionState = {
      version: (previous?.version ?? 0) + 1,
      type,
      ...(secure
        ? { sealed: seal(context.store, name, value), keyId: requestedKey ?? previous?.keyId ?? DEFAULT_KEY }
        : { text: value }),
      tier,
      ...((description ?? previous?.description) !== undefined
        ? { description: description ?? previous?.description }
        : {}),
      ...(pattern !== undefined ? { allowedPattern: pattern } : {}),
      labels: [],
      lastModifiedDate: isoSeconds(context.now()),
      lastModifiedUser: context.principal.arn,
    };
    if (existing) existing.versions.push(version);
    else draft.ssm.parameters.push({ name, versions: [version] });
    return { Version: version.version, Tier: tier };
  });
};

export const deleteParameter: JsonAction = (input, { store }) => {
  const name = members.string(input, 'Name') ?? '';
  store.mutate((draft) => {
    const index = draft.ssm.parameters.findIndex((p) => p.name === name);
    if (index === -1) throw parameterNotFound(name);
    draft.ssm.parameters.splice(index, 1);
  });
  return {};
};
