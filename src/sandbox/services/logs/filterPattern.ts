/**
 * CloudWatch Logs filter patterns for unstructured text: `ERROR` (every term
 * must appear), `"Connection refused"` (a quoted phrase is one term),
 * `?ERROR ?WARN` (any of these) and `-healthcheck` (none of these). Matching
 * is case-sensitive, as in CloudWatch. JSON (`{ $.x = 1 }`) and
 * space-delimited (`[ip, ...]`) patterns are refused with a clear message.
 */
import { AwsError } from '../../errors';

export type LogMatcher = (message: string) => boolean;

const TERM = /([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g;

export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message, 400);
}

export function compileFilterPattern(pattern: string | undefined): LogMatcher {
  const text = (pattern ?? '').trim();
  if (text === '') return () => true;
  if (text.startsWith('{') || text.startsWith('[')) {
    throw invalidParameter(
      'Invalid filter pattern: the Trellis sandbox matches plain terms, "quoted phrases", ?any-of and -excluded terms; JSON and space-delimited patterns are not supported.',
    );
  }
  const required: string[] = [];
  const anyOf: string[] = [];
  const excluded: string[] = [];
  for (const match of text.matchAll(TERM)) {
    const term = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
    if (term === '') continue;
    if (match[1] === '?') anyOf.push(term);
    else if (match[1] === '-') excluded.push(term);
    else required.push(term);
  }
  return (message) =>
    required.every((term) => message.includes(term)) &&
    (anyOf.length === 0 || anyOf.some((term) => message.includes(term))) &&
    !excluded.some((term) => message.includes(term));
}
