/**
 * Summarises a role's trust policy in words: who may assume the role.
 * A learner reading "Trusted by ec2.amazonaws.com" knows at once whether an
 * instance (rather than, say, the Beanstalk service) can use the role.
 */

export interface TrustedPrincipal {
  kind: 'service' | 'account' | 'role' | 'user' | 'session' | 'federated' | 'anyone' | 'other';
  /** The words shown to the user. */
  label: string;
  conditional: boolean;
}

export interface TrustSummary {
  allowed: TrustedPrincipal[];
  denied: string[];
  /** Set when the document is not JSON or has no statements we can read. */
  problem?: string;
  sentence: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function asList(value: Json | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function describeAws(value: string): Omit<TrustedPrincipal, 'conditional'> {
  if (value === '*') return { kind: 'anyone', label: 'any AWS principal (*)' };
  if (/^\d{12}$/.test(value)) return { kind: 'account', label: `account ${value}` };
  const arn = /^arn:aws[a-z-]*:(iam|sts)::(\d{12}):(.+)$/.exec(value);
  if (!arn) return { kind: 'other', label: value };
  const [, , account, resource] = arn;
  if (resource === 'root') return { kind: 'account', label: `account ${account}` };
  const [type, ...rest] = resource.split('/');
  const name = rest[rest.length - 1] ?? resource;
  if (type === 'role') return { kind: 'role', label: `role ${name} (${account})` };
  if (type === 'user') return { kind: 'user', label: `user ${name} (${account})` };
  if (type === 'assumed-role') return { kind: 'session', label: `sessions of role ${rest[0]} (${account})` };
  return { kind: 'other', label: value };
}

function describeFederated(value: string): Omit<TrustedPrincipal, 'conditional'> {
  const provider = /:(saml-provider|oidc-provider)\/(.+)$/.exec(value);
  return { kind: 'federated', label: `federated users of ${provider ? provider[2] : value}` };
}

function principalsOf(principal: Json | undefined): Omit<TrustedPrincipal, 'conditional'>[] {
  if (principal === '*') return [{ kind: 'anyone', label: 'anyone (*)' }];
  if (typeof principal !== 'object' || principal === null || Array.isArray(principal)) return [];
  const out: Omit<TrustedPrincipal, 'conditional'>[] = [];
  for (const service of asList(principal.Service)) out.push({ kind: 'service', label: service });
  for (const aws of asList(principal.AWS)) out.push(describeAws(aws));
  for (const fed of asList(principal.Federated)) out.push(describeFederated(fed));
  for (const canonical of asList(principal.CanonicalUser))
    out.push({ kind: 'other', label: `canonical user ${canonical.slice(0, 12)}…` });
  return out;
}

export function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function summariseTrustPolicy(document: string): TrustSummary {
  let parsed: Json;
  try {
    parsed = JSON.parse(document) as Json;
  } catch {
    return {
      allowed: [],
      denied: [],
      problem: 'The trust policy is not valid JSON.',
      sentence: 'Trust policy unreadable',
    };
  }
  const statementField =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed.Statement : undefined;
  const statements = Array.isArray(statementField) ? statementField : statementField ? [statementField] : [];
  if (statements.length === 0) {
    return {
      allowed: [],
      denied: [],
      problem: 'The trust policy has no statements.',
      sentence: 'Nobody can assume this role',
    };
  }

  const allowed: TrustedPrincipal[] = [];
  const denied: string[] = [];
  for (const statement of statements) {
    if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) continue;
    const conditional = typeof statement.Condition === 'object' && statement.Condition !== null;
    const principals = principalsOf(statement.Principal);
    if (statement.Effect === 'Deny') {
      denied.push(...principals.map((p) => p.label));
      continue;
    }
    if (statement.Effect !== 'Allow') continue;
    if (statement.NotPrincipal !== undefined)
      allowed.push({ kind: 'anyone', label: 'everyone except the listed principals (NotPrincipal)', conditional });
    for (const p of principals) {
      const existing = allowed.find((a) => a.label === p.label);
      if (existing) existing.conditional = existing.conditional && conditional;
      else allowed.push({ ...p, conditional });
    }
  }

  if (allowed.length === 0) return { allowed, denied, sentence: 'Nobody can assume this role' };
  const labels = allowed.map((a) => (a.conditional ? `${a.label} (with conditions)` : a.label));
  return { allowed, denied, sentence: `Trusted by ${joinWords(labels)}` };
}
