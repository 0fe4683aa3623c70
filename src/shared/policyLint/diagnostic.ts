/** One finding of the policy lint: where it is, how bad, and what to do about it, in words. */
import type { JsonMember, JsonNode } from '../search/jsonSyntax';

/** `error` blocks saving (IAM would refuse the document); `warning` and `info` are advice. */
export type Severity = 'error' | 'warning' | 'info';

export interface PolicyDiagnostic {
  /** Character offsets into the policy text, `to` exclusive. */
  from: number;
  to: number;
  severity: Severity;
  /** Which rule said it, for tests and for grouping. */
  rule: string;
  message: string;
}

/** What kind of policy the text is; each kind has its own required and forbidden elements. */
export type PolicyKind = 'identity' | 'trust' | 'resource';

/** One statement as the rules see it: its node, its members and the words that name it in a message. */
export interface StatementView {
  node: JsonNode & { kind: 'object' };
  index: number;
  label: string;
  member: (key: string) => JsonMember | undefined;
}

export const at = (
  span: { from: number; to: number },
  severity: Severity,
  rule: string,
  message: string,
): PolicyDiagnostic => ({ from: span.from, to: span.to, severity, rule, message });

/** A string or list of strings as positioned values; other items are skipped (structure reports them). */
export function stringItems(node: JsonNode | undefined): (JsonNode & { kind: 'string' })[] {
  if (!node) return [];
  if (node.kind === 'string') return [node];
  if (node.kind === 'array') return node.items.filter((i): i is JsonNode & { kind: 'string' } => i.kind === 'string');
  return [];
}
