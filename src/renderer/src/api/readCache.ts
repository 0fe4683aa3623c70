/**
 * Reads kept per (profile, region, resource) for a stale time, so coming back
 * to a view, or to a profile switched away from, answers without calling AWS.
 * Identical reads in flight share one call. A write drops exactly the entries
 * of the services it touched for its target; Refresh and a new sign-in drop a
 * target's entries, so they always reach AWS.
 *
 * Live views (health, events, logs), secrets and anything that writes are
 * never cached: they are not in the table below.
 */
import { channelNames } from '../../../shared/contract/channelNames';
import type { Result, Target, TrellisApi } from '../../../shared/contract';

const MINUTE = 60_000;

/**
 * Read channels and how long an answer stays fresh. The environments list is
 * not here: it carries live status and health, and its own schedule polls it.
 * Nor is the caller identity: it is how a profile's credentials are confirmed.
 */
export const CACHED_READS: Readonly<Record<string, number>> = {
  'iam.snapshot': 5 * MINUTE,
  'iam.getRole': 5 * MINUTE,
  'iam.getUser': 5 * MINUTE,
  'iam.listPolicies': 5 * MINUTE,
  // AWS's own policies change only with AWS's publishing (or, in the sandbox, its data set).
  'iam.listManagedPolicies': 12 * 60 * MINUTE,
  'iam.getPolicyDocument': 15 * MINUTE,
  'iam.listAccessKeys': 2 * MINUTE,
  'beanstalk.configuration': 2 * MINUTE,
  'beanstalk.applicationVersion': 5 * MINUTE,
  'beanstalk.resources': 2 * MINUTE,
  'deploy.listVersions': 2 * MINUTE,
  'ssm.listParameters': 5 * MINUTE,
  'ssm.parameterHistory': 2 * MINUTE,
  'rds.listDatabases': 2 * MINUTE,
  'ec2.securityGroups': 2 * MINUTE,
  'ec2.securityGroupChoices': 5 * MINUTE,
  'search.listDomains': 5 * MINUTE,
  'search.getDomain': 2 * MINUTE,
};

/** Which AWS service's writes make a channel's answers stale. */
const SERVICES_OF_AREA: Readonly<Record<string, readonly string[]>> = {
  sts: ['iam', 'sts'],
  iam: ['iam'],
  beanstalk: ['elasticbeanstalk', 's3'],
  deploy: ['elasticbeanstalk', 's3'],
  ssm: ['ssm'],
  rds: ['rds', 'ec2'],
  ec2: ['ec2', 'rds'],
  search: ['opensearch'],
};

interface Entry {
  target: Target;
  channel: string;
  at: number;
  answer: Promise<Result<unknown>>;
  /** True once the answer is in: until then a caller that must hear the pages cannot join it. */
  settled: boolean;
}

function targetOf(input: unknown): Target | undefined {
  const target = (input as { target?: unknown } | null)?.target;
  if (typeof target !== 'object' || target === null) return undefined;
  const { profile, region } = target as { profile?: unknown; region?: unknown };
  return typeof profile === 'string' && typeof region === 'string' ? { profile, region } : undefined;
}

const sameTarget = (a: Target, b: Target) => a.profile === b.profile && a.region === b.region;

export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  /** Per profile, whether its credentials were confirmed since it was last chosen (see `confirm`). */
  private readonly confirmations = new Map<string, Promise<boolean>>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /**
   * The answer to a read: a fresh cached one, the one in flight, or a new call's (kept only if it succeeds).
   * `ownCall` is for a streamed read whose caller listens for pages: it cannot join a call in flight, whose
   * pages go to the caller that started it (and which that caller's successor aborts), so it makes its own.
   */
  read(
    channel: string,
    input: unknown,
    call: () => Promise<Result<unknown>>,
    ownCall = false,
  ): Promise<Result<unknown>> {
    const staleMs = CACHED_READS[channel];
    const target = targetOf(input);
    if (staleMs === undefined || !target) return call();
    const key = `${channel}\u0000${JSON.stringify(input)}`;
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < staleMs && !(ownCall && !hit.settled)) {
      const confirmed = this.confirmations.get(target.profile);
      if (!confirmed) return hit.answer;
      // Served only once the credentials that fetched it still work; refused ones mean asking AWS, which says why.
      return confirmed.then((ok) => {
        if (ok && this.entries.get(key) === hit) return hit.answer;
        if (this.entries.get(key) === hit) this.entries.delete(key);
        return this.read(channel, input, call);
      });
    }
    const entry: Entry = { target, channel, at: this.now(), answer: call(), settled: false };
    this.entries.set(key, entry);
    void entry.answer.then((result) => {
      entry.settled = true;
      // Errors, cancellations included, are never served again; the next visit asks anew.
      if (!result.ok && this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.answer;
  }

  /**
   * A profile was chosen and its identity is being checked: until `ok`
   * settles, its cached reads wait; if the check fails, they are dropped.
   */
  confirm(profile: string, ok: Promise<boolean>): void {
    const settled = ok.then(
      (confirmed) => {
        if (!confirmed) this.invalidateProfile(profile);
        return confirmed;
      },
      () => {
        this.invalidateProfile(profile);
        return false;
      },
    );
    this.confirmations.set(profile, settled);
  }

  /** After a write: the target's entries that the touched services make stale. */
  invalidateServices(target: Target, services: readonly string[]): void {
    const touched = new Set(services);
    this.drop((e) => {
      if (!sameTarget(e.target, target)) return false;
      const area = e.channel.slice(0, e.channel.indexOf('.'));
      return (SERVICES_OF_AREA[area] ?? []).some((s) => touched.has(s));
    });
  }

  /** Refresh: everything of one target. */
  invalidateTarget(target: Target): void {
    this.drop((e) => sameTarget(e.target, target));
  }

  /** A sign-in or new keys: everything of one profile, in every region. */
  invalidateProfile(profile: string): void {
    this.drop((e) => e.target.profile === profile);
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(match: (entry: Entry) => boolean): void {
    for (const [key, entry] of this.entries) if (match(entry)) this.entries.delete(key);
  }
}

export const readCache = new ReadCache();

/**
 * The API with reads going through the cache; every other channel is passed through untouched. A streamed
 * read's pages reach the caller that started it; the cache keeps only its complete answer.
 */
export function withReadCache(transport: TrellisApi, cache: ReadCache): TrellisApi {
  type Call = (input: unknown, options?: object) => Promise<Result<unknown>>;
  const calls = transport as unknown as Record<string, Call>;
  const api: Record<string, Call> = {};
  for (const channel of channelNames) {
    const call = calls[channel];
    if (!call) continue;
    api[channel] =
      channel in CACHED_READS
        ? (input, options) =>
            cache.read(
              channel,
              input,
              () => call(input, options),
              options !== undefined && 'onProgress' in options && options.onProgress !== undefined,
            )
        : call;
  }
  return api as unknown as TrellisApi;
}
