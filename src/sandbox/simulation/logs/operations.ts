/**
 * The operations an environment went through, read back from its event
 * history: each starts with EB's "... is starting." event and ends with its
 * completion event under the same request id. Events are never rewritten, so
 * the deployment lines derived from them never change either.
 */
import type { EnvironmentOperation, EnvironmentState, EventState } from '../../state/beanstalkState';
import type { StateDocument } from '../../state/document';
import { completionMessages } from '../lifecycle';

export type OperationKind = EnvironmentOperation['kind'];

export interface OperationSpan {
  readonly kind: OperationKind;
  readonly requestId: string;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly completedAt: number;
  readonly failed: boolean;
}

const STARTS: ReadonlyArray<readonly [string, OperationKind]> = [
  ['createEnvironment is starting.', 'launch'],
  ['Environment update is starting.', 'update'],
  ['rebuildEnvironment is starting.', 'rebuild'],
  ['restartAppServer is starting.', 'restart'],
  ['terminateEnvironment is starting.', 'terminate'],
];
const DEPLOYING = 'Deploying new version to instance(s).';

function completion(env: EnvironmentState, kind: OperationKind, event: EventState): boolean | undefined {
  for (const failed of [false, true]) {
    if (completionMessages(env, kind, failed).some((m) => m.message === event.message)) return failed;
  }
  return undefined;
}

/** Completed operations of this environment, oldest first; one still running is left out. */
export function environmentOperations(doc: StateDocument, env: EnvironmentState): OperationSpan[] {
  const groups = new Map<string, EventState[]>();
  for (const event of doc.elasticbeanstalk.events) {
    if (event.environmentName !== env.name || event.requestId === undefined || event.eventDate < env.dateCreated) {
      continue;
    }
    const group = groups.get(event.requestId) ?? [];
    group.push(event);
    groups.set(event.requestId, group);
  }
  const spans: OperationSpan[] = [];
  for (const [requestId, events] of groups) {
    events.sort((a, b) => a.seq - b.seq);
    const first = events[0];
    let kind = STARTS.find(([message]) => message === first?.message)?.[1];
    if (!first || kind === undefined) continue;
    if (kind === 'update' && events.some((e) => e.message === DEPLOYING)) kind = 'deploy';
    const known: OperationKind = kind;
    const end = events.find((e) => completion(env, known, e) !== undefined);
    if (!end) continue;
    spans.push({
      kind: known,
      requestId,
      startedAt: Date.parse(first.eventDate),
      completedAt: Date.parse(end.eventDate),
      failed: completion(env, known, end) === true,
    });
  }
  return spans.sort((a, b) => a.completedAt - b.completedAt);
}
