/**
 * F13's three findings for one domain: open to the internet (a bare `*`, or
 * an IP condition that admits the internet), unsigned requests from some
 * addresses, and an app whose role the policy does not let in. A domain with
 * several gets a "fix everything" rewrite as well, since each single fix
 * starts from the policy as scanned.
 */
import type { Evidence, FindingResource, FindingSeverity, SearchDomainDetail } from '../../../shared/contract';
import type { ClassifiedStatement } from '../../../shared/search';
import { catalogueRef, findingId } from '../findings';
import type { FindingDraft, FixDraft } from '../types';
import type { AppRole, DomainUse } from './searchDomainLinks';
import type { AnyoneExposure } from './searchExposure';
import {
  allowAll,
  dropAll,
  fixesOrManual,
  narrowAll,
  policyFix,
  type PolicyStep,
  statementEvidence,
  statementLabel,
} from './searchPolicyFixes';

const LOWER: Readonly<Record<FindingSeverity, FindingSeverity>> = {
  critical: 'high',
  high: 'medium',
  medium: 'low',
  low: 'low',
};

export interface DomainContext {
  domain: SearchDomainDetail;
  subject: FindingResource;
  statements: ClassifiedStatement[];
  /** Statements that let the whole internet in without signing. */
  open: AnyoneExposure[];
  /** Statements that let unsigned requests in from some addresses only. */
  ipHoles: AnyoneExposure[];
  /** The addresses the IP holes list, for the summary. */
  ipCidrs: string[];
  missingRoles: AppRole[];
  issues: number;
}

const labels = (exposures: readonly AnyoneExposure[]): string =>
  exposures.map((e) => statementLabel(e.statement)).join(', ');
const indices = (exposures: readonly AnyoneExposure[]): number[] => exposures.map((e) => e.statement.index);

function fixEverything(c: DomainContext): FixDraft[] {
  if (c.issues < 2) return [];
  const parts = [
    c.open.length > 0 && 'drops the open statement',
    c.ipHoles.length > 0 && 'removes the IP entries',
    c.missingRoles.length > 0 && `allows ${c.missingRoles.map((r) => r.roleName).join(', ')}`,
  ].filter(Boolean);
  return policyFix(
    c.domain,
    'fix-all',
    'Fix every problem of this policy at once',
    `One policy update that ${parts.join(', ')}; the separate fixes each start from the policy as scanned.`,
    false,
    [...dropAll([...indices(c.open), ...indices(c.ipHoles)]), ...allowAll(c.domain.arn, c.missingRoles)],
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
function holeFixes(
  c: DomainContext,
  alone: HoleFix,
  withApp: Omit<HoleFix, 'steps'>,
  more: FixDraft[] = [],
): FixDraft[] {
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
    ...more,
    ...fixEverything(c),
  ];
}

function exposureText(domain: SearchDomainDetail): string {
  return [
    domain.vpc ? `in VPC ${domain.vpc.vpcId ?? ''}`.trim() : 'public endpoint (no VPC)',
    `fine-grained access control ${domain.fineGrainedAccessControl ? 'on' : 'off'}`,
  ].join(', ');
}

/** The statements that make the hole, the Denies that narrow it, and why the endpoint makes it one. */
function holeEvidence(domain: SearchDomainDetail, exposures: readonly AnyoneExposure[]): Evidence[] {
  const denies = [...new Map(exposures.flatMap((e) => e.narrowedBy).map((d) => [d.index, d])).values()];
  return [
    ...statementEvidence(
      domain.accessPolicy,
      exposures.map((e) => e.statement),
    ),
    ...statementEvidence(domain.accessPolicy, denies),
    { source: 'state', label: 'Endpoint', text: exposureText(domain) },
  ];
}

export function openFinding(c: DomainContext): FindingDraft {
  const { domain } = c;
  const conditioned = c.open.filter((e) => e.statement.conditions.length > 0);
  // Keeping a workstation's narrow entries is a choice, not the default: the hole is then smaller, not closed.
  const narrower = conditioned.filter((e) => e.wideEntries.length > 0);
  const keep = narrower.flatMap((e) => e.ipEntries.filter((x) => !e.wideEntries.includes(x)));
  const removeWide = policyFix(
    domain,
    'remove-open-ip',
    `Remove ${narrower.flatMap((e) => e.wideEntries).join(', ')} only`,
    `Takes the entries that admit the internet out of ${labels(narrower)}, keeping ${keep.join(', ')}; unsigned requests from those addresses are still accepted, and the scan will say so.`,
    false,
    narrowAll(narrower.map((e) => ({ index: e.statement.index, entries: e.wideEntries }))),
  );
  const fixes = holeFixes(
    c,
    {
      id: 'drop-open',
      label: 'Drop the open statement',
      description: `Removes ${labels(c.open)}, which ${c.open.length === 1 ? 'lets' : 'let'} anyone on the internet call the domain.`,
      steps: dropAll(indices(c.open)),
    },
    {
      id: 'drop-open-allow-app',
      label: 'Drop the open statement',
      description:
        'Removes the statement that lets anyone in and adds an Allow for the role the app runs as, so the app keeps working.',
    },
    narrower.length > 0 ? removeWide : [],
  );
  const why = c.open.map((e) => `${statementLabel(e.statement)}: ${e.why}`).join('; ');
  return {
    id: findingId('F13', c.subject, 'open'),
    rule: 'F13',
    severity: 'critical',
    summary:
      conditioned.length > 0
        ? `Search domain ${domain.name} is open to anyone on the internet (${why})`
        : `Search domain ${domain.name} is open to anyone on the internet`,
    resource: c.subject,
    related: [],
    evidence: holeEvidence(domain, c.open),
    explanation:
      `${labels(c.open)} of ${domain.name}’s access policy ${c.open.length === 1 ? 'allows' : 'allow'} Principal "*" ` +
      (conditioned.length > 0
        ? `where ${why}: an IP condition that admits the whole IPv4 or IPv6 internet, or most of it, restricts nothing, so it is as open as no condition at all. `
        : 'with no condition. ') +
      'The domain has a public endpoint without fine-grained access control, so anyone can read and write its data without signing. ' +
      'The fix removes that statement; apps must then be named by their role.',
    catalogue: catalogueRef('F13'),
    ...fixesOrManual(
      domain,
      fixes,
      'remove the statement with Principal "*"',
      `${domain.name} has no Allow that lets the internet in unsigned.`,
    ),
  };
}

export function ipFinding(c: DomainContext): FindingDraft {
  const { domain } = c;
  // Wide but also conditioned on other keys: not judged public, still more than a workstation's hole.
  const wide = c.ipHoles.some((e) => e.wide);
  const base: FindingSeverity = wide ? 'high' : 'medium';
  const severity = domain.fineGrainedAccessControl ? LOWER[base] : base;
  const from = c.ipHoles.map((e) => e.from).join('; ');
  const entries = c.ipCidrs;
  const fixes = holeFixes(
    c,
    {
      id: 'remove-ip',
      label: entries.length > 0 ? `Remove ${entries.join(', ')}` : `Drop ${labels(c.ipHoles)}`,
      description:
        'Removes the statements that let unsigned requests in by address (their aws:SourceIp entries with them); a statement is dropped rather than left without its condition, which would open it.',
      steps: dropAll(indices(c.ipHoles)),
    },
    {
      id: 'remove-ip-allow-app',
      label: 'Remove the IP entries',
      description:
        'Removes every statement that lets unsigned requests in by address and adds an Allow for the app’s role.',
    },
  );
  return {
    id: findingId('F13', c.subject, 'ip'),
    rule: 'F13',
    severity,
    summary: `Search domain ${domain.name} lets unsigned requests in from ${from}`,
    resource: c.subject,
    related: [],
    evidence: holeEvidence(domain, c.ipHoles),
    explanation:
      `${labels(c.ipHoles)} let${c.ipHoles.length === 1 ? 's' : ''} anyone whose request comes from ${from} call the domain without signing` +
      (wide ? ', and the addresses are most of the internet' : '') +
      '. Addresses change hands and are shared behind NAT, so such holes outlive their purpose. ' +
      'The fix removes the entries; workstations should sign requests with an IAM identity instead.',
    catalogue: catalogueRef('F13'),
    ...fixesOrManual(domain, fixes, 'remove the aws:SourceIp entries', `${domain.name} has no aws:SourceIp holes.`),
  };
}

export function roleFinding(c: DomainContext, use: DomainUse, role: AppRole): FindingDraft {
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
