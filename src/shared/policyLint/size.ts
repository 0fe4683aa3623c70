/**
 * IAM's size quotas, counted as IAM counts them: characters of the document
 * without the whitespace between tokens. Figures from the IAM User Guide's
 * "IAM and AWS STS quotas" (reference_iam-quotas): managed policy 6,144;
 * inline policies combined per role 10,240, per user 2,048, per group 5,120;
 * role trust policy 2,048 by default (adjustable to 8,192 by a quota request).
 */
import type { JsonNode } from '../search/jsonSyntax';
import { at, type PolicyDiagnostic } from './diagnostic';

export const POLICY_SIZE_LIMITS = {
  managed: 6_144,
  roleInline: 10_240,
  userInline: 2_048,
  groupInline: 5_120,
  trust: 2_048,
} as const;

/** How the document counts against a quota, and what else already counts against the same one. */
export interface SizeBudget {
  limit: number;
  /** "a managed policy", "the inline policies of role web combined" */
  what: string;
  /** Characters other documents already use of the same quota (the other inline policies). */
  others?: number;
  /** A quota the account can have raised (trust policies): going over it is a warning, not an error. */
  adjustable?: boolean;
}

/** Characters IAM counts: the document without whitespace outside strings (the text as written when it does not parse). */
export function policySize(text: string): number {
  try {
    return JSON.stringify(JSON.parse(text)).length;
  } catch {
    return text.replace(/\s/g, '').length;
  }
}

export function sizeProblems(text: string, root: JsonNode, budget: SizeBudget): PolicyDiagnostic[] {
  const own = policySize(text);
  const others = budget.others ?? 0;
  const total = own + others;
  const span = { from: root.from, to: root.from + 1 };
  const counted =
    others > 0 ? `${own} characters here plus ${others} in the others, ${total} in all` : `${total} characters`;
  if (total > budget.limit) {
    return [
      at(
        span,
        budget.adjustable ? 'warning' : 'error',
        'size',
        `Too large: ${budget.what} may have at most ${budget.limit.toLocaleString('en-US')} characters not counting whitespace${budget.adjustable ? ' unless the account has asked for a higher quota' : ''}; this is ${counted}. Shorten it (wildcards such as "s3:Get*", fewer statements) or split it.`,
      ),
    ];
  }
  if (total > budget.limit * 0.9) {
    return [
      at(
        span,
        'info',
        'size',
        `Close to the limit: ${counted} of the ${budget.limit.toLocaleString('en-US')} allowed for ${budget.what}.`,
      ),
    ];
  }
  return [];
}
