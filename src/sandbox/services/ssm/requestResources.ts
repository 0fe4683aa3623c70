/**
 * The parameters an SSM request acts on, so a policy scoped to
 * `arn:aws:ssm:us-east-1:123456789012:parameter/app/*` reads exactly that
 * subtree. GetParameters needs every name allowed; GetParametersByPath is
 * judged on the path itself, as AWS judges it.
 */
import type { JsonObject } from '../../protocols/awsJson';
import type { RequestResources } from '../../protocols/awsQuery';
import { arnOf } from './values';

/** `name`, `name:3` or `name:label` (a selector), or a parameter ARN. */
function parameterArn(region: string, accountId: string, name: string): string {
  if (name.startsWith('arn:')) return name;
  const selector = name.indexOf(':');
  return arnOf(region, accountId, selector === -1 ? name : name.slice(0, selector));
}

function strings(value: unknown): string[] {
  if (typeof value === 'string' && value !== '') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item !== '') : [];
}

export const ssmRequestResources: RequestResources<JsonObject> = (operation, input, { store, region }) => {
  const accountId = store.document.account.id;
  const names =
    operation === 'GetParametersByPath'
      ? strings(input['Path'])
      : [...strings(input['Name']), ...strings(input['Names'])];
  return names.length === 0 ? undefined : names.map((name) => parameterArn(region, accountId, name));
};
