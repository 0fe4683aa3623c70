/**
 * JSON read with the editor's own parser (Lezer's JSON grammar, the one
 * CodeMirror highlights with), so the console, the editor's underline and the
 * main-side planners all place a syntax error at the same character, whatever
 * the JavaScript engine's JSON.parse says. A valid text also comes back as a
 * tree of values with their positions, for lint messages that point at a value.
 */
import { parser } from '@lezer/json';
import type { SyntaxNode } from '@lezer/common';

export interface JsonSyntaxError {
  offset: number;
  message: string;
}

interface Span {
  /** Character offsets of the value in the text, `to` exclusive. */
  from: number;
  to: number;
}
export interface JsonMember {
  key: string;
  keySpan: Span;
  value: JsonNode;
}
export type JsonNode = Span &
  (
    | { kind: 'object'; members: JsonMember[] }
    | { kind: 'array'; items: JsonNode[] }
    | { kind: 'string'; value: string }
    | { kind: 'number'; value: number }
    | { kind: 'boolean'; value: boolean }
    | { kind: 'null' }
  );

const describe = (text: string, at: number): string => {
  if (at >= text.length) return 'the end of the text';
  const ch = text[at]!;
  if (ch === '\n' || ch === '\r') return 'the end of the line';
  if (/[\x21-\x7e]/.test(ch)) return `'${ch}'`;
  // Invisible or look-alike characters (a non-breaking space, a curly quote) are named by code point.
  const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return ch === ' ' ? 'a space' : ch === '\u00a0' ? `a non-breaking space (${code})` : `'${ch}' (${code})`;
};

/** What the grammar wanted where it failed, read from the node the error sits in and the one before it. */
function expectation(error: SyntaxNode): string {
  const parent = error.parent?.name;
  const before = error.prevSibling?.name;
  if (parent === 'Object') {
    if (before === '{') return "a property name in double quotes or '}'";
    if (before === ',') return 'a property name in double quotes';
    return "',' or '}'";
  }
  if (parent === 'Array') return before === '[' || before === ',' ? 'a value' : "',' or ']'";
  if (parent === 'Property') return before === 'PropertyName' ? "':' after the property name" : 'a value';
  if (parent === 'PropertyName') return 'a property name in double quotes';
  if (parent === 'JsonText' && before !== undefined) return 'the end of the text';
  return 'a value';
}

function firstError(text: string): JsonSyntaxError | undefined {
  const tree = parser.parse(text);
  let found: SyntaxNode | undefined;
  tree.iterate({
    enter: (ref) => {
      if (found) return false;
      if (ref.type.isError) found = ref.node;
      return undefined;
    },
  });
  if (!found) return undefined;
  let at = found.from;
  // A string that runs over a line end, or to the end, is one error token; point at where it should have closed.
  if (text[at] === '"') {
    const body = /^"(?:[^"\\\n\r]|\\.)*/.exec(text.slice(at))![0];
    const end = at + body.length;
    if (text[end] !== '"') {
      return { offset: end, message: `expected a closing quote but found ${describe(text, end)}` };
    }
  }
  if (found.to > found.from && text[at] === undefined) at = text.length;
  return { offset: at, message: `expected ${expectation(found)} but found ${describe(text, at)}` };
}

/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const error = firstError(text);
  if (error) return error;
  try {
    JSON.parse(text);
    return undefined;
  } catch (e: unknown) {
    // The grammar is a superset in a few corners (lone surrogates, odd escapes); the engine has the last word.
    return { offset: 0, message: e instanceof Error ? e.message : String(e) };
  }
}

function build(node: SyntaxNode, text: string): JsonNode {
  const span = { from: node.from, to: node.to };
  const raw = text.slice(node.from, node.to);
  switch (node.name) {
    case 'Object':
      return {
        ...span,
        kind: 'object',
        members: node.getChildren('Property').map((p) => {
          const name = p.getChild('PropertyName')!;
          const value = p.lastChild!;
          return {
            key: JSON.parse(text.slice(name.from, name.to)) as string,
            keySpan: { from: name.from, to: name.to },
            value: build(value, text),
          };
        }),
      };
    case 'Array':
      return { ...span, kind: 'array', items: childValues(node).map((c) => build(c, text)) };
    case 'String':
      return { ...span, kind: 'string', value: JSON.parse(raw) as string };
    case 'Number':
      return { ...span, kind: 'number', value: Number(raw) };
    case 'True':
    case 'False':
      return { ...span, kind: 'boolean', value: node.name === 'True' };
    default:
      return { ...span, kind: 'null' };
  }
}

function childValues(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (!['[', ']', ','].includes(c.name)) out.push(c);
  }
  return out;
}

/** The text as a tree of positioned values, or its first syntax error. */
export function parseJsonTree(text: string): { ok: true; root: JsonNode } | { ok: false; error: JsonSyntaxError } {
  const error = findJsonSyntaxError(text);
  if (error) return { ok: false, error };
  const top = parser.parse(text).topNode.firstChild!;
  return { ok: true, root: build(top, text) };
}

/** A member of an object node by key, case-sensitive as IAM's element names are. */
export function memberOf(node: JsonNode | undefined, key: string): JsonMember | undefined {
  return node?.kind === 'object' ? node.members.find((m) => m.key === key) : undefined;
}
