/**
 * Finds where JSON text first goes wrong. JSON.parse's messages differ by
 * engine (Node 20 quotes a snippet, Chromium gives a position or a line), so
 * the console locates the error itself to say "line 4, column 1" everywhere.
 */

export interface JsonSyntaxError {
  offset: number;
  message: string;
}

class Failure extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const describe = (ch: string | undefined): string => (ch === undefined ? 'the end of the text' : `'${ch}'`);

/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i += 1;
  };
  const fail = (expected: string): never => {
    throw new Failure(i, `expected ${expected} but found ${describe(text[i])}`);
  };
  const string = () => {
    i += 1;
    while (i < text.length && text[i] !== '"') {
      const ch = text[i]!;
      if (ch < ' ') fail('a closing quote (strings cannot span lines)');
      if (ch === '\\') {
        i += 1;
        const esc = text[i];
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('four hex digits after \\u');
          i += 4;
        } else if (esc === undefined || !'"\\/bfnrt'.includes(esc)) fail('a valid escape after \\');
      }
      i += 1;
    }
    if (i >= text.length) fail('a closing quote');
    i += 1;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i += 1;
      ws();
      if (text[i] === '}') {
        i += 1;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('a property name in double quotes');
        string();
        ws();
        if (text[i] !== ':') fail("':' after the property name");
        i += 1;
        value();
        ws();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] === '}') {
          i += 1;
          return;
        }
        fail("',' or '}'");
      }
    }
    if (ch === '[') {
      i += 1;
      ws();
      if (text[i] === ']') {
        i += 1;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] === ']') {
          i += 1;
          return;
        }
        fail("',' or ']'");
      }
    }
    if (ch === '"') return string();
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i));
    if (!literal) fail('a value');
    i += literal![0].length;
  };
  try {
    value();
    ws();
    if (i < text.length) fail('the end of the text');
    return undefined;
  } catch (error: unknown) {
    if (error instanceof Failure) return { offset: error.offset, message: error.message };
    throw error;
  }
}
