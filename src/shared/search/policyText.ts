/**
 * Reading and checking access-policy text: JSON syntax errors with a line and
 * column a person can find, the shape IAM policy documents must have, pretty
 * printing, and semantic equality. Pure, so main and renderer share it.
 */
import { findJsonSyntaxError } from './jsonSyntax';

export type JsonObject = Record<string, unknown>;

export type PolicyCheck = { ok: true; document: JsonObject; pretty: string } | { ok: false; problems: string[] };

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string or list of strings, as policy elements may be written either way. */
export function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

export function statementsOf(document: JsonObject): unknown[] {
  const statement = document['Statement'];
  if (statement === undefined) return [];
  return Array.isArray(statement) ? statement : [statement];
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/** JSON.parse with a message that says where, located by our own scanner so every engine says the same. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const error = findJsonSyntaxError(text);
  if (error) {
    const where = lineColumn(text, error.offset);
    return { ok: false, message: `JSON syntax error at line ${where.line}, column ${where.column}: ${error.message}.` };
  }
  return { ok: true, value: JSON.parse(text) as unknown };
}

const VERSIONS = ['2012-10-17', '2008-10-17'];

function stringOrStrings(value: unknown): boolean {
  return (
    typeof value === 'string' || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'))
  );
}

/** The shape problems of one statement, each naming the statement by number (1-based) and Sid. */
function statementProblems(statement: unknown, n: number): string[] {
  if (!isObject(statement)) return [`Statement ${n} must be an object.`];
  const sid = typeof statement['Sid'] === 'string' && statement['Sid'] !== '' ? ` (${statement['Sid']})` : '';
  const name = `Statement ${n}${sid}`;
  const problems: string[] = [];
  const effect = statement['Effect'];
  if (effect !== 'Allow' && effect !== 'Deny') {
    problems.push(`${name}: Effect must be "Allow" or "Deny"${effect === undefined ? ', and is missing' : ''}.`);
  }
  const hasAction = statement['Action'] !== undefined;
  const hasNotAction = statement['NotAction'] !== undefined;
  if (hasAction === hasNotAction) problems.push(`${name}: needs exactly one of Action or NotAction.`);
  else if (!stringOrStrings(statement[hasAction ? 'Action' : 'NotAction'])) {
    problems.push(`${name}: ${hasAction ? 'Action' : 'NotAction'} must be a string or a list of strings.`);
  }
  const hasResource = statement['Resource'] !== undefined;
  const hasNotResource = statement['NotResource'] !== undefined;
  if (hasResource === hasNotResource) problems.push(`${name}: needs exactly one of Resource or NotResource.`);
  else if (!stringOrStrings(statement[hasResource ? 'Resource' : 'NotResource'])) {
    problems.push(`${name}: ${hasResource ? 'Resource' : 'NotResource'} must be a string or a list of strings.`);
  }
  const condition = statement['Condition'];
  if (condition !== undefined && !isObject(condition)) problems.push(`${name}: Condition must be an object.`);
  return problems;
}

/** Everything wrong with a policy text, or the parsed document and its pretty form. */
export function checkPolicyText(text: string): PolicyCheck {
  if (text.trim() === '') return { ok: false, problems: ['The policy is empty.'] };
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, problems: [parsed.message] };
  const document = parsed.value;
  if (!isObject(document)) return { ok: false, problems: ['The policy must be a JSON object ({ … }).'] };
  const problems: string[] = [];
  const version = document['Version'];
  if (version !== undefined && (typeof version !== 'string' || !VERSIONS.includes(version))) {
    problems.push(`Version must be "2012-10-17" (or the older "2008-10-17"), not ${JSON.stringify(version)}.`);
  }
  const statement = document['Statement'];
  if (statement === undefined) problems.push('The policy has no Statement.');
  else if (!isObject(statement) && !Array.isArray(statement)) {
    problems.push('Statement must be an object or a list of objects.');
  } else {
    statementsOf(document).forEach((s, i) => problems.push(...statementProblems(s, i + 1)));
  }
  return problems.length ? { ok: false, problems } : { ok: true, document, pretty: prettyPolicy(document) };
}

/** The document on one line, as a shell command passes it; text that does not parse is kept as it is. */
export function oneLinePolicy(text: string): string {
  const parsed = parseJson(text);
  return parsed.ok ? JSON.stringify(parsed.value) : text;
}

export function prettyPolicy(document: unknown): string {
  return JSON.stringify(document, null, 2);
}

/** The text shown for a stored policy: pretty when it parses, as stored when it does not, so nothing is hidden. */
export function prettyPolicyText(text: string): string {
  if (text.trim() === '') return '';
  const parsed = parseJson(text);
  return parsed.ok ? prettyPolicy(parsed.value) : text;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical(value[k])]),
    );
  }
  return value;
}

/** Equal as documents: key order and whitespace do not matter; list order does, as it may to a reader. */
export function samePolicy(a: string, b: string): boolean {
  if (a.trim() === '' || b.trim() === '') return a.trim() === b.trim();
  const pa = parseJson(a);
  const pb = parseJson(b);
  if (!pa.ok || !pb.ok) return a === b;
  return JSON.stringify(canonical(pa.value)) === JSON.stringify(canonical(pb.value));
}
