/**
 * F13's fixes as rewrites of a domain's access policy: each is one
 * search.updateAccessPolicy with the whole new policy, computed from the
 * policy as scanned, so the planner can show the diff and undo restores the
 * old text exactly. A rewrite that cannot be made (the text does not parse)
 * yields manual steps instead.
 */
import type { Evidence, SearchDomainDetail } from '../../../shared/contract';
import { removeStatementIps } from '../../../shared/diagnostics/sourceIpEdits';
import {
  allowRole,
  dropStatement,
  isObject,
  parseJson,
  statementsOf,
  type ClassifiedStatement,
} from '../../../shared/search';
import type { FindingDraft, FixDraft } from '../types';
import type { AppRole } from './searchDomainLinks';

export type PolicyStep = (text: string) => string;

export function statementLabel(s: ClassifiedStatement): string {
  return `Statement ${s.index + 1}${s.sid ? ` (${s.sid})` : ''}`;
}

function rawStatements(policy: string): unknown[] {
  const parsed = parseJson(policy);
  return parsed.ok && isObject(parsed.value) ? statementsOf(parsed.value) : [];
}

export function statementEvidence(policy: string, statements: readonly ClassifiedStatement[]): Evidence[] {
  const raw = rawStatements(policy);
  return statements.map((s) => ({
    source: 'policy' as const,
    label: statementLabel(s),
    text: JSON.stringify(raw[s.index] ?? {}),
  }));
}

/** A rewrite that throws (policy text that does not parse) yields no fix. */
function rewrite(policy: string, steps: readonly PolicyStep[]): string | undefined {
  try {
    return steps.reduce((text, step) => step(text), policy);
  } catch {
    return undefined;
  }
}

export function dropAll(indices: readonly number[]): PolicyStep[] {
  // Highest first, so earlier indices still point at the same statements.
  return [...new Set(indices)].sort((a, b) => b - a).map((i) => (text: string) => dropStatement(text, i));
}

/** Takes entries out of one statement's IpAddress lists each; statements keep their places unless emptied. */
export function narrowAll(edits: ReadonlyArray<{ index: number; entries: readonly string[] }>): PolicyStep[] {
  return [...edits]
    .sort((a, b) => b.index - a.index)
    .map((e) => (text: string) => removeStatementIps(text, e.index, e.entries));
}

export function allowAll(domainArn: string, roles: readonly AppRole[]): PolicyStep[] {
  return roles.map((role) => (text: string) => allowRole(text, domainArn, role.roleArn));
}

export function policyFix(
  domain: SearchDomainDetail,
  id: string,
  label: string,
  description: string,
  recommended: boolean,
  steps: readonly PolicyStep[],
): FixDraft[] {
  const policy = rewrite(domain.accessPolicy, steps);
  if (policy === undefined) return [];
  return [
    {
      id,
      label,
      description,
      recommended,
      intent: { kind: 'search.updateAccessPolicy', domainName: domain.name, policy },
    },
  ];
}

function manualPolicy(domain: SearchDomainDetail, what: string, check: string): FindingDraft['manual'] {
  return {
    summary: `Edit the access policy of ${domain.name}: ${what}.`,
    steps: [
      {
        text: 'Read the current policy.',
        command: `aws opensearch describe-domain-config --domain-name ${domain.name}`,
      },
      {
        text: `Write the corrected policy (${what}).`,
        command: `aws opensearch update-domain-config --domain-name ${domain.name} --access-policies file://policy.json`,
      },
    ],
    check,
  };
}

/** Manual steps stand in only when no rewrite of the policy could be built (its text does not parse). */
export function fixesOrManual(
  domain: SearchDomainDetail,
  fixes: FixDraft[],
  what: string,
  check: string,
): Pick<FindingDraft, 'fixes' | 'manual'> {
  return { fixes, ...(fixes.length === 0 ? { manual: manualPolicy(domain, what, check) } : {}) };
}
