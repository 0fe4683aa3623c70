/**
 * Deploys and configuration changes as chart markers: an environment's
 * operations read from its events (EB words each one's start and end the
 * same way every time), joined with the Trellis journal's changes to it, so
 * a fix made here is one marker that names both the events and the entry.
 */
import type {
  AtomicChangeIntent,
  EnvironmentEvent,
  JournalEntry,
  MonitoringMarker,
  Target,
} from '../../shared/contract';

type Kind = MonitoringMarker['kind'];

/** Messages that start an operation, and what kind of operation each says it is. */
const STARTS: ReadonlyArray<readonly [RegExp, Kind]> = [
  [/^Environment update is starting\.?$/, 'update'],
  [/^Updating environment .+'s configuration settings\.?$/, 'configuration'],
  [/^Deploying new version to instance\(s\)\.?$/, 'deploy'],
  [/^restartAppServer is starting\.?$/, 'restart'],
  [/^rebuildEnvironment is starting\.?$/, 'rebuild'],
];

/** Messages that end one, and how it went. */
const ENDS: ReadonlyArray<readonly [RegExp, MonitoringMarker['outcome'], Kind?]> = [
  [/^Environment update completed successfully\.?$/, 'succeeded'],
  [/^Successfully deployed new configuration to environment\.?$/, 'succeeded', 'configuration'],
  [/^New application version was deployed to running EC2 instances\.?$/, 'succeeded', 'deploy'],
  [/^(restartAppServer|rebuildEnvironment) completed successfully\.?$/, 'succeeded'],
  [/^Environment update completed, but with errors\.?$/, 'failed'],
  [/^Failed to deploy configuration\.?$/, 'failed', 'configuration'],
  [/^Failed to deploy application\.?$/, 'failed', 'deploy'],
  [/^(restartAppServer|rebuildEnvironment) completed, but with errors\.?$/, 'failed'],
];

/** An operation's events without a request id belong to the one that started within this long before. */
const SAME_OPERATION_MS = 30 * 60_000;
/** A journal entry and the operation EB started for it: EB records the start within seconds of the call. */
const JOURNAL_MATCH_MS = 3 * 60_000;

/** A specific kind wins over the generic update its first event announced. */
function refine(current: Kind, seen: Kind): Kind {
  return current === 'update' ? seen : current;
}

export const KIND_TITLES: Readonly<Record<Kind, string>> = {
  deploy: 'Deploy',
  configuration: 'Configuration change',
  restart: 'App server restart',
  rebuild: 'Rebuild',
  update: 'Environment update',
};

interface Draft {
  marker: MonitoringMarker;
  startMs: number;
  open: boolean;
}

/** Operations in `events` (as EB lists them: newest first), oldest first, one marker each. */
export function markersFromEvents(events: readonly EnvironmentEvent[]): MonitoringMarker[] {
  // EB lists newest first, and events of one second in the reverse of their order: reversed first, a
  // stable sort by time keeps "is starting" ahead of what followed it within the second.
  const sorted = [...events].reverse().sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  const drafts: Draft[] = [];
  const byRequest = new Map<string, Draft>();
  const lastOpenWithoutRequest = (atMs: number) =>
    [...drafts].reverse().find((d) => d.open && !d.marker.requestId && atMs - d.startMs <= SAME_OPERATION_MS);

  for (const event of sorted) {
    const atMs = Date.parse(event.date);
    const message = event.message.trim();
    const start = STARTS.find(([pattern]) => pattern.test(message));
    const end = ENDS.find(([pattern]) => pattern.test(message));
    if (!start && !end) continue;
    let draft = event.requestId ? byRequest.get(event.requestId) : lastOpenWithoutRequest(atMs);
    if (!draft && !start) continue; // an end whose start is before the range
    // A new start after the previous operation ended is a new operation, even with no request id.
    if (start && draft && !draft.open) draft = undefined;
    if (!draft) {
      draft = {
        startMs: atMs,
        open: true,
        marker: {
          id: `event:${event.requestId ?? event.date}`,
          at: event.date,
          kind: start![1],
          title: '',
          outcome: 'unknown',
          events: [],
          ...(event.requestId ? { requestId: event.requestId } : {}),
        },
      };
      drafts.push(draft);
      if (event.requestId) byRequest.set(event.requestId, draft);
    }
    const marker = draft.marker;
    marker.events.push({ date: event.date, severity: event.severity, message: event.message });
    if (start) marker.kind = refine(marker.kind, start[1]);
    if (event.versionLabel && !marker.versionLabel) marker.versionLabel = event.versionLabel;
    if (end) {
      if (end[2]) marker.kind = refine(marker.kind, end[2]);
      // The first failure stands: a later "completed" summarises the same trouble.
      if (marker.outcome !== 'failed') marker.outcome = end[1];
      if (/^Environment update completed|completed(,| successfully)/.test(message)) draft.open = false;
    }
  }
  return drafts.map(({ marker }) => ({ ...marker, title: titleOf(marker.kind, marker.versionLabel) }));
}

function titleOf(kind: Kind, versionLabel: string | undefined): string {
  return kind === 'deploy' && versionLabel ? `Deploy ${versionLabel}` : KIND_TITLES[kind];
}

/** The parts of an intent that act on `environmentName`, and what kind of change each is. */
function kindsFor(intent: JournalEntry['intent'], environmentName: string): Kind[] {
  const parts: AtomicChangeIntent[] = intent.kind === 'composite' ? intent.parts : [intent];
  return parts.flatMap((part): Kind[] => {
    if (!('environmentName' in part) || part.environmentName !== environmentName) return [];
    switch (part.kind) {
      case 'beanstalk.updateOptions':
        return ['configuration'];
      case 'beanstalk.restartAppServer':
        return ['restart'];
      case 'beanstalk.rebuild':
        return ['rebuild'];
      case 'beanstalk.deployBundle':
      case 'beanstalk.deployVersion':
      case 'beanstalk.rebundleDeploy':
        return ['deploy'];
      case 'beanstalk.createEnvironment':
      case 'beanstalk.terminateEnvironment':
        return ['update'];
      default:
        // Alarms and the like name the environment but change nothing it runs.
        return [];
    }
  });
}

/** The journal's applied changes to this environment of this target, as markers. */
export function markersFromJournal(
  entries: readonly JournalEntry[],
  target: Target,
  environmentName: string,
): MonitoringMarker[] {
  return entries.flatMap((entry): MonitoringMarker[] => {
    if (entry.target.profile !== target.profile || entry.target.region !== target.region) return [];
    if (entry.status === 'failed') return []; // nothing reached AWS, so nothing to see on a chart
    const kinds = kindsFor(entry.intent, environmentName);
    if (kinds.length === 0) return [];
    const kind = kinds.find((k) => k === 'deploy') ?? kinds[0]!;
    return [
      {
        id: `journal:${entry.id}`,
        at: entry.at,
        kind,
        title: KIND_TITLES[kind],
        summary: entry.title,
        outcome:
          entry.status === 'applied' ? (entry.verification?.verified === false ? 'unknown' : 'succeeded') : 'failed',
        events: [],
        journalEntryId: entry.id,
      },
    ];
  });
}

/**
 * Event markers, each joined with the journal entry that caused it (the
 * nearest of a fitting kind within a few minutes), plus journal entries EB
 * shows no operation for; oldest first, only those within [start, end].
 */
export function mergeMarkers(
  fromEvents: readonly MonitoringMarker[],
  fromJournal: readonly MonitoringMarker[],
  startMs: number,
  endMs: number,
): MonitoringMarker[] {
  const merged = fromEvents.map((m) => ({ ...m }));
  const taken = new Set<number>();
  const alone: MonitoringMarker[] = [];
  for (const entry of [...fromJournal].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
    const at = Date.parse(entry.at);
    let best = -1;
    merged.forEach((m, i) => {
      const gap = Math.abs(Date.parse(m.at) - at);
      if (taken.has(i) || gap > JOURNAL_MATCH_MS) return;
      if (!fits(entry.kind, m.kind)) return;
      if (best < 0 || gap < Math.abs(Date.parse(merged[best]!.at) - at)) best = i;
    });
    if (best < 0) {
      alone.push(entry);
      continue;
    }
    taken.add(best);
    const m = merged[best]!;
    merged[best] = {
      ...m,
      kind: m.kind === 'update' ? entry.kind : m.kind,
      title: m.kind === 'update' ? entry.title : m.title,
      ...(entry.summary ? { summary: entry.summary } : {}),
      ...(entry.journalEntryId ? { journalEntryId: entry.journalEntryId } : {}),
    };
  }
  return [...merged, ...alone]
    .filter((m) => {
      const at = Date.parse(m.at);
      return at >= startMs && at <= endMs;
    })
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

function fits(journalKind: Kind, eventKind: Kind): boolean {
  return journalKind === eventKind || journalKind === 'update' || eventKind === 'update';
}
