/**
 * An environment's health over time, read back from its event history. The
 * state keeps only the current verdict (`lastHealth`); every earlier one is
 * in the "Environment health has transitioned from X to Y." events that
 * lifecycle.ts and the scenarios append, and every operation in the events
 * that open and close it (logs/operations.ts). Events are never rewritten,
 * so a minute in the past always reads the same.
 */
import type { EnvironmentOperation, EnvironmentState, EventState, HealthStatus } from '../../state/beanstalkState';
import type { StateDocument } from '../../state/document';
import { healthStatusSchema } from '../../../shared/contract/beanstalk';
import { environmentOperations } from '../logs/operations';
import { platformFacts } from '../platform';

export interface HealthSegment {
  /** Epoch ms the verdict took effect. */
  readonly from: number;
  readonly status: HealthStatus;
  /** The causes EB gave; empty when the event that recorded the verdict did not say (improvements). */
  readonly causes: readonly string[];
}

export interface OperationWindow {
  readonly kind: EnvironmentOperation['kind'];
  readonly startedAt: number;
  /** Infinity while the operation is still running. */
  readonly completedAt: number;
}

export interface EnvironmentTimeline {
  readonly name: string;
  readonly created: number;
  /** When the environment finished terminating; Infinity while it exists. */
  readonly ended: number;
  readonly legacy: boolean;
  /** Oldest first; the first starts at `created`. */
  readonly segments: readonly HealthSegment[];
  readonly operations: readonly OperationWindow[];
}

const TRANSITION = /^Environment health has transitioned from (\w+) to (\w+)\.(?: (.*))?$/;
/** EB's cause sentences each end with a full stop; the transition event joins them with spaces. */
const SENTENCE = /[^.]*(?:\.\d[^.]*)*\./g;

const STATUSES: ReadonlySet<string> = new Set(healthStatusSchema.options);

function status(text: string | undefined): HealthStatus | undefined {
  return text !== undefined && STATUSES.has(text) ? (text as HealthStatus) : undefined;
}

function splitCauses(text: string | undefined): string[] {
  if (text === undefined) return [];
  return (text.match(SENTENCE) ?? []).map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * `ownEvents`: the environment's events, when the caller has grouped a large
 * account's events once rather than scanning them all for each environment.
 */
export function environmentTimeline(
  doc: StateDocument,
  env: EnvironmentState,
  ownEvents: readonly EventState[] = doc.elasticbeanstalk.events.filter((e) => e.environmentName === env.name),
): EnvironmentTimeline {
  const created = Date.parse(env.dateCreated);
  const segments: HealthSegment[] = [{ from: created, status: 'Pending', causes: [] }];
  const events = ownEvents.filter((e) => e.eventDate >= env.dateCreated).sort((a, b) => a.seq - b.seq);
  for (const event of events) {
    const match = TRANSITION.exec(event.message);
    const to = status(match?.[2]);
    if (!match || to === undefined) continue;
    segments.push({ from: Date.parse(event.eventDate), status: to, causes: splitCauses(match[3]) });
  }
  // The current verdict is the one source that always carries its causes.
  const last = segments[segments.length - 1];
  if (last && last.status === env.lastHealth.status) {
    segments[segments.length - 1] = { ...last, causes: env.lastHealth.causes };
  } else if (last) {
    segments.push({
      from: Math.max(last.from, Date.parse(env.lastHealth.refreshedAt)),
      status: env.lastHealth.status,
      causes: env.lastHealth.causes,
    });
  }
  const scoped = { ...doc, elasticbeanstalk: { ...doc.elasticbeanstalk, events: [...ownEvents] } };
  const operations: OperationWindow[] = environmentOperations(scoped, env).map((op) => ({
    kind: op.kind,
    startedAt: op.startedAt,
    completedAt: op.completedAt,
  }));
  if (env.operation) {
    operations.push({
      kind: env.operation.kind,
      startedAt: Date.parse(env.operation.startedAt),
      completedAt: Infinity,
    });
  }
  const terminated = operations.filter((op) => op.kind === 'terminate' && op.completedAt !== Infinity);
  const ended = env.status === 'Terminated' ? (terminated[terminated.length - 1]?.completedAt ?? created) : Infinity;
  return {
    name: env.name,
    created,
    ended,
    legacy: platformFacts(env.solutionStackName, env.platformArn).generation === 'legacy',
    segments,
    operations,
  };
}

/** The verdict in effect at `at`. Segments are few (one per transition), so a scan is cheap. */
export function segmentAt(timeline: EnvironmentTimeline, at: number): HealthSegment {
  let found = timeline.segments[0] ?? { from: timeline.created, status: 'Pending' as const, causes: [] };
  for (const segment of timeline.segments) {
    if (segment.from > at) break;
    found = segment;
  }
  return found;
}

export function operationAt(timeline: EnvironmentTimeline, at: number): OperationWindow | undefined {
  return timeline.operations.find((op) => op.startedAt <= at && at < op.completedAt);
}
