import { urlEncodedPolicy } from '../../shared/policyLint/encoding';
import { parseJson } from '../../shared/search/policyText';

/** A policy document as read from AWS: the text to show, and what was wrong with what came back, if anything. */
export interface ReadPolicy {
  /** Pretty-printed JSON when it parses; otherwise the text as received (decoded where it was encoded). */
  text: string;
  /** How many layers of URL encoding were removed: 0 for plain JSON, 1 as IAM sends it. */
  encodingLayers: number;
  /** Set when the document is not what IAM sends: encoded more than once, or not valid JSON. */
  problem?: string;
}

/**
 * IAM returns policy documents URL-encoded (RFC 3986); some emulators return
 * them as plain JSON, and moto even mixes both per call. Accept either. A
 * document encoded twice is decoded all the way, so the viewer shows the policy
 * rather than %7B%22…, and says so.
 */
export function readPolicyDocument(raw: string | undefined | null): ReadPolicy {
  if (raw == null || raw === '') return { text: '', encodingLayers: 0 };
  const encoded = urlEncodedPolicy(raw);
  const text = encoded ? encoded.decoded : looksEncoded(raw) ? safeDecode(raw) : raw;
  const encodingLayers = encoded?.layers ?? (text === raw ? 0 : 1);
  const parsed = parseJson(text);
  if (!parsed.ok) {
    // Keep what AWS sent rather than hiding it; the viewer shows it verbatim beside the reason.
    return { text, encodingLayers, problem: `The policy document is not valid JSON. ${parsed.message}` };
  }
  const pretty = JSON.stringify(parsed.value, null, 2);
  if (encodingLayers > 1) {
    return {
      text: pretty,
      encodingLayers,
      problem: `The policy document came back URL-encoded ${encodingLayers === 2 ? 'twice' : `${encodingLayers} times`}; IAM encodes it once, so something between Trellis and the endpoint encoded it again. It is shown decoded.`,
    };
  }
  return { text: pretty, encodingLayers };
}

/** The text alone, for callers that show or evaluate the document and report problems elsewhere. */
export function decodePolicyDocument(raw: string | undefined | null): string {
  return readPolicyDocument(raw).text;
}

function looksEncoded(raw: string): boolean {
  const trimmed = raw.trimStart();
  return !trimmed.startsWith('{') && /%[0-9A-Fa-f]{2}/.test(trimmed);
}

function safeDecode(raw: string): string {
  try {
    // IAM encodes spaces as %20 but tolerate form-style '+' too.
    return decodeURIComponent(raw.replace(/\+/g, '%20'));
  } catch {
    return raw;
  }
}
