/**
 * Policy variables: `${aws:username}`, `${aws:PrincipalTag/team}`, with an
 * optional default (`${aws:username, 'nobody'}`), in the Resource element and
 * in string and ARN condition values. `${*}`, `${?}` and `${$}` stand for a
 * literal `*`, `?` and `$`, which a bare `*` or `?` (a wildcard) cannot.
 *
 * Only a policy whose Version is 2012-10-17 has variables; in an older one
 * `${…}` is plain text, as AWS reads it. A variable whose key the request
 * lacks (and that has no default), or whose key is multivalued, makes the
 * value unmatchable: AWS documents that such an element or condition never
 * matches.
 */
import { lookupKey, type RequestContext } from './requestContext';

/** Literal text, or one of the two wildcards written bare in the policy. */
export type Piece = { readonly text: string } | { readonly wildcard: '*' | '?' };

export type Resolution =
  | { readonly kind: 'resolved'; readonly pieces: readonly Piece[] }
  /** A variable's key is absent from the request: the value matches nothing. */
  | { readonly kind: 'unmatchable' }
  /** A variable's key is unknown to whoever built the context. */
  | { readonly kind: 'unknown' };

/** Told of every variable key read that the request lacks, for the simulator's MissingContextValues. */
export type MissingKeySink = (key: string) => void;

const ESCAPES: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' };
const DEFAULT_VALUE = /^(.*?),\s*'(.*)'$/s;

export interface TemplateOptions {
  readonly variables: boolean;
  readonly context: RequestContext;
  readonly onMissing?: MissingKeySink;
}

function resolveVariable(inner: string, options: TemplateOptions): Resolution | string {
  const escaped = ESCAPES[inner];
  if (escaped !== undefined) return escaped;
  const withDefault = DEFAULT_VALUE.exec(inner);
  const key = (withDefault?.[1] ?? inner).trim();
  const fallback = withDefault?.[2];
  const found = lookupKey(options.context, key);
  if (found.kind === 'present') {
    return typeof found.value === 'string' ? found.value : { kind: 'unmatchable' };
  }
  if (found.kind === 'unknown') return { kind: 'unknown' };
  options.onMissing?.(key);
  return fallback ?? { kind: 'unmatchable' };
}

/** Splits a policy string into literal text and wildcards, substituting variables. */
export function resolveTemplate(template: string, options: TemplateOptions): Resolution {
  const pieces: Piece[] = [];
  let text = '';
  let blocked: Resolution | undefined;
  for (let i = 0; i < template.length; i += 1) {
    const char = template[i] ?? '';
    if (char === '$' && template[i + 1] === '{' && options.variables) {
      const end = template.indexOf('}', i + 2);
      if (end !== -1) {
        const value = resolveVariable(template.slice(i + 2, end), options);
        if (typeof value === 'string') text += value;
        // Read every variable even after one fails, so each missing key is reported.
        else if (blocked?.kind !== 'unknown') blocked = value;
        i = end;
        continue;
      }
    }
    if (char === '*' || char === '?') {
      if (text) pieces.push({ text });
      text = '';
      pieces.push({ wildcard: char });
    } else text += char;
  }
  if (blocked) return blocked;
  if (text) pieces.push({ text });
  return { kind: 'resolved', pieces };
}

/** The value as exact text: a bare `*` or `?` is just that character to StringEquals. */
export function piecesText(pieces: readonly Piece[]): string {
  return pieces.map((piece) => ('text' in piece ? piece.text : piece.wildcard)).join('');
}

/** True when the pieces are a lone `*`, which matches anything. */
export function isLoneStar(pieces: readonly Piece[]): boolean {
  const [only] = pieces;
  return pieces.length === 1 && only !== undefined && 'wildcard' in only && only.wildcard === '*';
}

const NO_REQUEST: RequestContext = { values: new Map(), absent: 'none' };

/** A policy string without variables (an Action, or a version-2008 policy), split at its wildcards. */
export function plainPieces(pattern: string): readonly Piece[] {
  const resolution = resolveTemplate(pattern, { variables: false, context: NO_REQUEST });
  return resolution.kind === 'resolved' ? resolution.pieces : [{ text: pattern }];
}
