import { describe, expect, it } from 'vitest';
import { prettyJson, tokenizeJson } from '../../../src/renderer/src/model/jsonTokens';

describe('tokenizeJson', () => {
  it('classifies keys, strings, numbers, literals and punctuation', () => {
    const tokens = tokenizeJson('{"Effect": "Allow", "n": -1.5e3, "b": true, "z": null}');
    const of = (type: string) => tokens.filter((t) => t.type === type).map((t) => t.text);
    expect(of('key')).toEqual(['"Effect"', '"n"', '"b"', '"z"']);
    expect(of('string')).toEqual(['"Allow"']);
    expect(of('number')).toEqual(['-1.5e3']);
    expect(of('literal')).toEqual(['true', 'null']);
    expect(of('punctuation')).toEqual(['{', ':', ',', ':', ',', ':', ',', ':', '}']);
  });

  it('loses no characters, whitespace and newlines included', () => {
    const text = prettyJson('{"Statement":[{"Action":["s3:*"],"Resource":"arn:aws:s3:::b/\\"q\\""}]}');
    expect(
      tokenizeJson(text)
        .map((t) => t.text)
        .join(''),
    ).toBe(text);
  });

  it('treats a string containing a colon as a value, not a key', () => {
    const tokens = tokenizeJson('["a:b", "c" : 1]');
    expect(tokens.find((t) => t.text === '"a:b"')?.type).toBe('string');
    expect(tokens.find((t) => t.text === '"c"')?.type).toBe('key');
  });

  it('keeps malformed input whole as plain text', () => {
    const text = 'not json at all';
    expect(
      tokenizeJson(text)
        .map((t) => t.text)
        .join(''),
    ).toBe(text);
  });
});

describe('prettyJson', () => {
  it('indents with two spaces', () => {
    expect(prettyJson('{"a":[1]}')).toBe('{\n  "a": [\n    1\n  ]\n}');
  });

  it('returns unparsable text unchanged', () => {
    expect(prettyJson('{oops')).toBe('{oops');
  });
});
