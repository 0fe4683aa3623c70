/**
 * IAM's API returns policy documents URL-encoded once (RFC 3986). Text that is
 * encoded more than once has been through something that encoded it again (a
 * proxy, an emulator, a copy from a log); it is neither JSON nor what IAM sends,
 * and saying which of the two it is beats a syntax error at line 1, column 1.
 */

/** How many layers of URL encoding sit on top of the JSON, and the JSON under them. */
export interface UrlEncodedPolicy {
  layers: number;
  decoded: string;
}

/** Past this many layers the text is not a policy anyone encoded by mistake. */
const MAX_LAYERS = 4;
const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;

function looksLikeJson(text: string): boolean {
  const start = text.trimStart()[0];
  return start === '{' || start === '[';
}

/**
 * The layers of URL encoding over JSON text, or undefined when the text is not
 * URL-encoded JSON (plain JSON, broken JSON, or percent signs that decode to no JSON).
 */
export function urlEncodedPolicy(text: string): UrlEncodedPolicy | undefined {
  let current = text.trim();
  for (let layers = 1; layers <= MAX_LAYERS; layers++) {
    if (looksLikeJson(current) || !PERCENT_ESCAPE.test(current)) return undefined;
    try {
      // IAM writes spaces as %20; form-style `+` turns up in copies, and a real `+` is always %2B.
      current = decodeURIComponent(current.replace(/\+/g, '%20'));
    } catch {
      return undefined;
    }
    if (looksLikeJson(current)) return { layers, decoded: current };
  }
  return undefined;
}

/** What to tell someone looking at URL-encoded policy text. */
export function urlEncodingMessage(encoding: UrlEncodedPolicy): string {
  if (encoding.layers === 1) {
    return 'The policy is URL-encoded, as the IAM API returns it (%7B is an encoded "{"), not JSON: decode it once to get the document.';
  }
  return `The policy is URL-encoded ${encoding.layers === 2 ? 'twice' : `${encoding.layers} times`} (%257B is an encoded "%7B", itself an encoded "{"): IAM encodes a document once, so something encoded it again. Decode it ${encoding.layers} times to get the document.`;
}
