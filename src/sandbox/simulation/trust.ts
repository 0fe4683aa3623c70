/** Whether a role's trust policy lets a service assume it (what EC2 and EB need for instance profiles and service roles). */

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function allowsAssumeRole(action: unknown): boolean {
  return asArray(action).some((a) => typeof a === 'string' && /^(?:\*|sts:\*|sts:AssumeRole)$/i.test(a));
}

export function trustsService(policyText: string, service: string): boolean {
  let policy: unknown;
  try {
    policy = JSON.parse(policyText);
  } catch {
    return false;
  }
  if (typeof policy !== 'object' || policy === null) return false;
  const statements = asArray((policy as Record<string, unknown>)['Statement']);
  return statements.some((statement) => {
    if (typeof statement !== 'object' || statement === null) return false;
    const s = statement as Record<string, unknown>;
    if (s['Effect'] !== 'Allow' || !allowsAssumeRole(s['Action'])) return false;
    const principal = s['Principal'];
    if (principal === '*') return true;
    if (typeof principal !== 'object' || principal === null) return false;
    return asArray((principal as Record<string, unknown>)['Service']).includes(service);
  });
}
