/**
 * F4 (the environment is outside its database's VPC), F5 (the database's
 * security groups do not admit the environment) and F12 (SecurityGroups
 * option values EC2 cannot use).
 *
 * An environment is linked to a database as network/databaseLinks.ts says:
 * the endpoint (or a host whose first label is the DB id) appears in a
 * property value, in a decrypted SSM parameter the environment's secrets
 * reference, or in a MySQL/PostgreSQL connection error among its events.
 * F4 is judged first; F5 only makes sense once both sit in one VPC.
 */
import type { ChangeIntent, DatabaseSummary, Evidence, FindingResource, RuleId } from '../../../shared/contract';
import { PROPERTIES_NAMESPACE, SECRETS_NAMESPACE } from '../../services/beanstalkConfiguration';
import { admitsPort } from '../../services/securityGroups';
import type { EnvironmentDetail, ScanSource, SecurityGroupFact, SubnetFact, VpcFact } from '../facts';
import { catalogueRef, check, findingId } from '../findings';
import { NS } from '../beanstalk/options';
import { parameterNameFromArn } from '../beanstalk/parameters';
import { linkDatabases, linkReasonText, type DatabaseLink } from '../network/databaseLinks';
import {
  ELBV2_NAMESPACE,
  environmentVpc,
  instanceGroupIds,
  LAUNCH_NAMESPACE,
  listValue,
  liveInstances,
  managedInstanceGroup,
  optionValue,
  resolveGroupValue,
  VPC_NAMESPACE,
  type EnvironmentVpc,
  type GroupValueVerdict,
} from '../network/environmentNetwork';
import { admittedGroupIds, findAdmission, rulesText } from '../network/securityGroupRules';
import { parseText } from '../text/patterns';
import { runnable, type EvaluationContext, type FindingDraft, type FixDraft, type RuleOutput } from '../types';

const RULES: readonly RuleId[] = ['F4', 'F5', 'F12'];

export interface NetworkEnvironmentFacts {
  detail: EnvironmentDetail;
  /** Environment secret name → decrypted SSM value (null when unreadable); read only to link databases. */
  secretValues: Record<string, string | null>;
}

export interface NetworkFacts {
  environments: NetworkEnvironmentFacts[];
  /** Every environment name in the region, so a replacement's name does not collide with one. */
  environmentNames: string[];
  /** Every live environment in the region, so a replacement made earlier is recognised instead of made again. */
  peers?: Array<{ name: string; applicationName: string; status: string; health: string }>;
  databases: DatabaseSummary[];
  securityGroups: SecurityGroupFact[];
  vpcs: VpcFact[];
  subnets: SubnetFact[];
}

// ---------------------------------------------------------------------------------------------- collect

async function secretValuesOf(source: ScanSource, detail: EnvironmentDetail): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  await Promise.all(
    Object.entries(detail.secrets).map(async ([name, arn]) => {
      const parameter = parameterNameFromArn(arn);
      if (!parameter) return;
      const value = await source.attempt(`SSM parameter ${parameter}`, ['F4', 'F5'], () =>
        source.parameterValue(parameter),
      );
      out[name] = value ?? null;
    }),
  );
  return out;
}

export async function collectNetworkFacts(source: ScanSource, ctx: EvaluationContext): Promise<NetworkFacts> {
  const listed = await source.attempt('environments', RULES, () => source.environments());
  const live = (listed ?? []).filter((e) => e.status !== 'Terminated' && e.status !== 'Terminating');
  const names = ctx.environmentName ? [ctx.environmentName] : live.map((e) => e.name);
  const [databases, securityGroups, vpcs, subnets] = await Promise.all([
    source.attempt('RDS databases', ['F4', 'F5'], () => source.databases()),
    source.attempt('security groups', RULES, () => source.securityGroups()),
    source.attempt('VPCs', ['F4', 'F12'], () => source.vpcs()),
    source.attempt('subnets', ['F4'], () => source.subnets()),
  ]);
  const environments = await Promise.all(
    names.map(async (name): Promise<NetworkEnvironmentFacts | undefined> => {
      const detail = await source.attempt(`environment ${name}`, RULES, () => source.environment(name));
      if (!detail) return undefined;
      // Decrypting secrets only matters for linking; skip it when there is no database to link.
      const secretValues = databases && databases.length > 0 ? await secretValuesOf(source, detail) : {};
      return { detail, secretValues };
    }),
  );
  return {
    environments: environments.filter((e): e is NetworkEnvironmentFacts => e !== undefined),
    environmentNames: (listed ?? []).map((e) => e.name),
    peers: (listed ?? []).map(({ name, applicationName, status, health }) => ({
      name,
      applicationName,
      status,
      health,
    })),
    databases: databases ?? [],
    securityGroups: securityGroups ?? [],
    vpcs: vpcs ?? [],
    subnets: subnets ?? [],
  };
}

// ---------------------------------------------------------------------------------------------- helpers

function groupLabel(id: string, groups: readonly SecurityGroupFact[]): string {
  const name = groups.find((g) => g.id === id)?.name;
  return name ? `${id} (${name})` : id;
}

function dbSubject(db: DatabaseSummary): FindingResource {
  return { type: 'db-instance', name: db.id, ...(db.arn ? { arn: db.arn } : {}) };
}

/** The names every environment–database finding speaks of. */
function linkParties(env: NetworkEnvironmentFacts, link: DatabaseLink) {
  const { detail } = env;
  const db = link.database;
  return { detail, db, envName: detail.environment.name, subject: dbSubject(db) };
}

/**
 * The groups the SecurityGroups option names that EC2 would attach in `vpcId`;
 * a name that needs an ID still points at a real group, so it counts.
 */
function usableOptionGroupIds(
  detail: EnvironmentDetail,
  groups: readonly SecurityGroupFact[],
  vpcId: string | undefined,
  namesAllowed: boolean,
): string[] {
  return listValue(optionValue(detail, LAUNCH_NAMESPACE, 'SecurityGroups'))
    .map((v) => resolveGroupValue(v, groups, vpcId, namesAllowed))
    .flatMap((v) => (v.status === 'ok' || v.status === 'name-needs-id' ? [v.group.id] : []));
}

function envResource(name: string): FindingResource {
  return { type: 'environment', name };
}

function engineLabel(engine: string): string {
  if (/postgres/i.test(engine)) return 'PostgreSQL';
  if (/mysql/i.test(engine)) return 'MySQL';
  if (/mariadb/i.test(engine)) return 'MariaDB';
  if (/oracle/i.test(engine)) return 'Oracle';
  if (/sqlserver/i.test(engine)) return 'SQL Server';
  return engine;
}

function linkEvidence(link: DatabaseLink, detail: EnvironmentDetail): Evidence[] {
  return link.reasons
    .filter((r) => r.via !== 'event' && r.via !== 'log')
    .map((r) => ({
      source: 'setting' as const,
      label: r.via === 'property' ? 'Environment property' : 'Environment secret',
      text: linkReasonText(r, detail.secrets),
    }));
}

function eventEvidence(link: DatabaseLink): Evidence[] {
  return [
    ...link.connectionEvents.map((e) => ({
      source: 'event' as const,
      label: 'Connection error',
      text: e.message,
      at: e.at,
    })),
    // The newest two distinct lines are enough to prove it; a failing app logs the same error per request.
    ...link.connectionLogs.slice(-2).map((line) => ({
      source: 'log' as const,
      label: `${line.file} on ${line.instanceId}`,
      text: line.text.trim(),
      ...(line.sampledAt ? { at: line.sampledAt } : {}),
    })),
  ];
}

function vpcText(vpc: EnvironmentVpc): string {
  if (vpc.source === 'option') return `aws:ec2:vpc VPCId = ${vpc.vpcId ?? ''}`;
  if (vpc.source === 'instances') return `aws:ec2:vpc VPCId not set; the instances run in ${vpc.vpcId ?? ''}`;
  if (vpc.source === 'default VPC') {
    return `aws:ec2:vpc VPCId not set and no instances running: EB launches in the default VPC ${vpc.vpcId ?? ''}`;
  }
  return 'aws:ec2:vpc VPCId not set, and no default VPC was found';
}

// ---------------------------------------------------------------------------------------------- F4

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

function f4Finding(
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

function f5Finding(
  env: NetworkEnvironmentFacts,
  link: DatabaseLink,
  envGroups: readonly string[],
  facts: NetworkFacts,
): FindingDraft {
  const { detail, db, envName, subject } = linkParties(env, link);
  const port = db.endpoint?.port ?? 0;
  const groups = facts.securityGroups;
  const target = db.securityGroupIds[0];
  const attached = usableOptionGroupIds(detail, groups, db.vpcId ?? undefined, true);
  const sourceGroup = managedInstanceGroup(envGroups, groups, attached);
  const engine = engineLabel(db.engine);
  const description = `${engine} from Elastic Beanstalk environment ${envName}`.slice(0, 255);

  const fixes: FixDraft[] =
    target && sourceGroup
      ? [
          {
            id: 'authorize-ingress',
            label: `Allow ${groupLabel(sourceGroup, groups)} on TCP ${port}`,
            description: `Adds an inbound rule to ${groupLabel(target, groups)}: TCP ${port} from ${envName}’s instance security group ${groupLabel(sourceGroup, groups)}, described as "${description}".`,
            recommended: true,
            intent: {
              kind: 'ec2.authorizeIngress',
              groupId: target,
              protocol: 'tcp',
              fromPort: port,
              toPort: port,
              source: { groupId: sourceGroup },
              description,
            },
          },
        ]
      : [];

  return {
    id: findingId('F5', subject, envName),
    rule: 'F5',
    severity: 'critical',
    summary: `${db.id}’s security groups do not admit ${envName} on TCP ${port}`,
    resource: subject,
    environmentName: envName,
    related: [
      envResource(envName),
      ...db.securityGroupIds.map((id) => ({ type: 'security-group' as const, name: id })),
    ],
    evidence: [
      {
        source: 'security-group',
        label: `Inbound rules of ${db.id}’s security groups`,
        text: rulesText(db.securityGroupIds, groups) || `${db.id} has no VPC security groups`,
      },
      {
        source: 'state',
        label: `Security groups of ${envName}’s instances`,
        text: envGroups.map((id) => groupLabel(id, groups)).join(', '),
      },
      ...eventEvidence(link),
      ...linkEvidence(link, detail),
    ],
    explanation:
      `${envName} connects to ${db.id} (${engine}) on TCP ${port}, but none of the database’s security groups allows that port ` +
      `from the environment’s instance security groups or from addresses covering its instances, so connections time out. ` +
      (fixes.length > 0
        ? `The fix adds one inbound rule to ${groupLabel(target ?? '', groups)} naming ${envName}’s instance group, which also covers instances launched later; undo revokes exactly that rule.`
        : 'The database or the environment has no security group to reference, so the rule must be added by hand.'),
    catalogue: catalogueRef('F5'),
    fixes,
    ...(fixes.length === 0
      ? {
          manual: {
            summary: `Allow TCP ${port} into ${db.id} from ${envName}’s instances.`,
            steps: [
              { text: `Give ${db.id} a VPC security group if it has none (RDS console → Modify → Connectivity).` },
              {
                text: `Add an inbound rule: TCP ${port}, source = the instance security group of ${envName}.`,
                command: `aws ec2 authorize-security-group-ingress --group-id <db group> --protocol tcp --port ${port} --source-group <instance group>`,
              },
            ],
            check: `A rule of ${db.id}’s security groups admits TCP ${port} from ${envName}’s instance security group.`,
          },
        }
      : {}),
  };
}

// ---------------------------------------------------------------------------------------------- F12

interface GroupOption {
  namespace: string;
  optionName: string;
  /** Outside a VPC, launch-configuration groups may be named; load-balancer groups are always IDs. */
  namesAllowed: (vpc: EnvironmentVpc) => boolean;
}

const GROUP_OPTIONS: readonly GroupOption[] = [
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

function f12Option(
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

function f12DisableDefault(env: NetworkEnvironmentFacts, vpc: EnvironmentVpc, out: RuleOutput): void {
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

export function evaluateNetwork(facts: NetworkFacts, ctx: EvaluationContext): RuleOutput {
  const out: RuleOutput = { findings: [], checks: [] };
  for (const env of facts.environments) {
    const { detail } = env;
    const envName = detail.environment.name;
    if (ctx.environmentName && envName !== ctx.environmentName) continue;
    const vpc = environmentVpc(detail, facts.vpcs);

    for (const option of GROUP_OPTIONS) {
      const value = optionValue(detail, option.namespace, option.optionName);
      if (value) f12Option(env, option, value, vpc, facts, out);
    }
    f12DisableDefault(env, vpc, out);

    const envGroups = instanceGroupIds(detail, facts.securityGroups, vpc);
    const privateIps = liveInstances(detail).flatMap((i) => (i.privateIp ? [i.privateIp] : []));
    for (const link of linkDatabases(detail, env.secretValues, facts.databases)) {
      const db = link.database;
      if (!db.vpcId || !vpc.vpcId) continue;
      const subject = dbSubject(db);
      const sameVpc = db.vpcId === vpc.vpcId;
      out.checks.push(
        check(
          'F4',
          subject,
          sameVpc,
          sameVpc
            ? `${envName} and ${db.id} are both in ${db.vpcId}`
            : `${envName} is in ${vpc.vpcId}, ${db.id} in ${db.vpcId}`,
          { qualifier: envName, environmentName: envName },
        ),
      );
      if (!sameVpc) {
        out.findings.push(f4Finding(env, link, vpc, facts));
        continue;
      }
      if (!db.endpoint || (envGroups.length === 0 && privateIps.length === 0)) continue;
      const port = db.endpoint.port;
      const admission = findAdmission(db.securityGroupIds, facts.securityGroups, port, new Set(envGroups), privateIps);
      out.checks.push(
        check(
          'F5',
          subject,
          admission !== undefined,
          admission
            ? `${groupLabel(admission.groupId, facts.securityGroups)} admits ${envName}: ${admission.rule}`
            : `No rule of ${db.securityGroupIds.join(', ') || 'its groups'} admits TCP ${port} from ${envGroups.join(', ') || 'the instances'}`,
          { qualifier: envName, environmentName: envName },
        ),
      );
      if (!admission) out.findings.push(f5Finding(env, link, envGroups, facts));
    }
  }
  return out;
}

export const networkFamily = runnable<NetworkFacts>({
  name: 'network',
  rules: RULES,
  collect: collectNetworkFacts,
  evaluate: evaluateNetwork,
});
