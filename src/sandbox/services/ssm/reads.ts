/** The read operations: GetParameter(s), GetParametersByPath, DescribeParameters, GetParameterHistory. */
import { AwsError } from '../../errors';
import { members, validationException, type JsonAction, type JsonObject } from '../../protocols/awsJson';
import type { ParameterState } from '../../state/ssmState';
import { authorizeDecrypt } from './keys';
import { findParameter, metadataShape, resolveSelector, valueShape, wireValue, epochSeconds } from './values';

interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

/** The token names the last item returned, so a page stays right when parameters come and go between calls. */
function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  limit: number,
  token: string | undefined,
): Page<T> {
  let start = 0;
  if (token !== undefined) {
    const after = Buffer.from(token, 'base64url').toString('utf8');
    if (after === '' || Buffer.from(after, 'utf8').toString('base64url') !== token) {
      throw new AwsError('InvalidNextToken', "The specified token isn't valid.", 400);
    }
    // Items are in key order: the first key past the token, by halving.
    let low = 0;
    let high = items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (keyOf(items[mid] as T) > after) high = mid;
      else low = mid + 1;
    }
    start = low;
  }
  const page = items.slice(start, start + limit);
  const last = page[page.length - 1];
  return start + limit < items.length && last !== undefined
    ? { items: page, nextToken: Buffer.from(keyOf(last), 'utf8').toString('base64url') }
    : { items: page };
}

function maxResults(input: JsonObject, fallback: number, max: number): number {
  const value = members.number(input, 'MaxResults');
  if (value === undefined) return fallback;
  if (value < 1 || value > max) {
    throw validationException(
      `Value '${value}' at 'maxResults' failed to satisfy constraint: Member must have value ${value < 1 ? 'greater than or equal to 1' : `less than or equal to ${max}`}`,
    );
  }
  return value;
}

function requiredString(input: JsonObject, key: string, wire: string): string {
  const value = members.string(input, key);
  if (value === undefined || value === '') {
    throw validationException(`Value null at '${wire}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

/**
 * Sorted once per state version: the store never changes an array in place
 * (every write makes a new one), so the array itself is a safe key, and a
 * 400-page listing of 20,000 parameters sorts once rather than 400 times.
 */
const sortedOnce = new WeakMap<readonly ParameterState[], readonly ParameterState[]>();

function sorted(parameters: readonly ParameterState[]): readonly ParameterState[] {
  let out = sortedOnce.get(parameters);
  if (!out) {
    out = [...parameters].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    sortedOnce.set(parameters, out);
  }
  return out;
}

/** Whether `name` lies under `path` ('/a/b'), directly or (recursive) at any depth. */
export function underPath(name: string, path: string, recursive: boolean): boolean {
  const prefix = path.endsWith('/') ? path : `${path}/`;
  if (path === '/') return name.startsWith('/') && (recursive || !name.slice(1).includes('/'));
  if (!name.startsWith(prefix)) return false;
  return recursive || !name.slice(prefix.length).includes('/');
}

function checkPath(path: string): void {
  if (!path.startsWith('/') || !/^[a-zA-Z0-9_.\-/]+$/.test(path)) {
    throw new AwsError(
      'ValidationException',
      'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/". It can\'t be prefixed with "aws" or "ssm" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.',
      400,
    );
  }
}

export const getParameter: JsonAction = (input, context) => {
  const { store, region, principal } = context;
  const found = resolveSelector(store.document, requiredString(input, 'Name', 'name'));
  const decrypt = members.boolean(input, 'WithDecryption') ?? false;
  if (decrypt) authorizeDecrypt(context, found.version);
  const shape = valueShape(store, region, principal.accountId, found.parameter, found.version, decrypt);
  return { Parameter: found.selector ? { ...shape, Selector: found.selector } : shape };
};

export const getParameters: JsonAction = (input, context) => {
  const { store, region, principal } = context;
  const names = (members.array(input, 'Names') ?? []).map(String);
  if (names.length < 1 || names.length > 10) {
    throw validationException(
      `Value '[${names.join(', ')}]' at 'names' failed to satisfy constraint: Member must have length ${names.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 10'}`,
    );
  }
  const decrypt = members.boolean(input, 'WithDecryption') ?? false;
  const parameters: JsonObject[] = [];
  const invalid: string[] = [];
  for (const name of new Set(names)) {
    try {
      const found = resolveSelector(store.document, name);
      // A refused decryption fails the whole call, as it does in AWS; only unknown names become InvalidParameters.
      if (decrypt) authorizeDecrypt(context, found.version);
      parameters.push(valueShape(store, region, principal.accountId, found.parameter, found.version, decrypt));
    } catch (error: unknown) {
      if (!(error instanceof AwsError) || error.code === 'AccessDeniedException') throw error;
      invalid.push(name);
    }
  }
  return { Parameters: parameters, InvalidParameters: invalid };
};

export const getParametersByPath: JsonAction = (input, context) => {
  const { store, region, principal } = context;
  const path = requiredString(input, 'Path', 'path');
  checkPath(path);
  const recursive = members.boolean(input, 'Recursive') ?? false;
  const decrypt = members.boolean(input, 'WithDecryption') ?? false;
  const limit = maxResults(input, 10, 10);
  const matching = sorted(store.document.ssm.parameters).filter((p) => underPath(p.name, path, recursive));
  const page = paginate(matching, (p) => p.name, limit, members.string(input, 'NextToken'));
  if (decrypt) for (const p of page.items) authorizeDecrypt(context, p.versions[p.versions.length - 1]!);
  return {
    Parameters: page.items.map((p) =>
      valueShape(store, region, principal.accountId, p, p.versions[p.versions.length - 1]!, decrypt),
    ),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
};

type Filter = (parameter: ParameterState) => boolean;

function parameterFilter(raw: unknown): Filter {
  const filter = (typeof raw === 'object' && raw !== null ? raw : {}) as JsonObject;
  const key = members.string(filter, 'Key');
  const option = members.string(filter, 'Option');
  const values = (members.array(filter, 'Values') ?? []).map(String);
  const typeOf = (p: ParameterState) => p.versions[p.versions.length - 1]!.type;
  switch (key) {
    case 'Path': {
      if (option !== undefined && option !== 'Recursive' && option !== 'OneLevel') {
        throw new AwsError(
          'InvalidFilterOption',
          `The option ${option} is not valid for the filter key Path. Valid options include: [Recursive, OneLevel].`,
          400,
        );
      }
      for (const value of values) checkPath(value);
      return (p) => values.some((path) => underPath(p.name, path, option === 'Recursive'));
    }
    case 'Name': {
      const begins = option === 'BeginsWith';
      if (option !== undefined && option !== 'BeginsWith' && option !== 'Equals') {
        throw new AwsError(
          'InvalidFilterOption',
          `The option ${option} is not valid for the filter key Name. Valid options include: [BeginsWith, Equals].`,
          400,
        );
      }
      // AWS matches Name filters with or without the leading slash.
      const norm = (n: string) => (n.startsWith('/') ? n : `/${n}`);
      return (p) => values.some((v) => (begins ? norm(p.name).startsWith(norm(v)) : norm(p.name) === norm(v)));
    }
    case 'Type':
      return (p) => values.includes(typeOf(p));
    case 'KeyId':
      return (p) => values.includes(p.versions[p.versions.length - 1]!.keyId ?? '');
    default:
      throw new AwsError(
        'InvalidFilterKey',
        `The filter key ${key ?? '(none)'} is not valid. Use Path, Name, Type or KeyId.`,
        400,
      );
  }
}

export const describeParameters: JsonAction = (input, { store, region, principal }) => {
  const limit = maxResults(input, 10, 50);
  const filters = (members.array(input, 'ParameterFilters') ?? []).map(parameterFilter);
  const matching = sorted(store.document.ssm.parameters).filter((p) => filters.every((f) => f(p)));
  const page = paginate(matching, (p) => p.name, limit, members.string(input, 'NextToken'));
  return {
    Parameters: page.items.map((p) => metadataShape(region, principal.accountId, p)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
};

export const getParameterHistory: JsonAction = (input, context) => {
  const { store } = context;
  const name = requiredString(input, 'Name', 'name');
  const parameter = findParameter(store.document, name);
  if (!parameter) throw new AwsError('ParameterNotFound', `Parameter ${name} not found.`, 400);
  const decrypt = members.boolean(input, 'WithDecryption') ?? false;
  const limit = maxResults(input, 50, 50);
  const page = paginate(
    parameter.versions,
    (v) => String(v.version).padStart(12, '0'),
    limit,
    members.string(input, 'NextToken'),
  );
  if (decrypt) for (const v of page.items) authorizeDecrypt(context, v);
  return {
    Parameters: page.items.map((v) => ({
      Name: parameter.name,
      Type: v.type,
      ...(v.keyId ? { KeyId: v.keyId } : {}),
      LastModifiedDate: epochSeconds(v.lastModifiedDate),
      LastModifiedUser: v.lastModifiedUser,
      ...(v.description ? { Description: v.description } : {}),
      Value: wireValue(store, parameter.name, v, decrypt),
      ...(v.allowedPattern ? { AllowedPattern: v.allowedPattern } : {}),
      Version: v.version,
      Labels: v.labels,
      Tier: v.tier,
      Policies: [],
      DataType: 'text',
    })),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
};
