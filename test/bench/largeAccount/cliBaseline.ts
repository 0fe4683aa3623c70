/**
 * The same data fetched with the AWS CLI (v1, `aws` on PATH) against the same
 * sandbox, as an operator would: default page sizes (the CLI pages by
 * itself), env credentials, --endpoint-url, no pager. Independent commands of
 * one view run up to four at a time, the concurrency Trellis allows itself per
 * service. The answers also give the account's sizes, from which each view's
 * minimum number of calls is computed.
 */
import { execFile } from 'node:child_process';
import { mapBounded } from '../../../src/main/services/beanstalkEnvironments';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../../src/sandbox';
import type { ViewFixture, ViewId } from './trellisViews';

const CLI_TIMEOUT_MS = 300_000;
const CONCURRENCY = 4;

export interface CliRun {
  ms: number;
  /** `aws` processes started. */
  commands: number;
  /** Sizes read from the answers (what the minimum is computed from). */
  facts: Record<string, number>;
}

export interface CliView {
  /** The commands, as a person would type them (for the JSON). */
  describe: string[];
  run(): Promise<CliRun>;
}

/** Only the keys and settings given here: no developer profile, endpoint or pager leaks in. */
export function cliEnvironment(configFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  return {
    ...env,
    AWS_ACCESS_KEY_ID: SANDBOX_ADMIN_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SANDBOX_ADMIN_CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: SANDBOX_REGION,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: configFile,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
}

type Json = Record<string, unknown>;
const list = (answer: Json, key: string): Json[] => (Array.isArray(answer[key]) ? (answer[key] as Json[]) : []);

/** The views whose commands take --page-size, and the largest page their API allows. */
export const LARGEST_PAGE: Readonly<Partial<Record<ViewId, number>>> = {
  roles: 1000,
  users: 1000,
  events: 1000,
  parameters: 50,
};

/**
 * `largestPages`: the CLI as a tuned script would run it, with --page-size at each API's largest page
 * (the CLI's defaults are smaller: 100 for IAM, 10 for DescribeParameters).
 */
export function cliViews(
  endpoint: string,
  env: NodeJS.ProcessEnv,
  fx: ViewFixture,
  largestPages = false,
): Record<ViewId, CliView> {
  const paged = (view: ViewId): string[] => {
    const size = LARGEST_PAGE[view];
    return largestPages && size ? ['--page-size', String(size)] : [];
  };
  const shown = (view: ViewId, command: string) => `${command}${paged(view).length ? ` ${paged(view).join(' ')}` : ''}`;
  let commands = 0;
  const aws = (args: readonly string[]): Promise<Json> => {
    commands += 1;
    return new Promise((resolve, reject) => {
      execFile(
        'aws',
        ['--endpoint-url', endpoint, '--region', SANDBOX_REGION, '--output', 'json', ...args],
        { env, timeout: CLI_TIMEOUT_MS, maxBuffer: 1024 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error) reject(new Error(`aws ${args.slice(0, 2).join(' ')} failed: ${stderr || error.message}`));
          else resolve(stdout.trim() ? (JSON.parse(stdout) as Json) : {});
        },
      );
    });
  };
  const timed = async (fn: () => Promise<Record<string, number>>): Promise<CliRun> => {
    commands = 0;
    const t0 = performance.now();
    const facts = await fn();
    return { ms: performance.now() - t0, commands, facts };
  };

  return {
    roles: {
      describe: [shown('roles', 'aws iam get-account-authorization-details --filter Role User LocalManagedPolicy')],
      run: () =>
        timed(async () => {
          const a = await aws([
            'iam',
            'get-account-authorization-details',
            '--filter',
            'Role',
            'User',
            'LocalManagedPolicy',
            ...paged('roles'),
          ]);
          return {
            roles: list(a, 'RoleDetailList').length,
            users: list(a, 'UserDetailList').length,
            localPolicies: list(a, 'Policies').length,
          };
        }),
    },
    users: {
      describe: [shown('users', 'aws iam get-account-authorization-details --filter User')],
      run: () =>
        timed(async () => {
          const a = await aws(['iam', 'get-account-authorization-details', '--filter', 'User', ...paged('users')]);
          return { users: list(a, 'UserDetailList').length };
        }),
    },
    environments: {
      describe: [
        'aws elasticbeanstalk describe-environments',
        'aws elasticbeanstalk describe-environment-health --environment-name NAME --attribute-names Causes HealthStatus Color  (each enhanced environment not Ok, 4 at a time)',
      ],
      run: () =>
        timed(async () => {
          const a = await aws(['elasticbeanstalk', 'describe-environments', '--no-include-deleted']);
          const envs = list(a, 'Environments').filter((e) => e.Status !== 'Terminated');
          const notOk = envs.filter((e) => typeof e.HealthStatus === 'string' && e.HealthStatus !== 'Ok');
          await mapBounded(notOk, CONCURRENCY, (e) =>
            aws([
              'elasticbeanstalk',
              'describe-environment-health',
              '--environment-name',
              String(e.EnvironmentName),
              '--attribute-names',
              'Causes',
              'HealthStatus',
              'Color',
            ]),
          );
          return {
            environments: envs.length,
            enhanced: envs.filter((e) => typeof e.HealthStatus === 'string').length,
            enhancedNotOk: notOk.length,
          };
        }),
    },
    events: {
      describe: [
        shown(
          'events',
          `aws elasticbeanstalk describe-events --environment-name ${fx.eventsEnvironment} --start-time ${fx.since} --severity INFO`,
        ),
      ],
      run: () =>
        timed(async () => {
          const a = await aws([
            'elasticbeanstalk',
            'describe-events',
            '--environment-name',
            fx.eventsEnvironment,
            '--start-time',
            fx.since,
            '--severity',
            'INFO',
            ...paged('events'),
          ]);
          return { events: list(a, 'Events').length };
        }),
    },
    parameters: {
      describe: [shown('parameters', 'aws ssm describe-parameters')],
      run: () =>
        timed(async () => {
          const a = await aws(['ssm', 'describe-parameters', ...paged('parameters')]);
          return { parameters: list(a, 'Parameters').length };
        }),
    },
    databases: {
      describe: [
        'aws rds describe-db-instances',
        'aws ec2 describe-security-groups',
        'aws ec2 describe-instances --filters Name=tag-key,Values=elasticbeanstalk:environment-name',
        '(the three side by side: the list, every group with its rules, and which environment owns each group)',
      ],
      run: () =>
        timed(async () => {
          const [dbs, groups, instances] = await Promise.all([
            aws(['rds', 'describe-db-instances']),
            aws(['ec2', 'describe-security-groups']),
            aws(['ec2', 'describe-instances', '--filters', 'Name=tag-key,Values=elasticbeanstalk:environment-name']),
          ]);
          return {
            dbInstances: list(dbs, 'DBInstances').length,
            securityGroups: list(groups, 'SecurityGroups').length,
            environmentInstances: list(instances, 'Reservations').flatMap((r) => list(r, 'Instances')).length,
          };
        }),
    },
    domains: {
      describe: [
        'aws opensearch list-domain-names',
        'aws opensearch describe-domains --domain-names N1 … N5  (per 5 names, 4 at a time)',
      ],
      run: () =>
        timed(async () => {
          const a = await aws(['opensearch', 'list-domain-names']);
          const names = list(a, 'DomainNames').map((d) => String(d.DomainName));
          const batches: string[][] = [];
          for (let i = 0; i < names.length; i += 5) batches.push(names.slice(i, i + 5));
          const described = await mapBounded(batches, CONCURRENCY, (batch) =>
            aws(['opensearch', 'describe-domains', '--domain-names', ...batch]),
          );
          return {
            domains: names.length,
            described: described.reduce((n, d) => n + list(d, 'DomainStatusList').length, 0),
          };
        }),
    },
  };
}

export interface Minimum {
  total: number;
  /** By operation, so an excess can be traced to the call that makes it. */
  byOperation: Record<string, number>;
  /** How it was computed. */
  basis: string;
}

const pages = (items: number, perPage: number): number => Math.max(1, Math.ceil(items / perPage));

function minimum(byOperation: Record<string, number>, basis: string): Minimum {
  return { total: Object.values(byOperation).reduce((a, b) => a + b, 0), byOperation, basis };
}

/** The fewest calls each view's data can take, from the sizes the CLI's answers showed and each API's largest page. */
export function minimumCalls(view: ViewId, facts: Record<string, number>): Minimum {
  const f = (k: string) => facts[k] ?? 0;
  switch (view) {
    case 'roles': {
      const items = f('roles') + f('users') + f('localPolicies');
      return minimum(
        { GetAccountAuthorizationDetails: pages(items, 1000) },
        `${items} items (roles + users + local policies) at 1000 a page`,
      );
    }
    case 'users':
      return minimum({}, 'users came with the roles view’s snapshot: nothing more to fetch');
    case 'environments':
      return minimum(
        { DescribeEnvironments: pages(f('environments'), 1000), DescribeEnvironmentHealth: f('enhancedNotOk') },
        `${f('environments')} environments at 1000 a page + one health read per enhanced environment not Ok (${f('enhancedNotOk')})`,
      );
    case 'events':
      return minimum({ DescribeEvents: pages(f('events'), 1000) }, `${f('events')} events at 1000 a page`);
    case 'parameters':
      return minimum({ DescribeParameters: pages(f('parameters'), 50) }, `${f('parameters')} parameters at 50 a page`);
    case 'databases':
      // Opening a database reads its groups by id (one DescribeSecurityGroups); one DescribeInstances then gives
      // the owners of the untagged ones and the names of the groups their rules admit, from the EB instances
      // that carry them (a source no EB instance carries costs a second DescribeSecurityGroups, by id; none
      // in this scenario). One unpaged scan (EC2 answers everything without MaxResults) is also one call, but
      // reads every group in the region to show one or two.
      return minimum(
        {
          DescribeDBInstances: pages(f('dbInstances'), 100),
          DescribeSecurityGroups: 1,
          DescribeInstances: f('environmentInstances') > 0 ? 1 : 0,
        },
        `${f('dbInstances')} DB instances at 100 a page; the open database's groups by id in one call (an unpaged scan of all ${f('securityGroups')} groups is one call too; ${pages(f('securityGroups'), 1000)} at 1000 a page); one DescribeInstances for the owners and the rule sources' names, from ${f('environmentInstances')} EB instances`,
      );
    case 'domains':
      return minimum(
        { ListDomainNames: 1, DescribeDomains: Math.ceil(f('domains') / 5) },
        `ListDomainNames + ${f('domains')} domains at 5 a DescribeDomains call`,
      );
  }
}
