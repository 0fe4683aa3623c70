/**
 * F13: search domains that are open to anyone (a bare `*`, or an IP condition
 * that admits the internet), have aws:SourceIp holes, or do not name the role
 * an app that uses them runs as.
 *
 * A domain is used by an environment when its endpoint (or a host
 * `search-<name>-…` / `vpc-<name>-…`) appears in a property value or in a
 * decrypted SSM parameter the environment's secrets reference. The app runs as
 * the role of the environment's instance profile. What "anyone" statements
 * admit is judged in searchExposure.ts; the findings and their policy
 * rewrites are in searchDomainFindings.ts.
 */
import type { FindingResource } from '../../../shared/contract';
import { classifyPolicy } from '../../../shared/search';
import type { EnvironmentDetail, ScanSource } from '../facts';
import { check } from '../findings';
import { environmentInstanceProfile } from '../beanstalk/options';
import { parameterNameFromArn } from '../beanstalk/parameters';
import { runnable, type EvaluationContext, type RuleOutput } from '../types';
import { type DomainContext, ipFinding, openFinding, roleFinding } from './searchDomainFindings';
import {
  allowsAccount,
  allowsRole,
  type AppRole,
  delegationKey,
  domainUses,
  type SearchEnvironmentFacts,
  type SearchFacts,
} from './searchDomainLinks';
import { anyoneExposures } from './searchExposure';
import { statementLabel } from './searchPolicyFixes';

export {
  allowsAccount,
  allowsRole,
  type AppRole,
  domainReference,
  type DomainUse,
  domainUses,
  type SearchEnvironmentFacts,
  type SearchFacts,
} from './searchDomainLinks';

// ---------------------------------------------------------------------------------------------- collect

async function roleOf(
  source: ScanSource,
  ctx: EvaluationContext,
  detail: EnvironmentDetail,
): Promise<AppRole | undefined> {
  const profileName = environmentInstanceProfile(detail).name;
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

/** The guarded statement's own words, naming the guard that makes an IP-open statement harmless. */
function guardedText(explanation: string, domain: { vpc?: unknown; fineGrainedAccessControl: boolean }): string {
  if (explanation.startsWith('Allows anyone, but')) return explanation;
  const guard =
    domain.vpc !== undefined ? 'is only reachable inside its VPC' : 'requires a fine-grained access control login';
  return `${explanation.replace(/\.$/, '')}, but the domain ${guard}.`;
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
    // Behind a VPC or fine-grained access control, letting "anyone" in is the normal setup, by address or not.
    const guardedDomain = domain.vpc !== undefined || domain.fineGrainedAccessControl;
    const exposures = anyoneExposures(statements, domain.arn);
    const open = guardedDomain ? [] : exposures.filter((e) => e.public);
    const ipHoles = domain.vpc ? [] : exposures.filter((e) => !e.public);
    const ipCidrs = [...new Set(ipHoles.flatMap((e) => e.ipEntries))];
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
      ipHoles,
      ipCidrs,
      missingRoles,
      issues: (open.length > 0 ? 1 : 0) + (ipHoles.length > 0 ? 1 : 0) + (missingRoles.length > 0 ? 1 : 0),
    };

    const guarded = [
      ...statements.filter((s) => s.classification === 'open-but-guarded'),
      ...(guardedDomain ? exposures.filter((e) => e.public).map((e) => e.statement) : []),
    ];
    out.checks.push(
      check(
        'F13',
        subject,
        open.length === 0,
        open.length > 0
          ? `${open.map((e) => `${statementLabel(e.statement)} allows anyone on a public domain without fine-grained access control: ${e.why}`).join('; ')}`
          : guarded.length > 0
            ? guardedText(guarded[0]?.explanation ?? 'Open, but guarded.', domain)
            : 'No statement lets the internet in unsigned.',
        { qualifier: 'open' },
      ),
    );
    if (open.length > 0) out.findings.push(openFinding(c));

    out.checks.push(
      check(
        'F13',
        subject,
        ipHoles.length === 0,
        ipHoles.length > 0
          ? `Unsigned requests from ${ipHoles.map((e) => e.from).join('; ')}`
          : domain.vpc
            ? 'The domain is in a VPC; IP conditions do not apply.'
            : 'No aws:SourceIp holes.',
        { qualifier: 'ip' },
      ),
    );
    if (ipHoles.length > 0) out.findings.push(ipFinding(c));

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
