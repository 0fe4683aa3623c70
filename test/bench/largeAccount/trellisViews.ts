/**
 * Each view's data fetched in-process through the router, with the same
 * channels and inputs the renderer's stores send when the view opens
 * (src/renderer/src/stores/*.ts): wall time to the first rows and to the
 * whole answer, AWS request attempts by operation, and the rows received.
 */
import { readFileSync } from 'node:fs';
import {
  createPageAssembler,
  type Channel,
  type ChannelInput,
  type ChannelOutput,
  type StreamedChannel,
  type Target,
} from '../../../src/shared/contract';
import { mustCall } from '../../support/rpc';
import type { BenchConsole, CallCounts } from './consoleMain';

export type ViewId = 'roles' | 'users' | 'environments' | 'events' | 'parameters' | 'databases' | 'domains';

export const VIEW_LABELS: Readonly<Record<ViewId, string>> = {
  roles: 'IAM roles + attachments',
  users: 'IAM users',
  environments: 'Environments + health',
  events: 'Events, 1 env, 7 days',
  parameters: 'Parameters',
  databases: 'DB instances + SGs',
  domains: 'Domains + policies',
};

export const VIEW_IDS = Object.keys(VIEW_LABELS) as ViewId[];

export interface ViewFixture {
  target: Target;
  /** The environment whose events are read: the scenario's busiest. */
  eventsEnvironment: string;
  /** The events panel's "Last 7 days" start, fixed once so Trellis and the CLI read the same window. */
  since: string;
  eventPages: EventPaging;
}

export interface EventPaging {
  initial: number;
  older: number;
  /** Where the figures came from (the store's source, or the fallback when it could not be read). */
  source: string;
}

export interface ViewRun {
  /** null: the view makes no RPC of its own (its rows came with another view's answer). */
  firstRowsMs: number | null;
  completeMs: number | null;
  calls: CallCounts;
  rows: number;
  /** One line on what was fetched, for the JSON. */
  note: string;
  /** A name for the Chromium part: a middle row's, to type into the filter (roles, parameters); the database opened. */
  sample?: string;
}

/**
 * The events panel's page sizes, read from the store so the benchmark follows it:
 * a first page of INITIAL_EVENTS, then OLDER_EVENTS a page as the list is scrolled.
 */
export function eventPaging(storeFile = 'src/renderer/src/stores/beanstalk.ts'): EventPaging {
  try {
    const text = readFileSync(storeFile, 'utf8');
    const initial = Number(/const INITIAL_EVENTS = (\d+)/.exec(text)?.[1]);
    const older = Number(/const OLDER_EVENTS = (\d+)/.exec(text)?.[1]);
    if (initial > 0 && older > 0) return { initial, older, source: storeFile };
  } catch {
    // Fall through to the values the store had when this benchmark was written.
  }
  return { initial: 100, older: 1000, source: 'fallback (store constants not found)' };
}

/** The shared snapshot's users, so the users view can report its rows without a call of its own. */
let lastSnapshotUsers = 0;

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

function call<C extends Channel>(c: BenchConsole, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  return mustCall(c.ctx.router, channel, input);
}

/**
 * A streamed read as the renderer makes it (pages asked for): time to the first page event, which is when
 * the view can show rows, and to the answer, with the complete output rebuilt from the pages.
 */
async function streamed<C extends StreamedChannel>(
  c: BenchConsole,
  channel: C,
  input: ChannelInput<C>,
): Promise<{ value: ChannelOutput<C>; firstPageMs: number | null; ms: number; pages: number }> {
  const assembler = createPageAssembler(channel);
  let firstPageMs: number | null = null;
  let pages = 0;
  const t0 = performance.now();
  const answer = await c.ctx.router.dispatch(channel, input, undefined, (page) => {
    firstPageMs ??= performance.now() - t0;
    pages += 1;
    assembler.add(page);
  });
  const ms = performance.now() - t0;
  if (!answer.ok) throw new Error(`${channel}: ${answer.error.code}: ${answer.error.message}`);
  return { value: assembler.finish(answer.data) as ChannelOutput<C>, firstPageMs, ms, pages };
}

type Loader = (c: BenchConsole, fx: ViewFixture) => Promise<Omit<ViewRun, 'calls'>>;

const LOADERS: Readonly<Record<ViewId, Loader>> = {
  async roles(c, fx) {
    const { value, firstPageMs, ms, pages } = await streamed(c, 'iam.snapshot', { target: fx.target });
    lastSnapshotUsers = value.users.length;
    return {
      firstRowsMs: firstPageMs ?? ms,
      completeMs: ms,
      rows: value.roles.length,
      note: `iam.snapshot, streamed: ${pages} page events; ${value.roles.length} roles, ${value.users.length} users, ${value.localPolicies.length} local policies`,
      sample: value.roles[Math.floor(value.roles.length / 2)]?.name,
    };
  },
  // The Users tab reads the snapshot the roles view already holds: no RPC, no AWS call.
  async users() {
    return {
      firstRowsMs: null,
      completeMs: null,
      rows: lastSnapshotUsers,
      note: 'Users tab: rows from the iam.snapshot the roles view loaded; no RPC',
    };
  },
  async environments(c, fx) {
    const { value, ms } = await timed(() => call(c, 'beanstalk.listEnvironments', { target: fx.target }));
    const withCauses = value.filter((e) => e.causes.length > 0).length;
    return {
      firstRowsMs: ms,
      completeMs: ms,
      rows: value.length,
      note: `beanstalk.listEnvironments: ${value.length} environments, ${withCauses} with causes`,
    };
  },
  async events(c, fx) {
    const t0 = performance.now();
    const page = (nextToken: string | undefined, maxRecords: number) =>
      call(c, 'beanstalk.describeEvents', {
        target: fx.target,
        environmentName: fx.eventsEnvironment,
        severity: 'INFO',
        since: fx.since,
        maxRecords,
        ...(nextToken ? { nextToken } : {}),
      });
    let answer = await page(undefined, fx.eventPages.initial);
    const firstRowsMs = performance.now() - t0;
    let rows = answer.events.length;
    let rpcs = 1;
    // Bounded: the panel reads older pages as the list is scrolled to its end, until there is no token.
    for (let i = 0; answer.nextToken && i < 10_000; i++) {
      answer = await page(answer.nextToken, fx.eventPages.older);
      rows += answer.events.length;
      rpcs += 1;
    }
    return {
      firstRowsMs,
      completeMs: performance.now() - t0,
      rows,
      note: `beanstalk.describeEvents ×${rpcs} (first ${fx.eventPages.initial}, then ${fx.eventPages.older} a page) for ${fx.eventsEnvironment} since ${fx.since}`,
    };
  },
  async parameters(c, fx) {
    const { value, firstPageMs, ms, pages } = await streamed(c, 'ssm.listParameters', {
      target: fx.target,
      recursive: true,
    });
    return {
      firstRowsMs: firstPageMs ?? ms,
      completeMs: ms,
      rows: value.parameters.length,
      note: `ssm.listParameters, streamed: ${pages} page events; ${value.parameters.length} parameters (values are read only for rows on screen)`,
      sample: value.parameters[Math.floor(value.parameters.length / 2)]?.name,
    };
  },
  // The list, then the first database opened: its groups by id, their owners and their rules' sources named.
  async databases(c, fx) {
    const t0 = performance.now();
    const dbs = await call(c, 'rds.listDatabases', { target: fx.target });
    const firstRowsMs = performance.now() - t0;
    const db = dbs[0];
    let groups = 0;
    // What opening a database reads; the account's group list waits until the ingress form is used.
    if (db && db.securityGroupIds.length > 0) {
      const detail = await call(c, 'ec2.securityGroups', {
        target: fx.target,
        groupIds: db.securityGroupIds,
        ...(db.endpoint ? { dbPort: db.endpoint.port } : {}),
      });
      groups = detail.length;
    }
    return {
      firstRowsMs,
      completeMs: performance.now() - t0,
      rows: dbs.length,
      sample: db?.id,
      note: `rds.listDatabases: ${dbs.length}; opened ${db?.id ?? '—'}: ec2.securityGroups ${groups} group(s)`,
    };
  },
  async domains(c, fx) {
    const { value, ms } = await timed(() => call(c, 'search.listDomains', { target: fx.target }));
    return {
      firstRowsMs: ms,
      completeMs: ms,
      rows: value.length,
      note: `search.listDomains: ${value.length} domains with policies classified`,
    };
  },
};

/** Loads one view and counts the AWS attempts it made. */
export async function loadView(c: BenchConsole, fx: ViewFixture, view: ViewId): Promise<ViewRun> {
  c.tally.take();
  const run = await LOADERS[view](c, fx);
  return { ...run, calls: c.tally.take() };
}
