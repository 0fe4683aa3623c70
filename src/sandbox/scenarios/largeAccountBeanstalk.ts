/**
 * The large account's Elastic Beanstalk: applications with a handful of
 * versions each (EB's sample application, so no bundles to store), one
 * environment per application and stage, each with its EB-managed security
 * group and 1 to 3 tagged instances, and a long history of events. One
 * environment is far busier than the rest (a tenth of all events), as a
 * production front door is; the others share the remainder unevenly.
 *
 * Health is what the evaluator derives from this state, so reads find it
 * already settled and write nothing.
 */
import { CONFIG_DOCUMENT_OPTION, HEALTH_REPORTING_NAMESPACE } from '../../shared/healthReporting/configDocument';
import { isoSeconds } from '../protocols/xml';
import { evaluateEnvironment } from '../simulation/healthEvaluator';
import { healthTransitionMessage } from '../simulation/lifecycle';
import { NS } from '../simulation/options';
import { autoScalingGroupName, managedSecurityGroupName, stackName } from '../simulation/provisioning';
import type { EnvironmentState, EventSeverity, EventState, OptionSettingState } from '../state/beanstalkState';
import type { StateDocument } from '../state/document';
import type { Ec2TagState } from '../state/networkState';
import { LAB_CONFIG_DOCUMENT } from './enhancedMonitoring';
import type { EnvironmentSlot, LargeAccountBuild } from './largeAccountLayout';
import { addGroup, type NetworkFacts, nextPrivateIp, type VpcFacts } from './largeAccountNetwork';
import type { SeededRandom } from './largeAccountRandom';

const DAY_MS = 24 * 60 * 60 * 1000;
const HISTORY_DAYS = 30;
const STACKS = [
  '64bit Amazon Linux 2023 v4.3.0 running Python 3.11',
  '64bit Amazon Linux 2023 v6.1.0 running Node.js 20',
  '64bit Amazon Linux 2023 v4.2.0 running Docker',
  '64bit Amazon Linux 2 v3.6.0 running Python 3.8',
];
const INSTANCE_TYPES = ['t3.micro', 't3.small', 't3.medium', 'm5.large', 'c5.large'];

const option = (namespace: string, optionName: string, value: string): OptionSettingState => ({
  namespace,
  optionName,
  value,
});

function requestId(random: SeededRandom): string {
  const hex = (n: number): string => random.chars(n, '0123456789abcdef');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${random.pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
}

function environmentFor(
  slot: EnvironmentSlot,
  vpc: VpcFacts,
  version: string,
  random: SeededRandom,
  now: Date,
): EnvironmentState {
  const created = isoSeconds(new Date(now.getTime() - random.int(40, 900) * DAY_MS));
  const deployed = isoSeconds(new Date(now.getTime() - random.int(1, 30 * 24 * 60) * 60_000));
  const size = slot.stage === 'prod' ? random.int(2, 3) : 1;
  const id = `e-${random.lowerId(10)}`;
  return {
    id,
    name: slot.name,
    applicationName: slot.application,
    versionLabel: version,
    solutionStackName: random.pick(STACKS),
    tier: { name: 'WebServer', type: 'Standard', version: '1.0' },
    cname: `${slot.name}.${random.lowerId(10)}.us-east-1.elasticbeanstalk.com`,
    dateCreated: created,
    dateUpdated: deployed,
    status: 'Ready',
    optionSettings: [
      option(NS.environment, 'EnvironmentType', size > 1 ? 'LoadBalanced' : 'SingleInstance'),
      option(NS.environment, 'ServiceRole', 'aws-elasticbeanstalk-service-role'),
      option(NS.asg, 'MinSize', String(size)),
      option(NS.asg, 'MaxSize', String(size + 2)),
      option(NS.launchConfiguration, 'IamInstanceProfile', 'aws-elasticbeanstalk-ec2-role'),
      option(NS.launchConfiguration, 'InstanceType', random.pick(INSTANCE_TYPES)),
      // A busy account's platform team turns on the same enhanced monitoring everywhere.
      option(HEALTH_REPORTING_NAMESPACE, CONFIG_DOCUMENT_OPTION, LAB_CONFIG_DOCUMENT),
      option(NS.vpc, 'VPCId', vpc.id),
      option(NS.vpc, 'Subnets', vpc.publicSubnets.map((s) => s.id).join(',')),
      option(NS.environmentProperties, 'APP_ENV', slot.stage),
      option(NS.environmentProperties, 'LOG_LEVEL', slot.stage === 'prod' ? 'INFO' : 'DEBUG'),
      option(NS.environmentProperties, 'CONFIG_PATH', `/${slot.application}/${slot.stage}/`),
    ],
    deploymentId: random.int(1, 400),
    deployedAt: deployed,
    lastHealth: { status: 'Pending', causes: [], refreshedAt: deployed },
  };
}

function addResources(doc: StateDocument, env: EnvironmentState, vpc: VpcFacts, random: SeededRandom): void {
  const tags = (logicalId: string): Ec2TagState[] => [
    { key: 'elasticbeanstalk:environment-name', value: env.name },
    { key: 'elasticbeanstalk:environment-id', value: env.id },
    { key: 'aws:cloudformation:stack-name', value: stackName(env) },
    { key: 'aws:cloudformation:logical-id', value: logicalId },
    { key: 'Name', value: env.name },
  ];
  const group = addGroup(doc, vpc, random, {
    name: managedSecurityGroupName(env),
    description: 'SecurityGroup for ElasticBeanstalk environment.',
    ingress: [
      { ipProtocol: 'tcp', fromPort: 80, toPort: 80, ipRanges: [{ cidrIp: '0.0.0.0/0' }], userIdGroupPairs: [] },
    ],
    tags: tags('AWSEBSecurityGroup'),
  });
  const size = Number(env.optionSettings.find((o) => o.optionName === 'MinSize')?.value ?? '1');
  for (let k = 0; k < size; k += 1) {
    const subnet = vpc.publicSubnets[k % vpc.publicSubnets.length];
    if (!subnet) return;
    doc.ec2.instances.push({
      id: random.ec2Id('i'),
      imageId: 'ami-0e4d2b8a9c1f3e5d7',
      instanceType: env.optionSettings.find((o) => o.optionName === 'InstanceType')?.value ?? 't3.micro',
      state: 'running',
      launchTime: env.deployedAt ?? env.dateCreated,
      vpcId: vpc.id,
      subnetId: subnet.id,
      availabilityZone: subnet.availabilityZone,
      privateIpAddress: nextPrivateIp(vpc, subnet),
      publicIpAddress: `54.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`,
      securityGroupIds: [group.id],
      iamInstanceProfileArn: `arn:aws:iam::${doc.account.id}:instance-profile/aws-elasticbeanstalk-ec2-role`,
      tags: [...tags('AWSEBAutoScalingGroup'), { key: 'aws:autoscaling:groupName', value: autoScalingGroupName(env) }],
    });
  }
}

type UnnumberedEvent = Omit<EventState, 'seq'>;

/** One operation's events (severity, message, version label), as EB words them. */
function operation(
  env: EnvironmentState,
  versions: readonly string[],
  random: SeededRandom,
): Array<[EventSeverity, string, (string | undefined)?]> {
  switch (random.int(0, 9)) {
    case 0:
      return [
        ['INFO', 'restartAppServer is starting.'],
        ['INFO', 'restartAppServer completed successfully.'],
      ];
    case 1:
      return [
        ['INFO', `Updating environment ${env.name}'s configuration settings.`],
        ['INFO', 'Successfully deployed new configuration to environment.'],
      ];
    case 2:
      return [
        ['WARN', healthTransitionMessage('Ok', 'Warning', ['12.5 % of the requests are erroring with HTTP 4xx.'])],
        ['INFO', healthTransitionMessage('Warning', 'Ok', [])],
      ];
    case 3:
      return [
        ['INFO', 'Environment update is starting.'],
        ['INFO', 'Deploying new version to instance(s).'],
        ['ERROR', "Instance deployment failed. For details, see 'eb-engine.log'."],
        ['ERROR', 'Environment update completed, but with errors.'],
        ['WARN', healthTransitionMessage('Ok', 'Degraded', ['Command failed on all instances.'])],
        ['INFO', healthTransitionMessage('Degraded', 'Ok', [])],
      ];
    case 4:
      return [['INFO', `Added instance [i-0${random.chars(16, '0123456789abcdef')}] to your environment.`]];
    default: {
      const version = versions.length > 0 ? random.pick(versions) : undefined;
      return [
        ['INFO', 'Environment update is starting.'],
        ['INFO', 'Deploying new version to instance(s).', version],
        ['INFO', 'Instance deployment completed successfully.', version],
        ['INFO', 'New application version was deployed to running EC2 instances.', version],
        ['INFO', 'Environment update completed successfully.', version],
      ];
    }
  }
}

function history(
  env: EnvironmentState,
  versions: readonly string[],
  count: number,
  random: SeededRandom,
  now: Date,
): UnnumberedEvent[] {
  const events: UnnumberedEvent[] = [];
  const span = HISTORY_DAYS * DAY_MS;
  while (events.length < count) {
    let at = now.getTime() - random.int(0, span);
    const id = requestId(random);
    for (const [severity, message, versionLabel] of operation(env, versions, random)) {
      if (events.length >= count || at > now.getTime()) break;
      events.push({
        eventDate: isoSeconds(new Date(at)),
        message,
        applicationName: env.applicationName,
        environmentName: env.name,
        ...(versionLabel === undefined ? {} : { versionLabel }),
        severity,
        requestId: id,
      });
      at += random.int(5, 40) * 1000;
    }
  }
  return events;
}

/** How many of `total` events each environment gets: a tenth to the first, the rest unevenly. */
function eventShares(total: number, environments: number, random: SeededRandom): number[] {
  if (environments === 0) return [];
  const busiest = environments > 1 ? Math.floor(total / 10) : total;
  const weights = Array.from({ length: environments - 1 }, () => 1 + 4 * random.next() ** 3);
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = [busiest, ...weights.map((w) => Math.floor(((total - busiest) * w) / sum))];
  // Rounding leftovers go to the busiest, so the total is exact.
  shares[0] = (shares[0] ?? 0) + total - shares.reduce((a, b) => a + b, 0);
  return shares;
}

export function addLargeAccountBeanstalk(build: LargeAccountBuild, network: NetworkFacts): void {
  const { doc, scale, layout, random, now } = build;
  const eb = doc.elasticbeanstalk;
  const versionsOf = new Map<string, string[]>();
  for (const name of layout.applications) {
    const created = isoSeconds(new Date(now.getTime() - random.int(100, 1500) * DAY_MS));
    eb.applications.push({ name, description: `${name} service`, dateCreated: created, dateUpdated: created });
    const count = random.int(3, 8);
    const labels = Array.from({ length: count }, (_, k) => `${name}-1.${k}.${random.int(0, 20)}`);
    versionsOf.set(name, labels);
    labels.forEach((versionLabel, k) =>
      eb.applicationVersions.push({
        applicationName: name,
        versionLabel,
        description: `Build ${k + 1}`,
        dateCreated: isoSeconds(new Date(now.getTime() - (count - k) * 7 * DAY_MS)),
        status: 'PROCESSED',
      }),
    );
  }
  for (const slot of layout.environments) {
    const vpc = network.vpcOf.get(slot.name);
    const versions = versionsOf.get(slot.application);
    if (!vpc || !versions) continue;
    const env = environmentFor(slot, vpc, versions[versions.length - 1] ?? '', random, now);
    eb.environments.push(env);
    addResources(doc, env, vpc, random);
  }
  for (const env of eb.environments) {
    const diagnosis = evaluateEnvironment(doc, env);
    env.lastHealth = {
      status: diagnosis.health,
      causes: [...diagnosis.causes],
      refreshedAt: env.lastHealth.refreshedAt,
      ...(diagnosis.operationFailed ? { operationFailed: true } : {}),
    };
  }
  const shares = eventShares(scale.events, eb.environments.length, random);
  const unnumbered = eb.environments.flatMap((env, index) =>
    history(env, versionsOf.get(env.applicationName) ?? [], shares[index] ?? 0, random, now),
  );
  // Sequence numbers follow time, as they do when events are recorded live.
  unnumbered.sort((a, b) => (a.eventDate < b.eventDate ? -1 : a.eventDate > b.eventDate ? 1 : 0));
  eb.events = unnumbered.map((event, seq) => ({ seq, ...event }));
}
