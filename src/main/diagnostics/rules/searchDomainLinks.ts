/**
 * F13's facts and links: which environments use a search domain (its endpoint
 * in a property or a decrypted secret), the role each runs as, and whether a
 * policy lets that role, or the whole account, in.
 */
import type { SearchDomainDetail } from '../../../shared/contract';
import type { ClassifiedStatement } from '../../../shared/search';
import type { EnvironmentDetail } from '../facts';
import { wildcardMatch } from '../iam/policyEvaluation';

export interface AppRole {
  profileName: string;
  roleName: string;
  roleArn: string;
}

export interface SearchEnvironmentFacts {
  detail: EnvironmentDetail;
  /** Environment secret name → decrypted SSM value (null when unreadable). */
  secretValues: Record<string, string | null>;
  /** The instance profile's role; absent when the profile does not exist (F16's business). */
  role?: AppRole;
}

export interface SearchFacts {
  domains: SearchDomainDetail[];
  environments: SearchEnvironmentFacts[];
  /**
   * `<role ARN> <domain ARN>` → whether the role's own IAM policies allow
   * es:ESHttpGet on the domain. Read only where the domain's policy allows the
   * account itself, which hands the decision to IAM.
   */
  identityAllowed?: Record<string, boolean>;
}

export const delegationKey = (roleArn: string, domainArn: string): string => `${roleArn} ${domainArn}`;

const HTTP_ACTION = /^(\*|es:\*|es:ESHttp\*|es:ESHttp[A-Za-z]+)$/i;
/** Any partition: `arn:aws:`, `arn:aws-cn:`, `arn:aws-us-gov:`. */
const ACCOUNT_ROOT = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;

/** An Allow naming the account (`arn:…:root` or the bare id) on the domain's paths delegates to IAM. */
export function allowsAccount(statements: readonly ClassifiedStatement[], domainArn: string, account: string): boolean {
  return statements.some(
    (s) =>
      s.effect === 'Allow' &&
      !s.notAction &&
      s.principals.some((p) => p === account || ACCOUNT_ROOT.exec(p)?.[1] === account) &&
      s.actions.some((a) => HTTP_ACTION.test(a)) &&
      s.resources.some((r) => wildcardMatch(r, `${domainArn}/*`)),
  );
}

/** An Allow naming the role exactly, for HTTP actions, on the domain's paths. */
export function allowsRole(statements: readonly ClassifiedStatement[], domainArn: string, roleArn: string): boolean {
  return statements.some(
    (s) =>
      s.effect === 'Allow' &&
      !s.notAction &&
      s.principals.includes(roleArn) &&
      s.actions.some((a) => HTTP_ACTION.test(a)) &&
      s.resources.some((r) => wildcardMatch(r, `${domainArn}/*`)),
  );
}

/** The text in `value` that names `domain`'s endpoint, or undefined. */
export function domainReference(value: string, domain: SearchDomainDetail): string | undefined {
  const lower = value.toLowerCase();
  const endpoint = domain.endpoint?.toLowerCase().replace(/^https?:\/\//, '');
  if (endpoint && lower.includes(endpoint)) return domain.endpoint;
  // Any region and partition: `….es.amazonaws.com` and China's `….es.amazonaws.com.cn` alike.
  const host = new RegExp(`\\b(?:search|vpc)-${domain.name}-[a-z0-9]+\\.[a-z0-9.-]*(?:es|aoss)\\.amazonaws\\.com`);
  return host.exec(lower)?.[0];
}

export interface DomainUse {
  environment: SearchEnvironmentFacts;
  /** `DATABASE_URL` or `ES_HOST (arn:…)`: where the endpoint was found. */
  where: string[];
}

export function domainUses(domain: SearchDomainDetail, environments: readonly SearchEnvironmentFacts[]): DomainUse[] {
  return environments.flatMap((environment) => {
    const where = [
      ...Object.entries(environment.detail.properties)
        .filter(([, value]) => domainReference(value, domain))
        .map(([name]) => `property ${name}`),
      ...Object.entries(environment.secretValues)
        .filter(([, value]) => value !== null && domainReference(value, domain))
        .map(([name]) => `secret ${name} (${environment.detail.secrets[name] ?? 'SSM parameter'})`),
    ];
    return where.length > 0 ? [{ environment, where }] : [];
  });
}
