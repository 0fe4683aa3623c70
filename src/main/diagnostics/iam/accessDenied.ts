/**
 * Catalogue F2: "… is not authorized to perform: …" in events, health causes
 * or pasted text. A sighting is only a lead; the finding stands while a
 * simulation (or, failing that, the principal's policies) still denies the
 * action, so an old event whose cause was fixed yields a passing check.
 *
 * SSM parameter reads by an environment's instance role are left to F10, which
 * checks every parameter the environment references and writes one scoped
 * policy for all of them: one cause, one finding.
 */
import type {
  AtomicChangeIntent,
  Evidence,
  FindingResource,
  HealthColor,
  PrincipalRef,
} from '../../../shared/contract';
import type { EventFact } from '../facts';
import { catalogueRef, check, findingId } from '../findings';
import type { EvaluationContext, FindingDraft, FixDraft, RuleOutput } from '../types';
import { describeOption, NS_ENVIRONMENT, NS_LAUNCH, type NamedByOption } from './environmentPrincipals';
import { mergeInlinePolicy, stepsIntent } from './inlinePolicies';
import {
  appFamiliesOfActions,
  BEANSTALK_ADMIN,
  grantingManagedPolicy,
  managedPolicyArn,
  type AppFamily,
} from './managedPolicies';
import { describeVerdict, verdictEvidence, type Verdict } from './verdicts';

export interface DenialSighting {
  origin: 'event' | 'health' | 'text' | 'log';
  environmentName?: string;
  /** For log lines: the file and instance, e.g. `/var/log/web.stdout.log on i-0abc`. */
  where?: string;
  at?: string;
  severity?: string;
  /** The whole message, verbatim. */
  text: string;
  principalKey: string;
  action: string;
  resource?: string;
}

export interface DeniedPrincipal {
  key: string;
  ref: PrincipalRef;
  arn: string;
  /** As the text wrote it (an assumed-role ARN, a bare name). */
  writtenAs: string;
  /** undefined when IAM could not be read. */
  exists?: boolean;
  attachedPolicyNames: string[];
  inlinePolicies: { name: string; document: string }[];
}

export interface EnvironmentRoleFacts {
  name: string;
  health: HealthColor;
  status: string;
  serviceRole: NamedByOption;
  instanceProfile: NamedByOption;
  instanceRoleName?: string;
  /** environmentsecrets values that are SSM parameter ARNs. */
  parameterArns: string[];
  /** The declared parameter path (settings), as an ARN prefix. */
  parameterPathArn?: string;
  lastOperationFailed: boolean;
  /** App-facing families of the AWS managed policies on the service role, where F6 says they are misplaced. */
  serviceRoleFamilies?: AppFamily[];
}

export interface AccessDeniedFacts {
  sightings: DenialSighting[];
  principals: Record<string, DeniedPrincipal>;
  environments: Record<string, EnvironmentRoleFacts>;
  verdicts: { principalKey: string; verdict: Verdict }[];
}

export const principalKey = (ref: PrincipalRef): string => `${ref.type}/${ref.name}`;

const SSM_READ = /^ssm:GetParameters?$/i;
const LAUNCH_CONFIGURATION = 'autoscaling:CreateLaunchConfiguration';

/** Events arrive newest first: the operation failed when an error is newer than the last success. */
export function lastOperationFailed(events: readonly EventFact[]): boolean {
  for (const event of events) {
    if (/^(ERROR|FATAL)$/i.test(event.severity)) return true;
    if (/successfully/i.test(event.message)) return false;
  }
  return false;
}

export function isFailing(env: Pick<EnvironmentRoleFacts, 'health' | 'lastOperationFailed'>): boolean {
  return env.health !== 'Green' || env.lastOperationFailed;
}

/** What the principal is to the environment, in words, with the option that makes it so. */
function roleOfPrincipal(principal: DeniedPrincipal, env: EnvironmentRoleFacts): string | undefined {
  if (principal.ref.type !== 'role') return undefined;
  if (principal.ref.name === env.serviceRole.name)
    return `the service role of ${env.name} (${describeOption(NS_ENVIRONMENT, 'ServiceRole', env.serviceRole)})`;
  if (principal.ref.name === env.instanceRoleName)
    return `the instance-profile role of ${env.name} (${describeOption(NS_LAUNCH, 'IamInstanceProfile', env.instanceProfile)} → role ${principal.ref.name})`;
  return undefined;
}

function coveredByF10(
  principal: DeniedPrincipal,
  sighting: DenialSighting,
  env: EnvironmentRoleFacts | undefined,
): boolean {
  if (!env || principal.ref.type !== 'role' || principal.ref.name !== env.instanceRoleName) return false;
  if (!SSM_READ.test(sighting.action)) return false;
  const referenced = env.parameterArns.length > 0 || env.parameterPathArn !== undefined;
  if (!sighting.resource) return referenced;
  return (
    env.parameterArns.includes(sighting.resource) ||
    (env.parameterPathArn !== undefined && sighting.resource.startsWith(env.parameterPathArn))
  );
}

/**
 * An instance-role denial whose permission sits on the service role is F6's
 * finding: one cause, one finding, and F6's fix moves the policy rather than
 * granting a second copy.
 */
function coveredByF6(
  principal: DeniedPrincipal,
  sighting: DenialSighting,
  env: EnvironmentRoleFacts | undefined,
): boolean {
  if (!env?.serviceRoleFamilies?.length || principal.ref.type !== 'role') return false;
  if (principal.ref.name !== env.instanceRoleName) return false;
  return appFamiliesOfActions([sighting.action]).some((f) => env.serviceRoleFamilies?.includes(f));
}

function sightingEvidence(s: DenialSighting): Evidence {
  if (s.origin === 'text') return { source: 'text', label: 'Pasted text', text: s.text };
  if (s.origin === 'health')
    return { source: 'health', label: `Health cause of ${s.environmentName ?? ''}`, text: s.text };
  if (s.origin === 'log')
    return { source: 'log', label: s.where ?? `Instance log of ${s.environmentName ?? ''}`, text: s.text.trim() };
  return {
    source: 'event',
    label: `${s.severity ?? 'Event'} event in ${s.environmentName ?? ''}`,
    text: s.text,
    ...(s.at ? { at: s.at } : {}),
  };
}

const inlinePolicyName = (action: string): string => `TrellisAllow-${action.replace(/[^\w]+/g, '-')}`;

function grantFixes(
  principal: DeniedPrincipal,
  action: string,
  resources: string[],
  rebuild: AtomicChangeIntent[],
  ctx: EvaluationContext,
): FixDraft[] {
  const fixes: FixDraft[] = [];
  const managed = grantingManagedPolicy(action);
  const then = rebuild.length
    ? `, then rebuild ${rebuild.map((r) => ('environmentName' in r ? r.environmentName : '')).join(', ')}`
    : '';
  if (managed && !principal.attachedPolicyNames.includes(managed)) {
    const attach: AtomicChangeIntent = {
      kind: 'iam.attachPolicy',
      principal: principal.ref,
      policyArn: managedPolicyArn(ctx.partition, managed),
    };
    fixes.push({
      id: 'attach-managed',
      label: `Attach ${managed}${then}`,
      description: `Attach the AWS managed policy ${managed}, which grants ${action}, to ${principal.ref.type} ${principal.ref.name}${then}.`,
      recommended: true,
      intent: stepsIntent(`Grant ${action} to ${principal.ref.name}`, [attach, ...rebuild]),
    });
  }
  const policyName = inlinePolicyName(action);
  const scoped = resources.filter((r) => r.startsWith('arn:'));
  const document = mergeInlinePolicy(principal.inlinePolicies.find((p) => p.name === policyName)?.document, {
    Sid: 'AllowDeniedAction',
    Effect: 'Allow',
    Action: [action],
    Resource: scoped.length ? scoped : ['*'],
  });
  const put: AtomicChangeIntent = { kind: 'iam.putInlinePolicy', principal: principal.ref, policyName, document };
  fixes.push({
    id: 'inline-policy',
    label: `Add inline policy ${policyName}${then}`,
    description: `Least privilege: an inline policy on ${principal.ref.name} allowing exactly ${action} on ${scoped.length ? scoped.join(', ') : 'any resource'}${then}.`,
    recommended: fixes.length === 0,
    intent: stepsIntent(`Allow ${action} for ${principal.ref.name}`, [put, ...rebuild]),
  });
  return fixes;
}

function launchTemplateFinding(
  env: EnvironmentRoleFacts,
  principal: DeniedPrincipal,
  verdict: Verdict,
  sightings: DenialSighting[],
): FindingDraft {
  const resource: FindingResource = { type: 'environment', name: env.name };
  return {
    id: findingId('F2', resource, 'launch-configuration'),
    rule: 'F2',
    severity: 'low',
    summary: `${env.name} failed on ${LAUNCH_CONFIGURATION}, which ${principal.ref.name} is already allowed: launch configurations are unavailable to new accounts`,
    resource,
    environmentName: env.name,
    related: [{ type: principal.ref.type, name: principal.ref.name, arn: principal.arn }],
    evidence: [
      ...sightings.map(sightingEvidence),
      verdictEvidence(verdict),
      { source: 'state', label: 'Health', text: `${env.health} (${env.status})` },
    ],
    explanation:
      `IAM now allows ${LAUNCH_CONFIGURATION}, yet ${env.name} is still not healthy. Accounts created since 2023 cannot create ` +
      'Auto Scaling launch configurations at all, whatever IAM says; Elastic Beanstalk must use a launch template instead. ' +
      'Setting an option that only launch templates support makes Elastic Beanstalk switch to one on the next update.',
    catalogue: catalogueRef('F2'),
    fixes: [],
    manual: {
      summary: 'Make Elastic Beanstalk use a launch template instead of a launch configuration, then rebuild.',
      steps: [
        {
          text: 'Set an option only launch templates support: IMDSv1 off (or the root volume type gp3).',
          command: `aws elasticbeanstalk update-environment --environment-name ${env.name} --option-settings Namespace=${NS_LAUNCH},OptionName=DisableIMDSv1,Value=true`,
        },
        {
          text: 'Or: the root volume as gp3 (aws:autoscaling:launchconfiguration RootVolumeType), or aws:ec2:instances options such as EnableSpot.',
          command: `aws elasticbeanstalk update-environment --environment-name ${env.name} --option-settings Namespace=${NS_LAUNCH},OptionName=RootVolumeType,Value=gp3`,
        },
        {
          text: 'Rebuild the environment if it stays unhealthy.',
          command: `aws elasticbeanstalk rebuild-environment --environment-name ${env.name}`,
        },
      ],
      check: `${env.name} is Green.`,
    },
  };
}

/** Groups sightings by (principal, action): one finding per pair, however many events repeat it. */
function groupSightings(sightings: readonly DenialSighting[]): Map<string, DenialSighting[]> {
  const groups = new Map<string, DenialSighting[]>();
  for (const s of sightings) {
    const key = `${s.principalKey}|${s.action.toLowerCase()}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return groups;
}

function distinctEvidence(sightings: readonly DenialSighting[], limit = 4): Evidence[] {
  const seen = new Set<string>();
  return sightings
    .filter((s) => {
      const key = `${s.environmentName ?? ''}|${s.text}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, limit)
    .map(sightingEvidence);
}

/** Denials another rule already judges, in the order they are tried, with why F2 passes them on. */
const OTHER_OWNERS: readonly {
  covers: (principal: DeniedPrincipal, sighting: DenialSighting, env: EnvironmentRoleFacts | undefined) => boolean;
  because: string;
}[] = [
  { covers: coveredByF10, because: 'is checked by F10 (SSM parameters), not here.' },
  {
    covers: coveredByF6,
    because: 'is granted on the service role instead; F6 (app permissions) covers it.',
  },
];

export function evaluateAccessDenied(facts: AccessDeniedFacts, ctx: EvaluationContext): RuleOutput {
  const out: RuleOutput = { findings: [], checks: [] };
  for (const group of groupSightings(facts.sightings).values()) {
    const first = group[0];
    const principal = first ? facts.principals[first.principalKey] : undefined;
    if (!first || !principal) continue;
    const action = first.action;
    const subject: FindingResource = { type: principal.ref.type, name: principal.ref.name, arn: principal.arn };
    const id = findingId('F2', subject, action);
    const envs = [...new Set(group.map((s) => s.environmentName).filter((n): n is string => !!n))]
      .sort()
      .map((n) => facts.environments[n])
      .filter((e): e is EnvironmentRoleFacts => !!e);
    const environmentName = envs[0]?.name;
    const opts = environmentName ? { qualifier: action, environmentName } : { qualifier: action };

    const owner = OTHER_OWNERS.find(({ covers }) =>
      group.every((s) => covers(principal, s, s.environmentName ? facts.environments[s.environmentName] : undefined)),
    );
    if (owner) {
      out.checks.push(check('F2', subject, true, `${action} for the instance role ${owner.because}`, opts));
      continue;
    }
    const verdicts = facts.verdicts
      .filter((v) => v.principalKey === principal.key && v.verdict.action.toLowerCase() === action.toLowerCase())
      .map((v) => v.verdict);
    if (!verdicts.length) continue;
    const denied = verdicts.filter((v) => v.decision !== 'allowed');
    if (!denied.length) {
      out.checks.push(
        check(
          'F2',
          subject,
          true,
          `${action} is now allowed for ${principal.ref.name}: ${verdicts.map(describeVerdict).join('; ')}`,
          opts,
        ),
      );
      if (action.toLowerCase() === LAUNCH_CONFIGURATION.toLowerCase()) {
        for (const env of envs) {
          const envResource: FindingResource = { type: 'environment', name: env.name };
          // Only health counts here: a Green environment runs fine on whatever it launched with.
          const failing = env.health !== 'Green';
          out.checks.push(
            check(
              'F2',
              envResource,
              !failing,
              failing
                ? `${env.name} still fails although ${LAUNCH_CONFIGURATION} is allowed.`
                : `${env.name} is Green.`,
              {
                qualifier: 'launch-configuration',
                environmentName: env.name,
              },
            ),
          );
          if (failing && verdicts[0]) {
            out.findings.push(
              launchTemplateFinding(
                env,
                principal,
                verdicts[0],
                group.filter((s) => s.environmentName === env.name),
              ),
            );
          }
        }
      }
      continue;
    }
    out.checks.push(check('F2', subject, false, `${action} is denied for ${principal.ref.name}.`, opts));
    out.findings.push(
      deniedFinding(principal, action, group, envs, Object.values(facts.environments), denied, ctx, id),
    );
  }
  return out;
}

function deniedFinding(
  principal: DeniedPrincipal,
  action: string,
  group: DenialSighting[],
  envs: EnvironmentRoleFacts[],
  known: EnvironmentRoleFacts[],
  denied: Verdict[],
  ctx: EvaluationContext,
  id: string,
): FindingDraft {
  // The instance role's credentials refresh on their own: fixing it needs no rebuild. Other principals'
  // denials stop an operation half-way, which a rebuild retries.
  const failingEnvs = envs.filter(
    (e) => isFailing(e) && !(principal.ref.type === 'role' && principal.ref.name === e.instanceRoleName),
  );
  const instanceRoleOf = envs.filter((e) => principal.ref.type === 'role' && principal.ref.name === e.instanceRoleName);
  // Pasted text names no environment; the role may still be one of theirs.
  const roles = (envs.length ? envs : known).map((e) => roleOfPrincipal(principal, e)).filter((r): r is string => !!r);
  const who = `${principal.ref.type === 'role' ? 'Role' : 'User'} ${principal.ref.name}`;
  const resources = [...new Set(group.map((s) => s.resource).filter((r): r is string => !!r))];
  const explicit = denied.some((v) => v.decision === 'explicitDeny');
  const evidence: Evidence[] = [
    ...distinctEvidence(group),
    {
      source: 'state',
      label: 'Principal',
      text:
        `${principal.writtenAs || principal.arn} → ${principal.ref.type} ${principal.ref.name}` +
        (roles.length ? `, ${roles.join('; ')}` : '') +
        (principal.exists === false ? ' (not found in IAM)' : ''),
    },
    ...denied.map(verdictEvidence),
  ];
  const rebuild: AtomicChangeIntent[] = failingEnvs.map((e) => ({
    kind: 'beanstalk.rebuild',
    environmentName: e.name,
  }));
  const managed = grantingManagedPolicy(action);
  const f6Note = instanceRoleOf.length
    ? ' If this permission was given to the service role instead, the F6 finding moves it here.'
    : '';
  const launchNote =
    action.toLowerCase() === LAUNCH_CONFIGURATION.toLowerCase()
      ? ' Note that accounts created since 2023 cannot use launch configurations at all; if the environment still fails once this is allowed, it needs a launch template.'
      : '';
  const retiredNote =
    managed === BEANSTALK_ADMIN
      ? ` ${BEANSTALK_ADMIN} is the current name of the retired AWSElasticBeanstalkFullAccess.`
      : '';
  const fixText = explicit
    ? 'An explicit Deny decides it, so no added permission helps: the Deny must be removed or narrowed.'
    : `The fix grants exactly that${failingEnvs.length ? ` and rebuilds ${failingEnvs.map((e) => e.name).join(', ')}, which was left unbuilt` : ''}.`;
  return {
    id,
    rule: 'F2',
    severity: failingEnvs.length || envs.some(isFailing) ? 'critical' : 'high',
    summary: `${who} is not authorized to perform ${action}${resources.length ? ` on ${resources[0]}` : ''}`,
    resource: { type: principal.ref.type, name: principal.ref.name, arn: principal.arn },
    ...(envs[0] ? { environmentName: envs[0].name } : {}),
    related: envs.map((e) => ({ type: 'environment' as const, name: e.name })),
    evidence,
    explanation:
      `${who}${roles.length ? ` (${roles[0]})` : ''} has no permission for ${action}, so the call fails with AccessDenied` +
      `${envs.length ? ` and ${envs.map((e) => e.name).join(', ')} cannot finish what it was doing` : ''}. ${fixText}${retiredNote}${launchNote}${f6Note}`,
    catalogue: catalogueRef('F2'),
    fixes: explicit ? [] : grantFixes(principal, action, resources, rebuild, ctx),
    ...(explicit
      ? {
          manual: {
            summary: `Remove or narrow the explicit Deny of ${action} in ${denied.flatMap((v) => v.matched).join(', ') || 'the deciding policy'}.`,
            steps: [
              { text: `Open the policies of ${principal.ref.name} and find the Deny statement covering ${action}.` },
              {
                text: 'Narrow it (or remove it) so that this call is no longer denied, after checking why it was put there.',
              },
            ],
            check: `A simulation of ${action} for ${principal.ref.name} is allowed.`,
          },
        }
      : {}),
  };
}
