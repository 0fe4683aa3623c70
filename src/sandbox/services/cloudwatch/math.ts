/**
 * The metric math the console uses: numbers, references to other queries'
 * ids, + - * / and parentheses, e.g. `100*(m5xx/mTotal)`. A series combined
 * with a series keeps the timestamps both have; a division by zero leaves
 * that timestamp out, as CloudWatch drops values that are not finite.
 */
import { invalidValue } from './input';

/** Values by timestamp (epoch ms). */
export type Series = ReadonlyMap<number, number>;
type Value = number | Series;

type Node =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'ref'; readonly id: string }
  | { readonly kind: 'negate'; readonly operand: Node }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/'; readonly left: Node; readonly right: Node };

const TOKEN = /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([a-z][a-zA-Z0-9_]*)|([-+*/()]))/y;
const MAX_EXPRESSION = 2048;

function expressionError(expression: string, detail: string): Error {
  return invalidValue(`Error in expression '${expression}': ${detail}`);
}

function tokenize(expression: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.length) {
    if (/^\s*$/.test(expression.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(expression);
    if (!match) throw expressionError(expression, `Unexpected character at position ${at + 1}.`);
    tokens.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return tokens;
}

/** Parses `expression` (recursive descent: sum of products of unary terms). */
export function parseExpression(expression: string): Node {
  if (expression.length > MAX_EXPRESSION)
    throw invalidValue(`The expression must be at most ${MAX_EXPRESSION} characters long.`);
  const tokens = tokenize(expression);
  let position = 0;
  const peek = (): string | undefined => tokens[position];
  const fail = (detail: string): never => {
    throw expressionError(expression, detail);
  };
  function primary(): Node {
    const token = tokens[position++];
    if (token === undefined) return fail('Unexpected end of expression.');
    if (token === '(') {
      const inner = sum();
      if (tokens[position++] !== ')') fail("Missing ')'.");
      return inner;
    }
    if (token === '-') return { kind: 'negate', operand: primary() };
    if (token === '+') return primary();
    if (/^\d/.test(token)) return { kind: 'number', value: Number(token) };
    if (/^[a-z]/.test(token)) return { kind: 'ref', id: token };
    return fail(`Unexpected '${token}'.`);
  }
  function product(): Node {
    let node = primary();
    for (let op = peek(); op === '*' || op === '/'; op = peek()) {
      position += 1;
      node = { kind: 'binary', op, left: node, right: primary() };
    }
    return node;
  }
  function sum(): Node {
    let node = product();
    for (let op = peek(); op === '+' || op === '-'; op = peek()) {
      position += 1;
      node = { kind: 'binary', op, left: node, right: product() };
    }
    return node;
  }
  const root = sum();
  if (position < tokens.length) fail(`Unexpected '${tokens[position] ?? ''}'.`);
  return root;
}

export function references(node: Node): string[] {
  switch (node.kind) {
    case 'number':
      return [];
    case 'ref':
      return [node.id];
    case 'negate':
      return references(node.operand);
    case 'binary':
      return [...references(node.left), ...references(node.right)];
  }
}

function apply(op: '+' | '-' | '*' | '/', a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
  }
}

function combine(op: '+' | '-' | '*' | '/', left: Value, right: Value): Value {
  if (typeof left === 'number' && typeof right === 'number') return apply(op, left, right);
  const out = new Map<number, number>();
  const keys = typeof left === 'number' ? [...(right as Series).keys()] : [...left.keys()];
  for (const time of keys) {
    const a = typeof left === 'number' ? left : left.get(time);
    const b = typeof right === 'number' ? right : right.get(time);
    if (a === undefined || b === undefined) continue;
    const value = apply(op, a, b);
    if (Number.isFinite(value)) out.set(time, value);
  }
  return out;
}

/** Evaluates a parsed expression; `resolve` gives each referenced query's series. */
export function evaluate(node: Node, resolve: (id: string) => Series): Value {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'ref':
      return resolve(node.id);
    case 'negate':
      return combine('*', -1, evaluate(node.operand, resolve));
    case 'binary':
      return combine(node.op, evaluate(node.left, resolve), evaluate(node.right, resolve));
  }
}

export type { Node as ExpressionNode };
