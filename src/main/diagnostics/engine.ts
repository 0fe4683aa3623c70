/**
 * Runs rule families over one ScanSource and assembles what the renderer
 * sees. A family that throws is reported as a scan problem naming its rules;
 * the others still report, because a console that goes blank when one
 * permission is missing helps nobody.
 */
import type { Check, Finding, FindingSeverity, ScanProblem } from '../../shared/contract';
import { toAppError } from '../aws/errors';
import type { Acceptance } from './store';
import type { EvaluationContext, FindingDraft, RunnableFamily } from './types';
import type { CountingScanSource } from './scanSource';

const SEVERITY_ORDER: Readonly<Record<FindingSeverity, number>> = { critical: 0, high: 1, medium: 2, low: 3 };

export interface EngineOutput {
  drafts: FindingDraft[];
  checks: Check[];
  problems: ScanProblem[];
}

export async function runFamilies(
  families: readonly RunnableFamily[],
  source: CountingScanSource,
  ctx: EvaluationContext,
): Promise<EngineOutput> {
  const outputs = await Promise.all(
    families.map(async (family) => {
      try {
        return await family.run(source, ctx);
      } catch (err) {
        const problem: ScanProblem = {
          area: `${family.name} rules`,
          rules: [...family.rules],
          error: toAppError(err),
        };
        return { findings: [], checks: [], problem };
      }
    }),
  );
  const drafts: FindingDraft[] = [];
  const checks: Check[] = [];
  const problems: ScanProblem[] = [...source.problems];
  const seen = new Set<string>();
  for (const out of outputs) {
    if ('problem' in out && out.problem) problems.push(out.problem);
    for (const f of out.findings) {
      // Two families may reach the same finding from different evidence; the first keeps it.
      if (seen.has(f.id)) continue;
      seen.add(f.id);
      drafts.push(f);
    }
    checks.push(...out.checks);
  }
  const inScope = (environmentName: string | undefined): boolean =>
    ctx.environmentName === undefined || environmentName === ctx.environmentName;
  return {
    drafts: drafts.filter((f) => inScope(f.environmentName)).sort(bySeverity),
    checks: checks.filter((c) => inScope(c.environmentName)),
    problems,
  };
}

function bySeverity(a: FindingDraft, b: FindingDraft): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    (a.environmentName ?? '').localeCompare(b.environmentName ?? '') ||
    a.id.localeCompare(b.id)
  );
}

/** A log line is the instance's own word, so a finding it backs says so in its explanation. */
function withLogProof(draft: Omit<FindingDraft, 'fixes'>): Omit<FindingDraft, 'fixes'> {
  const line = draft.evidence.find((e) => e.source === 'log');
  if (!line) return draft;
  return {
    ...draft,
    explanation: `${draft.explanation} The instance log proves it: ${line.label} says “${line.text}”.`,
  };
}

/** What crosses to the renderer: fixes without their intents, and the user's acceptance if any. */
export function publicFinding(draft: FindingDraft, accepted: Acceptance | undefined): Finding {
  const { fixes, ...rest } = draft;
  return {
    ...withLogProof(rest),
    fixes: fixes.map(({ id, label, description, recommended, intent }) => ({
      id,
      label,
      description,
      recommended,
      // A proposed inline policy is no secret, and the user may want to narrow or widen it before it is applied.
      ...(intent.kind === 'iam.putInlinePolicy'
        ? { policy: { principal: intent.principal, policyName: intent.policyName, document: intent.document } }
        : {}),
    })),
    ...(accepted ? { accepted } : {}),
  };
}
