/** F4: an environment outside its database's VPC, fixed by a replacement environment in the right VPC. */
import type { ChangeIntent, DatabaseSummary } from '../../../shared/contract';
import { PROPERTIES_NAMESPACE, SECRETS_NAMESPACE } from '../../services/beanstalkConfiguration';
import { admitsPort } from '../../services/securityGroups';
import type { EnvironmentDetail, SecurityGroupFact } from '../facts';
import { catalogueRef, findingId } from '../findings';
import { NS } from '../beanstalk/options';
import { type DatabaseLink } from '../network/databaseLinks';
import { LAUNCH_NAMESPACE, optionValue, VPC_NAMESPACE, type EnvironmentVpc } from '../network/environmentNetwork';
import { admittedGroupIds } from '../network/securityGroupRules';
import { type FindingDraft, type FixDraft } from '../types';
import type { NetworkEnvironmentFacts, NetworkFacts } from './network';
import {
  envResource,
  eventEvidence,
  groupLabel,
  linkEvidence,
  linkParties,
  usableOptionGroupIds,
  vpcText,
} from './networkLinks';

/** What a user sets and a replacement must keep; everything else is EB's or belongs to the old VPC. */
const COPIED_OPTIONS: ReadonlyArray<{ namespace: string; names?: readonly string[] }> = [
  { namespace: PROPERTIES_NAMESPACE },
  { namespace: SECRETS_NAMESPACE },
  { namespace: 'aws:elasticbeanstalk:container:python' },
  { namespace: LAUNCH_NAMESPACE, names: ['IamInstanceProfile', 'InstanceType', 'EC2KeyName'] },
  { namespace: NS.environment, names: ['EnvironmentType', 'ServiceRole'] },
  { namespace: 'aws:autoscaling:asg', names: ['MinSize', 'MaxSize'] },
];

type OptionValue = { namespace: string; optionName: string; value: string; resourceName?: string };

function copiedOptions(detail: EnvironmentDetail): OptionValue[] {
  return detail.options.flatMap((o) => {
    const rule = COPIED_OPTIONS.find((c) => c.namespace === o.namespace);
    if (!rule || (rule.names && !rule.names.includes(o.optionName))) return [];
    if (o.value === undefined) return [];
    return [
      {
        namespace: o.namespace,
        optionName: o.optionName,
        value: o.value,
        ...(o.resourceName ? { resourceName: o.resourceName } : {}),
      },
    ];
  });
}

/** `<old>-vpc`, kept within CreateEnvironment's 40 characters and clear of existing names. */
export function replacementName(old: string, taken: readonly string[]): string {
  const lower = new Set(taken.map((n) => n.toLowerCase()));
  for (let n = 1; n < 100; n += 1) {
    const suffix = n === 1 ? '-vpc' : `-vpc${n}`;
    const name = `${old.slice(0, 40 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!lower.has(name.toLowerCase())) return name;
  }
  return `${old.slice(0, 36).replace(/-+$/, '')}-vpc`;
}

/**
 * A group in the DB's VPC that the DB's groups already admit on its port.
 * Groups a CloudFormation stack owns (another environment's, Cloud9's) are
 * skipped: they go away with their stack. A group that already admits web
 * traffic is preferred, since the new instances serve HTTP.
 */
function admittedGroupForReplacement(
  db: DatabaseSummary,
  groups: readonly SecurityGroupFact[],
): SecurityGroupFact | undefined {
  if (!db.endpoint) return undefined;
  const candidates = admittedGroupIds(db.securityGroupIds, groups, db.endpoint.port)
    .map((id) => groups.find((g) => g.id === id))
    .filter(
      (g): g is SecurityGroupFact =>
        g !== undefined &&
        g.vpcId === db.vpcId &&
        !db.securityGroupIds.includes(g.id) &&
        !Object.keys(g.tags).some((k) => k.startsWith('aws:cloudformation:')),
    );
  const servesWeb = (g: SecurityGroupFact): boolean =>
    g.ingress.some(
      (p) => admitsPort(p.protocol, p.fromPort, p.toPort, 80) || admitsPort(p.protocol, p.fromPort, p.toPort, 443),
    );
  return candidates.find(servesWeb) ?? candidates[0];
}

export function f4Finding(
  env: NetworkEnvironmentFacts,
  link: DatabaseLink,
  vpc: EnvironmentVpc,
  facts: NetworkFacts,
): FindingDraft {
  const { detail, db, envName, subject } = linkParties(env, link);
  const dbVpc = db.vpcId ?? '';
  const taken = [...facts.environmentNames, ...facts.environments.map((e) => e.detail.environment.name)];
  const newName = replacementName(envName, taken);
  const vpcSubnets = facts.subnets.filter((s) => s.vpcId === dbVpc);
  const publicSubnets = vpcSubnets.filter((s) => s.mapPublicIp);
  const subnets = (publicSubnets.length > 0 ? publicSubnets : vpcSubnets).map((s) => s.id);
  const admitted = admittedGroupForReplacement(db, facts.securityGroups);

  // Custom groups that already live in the DB's VPC survive the move; the old VPC's do not.
  const keptGroups = usableOptionGroupIds(detail, facts.securityGroups, dbVpc, false);
  const newGroups = [...new Set([...keptGroups, ...(admitted ? [admitted.id] : [])])];
  const singleInstance = optionValue(detail, NS.environment, 'EnvironmentType') === 'SingleInstance';

  const optionSettings: OptionValue[] = [
    ...copiedOptions(detail),
    { namespace: VPC_NAMESPACE, optionName: 'VPCId', value: dbVpc },
    ...(subnets.length > 0 ? [{ namespace: VPC_NAMESPACE, optionName: 'Subnets', value: subnets.join(',') }] : []),
    ...(subnets.length > 0 && !singleInstance
      ? [{ namespace: VPC_NAMESPACE, optionName: 'ELBSubnets', value: subnets.join(',') }]
      : []),
    { namespace: VPC_NAMESPACE, optionName: 'AssociatePublicIpAddress', value: 'true' },
    ...(newGroups.length > 0
      ? [{ namespace: LAUNCH_NAMESPACE, optionName: 'SecurityGroups', value: newGroups.join(',') }]
      : []),
  ];

  const groupSentence = admitted
    ? `Its instances also get ${groupLabel(admitted.id, facts.securityGroups)}, which ${db.id}’s security group already admits on port ${db.endpoint?.port ?? ''}.`
    : `No group in ${dbVpc} is admitted by ${db.id} yet, so the new environment will still need a database ingress rule (the scan will offer it as an F5 fix once it runs).`;
  const platform = detail.environment.solutionStackName
    ? { solutionStackName: detail.environment.solutionStackName }
    : detail.environment.platformArn
      ? { platformArn: detail.environment.platformArn }
      : undefined;
  const versionLabel = detail.environment.versionLabel;

  // A replacement from an earlier fix: finishing the move means terminating the old one, not creating another.
  const replacement = (facts.peers ?? []).find(
    (p) =>
      p.name !== envName &&
      p.applicationName === detail.environment.applicationName &&
      p.status !== 'Terminated' &&
      p.status !== 'Terminating' &&
      p.name.toLowerCase().startsWith(envName.slice(0, 30).replace(/-+$/, '').toLowerCase()) &&
      /-vpc\d*$/i.test(p.name),
  );
  const fixes: FixDraft[] = [];
  if (replacement) {
    const ready = replacement.health === 'Green';
    fixes.push({
      id: 'terminate-old',
      label: `Terminate ${envName} (replaced by ${replacement.name})`,
      description: ready
        ? `${replacement.name} runs in ${dbVpc} and is Green, so ${envName} can go.`
        : `${replacement.name} exists in ${dbVpc} but is ${replacement.health}; fix it first (its findings are listed under it), then terminate ${envName}, or users lose the app.`,
      recommended: ready,
      intent: { kind: 'beanstalk.terminateEnvironment', environmentName: envName },
    });
  } else if (platform && versionLabel) {
    fixes.push({
      id: 'replace-in-db-vpc',
      label: `Create ${newName} in ${dbVpc}`,
      description:
        `Creates a new environment ${newName} that replaces ${envName}: same application, version ${versionLabel} ` +
        `and settings, launched in ${dbVpc} (${subnets.length > 0 ? subnets.join(', ') : 'subnets of your choice'}) ` +
        `with public IPs. ${groupSentence} ${envName} keeps running until you terminate it.`,
      recommended: true,
      intent: {
        kind: 'beanstalk.createEnvironment',
        applicationName: detail.environment.applicationName,
        environmentName: newName,
        versionLabel,
        ...platform,
        description: `Replaces ${envName} in the VPC of ${db.id}`.slice(0, 200),
        optionSettings,
        replaces: envName,
      } satisfies ChangeIntent,
    });
    fixes.push({
      id: 'terminate-old',
      label: `Terminate ${envName}`,
      description: `Terminates ${envName} after the replacement ${newName} is Green and serving; not before, or the app is down.`,
      recommended: false,
      intent: { kind: 'beanstalk.terminateEnvironment', environmentName: envName },
    });
  }

  return {
    id: findingId('F4', subject, envName),
    rule: 'F4',
    severity: 'critical',
    summary: `${envName} runs in ${vpc.vpcId ?? 'no VPC'}, not in ${dbVpc} where ${db.id} is: the environment must be replaced`,
    resource: subject,
    environmentName: envName,
    related: [envResource(envName)],
    evidence: [
      { source: 'setting', label: `VPC of ${envName}`, text: vpcText(vpc) },
      {
        source: 'state',
        label: `VPC of ${db.id}`,
        text: `DB subnet group ${db.subnetGroup ?? '(none)'} is in ${dbVpc}`,
      },
      ...linkEvidence(link, detail),
      ...eventEvidence(link),
    ],
    explanation:
      `${envName} uses ${db.id} but its instances are in ${vpc.vpcId ?? 'another network'} while the database is in ${dbVpc}. ` +
      'Security groups only reference groups of the same VPC, so no security-group rule can connect them. ' +
      `The fix replaces the environment: it creates ${newName} in ${dbVpc} with the same version and settings; ` +
      `once that one is Green you terminate ${envName}.` +
      (platform && versionLabel
        ? ''
        : ' The platform or deployed version of the environment is unknown, so the steps are manual.'),
    catalogue: catalogueRef('F4'),
    fixes,
    manual: {
      summary: `Replace ${envName} with an environment in ${dbVpc}, then terminate the old one.`,
      steps: [
        {
          text: `Create ${newName} with the same application version and settings in ${dbVpc}, public subnets and public IPs.`,
          command:
            `aws elasticbeanstalk create-environment --application-name ${detail.environment.applicationName} ` +
            `--environment-name ${newName} --version-label ${versionLabel ?? '<version>'} ` +
            `--option-settings Namespace=aws:ec2:vpc,OptionName=VPCId,Value=${dbVpc}` +
            (subnets.length > 0 ? ` 'Namespace=aws:ec2:vpc,OptionName=Subnets,Value=${subnets.join(',')}'` : '') +
            ' Namespace=aws:ec2:vpc,OptionName=AssociatePublicIpAddress,Value=true',
        },
        { text: `Wait until ${newName} is Green and the app answers, and point users at its URL (or swap CNAMEs).` },
        {
          text: `Terminate ${envName}.`,
          command: `aws elasticbeanstalk terminate-environment --environment-name ${envName}`,
        },
      ],
      check: `No environment linked to ${db.id} runs outside ${dbVpc}.`,
    },
  };
}

// ---------------------------------------------------------------------------------------------- F5
