/**
 * The inputs SimulatePrincipalPolicy and SimulateCustomPolicy share: the
 * extra policies, the boundary, the resource policy and its owner, the caller,
 * and ContextEntries, which are the whole request context of a simulation:
 * AWS's simulator fills in nothing itself, so a key the entries do not give is
 * absent, and reported in MissingContextValues when a statement reads it.
 */
import type { ContextValue, RequestContext } from '../../../shared/iam/requestContext';
import { parseAddress } from '../../../shared/iam/ipAddress';
import type { ResourcePolicy } from '../../../shared/iam/evaluation';
import type { PolicyInput } from '../../../shared/iam/statements';
import { AwsError, invalidInput } from '../../errors';
import type { QueryParams } from '../../protocols/queryParams';
import { policyDocumentRule } from './rules';
import { requirePolicyDocument } from './documents';

const CONTEXT_KEY_TYPES = [
  'string',
  'stringList',
  'numeric',
  'numericList',
  'boolean',
  'booleanList',
  'ip',
  'ipList',
  'binary',
  'binaryList',
  'date',
  'dateList',
] as const;
type ContextKeyType = (typeof CONTEXT_KEY_TYPES)[number];

const VALUE_CHECKS: Readonly<Record<string, (value: string) => boolean>> = {
  numeric: (value) => /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value.trim()),
  boolean: (value) => /^(true|false)$/i.test(value),
  ip: (value) => parseAddress(value) !== undefined,
  date: (value) => /^\d+$/.test(value) || !Number.isNaN(Date.parse(value)),
};

/** `ContextEntries.member.N.Field`, where a field may itself be a list (`ContextKeyValues.member.M`). */
function contextEntries(params: QueryParams): Map<string, string>[] {
  const entries = new Map<number, Map<string, string>>();
  for (const name of params.names()) {
    const match = /^ContextEntries\.member\.(\d+)\.(.+)$/.exec(name);
    const value = params.raw(name);
    if (!match || value === undefined) continue;
    const index = Number(match[1]);
    const entry = entries.get(index) ?? new Map<string, string>();
    entry.set(match[2] ?? '', value);
    entries.set(index, entry);
  }
  return [...entries.entries()].sort((a, b) => a[0] - b[0]).map(([, entry]) => entry);
}

function contextKeyValues(entry: ReadonlyMap<string, string>): string[] {
  return [...entry.entries()]
    .flatMap(([field, value]): Array<[number, string]> => {
      const match = /^ContextKeyValues\.member\.(\d+)$/.exec(field);
      return match ? [[Number(match[1]), value]] : [];
    })
    .sort((a, b) => a[0] - b[0])
    .map(([, value]) => value);
}

/** ContextEntries as a complete request context. */
export function readContextEntries(params: QueryParams): RequestContext {
  const values = new Map<string, ContextValue>();
  for (const entry of contextEntries(params)) {
    const name = entry.get('ContextKeyName');
    const type = entry.get('ContextKeyType') as ContextKeyType | undefined;
    if (name === undefined || name.length < 5 || name.length > 256) {
      throw invalidInput('Each context entry needs a ContextKeyName of 5 to 256 characters.');
    }
    if (type === undefined || !CONTEXT_KEY_TYPES.includes(type)) {
      throw new AwsError(
        'ValidationError',
        `1 validation error detected: Value '${type ?? 'null'}' at 'contextEntries.member.contextKeyType' failed to satisfy constraint: Member must satisfy enum value set: [${CONTEXT_KEY_TYPES.join(', ')}]`,
        400,
      );
    }
    const list = contextKeyValues(entry);
    const scalar = type.replace(/List$/, '');
    const check = VALUE_CHECKS[scalar];
    const bad = check ? list.find((value) => !check(value)) : undefined;
    if (bad !== undefined)
      throw invalidInput(`The context key ${name} has a value that is not a valid ${scalar}: ${bad}.`);
    if (!type.endsWith('List') && list.length !== 1) {
      throw invalidInput(
        `The context key ${name} of type ${type} takes exactly one value; use ${type}List for several.`,
      );
    }
    values.set(name.toLowerCase(), type.endsWith('List') ? list : (list[0] ?? ''));
  }
  return { values, absent: 'all' };
}

/** A list of policy documents, each validated, named as AWS names them (`PolicyInputList.1`). */
export function readPolicyList(params: QueryParams, member: string): PolicyInput[] {
  return params.stringList(member).map((document, index) => {
    if (document.length > (policyDocumentRule.max ?? Infinity))
      throw invalidInput(`${member}.${index + 1} is too long.`);
    return { id: `${member}.${index + 1}`, document: requirePolicyDocument(document) };
  });
}

const ACCOUNT_OF_ARN = /^arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:(\d{12}):/;

/** The account that owns the simulated resources: ResourceOwner (`arn:aws:iam::ACCOUNT:root`), else undefined. */
export function readResourceOwner(params: QueryParams): string | undefined {
  const owner = params.string('ResourceOwner', { min: 1, max: 2048 });
  if (owner === undefined) return undefined;
  const account = ACCOUNT_OF_ARN.exec(owner)?.[1];
  if (account === undefined) throw invalidInput(`Invalid ResourceOwner: ${owner}.`);
  return account;
}

export function readResourcePolicy(params: QueryParams, action: string): ResourcePolicy | undefined {
  const document = params.string('ResourcePolicy', policyDocumentRule);
  if (document === undefined) return undefined;
  return {
    policy: { id: 'ResourcePolicy', document: requirePolicyDocument(document) },
    // For sts:AssumeRole the resource policy is the role's trust policy, which must name the caller or its account.
    kind: action.toLowerCase().startsWith('sts:assumerole') ? 'trust' : 'resource',
  };
}

/** CallerArn: only an IAM user may be named, as AWS allows. */
export function readCallerArn(params: QueryParams): string | undefined {
  const caller = params.string('CallerArn', { min: 1, max: 2048 });
  if (caller !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:user\/.+$/.test(caller)) {
    throw invalidInput(`Invalid CallerArn: ${caller}. Only the ARN of an IAM user can be the caller.`);
  }
  return caller;
}

export function accountOfArn(arn: string): string | undefined {
  return ACCOUNT_OF_ARN.exec(arn)?.[1];
}
