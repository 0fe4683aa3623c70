/**
 * Every view of the console as the renderer loads it: the same channels, in
 * the same order, with the same inputs. Each probe turns the answers into an
 * Outcome; a failure that is not an access denial naming its action throws.
 */
import type { AppContext } from '../../../src/main/context';
import type { AppError, Channel, ChannelInput, ChannelOutput, Result, Target } from '../../../src/shared/contract';
import { dispatch } from '../../support/rpc';
import { CMK_PARAMETER, combine, missingOf, UnexplainedOutcome, type Outcome } from '../../support/leastPrivilege';
import { TRAINING_LAB } from '../../support/sandbox';

const ENV = TRAINING_LAB.learnerEnvironment;
const LAB_SECRET = '/flaskapp/flaskenv/RDS_PASSWORD';

interface Part {
  ok: boolean;
  missing: string[];
}

export interface ViewProbe {
  view: string;
  run(ctx: AppContext, target: Target): Promise<Outcome>;
}

async function part<C extends Channel>(
  ctx: AppContext,
  channel: C,
  input: ChannelInput<C>,
  partial?: (data: ChannelOutput<C>) => string[],
): Promise<Part & { data?: ChannelOutput<C> }> {
  const res: Result<ChannelOutput<C>> = await dispatch(ctx.router, channel, input);
  if (!res.ok) return { ok: false, missing: [missingOf(res.error, channel)] };
  return { ok: true, missing: partial ? partial(res.data) : [], data: res.data };
}

type PanelProblem = { code: string; message: string; awsCode?: string };

/** Panel problems anywhere in an answer (`problem`, `causesProblem`, `bundleProblem`…): each must be a named denial. */
function panelDenials(value: unknown, where: string, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) panelDenials(item, where, out);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (/problem$/i.test(key) && inner && typeof inner === 'object' && 'code' in inner) {
        const p = inner as PanelProblem;
        out.push(
          missingOf({ code: p.code as AppError['code'], message: p.message, retryable: false }, `${where}.${key}`),
        );
      } else {
        panelDenials(inner, where, out);
      }
    }
  }
  return out;
}

/** What the Doctor could not read, and whether its permission verdicts were estimates because simulation was refused. */
function scanGaps(scan: ChannelOutput<'diagnostics.scan'>): string[] {
  const missing = scan.problems.map((p) => missingOf(p.error, `scan problem "${p.area}"`));
  const estimated = scan.findings
    .flatMap((f) => f.evidence)
    .map((e) => /^Estimated decision \((\S+) is not allowed\)$/.exec(e.label)?.[1])
    .filter((a): a is string => a !== undefined);
  return [...missing, ...new Set(estimated)];
}

const env = (target: Target) => ({ target, environmentName: ENV.environmentName });

async function logsPart(ctx: AppContext, target: Target): Promise<Part> {
  const request = await part(ctx, 'beanstalk.requestLogs', { ...env(target), infoType: 'tail', waitLimitSeconds: 120 });
  if (!request.data) return request;
  const requestId = request.data.requestId;
  ctx.sandbox!.advanceClock(6_000);
  for (let i = 0; i < 20; i++) {
    const got = await part(ctx, 'beanstalk.retrieveLogs', { target, requestId });
    if (!got.data) return got;
    if (got.data.state === 'ready') return { ok: true, missing: panelDenials(got.data.instances, 'logs') };
    ctx.sandbox!.advanceClock(2_000);
  }
  throw new UnexplainedOutcome('logs: never became ready');
}

export const VIEW_PROBES: readonly ViewProbe[] = [
  {
    view: 'Overview',
    run: async (ctx, target) =>
      combine([
        await part(ctx, 'sts.getCallerIdentity', { target }),
        await part(ctx, 'beanstalk.listEnvironments', { target }, (d) => panelDenials(d, 'environments')),
        // The overview counts findings; what the scan could not read is the Doctor's row.
        await part(ctx, 'diagnostics.scan', { target }),
      ]),
  },
  {
    view: 'Environments',
    run: async (ctx, target) =>
      combine([await part(ctx, 'beanstalk.listEnvironments', { target }, (d) => panelDenials(d, 'environments'))]),
  },
  {
    view: 'Environment: health',
    run: async (ctx, target) =>
      combine([await part(ctx, 'beanstalk.health', env(target), (d) => panelDenials(d, 'health'))]),
  },
  {
    view: 'Environment: events',
    run: async (ctx, target) =>
      combine([await part(ctx, 'beanstalk.describeEvents', { ...env(target), maxRecords: 100 })]),
  },
  {
    view: 'Environment: configuration',
    run: async (ctx, target) => combine([await part(ctx, 'beanstalk.configuration', env(target))]),
  },
  { view: 'Environment: logs', run: async (ctx, target) => combine([await logsPart(ctx, target)]) },
  {
    view: 'Environment: resources',
    run: async (ctx, target) =>
      combine([await part(ctx, 'beanstalk.resources', env(target), (d) => panelDenials(d, 'resources'))]),
  },
  {
    view: 'Environment: bundle contents',
    run: async (ctx, target) =>
      combine([
        await part(
          ctx,
          'beanstalk.applicationVersion',
          { target, applicationName: ENV.applicationName, versionLabel: ENV.versionLabel },
          (d) => panelDenials(d, 'version'),
        ),
      ]),
  },
  {
    view: 'IAM',
    run: async (ctx, target) =>
      combine([
        await part(ctx, 'iam.snapshot', { target }, (d) => (d.denied ?? []).map((x) => x.action)),
        // Keys are listed even when their last use may not be read; each such key names the permission.
        await part(ctx, 'iam.listAccessKeys', { target, userName: TRAINING_LAB.userName }, (keys) =>
          keys.some((k) => k.lastUsedUnknown) ? ['iam:GetAccessKeyLastUsed'] : [],
        ),
      ]),
  },
  {
    view: 'Parameters: list',
    run: async (ctx, target) => {
      const list = await part(ctx, 'ssm.listParameters', { target, recursive: true });
      const plain = (list.data?.parameters ?? []).filter((p) => p.type !== 'SecureString').slice(0, 10);
      const values = plain.length
        ? [await part(ctx, 'ssm.getValues', { target, names: plain.map((p) => p.name) })]
        : [];
      return combine([list, ...values]);
    },
  },
  {
    view: 'Parameters: reveal (aws/ssm key)',
    run: async (ctx, target) => combine([await part(ctx, 'ssm.revealParameter', { target, name: LAB_SECRET })]),
  },
  {
    view: 'Parameters: reveal (customer managed key)',
    run: async (ctx, target) => combine([await part(ctx, 'ssm.revealParameter', { target, name: CMK_PARAMETER })]),
  },
  {
    view: 'Databases',
    run: async (ctx, target) => combine([await part(ctx, 'rds.listDatabases', { target })]),
  },
  {
    view: 'Security groups',
    run: async (ctx, target) => {
      const dbs = await dispatch(ctx.router, 'rds.listDatabases', { target: { ...target, profile: 'sandbox' } });
      const groupIds = dbs.ok ? [...new Set(dbs.data.flatMap((d) => d.securityGroupIds))].slice(0, 50) : [];
      if (groupIds.length === 0) throw new UnexplainedOutcome('Security groups: the lab has no database groups');
      return combine([
        await part(ctx, 'ec2.securityGroups', { target, groupIds }),
        await part(ctx, 'ec2.securityGroupChoices', { target }),
      ]);
    },
  },
  {
    view: 'Domains',
    run: async (ctx, target) => {
      const list = await part(ctx, 'search.listDomains', { target });
      const details = [];
      for (const d of list.data ?? [])
        details.push(await part(ctx, 'search.getDomain', { target, domainName: d.name }));
      return combine([list, ...details]);
    },
  },
  {
    view: 'Doctor scan',
    run: async (ctx, target) => combine([await part(ctx, 'diagnostics.scan', { target }, scanGaps)]),
  },
  {
    view: 'Lab checklist',
    run: async (ctx, target) => {
      const lab = await part(ctx, 'diagnostics.labChecklist', { target });
      if (!lab.data) return combine([lab]);
      const blind = lab.data.items.filter((i) => i.status === 'unknown' && /Some reads failed/.test(i.explanation));
      if (blind.length === 0) return combine([lab]);
      // The checklist runs the Doctor's scan; its problems name what the unknown items could not read.
      const scan = await part(ctx, 'diagnostics.scan', { target });
      const missing = (scan.data?.problems ?? []).map((p) => missingOf(p.error, `lab: ${p.area}`));
      if (missing.length === 0) throw new UnexplainedOutcome('Lab checklist: items unknown without a named refusal');
      return combine([{ ok: true, missing }]);
    },
  },
];
