/**
 * Lint for IAM policy documents, as the editor shows it while you type and as
 * tests check it: JSON syntax (from the editor's parser), the document's
 * grammar, and, once the IAM service reference is loaded, actions, resource
 * types, condition keys, broad wildcards and size quotas. Pure: text in,
 * positioned diagnostics out.
 */
import { lineColumn } from '../search/policyText';
import { parseJsonTree } from '../search/jsonSyntax';
import { actionProblems } from './actions';
import { conditionProblems } from './conditions';
import { urlEncodedPolicy, urlEncodingMessage } from './encoding';
import type { PolicyDiagnostic, PolicyKind } from './diagnostic';
import type { IamIndex } from './iamIndex';
import { resourceProblems } from './resources';
import { sizeProblems, type SizeBudget } from './size';
import { statementViews, structureProblems } from './structure';

export type { PolicyDiagnostic, PolicyKind, Severity } from './diagnostic';
export type { IamData } from './iamData';
export { indexIamData, type IamIndex } from './iamIndex';
export { POLICY_SIZE_LIMITS, policySize, type SizeBudget } from './size';
export { urlEncodedPolicy, urlEncodingMessage, type UrlEncodedPolicy } from './encoding';

export interface LintOptions {
  kind: PolicyKind;
  size?: SizeBudget;
}

export interface LocatedDiagnostic extends PolicyDiagnostic {
  /** 1-based, for messages a person can follow without the editor. */
  line: number;
  column: number;
}

const order = { error: 0, warning: 1, info: 2 } as const;

/** Every problem in the text, errors first then by position; `iam` absent means the reference is still loading. */
export function lintPolicy(text: string, iam: IamIndex | undefined, options: LintOptions): LocatedDiagnostic[] {
  const located = (d: PolicyDiagnostic): LocatedDiagnostic => ({ ...d, ...lineColumn(text, d.from) });
  if (text.trim() === '') {
    return [located({ from: 0, to: 0, severity: 'error', rule: 'syntax', message: 'The policy is empty.' })];
  }
  const parsed = parseJsonTree(text);
  const encoded = parsed.ok ? undefined : urlEncodedPolicy(text);
  if (encoded) {
    const message = urlEncodingMessage(encoded);
    return [located({ from: 0, to: Math.min(text.length, 3), severity: 'error', rule: 'encoding', message })];
  }
  if (!parsed.ok) {
    const { offset, message } = parsed.error;
    const where = lineColumn(text, offset);
    return [
      located({
        from: offset,
        to: Math.min(text.length, offset + 1),
        severity: 'error',
        rule: 'syntax',
        message: `JSON syntax error at line ${where.line}, column ${where.column}: ${message}.`,
      }),
    ];
  }
  const { root } = parsed;
  const out = structureProblems(text, root, options.kind);
  const { views } = statementViews(root);
  for (const s of views) {
    out.push(...conditionProblems(iam, s));
    if (!iam) continue;
    out.push(...actionProblems(iam, s));
    if (options.kind !== 'trust') out.push(...resourceProblems(iam, s));
  }
  if (options.size) out.push(...sizeProblems(text, root, options.size));
  return out.map(located).sort((a, b) => order[a.severity] - order[b.severity] || a.from - b.from);
}

/** True when nothing in the lint would make IAM refuse the document. */
export const hasErrors = (diagnostics: readonly PolicyDiagnostic[]) => diagnostics.some((d) => d.severity === 'error');
