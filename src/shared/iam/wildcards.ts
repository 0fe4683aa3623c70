/**
 * IAM's `*` and `?` wildcards, and matching by ARN segment.
 *
 * Actions compare case-insensitively. ARNs compare segment by segment, as AWS
 * matches Resource elements and the Arn* condition operators: a wildcard in
 * the region segment cannot swallow the account; the partition, service,
 * region and account segments ignore case, the resource part does not.
 */
import { plainPieces, type Piece } from './policyVariables';

const regexCache = new Map<string, RegExp>();
const CACHE_LIMIT = 2000;

function escapeLiteral(text: string): string {
  return text.replace(/[.+*?^${}()|[\]\\/-]/g, '\\$&');
}

function piecesRegex(pieces: readonly Piece[], caseInsensitive: boolean): RegExp {
  const source = pieces
    .map((piece) => ('text' in piece ? escapeLiteral(piece.text) : piece.wildcard === '*' ? '.*' : '.'))
    .join('');
  const cacheKey = `${caseInsensitive ? 'i' : 's'}:${source}`;
  let regex = regexCache.get(cacheKey);
  if (!regex) {
    regex = new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's');
    // Bounded: policies come from users, and the sandbox runs for days.
    if (regexCache.size >= CACHE_LIMIT) regexCache.clear();
    regexCache.set(cacheKey, regex);
  }
  return regex;
}

export function piecesMatch(pieces: readonly Piece[], value: string, caseInsensitive: boolean): boolean {
  return piecesRegex(pieces, caseInsensitive).test(value);
}

/** `*` is any run of characters and `?` exactly one; every other character is literal. */
export function wildcardMatches(pattern: string, value: string, caseInsensitive: boolean): boolean {
  return piecesMatch(plainPieces(pattern), value, caseInsensitive);
}

export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatches(pattern, action, true);
}

/** `arn:partition:service:region:account:resource`, the resource part keeping any further colons. */
function arnSegments(arn: string): readonly string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(1, 5), parts.slice(5).join(':')];
}

/** The same split over pieces: colons inside literal text separate segments, wildcards never do. */
function pieceSegments(pieces: readonly Piece[]): Piece[][] | undefined {
  const segments: Piece[][] = [[]];
  for (const piece of pieces) {
    if (!('text' in piece)) {
      segments[segments.length - 1]?.push(piece);
      continue;
    }
    const parts = piece.text.split(':');
    parts.forEach((part, index) => {
      if (index > 0) segments.push([]);
      if (part) segments[segments.length - 1]?.push({ text: part });
    });
  }
  const [head, ...rest] = segments;
  if (!head || segments.length < 6 || head.length !== 1 || !('text' in head[0]!) || head[0].text !== 'arn') {
    return undefined;
  }
  const resource = rest.slice(4).flatMap((segment, index) => (index === 0 ? segment : [{ text: ':' }, ...segment]));
  return [...rest.slice(0, 4), resource];
}

/**
 * Whether an ARN pattern matches an ARN, segment by segment. A pattern that is
 * not a six-segment ARN (`*`, or anything malformed) matches as one wildcard
 * string over the whole value.
 */
export function arnPiecesMatch(pieces: readonly Piece[], arn: string): boolean {
  const wanted = pieceSegments(pieces);
  if (!wanted) return piecesMatch(pieces, arn, false);
  const actual = arnSegments(arn);
  if (!actual) return false;
  return wanted.every((segment, index) => piecesMatch(segment, actual[index] ?? '', index < 4));
}

export function arnMatches(pattern: string, arn: string): boolean {
  return arnPiecesMatch(plainPieces(pattern), arn);
}
