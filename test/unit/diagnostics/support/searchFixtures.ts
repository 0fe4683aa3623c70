/**
 * A search domain of the generic test account (not the training lab), its
 * app's role and environment, and the policy statements F13 judges.
 */
import { expect } from 'vitest';
import type { SearchDomainDetail } from '../../../../src/shared/contract';
import type { EnvironmentDetail } from '../../../../src/main/diagnostics/facts';
import type {
  AppRole,
  SearchEnvironmentFacts,
  SearchFacts,
} from '../../../../src/main/diagnostics/rules/searchDomains';
import type { FindingDraft } from '../../../../src/main/diagnostics/types';
import { ACCOUNT } from './evaluation';

export const DOMAIN_ARN = `arn:aws:es:eu-west-1:${ACCOUNT}:domain/catalog`;
export const ENDPOINT = 'search-catalog-a1b2c3d4e5.eu-west-1.es.amazonaws.com';
export const ROLE: AppRole = {
  profileName: 'catalog-web-profile',
  roleName: 'catalog-web',
  roleArn: `arn:aws:iam::${ACCOUNT}:role/apps/catalog-web`,
};

export function domain(statements: unknown[], over: Partial<SearchDomainDetail> = {}): SearchDomainDetail {
  return {
    name: 'catalog',
    arn: DOMAIN_ARN,
    engine: 'OpenSearch',
    version: '2.11',
    endpoint: ENDPOINT,
    fineGrainedAccessControl: false,
    processing: false,
    exposure: 'restricted',
    domainId: `${ACCOUNT}/catalog`,
    securityGroupIds: [],
    accessPolicy: JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2),
    statements: [],
    ...over,
  };
}

export function env(
  name: string,
  properties: Record<string, string>,
  secrets: Record<string, string> = {},
): EnvironmentDetail {
  return {
    environment: {
      name,
      id: `e-${name}`,
      applicationName: 'catalog',
      status: 'Ready',
      health: 'Green',
      causes: [],
      tier: 'WebServer',
    },
    options: [],
    properties,
    secrets,
    logs: [],
    events: [],
    instances: [],
  };
}

export const open = { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'es:*', Resource: `${DOMAIN_ARN}/*` };
export const ipHole = {
  Effect: 'Allow',
  Principal: { AWS: '*' },
  Action: 'es:ESHttp*',
  Resource: `${DOMAIN_ARN}/*`,
  Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.7/32', '198.51.100.0/24'] } },
};
export const appAllowed = {
  Effect: 'Allow',
  Principal: { AWS: ROLE.roleArn },
  Action: 'es:ESHttp*',
  Resource: `${DOMAIN_ARN}/*`,
};

export const user: SearchEnvironmentFacts = {
  detail: env('catalog-web', { SEARCH_URL: `https://${ENDPOINT}` }),
  secretValues: {},
  role: ROLE,
};

export function facts(domains: SearchDomainDetail[], environments: SearchEnvironmentFacts[] = [user]): SearchFacts {
  return { domains, environments };
}

export function policyOf(f: FindingDraft, fixId: string): { Statement: unknown[] } {
  const fix = f.fixes.find((x) => x.id === fixId);
  expect(fix, `fix ${fixId}`).toBeDefined();
  const intent = fix?.intent;
  if (intent?.kind !== 'search.updateAccessPolicy') throw new Error('not a policy update');
  expect(intent.domainName).toBe('catalog');
  return JSON.parse(intent.policy) as { Statement: unknown[] };
}
