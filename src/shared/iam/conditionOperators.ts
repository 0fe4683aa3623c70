/**
 * The Condition operators, each as a comparison of one request value with one
 * policy value. The operator names and their meaning follow AWS's reference
 * (IAM JSON policy elements: Condition operators). How values combine (any
 * policy value, every request value, absent keys, IfExists, Null) is
 * conditions.ts's business.
 */
import { blockContains, parseAddress, parseCidr } from './ipAddress';
import { piecesText, type Piece } from './policyVariables';
import { arnPiecesMatch, piecesMatch } from './wildcards';

export interface Operator {
  /** One request value against one policy value (already split at wildcards, variables substituted). */
  readonly compare: (requestValue: string, policyValue: readonly Piece[]) => boolean;
  /** The Not forms: the key's condition holds when no policy value matches. */
  readonly negated: boolean;
  /** Whether policy variables are substituted in the policy values. */
  readonly variables: boolean;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function asNumber(text: string): number | undefined {
  return NUMBER.test(text.trim()) ? Number(text) : undefined;
}

/** Dates are ISO 8601 or epoch seconds, as IAM accepts both. */
function asDate(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^-?\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : ms;
}

function numeric(test: (request: number, policy: number) => boolean): Operator['compare'] {
  return (requestValue, policyValue) => {
    const request = asNumber(requestValue);
    const policy = asNumber(piecesText(policyValue));
    return request !== undefined && policy !== undefined && test(request, policy);
  };
}

function dated(test: (request: number, policy: number) => boolean): Operator['compare'] {
  return (requestValue, policyValue) => {
    const request = asDate(requestValue);
    const policy = asDate(piecesText(policyValue));
    return request !== undefined && policy !== undefined && test(request, policy);
  };
}

const exact: Operator['compare'] = (request, policy) => request === piecesText(policy);
const ignoringCase: Operator['compare'] = (request, policy) =>
  request.toLowerCase() === piecesText(policy).toLowerCase();
const like: Operator['compare'] = (request, policy) => piecesMatch(policy, request, false);
const arnLike: Operator['compare'] = (request, policy) => arnPiecesMatch(policy, request);

/** Both sides must read as booleans; anything else matches neither true nor false. */
const bool: Operator['compare'] = (request, policy) => {
  const wanted = piecesText(policy).toLowerCase();
  const actual = request.toLowerCase();
  const valid = (text: string) => text === 'true' || text === 'false';
  return valid(wanted) && valid(actual) && wanted === actual;
};

/** Binary values are compared as the base64 text both sides carry. */
const binary: Operator['compare'] = (request, policy) => request === piecesText(policy);

const inRange: Operator['compare'] = (request, policy) => {
  const address = parseAddress(request);
  const block = parseCidr(piecesText(policy));
  return address !== undefined && block !== undefined && blockContains(block, address);
};

const op = (compare: Operator['compare'], negated = false, variables = false): Operator => ({
  compare,
  negated,
  variables,
});

/** The orderings Numeric* and Date* share: `NumericLessThan`, `DateLessThan`, … */
const ORDERINGS: Readonly<Record<string, (request: number, policy: number) => boolean>> = {
  Equals: (a, b) => a === b,
  LessThan: (a, b) => a < b,
  LessThanEquals: (a, b) => a <= b,
  GreaterThan: (a, b) => a > b,
  GreaterThanEquals: (a, b) => a >= b,
};

function orderedFamily(prefix: 'Numeric' | 'Date', compare: typeof numeric): Array<[string, Operator]> {
  return [
    ...Object.entries(ORDERINGS).map(([suffix, test]): [string, Operator] => [`${prefix}${suffix}`, op(compare(test))]),
    [`${prefix}NotEquals`, op(compare(ORDERINGS['Equals']!), true)],
  ];
}

/** Keyed by lower-cased name: AWS accepts operator names in any case. */
export const OPERATORS: ReadonlyMap<string, Operator> = new Map(
  [
    ...Object.entries({
      StringEquals: op(exact, false, true),
      StringNotEquals: op(exact, true, true),
      StringEqualsIgnoreCase: op(ignoringCase, false, true),
      StringNotEqualsIgnoreCase: op(ignoringCase, true, true),
      StringLike: op(like, false, true),
      StringNotLike: op(like, true, true),
      Bool: op(bool, false, true),
      BinaryEquals: op(binary),
      IpAddress: op(inRange),
      NotIpAddress: op(inRange, true),
      // ArnEquals matches wildcards exactly as ArnLike does, in AWS too.
      ArnEquals: op(arnLike, false, true),
      ArnLike: op(arnLike, false, true),
      ArnNotEquals: op(arnLike, true, true),
      ArnNotLike: op(arnLike, true, true),
    }),
    ...orderedFamily('Numeric', numeric),
    ...orderedFamily('Date', dated),
  ].map(([name, operator]) => [name.toLowerCase(), operator]),
);

export interface OperatorName {
  readonly qualifier: 'ForAnyValue' | 'ForAllValues' | undefined;
  /** `Null`, or a key of OPERATORS. */
  readonly base: string;
  readonly ifExists: boolean;
}

/** Splits `ForAllValues:StringLikeIfExists`; undefined for a qualifier or operator AWS does not have. */
export function parseOperatorName(name: string): OperatorName | undefined {
  const colon = name.indexOf(':');
  const rawQualifier = colon === -1 ? undefined : name.slice(0, colon).toLowerCase();
  const qualifier =
    rawQualifier === undefined
      ? undefined
      : rawQualifier === 'foranyvalue'
        ? 'ForAnyValue'
        : rawQualifier === 'forallvalues'
          ? 'ForAllValues'
          : null;
  if (qualifier === null) return undefined;
  let base = name.slice(colon + 1).toLowerCase();
  const ifExists = base.endsWith('ifexists');
  if (ifExists) base = base.slice(0, -'ifexists'.length);
  if (base === 'null') return ifExists || qualifier ? undefined : { qualifier, base, ifExists };
  return OPERATORS.has(base) ? { qualifier, base, ifExists } : undefined;
}
