/**
 * A tiny JSON tokenizer for syntax colouring. It never fails: text it does not
 * understand becomes `plain` tokens, so a malformed document still shows in full.
 */

export type JsonTokenType = 'key' | 'string' | 'number' | 'literal' | 'punctuation' | 'plain';

export interface JsonToken {
  type: JsonTokenType;
  text: string;
}

const TOKEN = /("(?:[^"\\\n]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b|([{}[\],:])/g;

export function tokenizeJson(text: string): JsonToken[] {
  const tokens: JsonToken[] = [];
  const push = (type: JsonTokenType, value: string) => {
    if (!value) return;
    const last = tokens[tokens.length - 1];
    if (last && last.type === type && type === 'plain') last.text += value;
    else tokens.push({ type, text: value });
  };
  let index = 0;
  for (const match of text.matchAll(TOKEN)) {
    push('plain', text.slice(index, match.index));
    const [whole, str, colon, num, literal, punct] = match;
    if (str !== undefined) {
      push(colon ? 'key' : 'string', str);
      if (colon) {
        push('plain', colon.slice(0, -1));
        push('punctuation', ':');
      }
    } else if (num !== undefined) push('number', num);
    else if (literal !== undefined) push('literal', literal);
    else if (punct !== undefined) push('punctuation', punct);
    index = match.index + whole.length;
  }
  push('plain', text.slice(index));
  return tokens;
}

/** Pretty-prints with two-space indent when the text parses; otherwise returns it unchanged. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
