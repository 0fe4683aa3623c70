import {
  DescribeEnvironmentHealthCommand,
  DescribeEnvironmentsCommand,
  type EnvironmentDescription,
} from '@aws-sdk/client-elastic-beanstalk';
import { healthColorSchema, healthStatusSchema, type EnvironmentSummary, type Target } from '../../shared/contract';
import type { AppError } from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { TrellisError, toAppError } from '../aws/errors';

type PanelProblem = NonNullable<EnvironmentSummary['causesProblem']>;
type HealthColor = EnvironmentSummary['health'];
type HealthStatus = NonNullable<EnvironmentSummary['healthStatus']>;

/** Health reads per list: enough to hide latency, few enough to stay clear of EB's request-rate limit. */
const HEALTH_CONCURRENCY = 4;

export const iso = (d: Date | undefined): string => (d ? d.toISOString() : '');
export const isoOpt = (d: Date | undefined): string | undefined => (d ? d.toISOString() : undefined);

/** A failure shown inside one panel or row, so the rest of the page still renders. */
export function panelProblem(err: unknown): PanelProblem {
  const e: AppError = toAppError(err);
  return { code: e.code, message: e.message, ...(e.awsCode ? { awsCode: e.awsCode } : {}) };
}

export function toColor(value: string | undefined): HealthColor | undefined {
  const parsed = healthColorSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export function toHealthStatus(value: string | undefined): HealthStatus | undefined {
  const parsed = healthStatusSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * What an operator calls the platform. Solution stacks are already readable;
 * a platform ARN (`arn:aws:elasticbeanstalk:us-east-1::platform/Python 3.11
 * running on 64bit Amazon Linux 2023/4.1.0`) carries the same words in its path.
 */
export function platformName(solutionStack: string | undefined, platformArn: string | undefined): string {
  if (solutionStack) return solutionStack;
  if (!platformArn) return 'Unknown platform';
  const path = platformArn.split(':platform/')[1];
  if (!path) return platformArn;
  const slash = path.lastIndexOf('/');
  const name = slash > 0 ? path.slice(0, slash) : path;
  const version = slash > 0 ? path.slice(slash + 1) : '';
  return version ? `${name} v${version}` : name;
}

/** Every environment that still exists, page by page; Terminated ones linger in EB's answers for an hour. */
export async function describeEnvironments(
  aws: ClientFactory,
  target: Target,
  filter: { environmentNames?: string[] } = {},
): Promise<EnvironmentDescription[]> {
  return aws.call(target, 'elasticbeanstalk', 'DescribeEnvironments', async (client) => {
    const out: EnvironmentDescription[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new DescribeEnvironmentsCommand({
          IncludeDeleted: false,
          ...(filter.environmentNames ? { EnvironmentNames: filter.environmentNames } : {}),
          ...(token ? { NextToken: token } : {}),
        }),
      );
      out.push(...(page.Environments ?? []).filter((e) => e.Status !== 'Terminated'));
      token = page.NextToken;
    } while (token);
    return out;
  });
}

/** One environment, read now; a missing one is a not-found error rather than an empty answer. */
export async function describeEnvironment(
  aws: ClientFactory,
  target: Target,
  environmentName: string,
): Promise<EnvironmentDescription> {
  const [env] = await describeEnvironments(aws, target, { environmentNames: [environmentName] });
  if (!env) {
    throw new TrellisError({
      code: 'not-found',
      message: `No environment named ${environmentName} in ${target.region}.`,
      service: 'elasticbeanstalk',
      operation: 'DescribeEnvironments',
      retryable: false,
    });
  }
  return env;
}

function summaryOf(env: EnvironmentDescription): EnvironmentSummary {
  return {
    name: env.EnvironmentName ?? '',
    id: env.EnvironmentId ?? '',
    applicationName: env.ApplicationName ?? '',
    status: env.Status ?? 'Unknown',
    health: toColor(env.Health) ?? 'Grey',
    healthStatus: toHealthStatus(env.HealthStatus),
    causes: [],
    platform: platformName(env.SolutionStackName, env.PlatformArn),
    platformArn: env.PlatformArn,
    versionLabel: env.VersionLabel,
    cname: env.CNAME,
    endpointUrl: env.EndpointURL,
    tier: env.Tier?.Name ?? 'WebServer',
    dateCreated: iso(env.DateCreated),
    dateUpdated: iso(env.DateUpdated),
  };
}

/** Runs fn over items with at most `limit` in flight, keeping results in input order. */
export async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Basic health has no causes to read (DescribeEnvironmentHealth answers
 * InvalidRequestException for it), so the row says so without the call.
 */
const BASIC_HEALTH: PanelProblem = {
  code: 'validation',
  message: 'This environment uses basic health reporting; causes need enhanced health.',
};

/**
 * The environments list with each one's causes. DescribeEnvironments already
 * gives colour and status; only an enhanced-health environment whose status is
 * not Ok can have causes, so only those cost a health call (at 300
 * environments, mostly Ok, that is most of the list's calls saved). A health
 * call that fails (a narrow policy answers AccessDenied) marks that row only:
 * the list itself must always show.
 */
export async function listEnvironments(aws: ClientFactory, target: Target): Promise<EnvironmentSummary[]> {
  const envs = await describeEnvironments(aws, target);
  const rows = await mapBounded(envs, HEALTH_CONCURRENCY, async (env) => {
    const row = summaryOf(env);
    if (env.HealthStatus === undefined) {
      row.causesProblem = BASIC_HEALTH;
      return row;
    }
    if (env.HealthStatus === 'Ok') return row;
    try {
      const health = await aws.call(target, 'elasticbeanstalk', 'DescribeEnvironmentHealth', (client) =>
        client.send(
          new DescribeEnvironmentHealthCommand({
            EnvironmentName: row.name,
            AttributeNames: ['Causes', 'HealthStatus', 'Color'],
          }),
        ),
      );
      row.causes = health.Causes ?? [];
      row.health = toColor(health.Color) ?? row.health;
      row.healthStatus = toHealthStatus(health.HealthStatus) ?? row.healthStatus;
    } catch (err) {
      row.causesProblem = panelProblem(err);
    }
    return row;
  });
  return rows.sort((a, b) => a.applicationName.localeCompare(b.applicationName) || a.name.localeCompare(b.name));
}
