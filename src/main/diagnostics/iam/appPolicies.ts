/**
 * Catalogue F6: the app's permissions (S3, Rekognition, SSM parameters,
 * Secrets Manager, OpenSearch HTTP) attached to the environment's service role,
 * where the app never sees them: code on the instances runs as the
 * instance-profile role. One finding per environment, naming every misplaced
 * policy, so the fix is one plan.
 */
import type { AtomicChangeIntent, Evidence, FindingResource, PrincipalRef } from '../../../shared/contract';
import { catalogueRef, check, findingId } from '../findings';
import type { EvaluationContext, FixDraft, RuleOutput } from '../types';
import { describeOption, NS_ENVIRONMENT, NS_LAUNCH, type NamedByOption } from './environmentPrincipals';
import { stepsIntent } from './inlinePolicies';
import type { AppFamily } from './managedPolicies';

export interface ClassifiedPolicy {
  name: string;
  /** Set for managed policies; inline policies have only a name and a document. */
  arn?: string;
  document?: string;
  families: AppFamily[];
}

export interface RolePolicies {
  name: string;
  arn: string;
  attached: ClassifiedPolicy[];
  inline: ClassifiedPolicy[];
}

export interface AppPolicyEnvironment {
  name: string;
  serviceRole: NamedByOption;
  instanceProfile: NamedByOption;
  /** undefined when the role does not exist or could not be read (F16 reports that). */
  serviceRolePolicies?: RolePolicies;
  instanceRolePolicies?: RolePolicies;
  /**
   * App-facing families the deployed code calls (boto3 clients it creates);
   * undefined when the code could not be read, and then every misplaced
   * policy is assumed needed.
   */
  usedFamilies?: AppFamily[];
}

const familiesOf = (role: RolePolicies): Set<AppFamily> =>
  new Set([...role.attached, ...role.inline].flatMap((p) => p.families));

function holds(role: RolePolicies, policy: ClassifiedPolicy): boolean {
  return policy.arn ? role.attached.some((a) => a.arn === policy.arn) : role.inline.some((i) => i.name === policy.name);
}

function toInstanceRole(policy: ClassifiedPolicy, instanceRole: PrincipalRef): AtomicChangeIntent {
  return policy.arn
    ? { kind: 'iam.attachPolicy', principal: instanceRole, policyArn: policy.arn }
    : {
        kind: 'iam.putInlinePolicy',
        principal: instanceRole,
        policyName: policy.name,
        document: policy.document ?? '{}',
      };
}

function offServiceRole(policy: ClassifiedPolicy, serviceRole: PrincipalRef): AtomicChangeIntent {
  return policy.arn
    ? { kind: 'iam.detachPolicy', principal: serviceRole, policyArn: policy.arn }
    : { kind: 'iam.deleteInlinePolicy', principal: serviceRole, policyName: policy.name };
}

const describePolicy = (p: ClassifiedPolicy): string =>
  `${p.name}${p.arn ? '' : ' (inline)'}: ${p.families.join(', ')}`;

export function evaluateAppPolicies(envs: readonly AppPolicyEnvironment[], _ctx: EvaluationContext): RuleOutput {
  const out: RuleOutput = { findings: [], checks: [] };
  for (const env of envs) {
    const service = env.serviceRolePolicies;
    const instance = env.instanceRolePolicies;
    if (!service || !instance || service.name === instance.name) continue;
    const subject: FindingResource = { type: 'role', name: service.name, arn: service.arn };
    const opts = { qualifier: env.name, environmentName: env.name };
    const misplaced = [...service.attached, ...service.inline].filter((p) => p.families.length > 0);
    if (!misplaced.length) {
      out.checks.push(check('F6', subject, true, `The service role ${service.name} carries no app permissions.`, opts));
      continue;
    }
    out.checks.push(
      check(
        'F6',
        subject,
        false,
        `App permissions on the service role: ${misplaced.map((p) => p.name).join(', ')}.`,
        opts,
      ),
    );
    // Least privilege: the instance role gets only what the app's code calls; the rest just leaves the service role.
    const used = env.usedFamilies ? new Set(env.usedFamilies) : undefined;
    const needed = (p: ClassifiedPolicy): boolean => !used || p.families.some((f) => used.has(f));
    const missing = misplaced.filter((p) => needed(p) && !holds(instance, p));
    const unused = misplaced.filter((p) => !needed(p));
    const instanceFamilies = familiesOf(instance);
    const uncovered = [...new Set(misplaced.filter(needed).flatMap((p) => p.families))].filter(
      (f) => !instanceFamilies.has(f) && (!used || used.has(f)),
    );
    const serviceRef: PrincipalRef = { type: 'role', name: service.name };
    const instanceRef: PrincipalRef = { type: 'role', name: instance.name };
    const attachParts = missing.map((p) => toInstanceRole(p, instanceRef));
    const detachParts = misplaced.map((p) => offServiceRole(p, serviceRef));
    const names = (list: ClassifiedPolicy[]) => list.map((p) => p.name).join(', ');
    const fixes: FixDraft[] = [];
    if (attachParts.length) {
      fixes.push({
        id: 'attach-to-instance-role',
        label: `Attach ${names(missing)} to ${instance.name}`,
        description:
          `Give the instance-profile role ${instance.name}, which the app runs as, the permissions it is missing. The service role keeps its copy.` +
          (unused.length
            ? ` ${names(unused)} ${unused.length > 1 ? 'are' : 'is'} left out: the app's code does not call ${unused.length > 1 ? 'those services' : 'that service'}.`
            : ''),
        recommended: true,
        intent: stepsIntent(`Give ${instance.name} the app's permissions`, attachParts),
      });
    }
    fixes.push({
      id: attachParts.length ? 'move-to-instance-role' : 'detach-from-service-role',
      label: attachParts.length
        ? `Move ${names(missing)} to ${instance.name}${unused.length ? ` and detach ${names(unused)}` : ''}`
        : `Detach ${names(misplaced)} from ${service.name}`,
      description: attachParts.length
        ? `Attach to ${instance.name}, then remove every app policy from the service role ${service.name}, which does not need them.`
        : used && unused.length
          ? `The app's code does not call ${[...new Set(unused.flatMap((p) => p.families))].join(', ')}, so the instance role does not need them either; remove them from the service role ${service.name}. If another environment shares ${service.name}, its own finding says what its app needs.`
          : `${instance.name} already has them; remove the unneeded copies from the service role ${service.name}.`,
      recommended: attachParts.length === 0,
      intent: stepsIntent(`Move app permissions from ${service.name} to ${instance.name}`, [
        ...attachParts,
        ...detachParts,
      ]),
    });
    const evidence: Evidence[] = [
      {
        source: 'setting',
        label: 'Service role',
        text: describeOption(NS_ENVIRONMENT, 'ServiceRole', env.serviceRole),
      },
      {
        source: 'setting',
        label: 'Instance profile',
        text: `${describeOption(NS_LAUNCH, 'IamInstanceProfile', env.instanceProfile)} → role ${instance.name}`,
      },
      { source: 'policy', label: `App policies on ${service.name}`, text: misplaced.map(describePolicy).join('; ') },
      {
        source: 'policy',
        label: `Policies on ${instance.name}`,
        text: [...instance.attached, ...instance.inline].map((p) => p.name).join(', ') || '(none)',
      },
      ...(env.usedFamilies
        ? [
            {
              source: 'bundle' as const,
              label: 'AWS services the deployed code calls',
              text: env.usedFamilies.length
                ? env.usedFamilies.join(', ')
                : '(none of S3, Rekognition, SSM, Secrets Manager, OpenSearch)',
            },
          ]
        : []),
    ];
    out.findings.push({
      id: findingId('F6', subject, env.name),
      rule: 'F6',
      severity: uncovered.length ? 'high' : 'low',
      summary: `${env.name}: ${names(misplaced)} ${misplaced.length > 1 ? 'are' : 'is'} on the service role ${service.name}, not on the instance role ${instance.name}`,
      resource: subject,
      environmentName: env.name,
      related: [
        { type: 'environment', name: env.name },
        { type: 'role', name: instance.name, arn: instance.arn },
      ],
      evidence,
      explanation:
        `The service role is what Elastic Beanstalk itself uses to manage ${env.name}; the app on the instances runs as the instance-profile role ${instance.name}. ` +
        (uncovered.length
          ? `So the app has no ${uncovered.join(', ')} permissions and its calls fail with AccessDenied. Attaching the policies to ${instance.name} fixes that; removing them from the service role is optional tidying.`
          : used && unused.length && !missing.length
            ? `The app's code does not call these services, so nothing is broken, but the service role holds permissions neither it nor the app uses.`
            : `${instance.name} already has these, so nothing is broken, but the service role holds permissions it never uses.`),
      catalogue: catalogueRef('F6'),
      fixes,
    });
  }
  return out;
}
