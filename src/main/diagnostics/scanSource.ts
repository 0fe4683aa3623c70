/**
 * The reads a scan makes, each done at most once per scan whoever asks.
 * Rules never call AWS directly: that keeps a scan's cost visible (the call
 * count is reported) and lets a failed read degrade one rule, not the scan.
 */
import { DescribeEventsCommand } from '@aws-sdk/client-elastic-beanstalk';
import { DescribeInstancesCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import type { AppError, RuleId, ScanProblem, Target } from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { toAppError, TrellisError } from '../aws/errors';
import {
  readConfigurationSets,
  optionOf,
  PROPERTIES_NAMESPACE,
  SECRETS_NAMESPACE,
} from '../services/beanstalkConfiguration';
import { listEnvironments } from '../services/beanstalkEnvironments';
import { listDatabases } from '../services/databases';
import * as iam from '../services/iam';
import { getDomain, listDomains } from '../services/searchDomains';
import { describeGroups } from '../services/securityGroups';
import { applicationVersion } from '../services/sourceBundles';
import { listParameters } from '../services/ssm';
import { getCallerIdentity } from '../services/sts';
import { groupFact, instanceFact, tagsOf } from './ec2Facts';
import {
  type IamCall,
  isNoSuchEntity,
  readInstanceProfile,
  readManagedPolicyDocument,
  readSimulation,
} from './scanIam';
import { readEnvironmentMetrics } from './scanMetrics';
import type {
  EnvironmentDetail,
  EnvironmentFacts,
  EventFact,
  InstanceFact,
  LogLineFact,
  ParameterFact,
  ScanSource,
  SubnetFact,
  VpcFact,
} from './facts';

const EVENTS_PER_ENVIRONMENT = 200;

export interface CountingScanSource extends ScanSource {
  readonly problems: ScanProblem[];
  apiCalls(): number;
}

export interface ScanSourceOptions {
  /**
   * Set when the scan reads instance logs: the latest tail logs of an environment, line by line. It costs
   * a RequestEnvironmentInfo and a wait per environment, so scans leave it off unless asked.
   */
  readLogs?: (environmentName: string) => Promise<{ lines: LogLineFact[]; apiCalls: number }>;
  /** The environment a scoped scan is about: metrics are read for it alone, else for every live one. */
  environmentName?: string;
  /** The end of the metric window (the scan's clock). */
  now?: () => Date;
}

/** The rules whose findings a log line can prove (catalogue entries whose symptom is an app or platform log). */
const LOG_RULES: RuleId[] = ['F2', 'F3', 'F5', 'F6', 'F7', 'F8', 'F10', 'F15'];
/**
 * The rules that judge the deployed bundle's contents: the WSGIPath target
 * (F3), requirements.txt at the root (F15), and the properties the code reads (F8).
 */
const BUNDLE_RULES: RuleId[] = ['F3', 'F8', 'F15'];

export function createScanSource(
  aws: ClientFactory,
  target: Target,
  scanOptions: ScanSourceOptions = {},
): CountingScanSource {
  const memo = new Map<string, Promise<unknown>>();
  const problems: ScanProblem[] = [];
  let calls = 0;

  /** Every AWS request of the scan passes here, so the count is honest. */
  function call<S extends Parameters<ClientFactory['call']>[1], R>(
    service: S,
    operation: string,
    fn: Parameters<typeof aws.call<S, R>>[3],
  ): Promise<R> {
    calls += 1;
    return aws.call(target, service, operation, fn);
  }

  const iamCall: IamCall = (operation, fn) => call('iam', operation, fn);

  function once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let hit = memo.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = read();
      memo.set(key, hit);
    }
    return hit;
  }

  const source: CountingScanSource = {
    problems,
    apiCalls: () => calls,

    identity: () =>
      once('identity', async () => {
        calls += 1;
        const who = await getCallerIdentity(aws, target);
        return { account: who.account, arn: who.arn };
      }),

    environments: () =>
      once('environments', async () => {
        const rows = await listEnvironments(aws, target);
        calls += 1 + rows.length;
        return rows.map((r): EnvironmentFacts => ({
          name: r.name,
          id: r.id,
          applicationName: r.applicationName,
          status: r.status,
          health: r.health,
          ...(r.healthStatus ? { healthStatus: r.healthStatus } : {}),
          causes: r.causes,
          // platformName() turns the stack into a label; rules need the raw stack, which the label keeps.
          solutionStackName: r.platform,
          ...(r.platformArn ? { platformArn: r.platformArn } : {}),
          ...(r.versionLabel ? { versionLabel: r.versionLabel } : {}),
          tier: r.tier,
          ...(r.cname ? { cname: r.cname } : {}),
        }));
      }),

    environment: (name) =>
      once(`environment:${name}`, async (): Promise<EnvironmentDetail> => {
        const listed = (await source.environments()).find((e) => e.name === name);
        calls += 2;
        const sets = await readConfigurationSets(aws, target, name);
        const env = sets.environment;
        const environment: EnvironmentFacts = listed ?? {
          name,
          id: env.EnvironmentId ?? '',
          applicationName: sets.applicationName,
          status: env.Status ?? 'Unknown',
          health: 'Grey',
          causes: [],
          ...(env.SolutionStackName ? { solutionStackName: env.SolutionStackName } : {}),
          ...(env.PlatformArn ? { platformArn: env.PlatformArn } : {}),
          ...(env.VersionLabel ? { versionLabel: env.VersionLabel } : {}),
          tier: env.Tier?.Name ?? 'WebServer',
        };
        if (env.SolutionStackName) environment.solutionStackName = env.SolutionStackName;
        const raw = (sets.deployed ?? sets.pending)?.OptionSettings ?? [];
        const options = raw.map(optionOf);
        const properties: Record<string, string> = {};
        const secrets: Record<string, string> = {};
        for (const o of options) {
          if (o.namespace === PROPERTIES_NAMESPACE) properties[o.optionName] = o.value ?? '';
          else if (o.namespace === SECRETS_NAMESPACE) secrets[o.optionName] = o.value ?? '';
        }
        const readLogs = scanOptions.readLogs;
        const [events, instances, version, logs, metrics] = await Promise.all([
          source.attempt(`events of ${name}`, ['F2', 'F3', 'F5', 'F7', 'F8', 'F16'], () => readEvents(name)),
          source.attempt(`instances of ${name}`, ['F4', 'F5', 'F6'], async () =>
            (await source.instances()).filter((i) => i.environmentName === name && i.state !== 'terminated'),
          ),
          environment.versionLabel
            ? source.attempt(`source bundle of ${name}`, ['F3', 'F15'], async () => {
                calls += 2;
                return applicationVersion(aws, target, environment.applicationName, environment.versionLabel ?? '');
              })
            : Promise.resolve(undefined),
          readLogs
            ? source.attempt(`instance logs of ${name}`, LOG_RULES, async () => {
                const read = await readLogs(name);
                calls += read.apiCalls;
                return read.lines;
              })
            : Promise.resolve(undefined),
          source.metrics().then((byName) => byName.get(name)),
        ]);
        const unread = version?.bundleProblem;
        if (unread?.code === 'access-denied') {
          // The version is still worth its facts; only the rules that judge the bundle's contents go unchecked.
          recordProblem(`source bundle of ${name}`, BUNDLE_RULES, {
            code: 'access-denied',
            message: unread.message,
            ...(unread.awsCode ? { awsCode: unread.awsCode } : {}),
            service: 's3',
            operation: 'GetObject',
            retryable: false,
          });
        }
        return {
          environment,
          options,
          properties,
          secrets,
          events: events ?? [],
          instances: instances ?? [],
          ...(version ? { version } : {}),
          logs: logs ?? [],
          ...(metrics ? { metrics } : {}),
        };
      }),

    metrics: () =>
      once('metrics', async () => {
        const scope = scanOptions.environmentName;
        const listed = scope ? undefined : await source.attempt('environments', [], () => source.environments());
        const names = scope ? [scope] : (listed ?? []).filter((e) => e.status !== 'Terminated').map((e) => e.name);
        const now = scanOptions.now?.() ?? new Date();
        return readEnvironmentMetrics((send) => call('cloudwatch', 'GetMetricData', send), names, now);
      }),

    iam: () =>
      once('iam', async () => {
        const snap = await iam.snapshot(aws, target);
        calls += snap.apiCalls;
        return snap;
      }),

    instanceProfile: (name) => once(`instance-profile:${name}`, () => readInstanceProfile(iamCall, name)),

    managedPolicyDocument: (policyArn) =>
      once(`policy:${policyArn}`, () => readManagedPolicyDocument(iamCall, policyArn)),

    simulate: (principalArn, actions, resourceArns) =>
      once(`simulate:${principalArn}:${actions.join(',')}:${(resourceArns ?? []).join(',')}`, () =>
        readSimulation(iamCall, principalArn, actions, resourceArns),
      ),

    accessKeys: (userName) =>
      once(`access-keys:${userName}`, async () => {
        const keys = await iam.listAccessKeys(aws, target, userName);
        calls += 1 + keys.length;
        // The key rules judge last use; a key whose last use could not be read must not look "never used".
        const unread = keys.find((k) => k.lastUsedUnknown);
        if (unread?.lastUsedUnknown) {
          throw new TrellisError({
            code: 'access-denied',
            message: unread.lastUsedUnknown,
            service: 'iam',
            operation: 'GetAccessKeyLastUsed',
            retryable: false,
          });
        }
        return keys;
      }),

    databases: () =>
      once('databases', async () => {
        calls += 2;
        return listDatabases(aws, target);
      }),

    securityGroups: () =>
      once('security-groups', async () => {
        calls += 1;
        return (await describeGroups(aws, target)).map(groupFact);
      }),

    vpcs: () =>
      once('vpcs', async () => {
        const out = await call('ec2', 'DescribeVpcs', (client) => client.send(new DescribeVpcsCommand({})));
        return (out.Vpcs ?? []).map((v): VpcFact => ({
          id: v.VpcId ?? '',
          isDefault: v.IsDefault === true,
          ...(v.CidrBlock ? { cidr: v.CidrBlock } : {}),
          ...(tagsOf(v.Tags).Name ? { name: tagsOf(v.Tags).Name } : {}),
        }));
      }),

    subnets: () =>
      once('subnets', async () => {
        const out = await call('ec2', 'DescribeSubnets', (client) => client.send(new DescribeSubnetsCommand({})));
        return (out.Subnets ?? []).map((s): SubnetFact => ({
          id: s.SubnetId ?? '',
          vpcId: s.VpcId ?? '',
          ...(s.CidrBlock ? { cidr: s.CidrBlock } : {}),
          ...(s.AvailabilityZone ? { availabilityZone: s.AvailabilityZone } : {}),
          ...(tagsOf(s.Tags).Name ? { name: tagsOf(s.Tags).Name } : {}),
          mapPublicIp: s.MapPublicIpOnLaunch === true,
        }));
      }),

    instances: () =>
      once('instances', async () => {
        const out: InstanceFact[] = [];
        let token: string | undefined;
        do {
          const page = await call('ec2', 'DescribeInstances', (client) =>
            client.send(new DescribeInstancesCommand({ ...(token ? { NextToken: token } : {}) })),
          );
          for (const r of page.Reservations ?? []) for (const i of r.Instances ?? []) out.push(instanceFact(i));
          token = page.NextToken;
        } while (token);
        return out;
      }),

    searchDomains: () =>
      once('search-domains', async () => {
        const summaries = await listDomains(aws, target);
        calls += 1 + Math.ceil(summaries.length / 5);
        return Promise.all(
          summaries.map(async (d) => {
            calls += 2;
            return getDomain(aws, target, d.name);
          }),
        );
      }),

    parameters: (path) =>
      once(`parameters:${path ?? '*'}`, async () => {
        const list = await listParameters(aws, target, path, true);
        calls += list.apiCalls;
        return list.parameters.map((p): ParameterFact => ({
          name: p.name,
          ...(p.arn ? { arn: p.arn } : {}),
          type: p.type,
          version: p.version,
          ...(p.keyId ? { keyId: p.keyId } : {}),
        }));
      }),

    parameterValue: (name) =>
      once(`parameter-value:${name}`, async () => {
        try {
          const out = await call('ssm', 'GetParameter', (client) =>
            client.send(new GetParameterCommand({ Name: name, WithDecryption: true })),
          );
          return out.Parameter?.Value ?? null;
        } catch (err) {
          if (isNoSuchEntity(err)) return null;
          throw err;
        }
      }),

    async attempt(area, rules, read) {
      try {
        return await read();
      } catch (err) {
        recordProblem(area, rules, toAppError(err));
        return undefined;
      }
    },
  };

  function recordProblem(area: string, rules: readonly RuleId[], error: AppError): void {
    // One record per area: several rules may attempt the same memoised read.
    const known = problems.find((p) => p.area === area);
    if (!known) problems.push({ area, rules: [...new Set<RuleId>(rules)], error });
    else known.rules = [...new Set<RuleId>([...known.rules, ...rules])];
  }

  async function readEvents(environmentName: string): Promise<EventFact[]> {
    const out = await call('elasticbeanstalk', 'DescribeEvents', (client) =>
      client.send(new DescribeEventsCommand({ EnvironmentName: environmentName, MaxRecords: EVENTS_PER_ENVIRONMENT })),
    );
    return (out.Events ?? []).map((e) => ({
      at: e.EventDate ? e.EventDate.toISOString() : '',
      severity: e.Severity ?? 'INFO',
      message: e.Message ?? '',
      ...(e.VersionLabel ? { versionLabel: e.VersionLabel } : {}),
      ...(e.RequestId ? { requestId: e.RequestId } : {}),
    }));
  }

  return source;
}
