import { describe, expect, it } from 'vitest';
import {
  allowsRole,
  domainReference,
  evaluateSearchDomains,
  type SearchEnvironmentFacts,
} from '../../../src/main/diagnostics/rules/searchDomains';
import { ACCOUNT, context, findingOf } from './support/evaluation';
import {
  appAllowed,
  DOMAIN_ARN,
  domain,
  ENDPOINT,
  env,
  facts,
  ipHole,
  open,
  policyOf,
  ROLE,
} from './support/searchFixtures';
import { classifyPolicy } from '../../../src/shared/search';

const ctx = context();

describe('linking and matching', () => {
  it('finds the endpoint or a search-<name>- host', () => {
    const d = domain([]);
    expect(domainReference(`https://${ENDPOINT.toUpperCase()}/_search`, d)).toBe(ENDPOINT);
    expect(domainReference('vpc-catalog-zz9.eu-west-1.es.amazonaws.com', { ...d, endpoint: undefined })).toBe(
      'vpc-catalog-zz9.eu-west-1.es.amazonaws.com',
    );
    expect(
      domainReference('search-catalogue-zz9.eu-west-1.es.amazonaws.com', { ...d, endpoint: undefined }),
    ).toBeUndefined();
  });

  it('needs the role ARN itself, HTTP actions and the domain paths', () => {
    const allowed = classifyPolicy(JSON.stringify({ Statement: [appAllowed] }), { vpc: false, fineGrained: false });
    expect(allowsRole(allowed, DOMAIN_ARN, ROLE.roleArn)).toBe(true);
    const wildcard = classifyPolicy(
      JSON.stringify({
        Statement: [{ ...appAllowed, Action: 'es:*', Resource: `arn:aws:es:*:${ACCOUNT}:domain/catalog*` }],
      }),
      { vpc: false, fineGrained: false },
    );
    expect(allowsRole(wildcard, DOMAIN_ARN, ROLE.roleArn)).toBe(true);
    const otherDomain = classifyPolicy(
      JSON.stringify({ Statement: [{ ...appAllowed, Resource: `arn:aws:es:eu-west-1:${ACCOUNT}:domain/logs/*` }] }),
      { vpc: false, fineGrained: false },
    );
    expect(allowsRole(otherDomain, DOMAIN_ARN, ROLE.roleArn)).toBe(false);
  });
});

describe('F13: open, IP holes, missing app role', () => {
  it('flags an open statement and offers drop-and-allow first', () => {
    const out = evaluateSearchDomains(facts([domain([open])]), ctx);
    const f = findingOf(out.findings, 'F13:search-domain/catalog@open');
    expect(f.severity).toBe('critical');
    expect(f.environmentName).toBeUndefined();
    expect(f.evidence[0]).toEqual({ source: 'policy', label: 'Statement 1', text: JSON.stringify(open) });
    expect(f.fixes.map((x) => [x.id, x.recommended])).toEqual([
      ['drop-open-allow-app', true],
      ['drop-open', false],
      ['fix-all', false],
    ]);
    expect(policyOf(f, 'drop-open').Statement).toEqual([]);
    expect(policyOf(f, 'drop-open-allow-app').Statement).toEqual([
      { Effect: 'Allow', Principal: { AWS: ROLE.roleArn }, Action: 'es:ESHttp*', Resource: `${DOMAIN_ARN}/*` },
    ]);
    // The app role is missing too: its own finding, tied to the environment.
    const role = findingOf(out.findings, 'F13:search-domain/catalog@catalog-web');
    expect(role.severity).toBe('high');
    expect(role.environmentName).toBe('catalog-web');
    expect(role.evidence[0]?.text).toBe('property SEARCH_URL');
  });

  it('does not call a VPC or fine-grained domain public because of "*"', () => {
    const inVpc = domain([open, appAllowed], { vpc: { vpcId: 'vpc-0abc', subnetIds: ['subnet-1'] } });
    const out = evaluateSearchDomains(facts([inVpc]), ctx);
    expect(out.findings).toEqual([]);
    expect(out.checks).toEqual([
      expect.objectContaining({
        id: 'F13:search-domain/catalog@open',
        passed: true,
        detail: expect.stringContaining('only reachable inside its VPC'),
      }),
      expect.objectContaining({ id: 'F13:search-domain/catalog@ip', passed: true }),
      expect.objectContaining({
        id: 'F13:search-domain/catalog@catalog-web',
        passed: true,
        environmentName: 'catalog-web',
      }),
    ]);
    const fgac = evaluateSearchDomains(facts([domain([open, appAllowed], { fineGrainedAccessControl: true })]), ctx);
    expect(fgac.findings).toEqual([]);
  });

  it('flags IP entries and removes them', () => {
    const out = evaluateSearchDomains(facts([domain([appAllowed, ipHole])]), ctx);
    const f = findingOf(out.findings, 'F13:search-domain/catalog@ip');
    expect(f.severity).toBe('medium');
    expect(f.summary).toContain('203.0.113.7/32, 198.51.100.0/24');
    expect(f.fixes.map((x) => x.id)).toEqual(['remove-ip']);
    expect(f.fixes[0]?.recommended).toBe(true);
    expect(policyOf(f, 'remove-ip').Statement).toEqual([appAllowed]);
    expect(out.findings.map((x) => x.id)).toEqual(['F13:search-domain/catalog@ip']);
  });

  it('rates a narrow IP hole lower under fine-grained access control', () => {
    const guarded = evaluateSearchDomains(
      facts([domain([appAllowed, ipHole], { fineGrainedAccessControl: true })]),
      ctx,
    );
    expect(findingOf(guarded.findings, 'F13:search-domain/catalog@ip').severity).toBe('low');
  });

  it('adds the app role found through a decrypted secret', () => {
    const viaSecret: SearchEnvironmentFacts = {
      detail: env('catalog-worker', {}, { ES_HOST: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/catalog/ES_HOST` }),
      secretValues: { ES_HOST: ENDPOINT },
      role: { ...ROLE, roleName: 'catalog-worker', roleArn: `arn:aws:iam::${ACCOUNT}:role/catalog-worker` },
    };
    const account = {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'es:*',
      Resource: `${DOMAIN_ARN}/*`,
    };
    const out = evaluateSearchDomains(facts([domain([account])], [viaSecret]), ctx);
    const f = findingOf(out.findings, 'F13:search-domain/catalog@catalog-worker');
    expect(f.evidence[0]?.text).toBe(`secret ES_HOST (arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/catalog/ES_HOST)`);
    expect(f.related).toContainEqual({
      type: 'role',
      name: 'catalog-worker',
      arn: `arn:aws:iam::${ACCOUNT}:role/catalog-worker`,
    });
    expect(f.fixes.map((x) => x.id)).toEqual(['allow-app-role']);
    expect(policyOf(f, 'allow-app-role').Statement).toEqual([
      account,
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/catalog-worker` },
        Action: 'es:ESHttp*',
        Resource: `${DOMAIN_ARN}/*`,
      },
    ]);
  });

  it('lets the account principal hand the decision to IAM: the role passes when its own policies allow it', () => {
    const account = {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'es:*',
      Resource: `${DOMAIN_ARN}/*`,
    };
    const key = `${ROLE.roleArn} ${DOMAIN_ARN}`;
    const granted = evaluateSearchDomains({ ...facts([domain([account])]), identityAllowed: { [key]: true } }, ctx);
    expect(granted.findings).toEqual([]);
    expect(granted.checks.find((c) => c.id === 'F13:search-domain/catalog@catalog-web')?.detail).toContain(
      'through the account principal and its own IAM policies',
    );
    const refused = evaluateSearchDomains({ ...facts([domain([account])]), identityAllowed: { [key]: false } }, ctx);
    expect(refused.findings.map((f) => f.id)).toEqual(['F13:search-domain/catalog@catalog-web']);
    // Another account's root delegates nothing to this account's roles.
    const foreign = { ...account, Principal: { AWS: 'arn:aws:iam::999988887777:root' } };
    const elsewhere = evaluateSearchDomains({ ...facts([domain([foreign])]), identityAllowed: { [key]: true } }, ctx);
    expect(elsewhere.findings.map((f) => f.id)).toEqual(['F13:search-domain/catalog@catalog-web']);
  });

  it('offers one rewrite fixing everything when a domain has several problems', () => {
    const out = evaluateSearchDomains(facts([domain([open, ipHole])]), ctx);
    const f = findingOf(out.findings, 'F13:search-domain/catalog@ip');
    expect(policyOf(f, 'fix-all').Statement).toEqual([appAllowed]);
  });

  it('stays silent on a healthy domain and on one nobody uses', () => {
    const out = evaluateSearchDomains(facts([domain([appAllowed])]), ctx);
    expect(out.findings).toEqual([]);
    expect(out.checks.every((c) => c.passed)).toBe(true);
    expect(out.checks).toHaveLength(3);
    const unused = evaluateSearchDomains(facts([domain([appAllowed])], []), ctx);
    expect(unused.checks.map((c) => c.id)).toEqual(['F13:search-domain/catalog@open', 'F13:search-domain/catalog@ip']);
  });

  it('gives manual steps when the stored policy does not parse', () => {
    const broken = { ...domain([]), accessPolicy: '{"Statement": [', accessPolicyParseError: 'unexpected end' };
    const out = evaluateSearchDomains(facts([broken]), ctx);
    // Nothing classifiable: no statement, so nothing to flag except the role, which needs manual steps.
    const f = findingOf(out.findings, 'F13:search-domain/catalog@catalog-web');
    expect(f.fixes).toEqual([]);
    expect(f.manual?.steps[1]?.command).toContain('update-domain-config --domain-name catalog');
  });

  it('scoped to an environment, looks only at the domains it uses', () => {
    const other = domain([open], {
      name: 'logs',
      arn: `arn:aws:es:eu-west-1:${ACCOUNT}:domain/logs`,
      endpoint: 'search-logs-x.eu-west-1.es.amazonaws.com',
    });
    const out = evaluateSearchDomains(facts([domain([appAllowed]), other]), { ...ctx, environmentName: 'catalog-web' });
    expect(out.findings).toEqual([]);
    expect(out.checks.every((c) => c.subject.name === 'catalog')).toBe(true);
  });
});
