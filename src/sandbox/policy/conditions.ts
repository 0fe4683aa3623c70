/**
 * Condition blocks, evaluated against a request context with three outcomes:
 * true, false, or unknown. Unknown is what the sandbox cannot decide: an
 * operator it does not implement, a key it does not model (aws:SourceIp), a
 * policy variable, a malformed block. The evaluator then errs towards
 * refusing: an Allow whose condition is not proven true grants nothing, and a
 * Deny whose condition is not proven false still applies.
 *
 * AWS semantics kept: operators AND together, as do keys within an operator;
 * a key's policy values OR together (NOR for the negated operators); a key the
 * request lacks makes a positive operator false and a negated one true, and
 * any `...IfExists` operator true; `Null` tests presence. Keys are
 * case-insensitive, operator names are not.
 */
import { wildcardMatches } from './wildcards';

export type Tristate = 'true' | 'false' | 'unknown';

export interface ConditionContext {
  /** Lower-cased key → the request's values for it. */
  readonly values: ReadonlyMap<string, readonly string[]>;
  /**
   * Lower-cased keys whose absence from `values` is a fact about the request
   * (a long-term key has no aws:MultiFactorAuthPresent). Any other missing key
   * is one the sandbox does not model, and conditions on it are unknown.
   */
  readonly known: ReadonlySet<string>;
}

type Lookup =
  | { readonly kind: 'present'; readonly values: readonly string[] }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unknown' };

function lookup(context: ConditionContext | undefined, key: string): Lookup {
  if (!context) return { kind: 'unknown' };
  const lowered = key.toLowerCase();
  const values = context.values.get(lowered);
  if (values !== undefined) return { kind: 'present', values };
  return { kind: context.known.has(lowered) ? 'absent' : 'unknown' };
}

type Comparator = (requestValue: string, policyValue: string) => boolean | undefined;

function asNumber(text: string): number | undefined {
  return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : undefined;
}

/** Dates are ISO 8601 or epoch seconds, as IAM accepts both. */
function asDate(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function numeric(test: (a: number, b: number) => boolean): Comparator {
  return (requestValue, policyValue) => {
    const a = asNumber(requestValue);
    const b = asNumber(policyValue);
    return a === undefined || b === undefined ? undefined : test(a, b);
  };
}

function dated(test: (a: number, b: number) => boolean): Comparator {
  return (requestValue, policyValue) => {
    const a = asDate(requestValue);
    const b = asDate(policyValue);
    return a === undefined || b === undefined ? undefined : test(a, b);
  };
}

function bool(requestValue: string, policyValue: string): boolean | undefined {
  const wanted = policyValue.toLowerCase();
  if (wanted !== 'true' && wanted !== 'false') return undefined;
  return requestValue.toLowerCase() === wanted;
}

interface Operator {
  readonly compare: Comparator;
  /** The NotEquals/NotLike forms: true when no policy value matches, and when the key is absent. */
  readonly negated: boolean;
}

const positive = (compare: Comparator): Operator => ({ compare, negated: false });
const negative = (compare: Comparator): Operator => ({ compare, negated: true });
const exact: Comparator = (a, b) => a === b;
const ignoringCase: Comparator = (a, b) => a.toLowerCase() === b.toLowerCase();
const like: Comparator = (a, b) => wildcardMatches(b, a, false);

const OPERATORS: ReadonlyMap<string, Operator> = new Map([
  ['StringEquals', positive(exact)],
  ['StringNotEquals', negative(exact)],
  ['StringEqualsIgnoreCase', positive(ignoringCase)],
  ['StringNotEqualsIgnoreCase', negative(ignoringCase)],
  ['StringLike', positive(like)],
  ['StringNotLike', negative(like)],
  ['NumericEquals', positive(numeric((a, b) => a === b))],
  ['NumericNotEquals', negative(numeric((a, b) => a === b))],
  ['NumericLessThan', positive(numeric((a, b) => a < b))],
  ['NumericLessThanEquals', positive(numeric((a, b) => a <= b))],
  ['NumericGreaterThan', positive(numeric((a, b) => a > b))],
  ['NumericGreaterThanEquals', positive(numeric((a, b) => a >= b))],
  ['DateEquals', positive(dated((a, b) => a === b))],
  ['DateNotEquals', negative(dated((a, b) => a === b))],
  ['DateLessThan', positive(dated((a, b) => a < b))],
  ['DateLessThanEquals', positive(dated((a, b) => a <= b))],
  ['DateGreaterThan', positive(dated((a, b) => a > b))],
  ['DateGreaterThanEquals', positive(dated((a, b) => a >= b))],
  ['Bool', positive(bool)],
  // ArnEquals matches wildcards exactly as ArnLike does, in AWS too.
  ['ArnEquals', positive(like)],
  ['ArnLike', positive(like)],
  ['ArnNotEquals', negative(like)],
  ['ArnNotLike', negative(like)],
]);

/** Policy values may be strings, numbers or booleans, alone or in a list; anything else is malformed. */
function policyValues(raw: unknown): readonly string[] | undefined {
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  const out: string[] = [];
  for (const item of list) {
    if (typeof item === 'string') {
      // Policy variables (${aws:username}) are not substituted, so a value holding one cannot be compared.
      if (item.includes('${')) return undefined;
      out.push(item);
    } else if (typeof item === 'number' || typeof item === 'boolean') out.push(String(item));
    else return undefined;
  }
  return out.length > 0 ? out : undefined;
}

function and(results: readonly Tristate[]): Tristate {
  if (results.includes('false')) return 'false';
  return results.includes('unknown') ? 'unknown' : 'true';
}

/** Whether one request value matches any policy value; undefined when a comparison cannot be made. */
function anyMatches(operator: Operator, requestValue: string, wanted: readonly string[]): boolean | undefined {
  let undecided = false;
  for (const value of wanted) {
    const result = operator.compare(requestValue, value);
    if (result === true) return true;
    if (result === undefined) undecided = true;
  }
  return undecided ? undefined : false;
}

function fromBoolean(value: boolean | undefined): Tristate {
  return value === undefined ? 'unknown' : value ? 'true' : 'false';
}

function evaluateKey(name: string, key: string, rawValues: unknown, context: ConditionContext | undefined): Tristate {
  const wanted = policyValues(rawValues);
  if (!wanted) return 'unknown';
  const found = lookup(context, key);
  if (found.kind === 'unknown') return 'unknown';

  if (name === 'Null') {
    const expectAbsent = bool('true', wanted[0] ?? '');
    if (expectAbsent === undefined || wanted.length !== 1) return 'unknown';
    return fromBoolean(expectAbsent === (found.kind === 'absent'));
  }

  const colon = name.indexOf(':');
  const qualifier = colon > 0 ? name.slice(0, colon) : undefined;
  if (qualifier !== undefined && qualifier !== 'ForAnyValue' && qualifier !== 'ForAllValues') return 'unknown';
  const bare = colon > 0 ? name.slice(colon + 1) : name;
  const ifExists = bare.endsWith('IfExists');
  const operator = OPERATORS.get(ifExists ? bare.slice(0, -'IfExists'.length) : bare);
  if (!operator) return 'unknown';

  if (found.kind === 'absent') {
    // ForAllValues is vacuously true over no values; ForAnyValue has nothing to match.
    if (ifExists || qualifier === 'ForAllValues') return 'true';
    if (qualifier === 'ForAnyValue') return 'false';
    return operator.negated ? 'true' : 'false';
  }
  const perValue = found.values.map((value) => {
    const matched = anyMatches(operator, value, wanted);
    return matched === undefined ? undefined : operator.negated ? !matched : matched;
  });
  if (perValue.includes(undefined)) return 'unknown';
  if (qualifier === 'ForAllValues') return fromBoolean(perValue.every(Boolean));
  return fromBoolean(perValue.some(Boolean));
}

/** Evaluates a statement's Condition element; a statement without one is unconditionally true. */
export function evaluateCondition(condition: unknown, context: ConditionContext | undefined): Tristate {
  if (condition === undefined) return 'true';
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return 'unknown';
  const results: Tristate[] = [];
  for (const [name, keys] of Object.entries(condition)) {
    if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) return 'unknown';
    for (const [key, values] of Object.entries(keys as Record<string, unknown>)) {
      results.push(evaluateKey(name, key, values, context));
    }
  }
  return results.length === 0 ? 'unknown' : and(results);
}
