/**
 * How findings are put on screen: worst first, grouped by environment or by
 * resource type, accepted ones kept apart so they stop shouting.
 */
import type { Finding, FindingResource, FindingSeverity } from '../../../../shared/contract';

export const SEVERITIES: readonly FindingSeverity[] = ['critical', 'high', 'medium', 'low'];

export const severityLabel: Record<FindingSeverity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export const ACCOUNT_WIDE = 'Account-wide';

export type GroupMode = 'environment' | 'resource';

export interface FindingGroup {
  /** Stable key and heading: an environment name, "Account-wide", or a resource type's words. */
  key: string;
  title: string;
  findings: Finding[];
}

const resourceTypeWords: Record<FindingResource['type'], string> = {
  environment: 'Environments',
  'application-version': 'Application versions',
  role: 'IAM roles',
  user: 'IAM users',
  'access-key': 'Access keys',
  'instance-profile': 'Instance profiles',
  'db-instance': 'Databases',
  'security-group': 'Security groups',
  'search-domain': 'Search domains',
  'ssm-parameter': 'SSM parameters',
  account: 'Account',
};

const resourceTypeSingular: Record<FindingResource['type'], string> = {
  environment: 'environment',
  'application-version': 'application version',
  role: 'role',
  user: 'user',
  'access-key': 'access key',
  'instance-profile': 'instance profile',
  'db-instance': 'database',
  'security-group': 'security group',
  'search-domain': 'search domain',
  'ssm-parameter': 'parameter',
  account: 'account',
};

/** "role", "security group": the word before a resource's name. */
export function resourceWord(type: FindingResource['type']): string {
  return resourceTypeSingular[type];
}

function resourceTypeLabel(type: FindingResource['type']): string {
  return resourceTypeWords[type];
}

const severityRank = (s: FindingSeverity) => SEVERITIES.indexOf(s);

/** F2 before F10: the catalogue's order, not the string order. */
const ruleNumber = (rule: string) => Number(rule.replace(/^F/, ''));

/** Worst first, then catalogue order, then summary, so a re-scan never shuffles rows. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    ruleNumber(a.rule) - ruleNumber(b.rule) ||
    a.summary.localeCompare(b.summary) ||
    a.id.localeCompare(b.id)
  );
}

export function countBySeverity(findings: readonly Finding[]): Record<FindingSeverity, number> {
  const counts: Record<FindingSeverity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** Case-insensitive match on everything a reader would type: summary, rule, resource, environment, catalogue title. */
export function filterFindings(findings: readonly Finding[], text: string): Finding[] {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...findings];
  return findings.filter((f) => {
    const hay = [
      f.summary,
      f.rule,
      f.severity,
      f.resource.name,
      f.resource.type,
      f.environmentName ?? ACCOUNT_WIDE,
      f.catalogue.title,
    ]
      .join(' ')
      .toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export function splitAccepted(findings: readonly Finding[]): { open: Finding[]; accepted: Finding[] } {
  const open: Finding[] = [];
  const accepted: Finding[] = [];
  for (const f of findings) (f.accepted ? accepted : open).push(f);
  return { open, accepted };
}

/**
 * Groups in a fixed order: environments alphabetically with Account-wide last,
 * or resource types in the order of the worst finding they hold.
 */
export function groupFindings(findings: readonly Finding[], mode: GroupMode): FindingGroup[] {
  const byKey = new Map<string, FindingGroup>();
  for (const f of [...findings].sort(compareFindings)) {
    const key = mode === 'environment' ? (f.environmentName ?? ACCOUNT_WIDE) : f.resource.type;
    const title = mode === 'environment' ? key : resourceTypeLabel(f.resource.type);
    const group = byKey.get(key) ?? { key, title, findings: [] };
    group.findings.push(f);
    byKey.set(key, group);
  }
  const groups = [...byKey.values()];
  if (mode === 'environment') {
    return groups.sort(
      (a, b) => Number(a.key === ACCOUNT_WIDE) - Number(b.key === ACCOUNT_WIDE) || a.key.localeCompare(b.key),
    );
  }
  return groups.sort((a, b) => compareFindings(a.findings[0]!, b.findings[0]!) || a.title.localeCompare(b.title));
}

/** Recommended fixes first, keeping the order main gave otherwise. */
export function orderedFixes<T extends { recommended: boolean }>(fixes: readonly T[]): T[] {
  return [...fixes].sort((a, b) => Number(b.recommended) - Number(a.recommended));
}
