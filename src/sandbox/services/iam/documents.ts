/**
 * Policy documents. IAM accepts plain JSON and returns documents URL-encoded
 * (RFC 3986), which is why every client has to decode them; the sandbox does
 * the same so that decoding code is exercised.
 */
import { malformedPolicyDocument } from '../../errors';

/** encodeURIComponent leaves !'()* alone; RFC 3986 reserves them, so they are encoded too. */
export function encodePolicyDocument(document: string): string {
  return encodeURIComponent(document).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Returns the document unchanged when it is JSON with a Statement; IAM keeps the caller's text. */
export function requirePolicyDocument(document: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw malformedPolicyDocument('This policy contains invalid Json');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw malformedPolicyDocument('Syntax errors in policy.');
  }
  const statement: unknown = (parsed as Record<string, unknown>)['Statement'];
  if (typeof statement !== 'object' || statement === null) {
    throw malformedPolicyDocument('Syntax errors in policy.');
  }
  return document;
}
