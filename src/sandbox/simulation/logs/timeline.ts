/**
 * What happened on one instance, as both platform generations tell it: the
 * deployments it ran (its first boot, then each deploy, configuration update
 * and restart), the visitors' requests between them, and what each request
 * met, decided by the causes of the log epoch it falls in.
 *
 * Everything is a function of the scene, so the same state and clock always
 * give the same lines, and a line in the past never changes.
 */
import type { LogCause, LogEpoch } from '../../state/logState';
import { seededInt } from './logClock';
import type { LogGeneration } from './logFiles';
import type { OperationKind, OperationSpan } from './operations';

/** App-level logs are simulated over this span before the read; deployment logs go back to the instance's launch. */
const TRAFFIC_WINDOW_MS = 2 * 60 * 60 * 1000;
/** One visitor request in each slot of this length, at a seeded moment within it. */
const REQUEST_SLOT_MS = 15_000;
/** A first boot with no launch operation on record is taken to deploy within this long. */
const BOOT_MS = 60_000;

export interface LogScene {
  readonly generation: LogGeneration;
  /** e.g. `3.6`, `3.11`. */
  readonly pythonVersion: string;
  readonly environment: { readonly id: string; readonly name: string; readonly cname: string };
  readonly versionLabel: string | undefined;
  /** The configured WSGIPath: a file on the legacy platform, `module:callable` on AL2/AL2023. */
  readonly wsgiPath: string;
  readonly instance: { readonly id: string; readonly privateIp: string; readonly launchedAt: number };
  readonly operations: readonly OperationSpan[];
  readonly epochs: readonly LogEpoch[];
  /** The read's time: nothing after it is written. */
  readonly until: number;
}

export interface Deployment {
  readonly kind: OperationKind | 'bootstrap';
  readonly index: number;
  readonly startedAt: number;
  readonly completedAt: number;
  readonly causes: readonly LogCause[];
}

export interface Visit {
  /** The request's slot number: seeds it, and spreads partial failures over requests. */
  readonly slot: number;
  readonly at: number;
  readonly client: string;
  readonly port: number;
  readonly agent: string;
  readonly causes: readonly LogCause[];
}

const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
  'curl/8.4.0',
];

const DEPLOY_STAGE: ReadonlySet<LogCause['kind']> = new Set(['wsgi-file-missing', 'secrets', 'bundle']);

/** The causes in effect at `at`; undefined before the oldest epoch still kept (those lines have rotated away). */
function causesAt(epochs: readonly LogEpoch[], at: number): readonly LogCause[] | undefined {
  let found: LogEpoch | undefined;
  for (const epoch of epochs) if (epoch.from <= at) found = epoch;
  if (found) return found.causes;
  return epochs.length === 0 ? [] : undefined;
}

/** The instance's deployments, oldest first: its boot, then every later deploy, update and restart that finished. */
export function deploymentsOf(scene: LogScene): Deployment[] {
  const { instance, operations, epochs, until } = scene;
  const launching = operations.find(
    (op) =>
      (op.kind === 'launch' || op.kind === 'rebuild') &&
      op.completedAt >= instance.launchedAt &&
      op.completedAt <= instance.launchedAt + 10 * BOOT_MS,
  );
  const bootDone = Math.min(launching?.completedAt ?? instance.launchedAt + BOOT_MS, until);
  const spans: Array<Omit<Deployment, 'index' | 'causes'> & { readonly failed: boolean | undefined }> = [
    {
      kind: 'bootstrap',
      startedAt: instance.launchedAt + Math.min(20_000, Math.max(0, bootDone - instance.launchedAt) / 3),
      completedAt: bootDone,
      failed: launching?.failed,
    },
    ...operations
      .filter((op) => ['deploy', 'update', 'restart'].includes(op.kind))
      .filter((op) => op.startedAt > bootDone && op.completedAt <= until)
      .map((op) => ({ kind: op.kind, startedAt: op.startedAt, completedAt: op.completedAt, failed: op.failed })),
  ];
  return spans.flatMap(({ failed, ...span }, index) => {
    const causes = causesAt(epochs, span.completedAt);
    if (causes === undefined) return [];
    // EB's own record wins: a deployment its events call successful did not fail, whatever broke later.
    const kept = failed === false ? causes.filter((cause) => !DEPLOY_STAGE.has(cause.kind)) : causes;
    return [{ ...span, index, causes: kept }];
  });
}

/** Visitors' requests from the start of the traffic window (or the first deployment) until the read. */
export function visitsOf(scene: LogScene, deployments: readonly Deployment[]): Visit[] {
  const first = deployments[0];
  if (!first) return [];
  const from = Math.max(first.completedAt + 5_000, scene.until - TRAFFIC_WINDOW_MS);
  const seed = scene.instance.id;
  const clients = [0, 1, 2].map(
    (n) =>
      `${seededInt(`${seed}:ip:${n}:a`, 24, 200)}.${seededInt(`${seed}:ip:${n}:b`, 0, 256)}.` +
      `${seededInt(`${seed}:ip:${n}:c`, 0, 256)}.${seededInt(`${seed}:ip:${n}:d`, 1, 255)}`,
  );
  const visits: Visit[] = [];
  for (let slot = Math.floor(from / REQUEST_SLOT_MS); slot * REQUEST_SLOT_MS <= scene.until; slot += 1) {
    const at = slot * REQUEST_SLOT_MS + seededInt(`${seed}:visit:${slot}`, 0, REQUEST_SLOT_MS);
    if (at < from || at > scene.until) continue;
    // While a deployment runs the web server is being swapped; nothing is logged for the visitor.
    if (deployments.some((d) => d.startedAt <= at && at <= d.completedAt)) continue;
    const causes = causesAt(scene.epochs, at);
    if (causes === undefined) continue;
    const pick = seededInt(`${seed}:client:${slot}`, 0, 6);
    visits.push({
      slot,
      at,
      client: clients[pick % clients.length] ?? '198.51.100.7',
      port: seededInt(`${seed}:port:${slot}`, 1024, 65535),
      agent: AGENTS[pick % AGENTS.length] ?? 'curl/8.4.0',
      causes,
    });
  }
  return visits;
}

/** What one request meets. */
export type Outcome =
  | { readonly kind: 'ok' }
  /** The last deployment failed: nothing (legacy) or no web process (AL2/AL2023) is there to answer. */
  | { readonly kind: 'not-deployed'; readonly cause: LogCause }
  /** AL2/AL2023: gunicorn could not boot the app, so nginx finds nothing on port 8000. */
  | { readonly kind: 'web-down'; readonly cause: LogCause }
  /** Legacy: mod_wsgi fails to import the WSGI module again on every request. */
  | { readonly kind: 'load-error'; readonly cause: LogCause }
  /** The app answers 500 from inside a view. */
  | { readonly kind: 'request-error'; readonly cause: LogCause };

export function deploymentFailure(causes: readonly LogCause[]): LogCause | undefined {
  return causes.find((cause) => DEPLOY_STAGE.has(cause.kind));
}

/** Code at module level runs when the WSGI module is imported, not when a view is called. */
function atImport(cause: LogCause): boolean {
  if (cause.kind === 'module-missing') return true;
  if (cause.kind !== 'key-error' && cause.kind !== 'no-region' && cause.kind !== 'database') return false;
  const innermost = cause.frames[cause.frames.length - 1];
  return innermost !== undefined && innermost.function === '<module>';
}

function firstLine(cause: LogCause): number {
  return 'frames' in cause ? (cause.frames[0]?.line ?? Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER;
}

/**
 * Python stops at the first failure it reaches, so an import-time failure
 * hides every later one; view-level failures are spread over requests. Calls
 * the instance role may not make fail only on the requests that make them.
 */
export function outcomeFor(causes: readonly LogCause[], generation: LogGeneration, slot: number): Outcome {
  const failed = deploymentFailure(causes);
  if (failed) return { kind: 'not-deployed', cause: failed };
  if (generation === 'gunicorn') {
    const boot = causes.find((c) => c.kind === 'wsgi-target-missing' || c.kind === 'module-missing');
    if (boot) return { kind: 'web-down', cause: boot };
  } else {
    const load = causes.filter(atImport).sort((a, b) => firstLine(a) - firstLine(b))[0];
    if (load) return { kind: 'load-error', cause: load };
  }
  const inViews = causes.filter((c) => generation === 'gunicorn' || !atImport(c));
  const always = inViews.filter((c) => c.kind !== 'access-denied');
  if (always.length > 0) {
    const cause = inViews[slot % inViews.length];
    return cause ? { kind: 'request-error', cause } : { kind: 'ok' };
  }
  const denied = inViews.filter((c) => c.kind === 'access-denied');
  // About a third of the requests touch the denied service (the health cause says 32 %).
  if (denied.length > 0 && slot % 3 === 0) {
    const cause = denied[Math.floor(slot / 3) % denied.length];
    if (cause) return { kind: 'request-error', cause };
  }
  return { kind: 'ok' };
}
