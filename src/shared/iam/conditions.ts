/**
 * A statement's Condition element against a request context, with three
 * outcomes: true, false, or unknown (a key the context cannot speak for, an
 * operator AWS does not have, a malformed block). The evaluator decides what
 * unknown means for an Allow and for a Deny.
 *
 * AWS's rules, as its reference states them: operators AND together, as do
 * keys within an operator; a key's policy values OR together (and NOR for the
 * Not operators). A key the request lacks makes a positive operator false, a
 * Not operator true, any `...IfExists` form true, ForAllValues true and
 * ForAnyValue false; `Null` tests presence. A single-valued operator on a
 * multivalued key (without ForAnyValue/ForAllValues) matches nothing. Keys are
 * case-insensitive.
 */
import { OPERATORS, parseOperatorName, type Operator, type OperatorName } from './conditionOperators';
import { isRecord } from './policyDocument';
import { plainPieces, resolveTemplate, type MissingKeySink, type Piece } from './policyVariables';
import { lookupKey, type RequestContext } from './requestContext';

export type Tristate = 'true' | 'false' | 'unknown';

export interface ConditionOptions {
  readonly context: RequestContext;
  /** Whether the policy has variables (Version 2012-10-17). */
  readonly variables: boolean;
  /** Told of every key read that the request lacks. */
  readonly onMissing?: MissingKeySink;
}

/** Policy values may be strings, numbers or booleans, alone or in a list; anything else is malformed. */
function policyValues(raw: unknown): string[] | undefined {
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  const out: string[] = [];
  for (const item of list) {
    if (typeof item === 'string') out.push(item);
    else if (typeof item === 'number' || typeof item === 'boolean') out.push(String(item));
    else return undefined;
  }
  return out;
}

/** Each policy value resolved; undefined entries never match (a variable the request lacks). */
type Resolved = { readonly kind: 'values'; readonly values: readonly (readonly Piece[] | undefined)[] } | 'unknown';

function resolveValues(values: readonly string[], operator: Operator, options: ConditionOptions): Resolved {
  const out: (readonly Piece[] | undefined)[] = [];
  for (const value of values) {
    if (!operator.variables) {
      out.push(plainPieces(value));
      continue;
    }
    const resolution = resolveTemplate(value, { ...options, variables: options.variables });
    if (resolution.kind === 'unknown') return 'unknown';
    out.push(resolution.kind === 'resolved' ? resolution.pieces : undefined);
  }
  return { kind: 'values', values: out };
}

/**
 * Whether one request value satisfies the operator: for a positive operator,
 * some policy value matches; for a Not operator, none does and every value
 * could be resolved.
 */
function satisfies(
  operator: Operator,
  requestValue: string,
  values: readonly (readonly Piece[] | undefined)[],
): boolean {
  if (!operator.negated) return values.some((value) => value !== undefined && operator.compare(requestValue, value));
  return values.every((value) => value !== undefined && !operator.compare(requestValue, value));
}

function nullCheck(values: readonly string[], present: boolean): boolean {
  return values.some((value) => value.toLowerCase() === (present ? 'false' : 'true'));
}

function evaluateKey(name: OperatorName, key: string, values: readonly string[], options: ConditionOptions): Tristate {
  const found = lookupKey(options.context, key);
  if (found.kind === 'unknown') return 'unknown';
  if (found.kind === 'absent') options.onMissing?.(key);
  if (name.base === 'null') return nullCheck(values, found.kind === 'present') ? 'true' : 'false';

  const operator = OPERATORS.get(name.base);
  if (!operator) return 'unknown';
  if (found.kind === 'absent') {
    if (name.ifExists || name.qualifier === 'ForAllValues') return 'true';
    if (name.qualifier === 'ForAnyValue') return 'false';
    return operator.negated ? 'true' : 'false';
  }
  const resolved = resolveValues(values, operator, options);
  if (resolved === 'unknown') return 'unknown';
  const requestValues = found.value;
  if (name.qualifier === undefined) {
    if (typeof requestValues !== 'string') return 'false';
    return satisfies(operator, requestValues, resolved.values) ? 'true' : 'false';
  }
  const list = typeof requestValues === 'string' ? [requestValues] : requestValues;
  const each = list.map((value) => satisfies(operator, value, resolved.values));
  const holds = name.qualifier === 'ForAllValues' ? each.every(Boolean) : each.some(Boolean);
  return holds ? 'true' : 'false';
}

function and(results: readonly Tristate[]): Tristate {
  if (results.includes('false')) return 'false';
  return results.includes('unknown') ? 'unknown' : 'true';
}

/** Evaluates a statement's Condition element; a statement without one is unconditionally true. */
export function evaluateCondition(condition: unknown, options: ConditionOptions): Tristate {
  if (condition === undefined) return 'true';
  if (!isRecord(condition)) return 'unknown';
  const results: Tristate[] = [];
  for (const [operatorName, keys] of Object.entries(condition)) {
    const name = parseOperatorName(operatorName);
    if (!name || !isRecord(keys)) return 'unknown';
    for (const [key, raw] of Object.entries(keys)) {
      const values = policyValues(raw);
      results.push(values ? evaluateKey(name, key, values, options) : 'unknown');
    }
  }
  return and(results);
}
