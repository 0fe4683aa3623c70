/**
 * F13: search domains that are open to anyone, have aws:SourceIp holes, or
 * do not name the role an app that uses them runs as.
 *
 * A domain is used by an environment when its endpoint (or a host
 * `search-<name>-…` / `vpc-<name>-…`) appears in a property value or in a
 * decrypted SSM parameter the environment's secrets reference. The app runs as
 * the role of the environment's instance profile.
 *
 * Each fix is one search.updateAccessPolicy with the whole rewritten policy;
 * the planner shows the diff. Because each is computed from the policy as
 * scanned, applying one makes the others stale until the next scan, so a
 * domain with several problems also gets one "fix everything" rewrite.
 */
import type { Evidence, FindingResource, FindingSeverity, SearchDomainDetail } from '../../../shared/contract';
import {
  allowRole,
  classifyPolicy,
  dropStatement,
  isObject,
  parseJson,
  removeIpEntry,
  statementsOf,
  type ClassifiedStatement,
} from '../../../shared/search';
import type { EnvironmentDetail, ScanSource } from '../facts';
import { catalogueRef, check, findingId } from '../findings';
import { instanceProfileName } from '../beanstalk/options';
import { wildcardMatch } from '../iam/policyEvaluation';
import { parameterNameFromArn } from '../beanstalk/parameters';
import { runnable, type EvaluationContext, type FindingDraft, type FixDraft, type RuleOutput } from '../types';

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

const delegationKey = (roleArn: string, domainArn: string): string => `${roleArn} ${domainArn}`;

/** An Allow naming the account (`arn:…:root` or the bare id) on the domain's paths delegates to IAM. */
export function allowsAccount(statements: readonly ClassifiedStatement[], domainArn: string, account: string): boolean {
  return statements.some(
    (s) =>
      s.effect === 'Allow' &&
      !s.notAction &&
      s.principals.some((p) => p === account || /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(p)?.[1] === account) &&
      s.actions.some((a) => /^(\*|es:\*|es:ESHttp\*|es:ESHttp[A-Za-z]+)$/i.test(a)) &&
      s.resources.some((r) => wildcardMatch(r, `${domainArn}/*`)),
  );
}

// ---------------------------------------------------------------------------------------------- linking

/** The text in `value` that names `domain`'s endpoint, or undefined. */
export function domainReference(value: string, domain: SearchDomainDetail): string | undefined {
  const lower = value.toLowerCase();
  const endpoint = domain.endpoint?.toLowerCase().replace(/^https?:\/\//, '');
  if (endpoint && lower.includes(endpoint)) return domain.endpoint;
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

// ---------------------------------------------------------------------------------------------- collect

async function roleOf(
  source: ScanSource,
  ctx: EvaluationContext,
  detail: EnvironmentDetail,
): Promise<AppRole | undefined> {
  const profileName = instanceProfileName(detail.options);
  const profile = await source.attempt(`instance profile ${profileName}`, ['F13'], () =>
    source.instanceProfile(profileName),
  );
  const roleName = profile?.roleNames[0];
  if (!roleName) return undefined;
  const snapshot = await source.attempt('IAM roles', ['F13'], () => source.iam());
  // The snapshot knows the role's path; without it the ARN is built path-less, which is right for EB's roles.
  const roleArn =
    snapshot?.roles.find((r) => r.name === roleName)?.arn ??
    `arn:${ctx.partition}:iam::${ctx.account}:role/${roleName}`;
  return { profileName, roleName, roleArn };
}

export async function collectSearchFacts(source: ScanSource, ctx: EvaluationContext): Promise<SearchFacts> {
  const domains = (await source.attempt('search domains', ['F13'], () => source.searchDomains())) ?? [];
  if (domains.length === 0) return { domains, environments: [] };
  const names = ctx.environmentName
    ? [ctx.environmentName]
    : ((await source.attempt('environments', ['F13'], () => source.environments())) ?? [])
        .filter((e) => e.status !== 'Terminated' && e.status !== 'Terminating')
        .map((e) => e.name);
  const environments = await Promise.all(
    names.map(async (name): Promise<SearchEnvironmentFacts | undefined> => {
      const detail = await source.attempt(`environment ${name}`, ['F13'], () => source.environment(name));
      if (!detail) return undefined;
      const secretValues: Record<string, string | null> = {};
      await Promise.all(
        Object.entries(detail.secrets).map(async ([secret, arn]) => {
          const parameter = parameterNameFromArn(arn);
          if (!parameter) return;
          const value = await source.attempt(`SSM parameter ${parameter}`, ['F13'], () =>
            source.parameterValue(parameter),
          );
          secretValues[secret] = value ?? null;
        }),
      );
      const facts: SearchEnvironmentFacts = { detail, secretValues };
      if (!domains.some((d) => domainUses(d, [facts]).length > 0)) return facts;
      const role = await roleOf(source, ctx, detail);
      return role ? { ...facts, role } : facts;
    }),
  );
  const live = environments.filter((e): e is SearchEnvironmentFacts => e !== undefined);
  const identityAllowed: Record<string, boolean> = {};
  for (const domain of domains) {
    const statements = classifyPolicy(domain.accessPolicy, {
      vpc: domain.vpc !== undefined,
      fineGrained: domain.fineGrainedAccessControl,
    });
    if (!allowsAccount(statements, domain.arn, ctx.account)) continue;
    for (const { environment } of domainUses(domain, live)) {
      const role = environment.role;
      if (!role || identityAllowed[delegationKey(role.roleArn, domain.arn)] !== undefined) continue;
      const verdicts = await source.attempt(`IAM permissions of ${role.roleName}`, ['F13'], () =>
        source.simulate(role.roleArn, ['es:ESHttpGet'], [`${domain.arn}/*`]),
      );
      if (verdicts) {
        identityAllowed[delegationKey(role.roleArn, domain.arn)] = verdicts.every((v) => v.decision === 'allowed');
      }
    }
  }
  return { domains, environments: live, identityAllowed };
}

// ---------------------------------------------------------------------------------------------- evaluate

/** An Allow naming the role exactly, for HTTP actions, on the domain's paths. */
export function allowsRole(statements: readonly ClassifiedStatement[], domainArn: string, roleArn: string): boolean {
  return statements.some(
    (s) =>
      s.effect === 'Allow' &&
      !s.notAction &&
      s.principals.includes(roleArn) &&
      s.actions.some((a) => /^(\*|es:\*|es:ESHttp\*|es:ESHttp[A-Za-z]+)$/i.test(a)) &&
      s.resources.some((r) => wildcardMatch(r, `${domainArn}/*`)),
  );
}

function rawStatements(policy: string): unknown[] {
  const parsed = parseJson(policy);
  return parsed.ok && isObject(parsed.value) ? statementsOf(parsed.value) : [];
}

function statementLabel(s: ClassifiedStatement): string {
  return `Statement ${s.index + 1}${s.sid ? ` (${s.sid})` : ''}`;
}

function statementEvidence(policy: string, statements: readonly ClassifiedStatement[]): Evidence[] {
  const raw = rawStatements(policy);
  return statements.map((s) => ({
    source: 'policy' as const,
    label: statementLabel(s),
    text: JSON.stringify(raw[s.index] ?? {}),
  }));
}

type PolicyStep = (text: string) => string;

/** A rewrite that throws (policy text that does not parse) yields no fix. */
function rewrite(policy: string, steps: readonly PolicyStep[]): string | undefined {
  try {
    return steps.reduce((text, step) => step(text), policy);
  } catch {
    return undefined;
  }
}

function dropAll(indices: readonly number[]): PolicyStep[] {
  // Highest first, so earlier indices still point at the same statements.
  return [...indices].sort((a, b) => b - a).map((i) => (text: string) => dropStatement(text, i));
}

function removeAll(cidrs: readonly string[]): PolicyStep[] {
  return cidrs.map((cidr) => (text: string) => removeIpEntry(text, cidr));
}

function allowAll(domainArn: string, roles: readonly AppRole[]): PolicyStep[] {
  return roles.map((role) => (text: string) => allowRole(text, domainArn, role.roleArn));
}

function policyFix(
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
function fixesOrManual(
  domain: SearchDomainDetail,
  fixes: FixDraft[],
  what: string,
  check: string,
): Pick<FindingDraft, 'fixes' | 'manual'> {
  return { fixes, ...(fixes.length === 0 ? { manual: manualPolicy(domain, what, check) } : {}) };
}

const LOWER: Readonly<Record<FindingSeverity, FindingSeverity>> = {
  critical: 'high',
  high: 'medium',
  medium: 'low',
  low: 'low',
};

interface DomainContext {
  domain: SearchDomainDetail;
  subject: FindingResource;
  statements: ClassifiedStatement[];
  open: ClassifiedStatement[];
  ipCidrs: string[];
  missingRoles: AppRole[];
  issues: number;
}

function fixEverything(c: DomainContext): FixDraft[] {
  if (c.issues < 2) return [];
  const parts = [
    c.open.length > 0 && 'drops the open statement',
    c.ipCidrs.length > 0 && 'removes the IP entries',
    c.missingRoles.length > 0 && `allows ${c.missingRoles.map((r) => r.roleName).join(', ')}`,
  ].filter(Boolean);
  return policyFix(
    c.domain,
    'fix-all',
    'Fix every problem of this policy at once',
    `One policy update that ${parts.join(', ')}; the separate fixes each start from the policy as scanned.`,
    false,
    [...dropAll(c.open.map((s) => s.index)), ...removeAll(c.ipCidrs), ...allowAll(c.domain.arn, c.missingRoles)],
  );
}

interface HoleFix {
  id: string;
  label: string;
  description: string;
  steps: readonly PolicyStep[];
}

/**
 * The fixes for one hole in the policy. Closing it alone would lock out an app
 * whose role the policy does not name yet, so when such roles exist the first,
 * recommended fix closes the hole and allows them in the same update.
 */
function holeFixes(c: DomainContext, alone: HoleFix, withApp: Omit<HoleFix, 'steps'>): FixDraft[] {
  const withRoles = c.missingRoles.length > 0;
  return [
    ...(withRoles
      ? policyFix(
          c.domain,
          withApp.id,
          `${withApp.label} and allow ${c.missingRoles.map((r) => r.roleName).join(', ')}`,
          withApp.description,
          true,
          [...alone.steps, ...allowAll(c.domain.arn, c.missingRoles)],
        )
      : []),
    ...policyFix(c.domain, alone.id, alone.label, alone.description, !withRoles, alone.steps),
    ...fixEverything(c),
  ];
}

/** The statements that make the hole, and why the endpoint makes it one. */
function holeEvidence(domain: SearchDomainDetail, statements: readonly ClassifiedStatement[]): Evidence[] {
  return [
    ...statementEvidence(domain.accessPolicy, statements),
    { source: 'state', label: 'Endpoint', text: exposureText(domain) },
  ];
}

function exposureText(domain: SearchDomainDetail): string {
  return [
    domain.vpc ? `in VPC ${domain.vpc.vpcId ?? ''}`.trim() : 'public endpoint (no VPC)',
    `fine-grained access control ${domain.fineGrainedAccessControl ? 'on' : 'off'}`,
  ].join(', ');
}

function openFinding(c: DomainContext): FindingDraft {
  const { domain } = c;
  const fixes = holeFixes(
    c,
    {
      id: 'drop-open',
      label: 'Drop the open statement',
      description: `Removes ${c.open.map(statementLabel).join(', ')}, which ${c.open.length === 1 ? 'lets' : 'let'} anyone on the internet call the domain.`,
      steps: dropAll(c.open.map((s) => s.index)),
    },
    {
      id: 'drop-open-allow-app',
      label: 'Drop the open statement',
      description:
        'Removes the statement that lets anyone in and adds an Allow for the role the app runs as, so the app keeps working.',
    },
  );
  return {
    id: findingId('F13', c.subject, 'open'),
    rule: 'F13',
    severity: 'critical',
    summary: `Search domain ${domain.name} is open to anyone on the internet`,
    resource: c.subject,
    related: [],
    evidence: holeEvidence(domain, c.open),
    explanation:
      `${c.open.map(statementLabel).join(', ')} of ${domain.name}’s access policy ${c.open.length === 1 ? 'allows' : 'allow'} Principal "*" with no condition, ` +
      'and the domain has a public endpoint without fine-grained access control, so anyone can read and write its data without signing. ' +
      'The fix removes that statement; apps must then be named by their role.',
    catalogue: catalogueRef('F13'),
    ...fixesOrManual(
      domain,
      fixes,
      'remove the statement with Principal "*"',
      `${domain.name} has no unconditioned "*" Allow.`,
    ),
  };
}

function ipFinding(c: DomainContext, ipStatements: readonly ClassifiedStatement[]): FindingDraft {
  const { domain } = c;
  const ranges = ipStatements.flatMap((s) => s.sourceRanges);
  const wide = ranges.some((r) => r.open || r.negated);
  const base: FindingSeverity = wide ? 'high' : 'medium';
  const severity = domain.fineGrainedAccessControl ? LOWER[base] : base;
  const fixes = holeFixes(
    c,
    {
      id: 'remove-ip',
      label: `Remove ${c.ipCidrs.join(', ')}`,
      description:
        'Removes these aws:SourceIp entries; a statement left with no address is dropped rather than left open.',
      steps: removeAll(c.ipCidrs),
    },
    {
      id: 'remove-ip-allow-app',
      label: 'Remove the IP entries',
      description:
        'Removes every aws:SourceIp entry (a statement left with none is dropped) and adds an Allow for the app’s role.',
    },
  );
  return {
    id: findingId('F13', c.subject, 'ip'),
    rule: 'F13',
    severity,
    summary: `Search domain ${domain.name} lets unsigned requests in from ${c.ipCidrs.join(', ')}`,
    resource: c.subject,
    related: [],
    evidence: holeEvidence(domain, ipStatements),
    explanation:
      `${ipStatements.map(statementLabel).join(', ')} let${ipStatements.length === 1 ? 's' : ''} anyone whose request comes from ${c.ipCidrs.join(', ')} call the domain without signing` +
      (wide ? ', and at least one range is the whole internet' : '') +
      '. Addresses change hands and are shared behind NAT, so such holes outlive their purpose. ' +
      'The fix removes the entries; workstations should sign requests with an IAM identity instead.',
    catalogue: catalogueRef('F13'),
    ...fixesOrManual(domain, fixes, 'remove the aws:SourceIp entries', `${domain.name} has no aws:SourceIp holes.`),
  };
}

function roleFinding(c: DomainContext, use: DomainUse, role: AppRole): FindingDraft {
  const { domain } = c;
  const envName = use.environment.detail.environment.name;
  const fixes = [
    ...policyFix(
      domain,
      'allow-app-role',
      `Allow ${role.roleName}`,
      `Adds an Allow for ${role.roleArn} on ${domain.arn}/* (es:ESHttp*), so ${envName}’s signed requests are accepted.`,
      true,
      allowAll(domain.arn, [role]),
    ),
    ...fixEverything(c),
  ];
  return {
    id: findingId('F13', c.subject, envName),
    rule: 'F13',
    severity: 'high',
    summary: `Search domain ${domain.name} does not allow ${role.roleName}, the role ${envName} runs as`,
    resource: c.subject,
    environmentName: envName,
    related: [
      { type: 'environment', name: envName },
      { type: 'role', name: role.roleName, arn: role.roleArn },
    ],
    evidence: [
      { source: 'setting', label: `${envName} uses the domain`, text: use.where.join('; ') },
      {
        source: 'setting',
        label: 'Instance profile',
        text: `${role.profileName} → ${role.roleArn}`,
      },
      {
        source: 'policy',
        label: 'Principals allowed',
        text:
          [...new Set(c.statements.filter((s) => s.effect === 'Allow').flatMap((s) => s.principals))].join(', ') ||
          '(none)',
      },
    ],
    explanation:
      `${envName} calls ${domain.name} (its settings name the endpoint) and signs as ${role.roleName}, the role of its instance profile ${role.profileName}. ` +
      `No Allow in the domain’s policy names that role on ${domain.arn}/*, so its requests are refused. ` +
      'The fix adds one statement allowing exactly that role.',
    catalogue: catalogueRef('F13'),
    ...fixesOrManual(
      domain,
      fixes,
      `add an Allow for ${role.roleArn}`,
      `${domain.name}’s policy allows ${role.roleArn}.`,
    ),
  };
}

export function evaluateSearchDomains(facts: SearchFacts, ctx: EvaluationContext): RuleOutput {
  const out: RuleOutput = { findings: [], checks: [] };
  const environments = ctx.environmentName
    ? facts.environments.filter((e) => e.detail.environment.name === ctx.environmentName)
    : facts.environments;
  for (const domain of facts.domains) {
    const uses = domainUses(domain, environments);
    // A scan scoped to one environment looks only at the domains it uses.
    if (ctx.environmentName && uses.length === 0) continue;
    const subject: FindingResource = { type: 'search-domain', name: domain.name, arn: domain.arn };
    const statements = classifyPolicy(domain.accessPolicy, {
      vpc: domain.vpc !== undefined,
      fineGrained: domain.fineGrainedAccessControl,
    });
    const open = statements.filter((s) => s.classification === 'public');
    const ipStatements = domain.vpc ? [] : statements.filter((s) => s.classification === 'ip-restricted');
    const ipCidrs = [...new Set(ipStatements.flatMap((s) => s.sourceRanges.map((r) => r.cidr)))];
    const roleUses = uses.flatMap((use) => (use.environment.role ? [{ use, role: use.environment.role }] : []));
    // The account principal hands the decision to IAM: the role is in when its own policies allow it.
    const viaAccount = (roleArn: string): boolean =>
      allowsAccount(statements, domain.arn, ctx.account) &&
      facts.identityAllowed?.[delegationKey(roleArn, domain.arn)] === true;
    const allowed = (roleArn: string): boolean => allowsRole(statements, domain.arn, roleArn) || viaAccount(roleArn);
    const missing = roleUses.filter(({ role }) => !allowed(role.roleArn));
    const missingRoles = [...new Map(missing.map(({ role }) => [role.roleArn, role])).values()];
    const c: DomainContext = {
      domain,
      subject,
      statements,
      open,
      ipCidrs,
      missingRoles,
      issues: (open.length > 0 ? 1 : 0) + (ipCidrs.length > 0 ? 1 : 0) + (missingRoles.length > 0 ? 1 : 0),
    };

    const guarded = statements.filter((s) => s.classification === 'open-but-guarded');
    out.checks.push(
      check(
        'F13',
        subject,
        open.length === 0,
        open.length > 0
          ? `${open.map(statementLabel).join(', ')} ${open.length === 1 ? 'allows' : 'allow'} anyone on a public domain without fine-grained access control`
          : guarded.length > 0
            ? (guarded[0]?.explanation ?? 'Open, but guarded.')
            : 'No statement lets anyone in unconditionally.',
        { qualifier: 'open' },
      ),
    );
    if (open.length > 0) out.findings.push(openFinding(c));

    out.checks.push(
      check(
        'F13',
        subject,
        ipCidrs.length === 0,
        ipCidrs.length > 0
          ? `aws:SourceIp entries: ${ipCidrs.join(', ')}`
          : domain.vpc
            ? 'The domain is in a VPC; IP conditions do not apply.'
            : 'No aws:SourceIp holes.',
        { qualifier: 'ip' },
      ),
    );
    if (ipCidrs.length > 0) out.findings.push(ipFinding(c, ipStatements));

    for (const { use, role } of roleUses) {
      const envName = use.environment.detail.environment.name;
      const passed = allowed(role.roleArn);
      out.checks.push(
        check(
          'F13',
          subject,
          passed,
          passed
            ? allowsRole(statements, domain.arn, role.roleArn)
              ? `${role.roleName} (${envName}) is allowed on ${domain.arn}/*`
              : `${role.roleName} (${envName}) is allowed on ${domain.arn}/* through the account principal and its own IAM policies`
            : `${role.roleName} (${envName}) is not named in any Allow on ${domain.arn}/*`,
          { qualifier: envName, environmentName: envName },
        ),
      );
      if (!passed) out.findings.push(roleFinding(c, use, role));
    }
  }
  return out;
}

export const searchDomainsFamily = runnable<SearchFacts>({
  name: 'searchDomains',
  rules: ['F13'],
  collect: collectSearchFacts,
  evaluate: evaluateSearchDomains,
});
