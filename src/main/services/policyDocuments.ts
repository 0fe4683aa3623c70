/**
 * IAM returns policy documents URL-encoded (RFC 3986); some emulators return
 * them as plain JSON, and moto even mixes both per call. Accept either and hand
 * the renderer pretty-printed JSON text.
 */
export function decodePolicyDocument(raw: string | undefined | null): string {
  if (raw == null || raw === '') return '';
  const text = looksEncoded(raw) ? safeDecode(raw) : raw;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Keep what AWS sent rather than hiding it; the viewer shows it verbatim.
    return text;
  }
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
