/**
 * The catalogue's titles and the id scheme, in one place, so every family
 * names findings the same way and a re-check after a fix finds the same id.
 */
import type { Check, FindingResource, RuleId } from '../../shared/contract';
import { CATALOGUE } from '../../shared/diagnostics/catalogue';

export function catalogueRef(rule: RuleId): { rule: RuleId; title: string; seenIn?: string } {
  const { title, seenIn } = CATALOGUE[rule];
  return { rule, title, ...(seenIn ? { seenIn } : {}) };
}

/**
 * `F5:db-instance/edx-photos-db@Bbruceeb2-env` — rule, the resource, and a
 * qualifier (usually the environment, or the action) when one resource can
 * fail the same rule more than once.
 */
export function findingId(rule: RuleId, resource: FindingResource, qualifier?: string): string {
  const base = `${rule}:${resource.type}/${resource.name}`;
  return qualifier ? `${base}@${qualifier}` : base;
}

export function check(
  rule: RuleId,
  subject: FindingResource,
  passed: boolean,
  detail: string,
  opts: { qualifier?: string; environmentName?: string } = {},
): Check {
  return {
    id: findingId(rule, subject, opts.qualifier),
    rule,
    subject,
    passed,
    detail,
    ...(opts.environmentName ? { environmentName: opts.environmentName } : {}),
  };
}
