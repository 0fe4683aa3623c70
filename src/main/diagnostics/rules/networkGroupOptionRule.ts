/** F12: SecurityGroups option values EC2 cannot use, and DisableDefaultEC2SecurityGroup without groups. */
import type { Evidence } from '../../../shared/contract';
import type { EnvironmentDetail } from '../facts';
import { catalogueRef, check, findingId } from '../findings';
import {
  ELBV2_NAMESPACE,
  LAUNCH_NAMESPACE,
  listValue,
  liveInstances,
  optionValue,
  resolveGroupValue,
  type EnvironmentVpc,
  type GroupValueVerdict,
} from '../network/environmentNetwork';
import { parseText } from '../text/patterns';
import { type FixDraft, type RuleOutput } from '../types';
import type { NetworkEnvironmentFacts, NetworkFacts } from './network';
import { envResource, vpcText } from './networkLinks';
interface GroupOption {
  namespace: string;
  optionName: string;
  /** Outside a VPC, launch-configuration groups may be named; load-balancer groups are always IDs. */
  namesAllowed: (vpc: EnvironmentVpc) => boolean;
}

export const GROUP_OPTIONS: readonly GroupOption[] = [
  { namespace: LAUNCH_NAMESPACE, optionName: 'SecurityGroups', namesAllowed: (vpc) => !vpc.needsGroupIds },
  { namespace: ELBV2_NAMESPACE, optionName: 'SecurityGroups', namesAllowed: () => false },
  { namespace: ELBV2_NAMESPACE, optionName: 'ManagedSecurityGroup', namesAllowed: () => false },
];

function verdictText(v: GroupValueVerdict, vpc: EnvironmentVpc): string {
  switch (v.status) {
    case 'ok':
      return `${v.value}: ${v.group.id} (${v.group.name}) in ${v.group.vpcId ?? 'no VPC'}`;
    case 'name-needs-id':
      return `${v.value}: a group name where an ID is needed; it is ${v.group.id} in ${v.group.vpcId ?? ''}`;
    case 'other-vpc':
      return `${v.value}: ${v.group.id} (${v.group.name}) is in ${v.group.vpcId ?? 'no VPC'}, not in the environment’s ${vpc.vpcId ?? 'VPC'}`;
    case 'unknown':
      return v.suggestion
        ? `${v.value}: no such group (names are case-sensitive; ${v.suggestion.name} is ${v.suggestion.id})`
        : `${v.value}: no such group in this region`;
  }
}

/** A launch failed: EB reports the environment Ready but has no healthy instance, or said so in an event. */
function launchFailed(detail: EnvironmentDetail): boolean {
  const { status, health } = detail.environment;
  if (status === 'Ready' && (health === 'Red' || health === 'Grey') && liveInstances(detail).length === 0) return true;
  return detail.events.some((e) => parseText(e.message).some((p) => p.kind === 'security-group-invalid'));
}

function groupEvents(detail: EnvironmentDetail, values: readonly string[]): Evidence[] {
  return detail.events
    .filter((e) => parseText(e.message).some((p) => p.kind === 'security-group-invalid' && values.includes(p.value)))
    .map((e) => ({ source: 'event' as const, label: 'Launch failure', text: e.message, at: e.at }));
}

export function f12Option(
  env: NetworkEnvironmentFacts,
  option: GroupOption,
  value: string,
  vpc: EnvironmentVpc,
  facts: NetworkFacts,
  out: RuleOutput,
): void {
  const { detail } = env;
  const envName = detail.environment.name;
  const subject = envResource(envName);
  const qualifier = `${option.namespace}:${option.optionName}`;
  const values = listValue(value);
  const verdicts = values.map((v) => resolveGroupValue(v, facts.securityGroups, vpc.vpcId, option.namesAllowed(vpc)));
  const bad = verdicts.filter((v) => v.status !== 'ok');
  out.checks.push(
    check(
      'F12',
      subject,
      bad.length === 0,
      bad.length === 0
        ? `${option.namespace} ${option.optionName} resolves to ${verdicts.map((v) => (v.status === 'ok' ? v.group.id : v.value)).join(', ')}`
        : bad.map((v) => verdictText(v, vpc)).join('; '),
      { qualifier, environmentName: envName },
    ),
  );
  if (bad.length === 0) return;

  const resolvable = bad.every((v) => v.status === 'name-needs-id');
  const ids = [
    ...new Set(verdicts.map((v) => (v.status === 'ok' || v.status === 'name-needs-id' ? v.group.id : v.value))),
  ];
  const suggestions = bad.flatMap((v) =>
    v.status === 'unknown' && v.suggestion ? [`"${v.value}" may mean ${v.suggestion.name} (${v.suggestion.id})`] : [],
  );
  const fixes: FixDraft[] = resolvable
    ? [
        {
          id: 'use-group-ids',
          label: `Set ${option.optionName} to ${ids.join(',')}`,
          description: `Rewrites ${option.namespace} ${option.optionName} from "${value}" to the group IDs "${ids.join(',')}"; Elastic Beanstalk redeploys with them.`,
          recommended: true,
          intent: {
            kind: 'beanstalk.updateOptions',
            environmentName: envName,
            set: [{ namespace: option.namespace, optionName: option.optionName, value: ids.join(',') }],
            remove: [],
          },
        },
      ]
    : [];
  out.findings.push({
    id: findingId('F12', subject, qualifier),
    rule: 'F12',
    severity: launchFailed(detail) ? 'critical' : 'high',
    summary: `${envName}: ${option.namespace} ${option.optionName} "${value}" has values EC2 cannot use`,
    resource: subject,
    environmentName: envName,
    related: verdicts.flatMap((v) =>
      v.status === 'unknown' ? [] : [{ type: 'security-group' as const, name: v.group.id }],
    ),
    evidence: [
      { source: 'setting', label: `${option.namespace} ${option.optionName}`, text: value },
      { source: 'setting', label: `VPC of ${envName}`, text: vpcText(vpc) },
      ...verdicts.map((v) => ({ source: 'security-group' as const, label: 'Resolved', text: verdictText(v, vpc) })),
      ...groupEvents(detail, values),
    ],
    explanation:
      `In a VPC, ${option.optionName} must list security-group IDs of the environment’s own VPC (${vpc.vpcId ?? 'unknown'}); ` +
      'group names are only accepted outside a VPC, and then case-sensitively. ' +
      (resolvable
        ? 'Every value resolves to a group in the environment’s VPC, so the fix rewrites them as IDs.'
        : `Some values do not resolve to a group of that VPC, so they must be corrected by hand.${suggestions.length ? ` ${suggestions.join('; ')}.` : ''}`),
    catalogue: catalogueRef('F12'),
    fixes,
    ...(resolvable
      ? {}
      : {
          manual: {
            summary: `Set ${option.optionName} to security-group IDs from ${vpc.vpcId ?? 'the environment’s VPC'}.`,
            steps: [
              ...bad.map((v) => ({ text: `Replace ${verdictText(v, vpc)}.` })),
              {
                text: 'Update the option with the IDs (comma-separated).',
                command: `aws elasticbeanstalk update-environment --environment-name ${envName} --option-settings 'Namespace=${option.namespace},OptionName=${option.optionName},Value=<sg-ids>'`,
              },
            ],
            check: `Every value of ${option.namespace} ${option.optionName} is a group ID in ${vpc.vpcId ?? 'the environment’s VPC'}.`,
          },
        }),
  });
}

export function f12DisableDefault(env: NetworkEnvironmentFacts, vpc: EnvironmentVpc, out: RuleOutput): void {
  const { detail } = env;
  const disabled = optionValue(detail, LAUNCH_NAMESPACE, 'DisableDefaultEC2SecurityGroup');
  if (disabled?.toLowerCase() !== 'true') return;
  const envName = detail.environment.name;
  const subject = envResource(envName);
  const qualifier = `${LAUNCH_NAMESPACE}:DisableDefaultEC2SecurityGroup`;
  const supplied = listValue(optionValue(detail, LAUNCH_NAMESPACE, 'SecurityGroups'));
  out.checks.push(
    check(
      'F12',
      subject,
      supplied.length > 0,
      supplied.length > 0
        ? `DisableDefaultEC2SecurityGroup=true with SecurityGroups ${supplied.join(', ')}`
        : 'DisableDefaultEC2SecurityGroup=true but SecurityGroups is empty',
      { qualifier, environmentName: envName },
    ),
  );
  if (supplied.length > 0) return;
  out.findings.push({
    id: findingId('F12', subject, qualifier),
    rule: 'F12',
    severity: launchFailed(detail) ? 'critical' : 'high',
    summary: `${envName} disables EB’s default instance security group but supplies none`,
    resource: subject,
    environmentName: envName,
    related: [],
    evidence: [
      { source: 'setting', label: `${LAUNCH_NAMESPACE} DisableDefaultEC2SecurityGroup`, text: disabled },
      { source: 'setting', label: `${LAUNCH_NAMESPACE} SecurityGroups`, text: '(not set)' },
    ],
    explanation:
      'With DisableDefaultEC2SecurityGroup=true Elastic Beanstalk does not create its instance security group, so ' +
      'SecurityGroups must name one; without it the launch fails. Either supply your group’s ID or let EB create its default group again.',
    catalogue: catalogueRef('F12'),
    fixes: [
      {
        id: 'enable-default-group',
        label: 'Let Elastic Beanstalk create its default group',
        description: `Sets DisableDefaultEC2SecurityGroup to false on ${envName}, so EB creates and attaches its own instance security group.`,
        recommended: false,
        intent: {
          kind: 'beanstalk.updateOptions',
          environmentName: envName,
          set: [{ namespace: LAUNCH_NAMESPACE, optionName: 'DisableDefaultEC2SecurityGroup', value: 'false' }],
          remove: [],
        },
      },
    ],
    manual: {
      summary: `Supply the instance security group of ${envName} by ID.`,
      steps: [
        { text: `Pick or create a security group in ${vpc.vpcId ?? 'the environment’s VPC'} for the instances.` },
        {
          text: 'Set it as SecurityGroups.',
          command: `aws elasticbeanstalk update-environment --environment-name ${envName} --option-settings 'Namespace=${LAUNCH_NAMESPACE},OptionName=SecurityGroups,Value=<sg-id>'`,
        },
      ],
      check: `SecurityGroups is set whenever DisableDefaultEC2SecurityGroup is true on ${envName}.`,
    },
  });
}

// ---------------------------------------------------------------------------------------------- evaluate
