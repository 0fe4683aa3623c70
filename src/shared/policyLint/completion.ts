/**
 * What to offer at the cursor of a policy being typed: service prefixes and
 * actions inside Action/NotAction strings, operators and condition keys
 * inside Condition, element names in a statement. Reads the editor's own
 * parse tree, which survives half-typed text, so it works mid-edit.
 */
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/json';
import { CONDITION_OPERATORS } from './conditions';
import type { IamIndex } from './iamIndex';
import { STATEMENT_ELEMENTS } from './structure';

export interface PolicyCompletionOption {
  label: string;
  detail?: string;
  type: 'keyword' | 'function' | 'namespace' | 'property' | 'constant';
  /** The text inserted when it differs from the label ("s3:" for "s3", to go straight on to its actions). */
  apply?: string;
}

export interface PolicyCompletion {
  /** The range the chosen label replaces: the string's content typed so far. */
  from: number;
  to: number;
  options: PolicyCompletionOption[];
}

const unquote = (raw: string): string => raw.replace(/^"/, '').replace(/"$/, '');

function propertyName(property: SyntaxNode, text: string): string | undefined {
  const name = property.getChild('PropertyName');
  return name ? unquote(text.slice(name.from, name.to)) : undefined;
}

/** The names of the properties enclosing a node, nearest first. */
function keyPath(node: SyntaxNode, text: string): string[] {
  const keys: string[] = [];
  for (let n: SyntaxNode | null = node.parent; n; n = n.parent) {
    if (n.name === 'Property') {
      const name = propertyName(n, text);
      if (name !== undefined) keys.push(name);
    }
  }
  return keys;
}

/** The statement object around a node, to read its actions when offering condition keys. */
function statementActions(node: SyntaxNode, text: string): string[] {
  let statement: SyntaxNode | null = null;
  for (let n: SyntaxNode | null = node; n; n = n.parent) {
    if (n.name === 'Object' && keyPath(n, text)[0] === 'Statement') statement = n;
  }
  if (!statement) return [];
  const action = statement.getChildren('Property').find((p) => propertyName(p, text) === 'Action');
  if (!action) return [];
  const out: string[] = [];
  action.cursor().iterate((c) => {
    if (c.name === 'String') out.push(unquote(text.slice(c.from, c.to)));
  });
  return out;
}

function actionOptions(iam: IamIndex, typed: string): PolicyCompletionOption[] {
  const colon = typed.indexOf(':');
  if (colon < 0) {
    return [...iam.services.values()].map((s) => ({
      label: s.prefix,
      apply: `${s.prefix}:`,
      detail: s.data.name,
      type: 'namespace',
    }));
  }
  const service = iam.services.get(typed.slice(0, colon).toLowerCase());
  if (!service) return [];
  return [...service.actions.values()].map((a) => ({
    label: `${service.prefix}:${a.name}`,
    detail: a.accessLevel,
    type: 'function',
  }));
}

function conditionKeyOptions(iam: IamIndex, actions: string[]): PolicyCompletionOption[] {
  const prefixes = new Set(
    actions.map((a) => a.slice(0, a.indexOf(':')).toLowerCase()).filter((p) => iam.services.has(p)),
  );
  const services = prefixes.size > 0 ? [...prefixes].map((p) => iam.services.get(p)!) : [...iam.services.values()];
  const options = new Map<string, PolicyCompletionOption>();
  for (const key of iam.data.globalConditionKeys) options.set(key, { label: key, detail: 'global', type: 'property' });
  for (const s of services) {
    for (const key of s.data.conditionKeys) {
      if (!options.has(key)) options.set(key, { label: key, detail: s.data.name, type: 'property' });
    }
  }
  return [...options.values()];
}

/** Completions at `pos`, or undefined where there is nothing IAM-specific to offer. */
export function policyCompletions(text: string, pos: number, iam: IamIndex): PolicyCompletion | undefined {
  const node = parser.parse(text).resolveInner(pos, -1);
  const isKey = node.name === 'PropertyName';
  if (node.name !== 'String' && !isKey) return undefined;
  if (pos <= node.from) return undefined;
  const from = node.from + 1;
  const typed = text.slice(from, pos);
  const path = keyPath(isKey ? node.parent! : node, text);

  if (!isKey) {
    if (path[0] === 'Action' || path[0] === 'NotAction') return { from, to: pos, options: actionOptions(iam, typed) };
    if (path[0] === 'Effect') {
      return { from, to: pos, options: ['Allow', 'Deny'].map((label) => ({ label, type: 'constant' })) };
    }
    if (path[0] === 'Version') return { from, to: pos, options: [{ label: '2012-10-17', type: 'constant' }] };
    return undefined;
  }
  // For a key, the path starts at the object holding it: ["Condition", …] for an operator, [operator, "Condition", …] for a key.
  if (path[0] === 'Condition') {
    return { from, to: pos, options: CONDITION_OPERATORS.map((label) => ({ label, type: 'keyword' })) };
  }
  if (path[1] === 'Condition')
    return { from, to: pos, options: conditionKeyOptions(iam, statementActions(node, text)) };
  if (path[0] === 'Statement')
    return { from, to: pos, options: STATEMENT_ELEMENTS.map((label) => ({ label, type: 'keyword' })) };
  return undefined;
}
