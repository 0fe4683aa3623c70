/**
 * Instance logs per environment: the request and its wait (polled here, as
 * `eb logs` polls, until main says ready or gives up with a message), the
 * last result, the CloudWatch Logs streaming state, and the live tail merged
 * by time and event id like the events tail. Everything belongs to `key`;
 * an answer for another target, or for a request the user cancelled, is dropped.
 */
import { create } from 'zustand';
import type { AppError, LiveLogEvent, LogInfoType, LogRetrieval, LogStreaming, Target } from '../../../shared/contract';
import { api } from '../api';
import { loading, settle, type Loadable } from '../model/loadable';
import { targetKey } from '../model/target';

/** EB CLI gives up after two minutes; so does the console. */
export const LOG_WAIT_LIMIT_SECONDS = 120;
/** Main answers a timeout itself; this is the renderer's own backstop should main stop answering at all. */
const BACKSTOP_MS = (LOG_WAIT_LIMIT_SECONDS + 60) * 1000;
export const LIVE_POLL_MS = 5_000;
/** Lines the live tail keeps; the oldest go first. */
export const LIVE_MAX_EVENTS = 5_000;
/** How far back the first live poll reads, so the tail opens with some context. */
const LIVE_LOOKBACK_MS = 30 * 60_000;

type ReadyLogs = Extract<LogRetrieval, { state: 'ready' }>;

export type LogFetch =
  | { phase: 'idle' }
  | { phase: 'requesting'; infoType: LogInfoType; startedAt: number }
  | {
      phase: 'waiting';
      infoType: LogInfoType;
      /** Renderer epoch ms, for the elapsed seconds shown. */
      startedAt: number;
      instanceIds: string[];
      progress?: string;
    }
  | { phase: 'ready'; infoType: LogInfoType; logs: ReadyLogs; receivedAt: number }
  | { phase: 'error'; infoType: LogInfoType; error: AppError };

export interface LiveTail {
  on: boolean;
  events: LiveLogEvent[];
  /** How many events the last poll added, for the announcement. */
  added: number;
  nextSince?: string;
  pollError?: AppError;
  checkedAt: number | null;
  apiCalls: number;
}

export interface LogsState {
  key: string | null;
  fetches: Record<string, LogFetch>;
  /** The last logs that arrived, kept on screen while a new request waits or fails. */
  lastLogs: Record<string, { infoType: LogInfoType; logs: ReadyLogs; receivedAt: number }>;
  streaming: Record<string, Loadable<LogStreaming>>;
  live: Record<string, LiveTail>;

  resetFor: (key: string) => void;
  requestLogs: (target: Target, environmentName: string, infoType: LogInfoType) => Promise<void>;
  cancel: (environmentName: string) => void;
  loadStreaming: (target: Target, environmentName: string) => Promise<void>;
  setLive: (target: Target, environmentName: string, on: boolean) => void;
  pollLive: (target: Target, environmentName: string) => Promise<void>;
}

/** Per environment: bumped by a new request or a cancel, so a stale poll loop stops. */
const generations = new Map<string, number>();
const liveGenerations = new Map<string, number>();
const bump = (map: Map<string, number>, name: string) => {
  const next = (map.get(name) ?? 0) + 1;
  map.set(name, next);
  return next;
};

/** The wait between retrieve polls: quick at first (a tail takes seconds), then once a second; each poll is one DescribeEvents. */
export function retrieveDelay(attempt: number): number {
  return attempt < 4 ? 500 : 1_000;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `existing` plus the new events of `incoming`, by time, without repeating an id; at most `max`, newest kept. */
export function mergeLiveEvents(
  existing: readonly LiveLogEvent[],
  incoming: readonly LiveLogEvent[],
  max = LIVE_MAX_EVENTS,
): { events: LiveLogEvent[]; added: number } {
  const seen = new Set(existing.map((e) => e.id));
  const fresh = incoming.filter((e) => !seen.has(e.id) && (seen.add(e.id), true));
  if (fresh.length === 0) return { events: [...existing], added: 0 };
  const time = (e: LiveLogEvent) => Date.parse(e.timestamp) || 0;
  const merged = [...existing, ...fresh].map((e, i) => ({ e, i }));
  merged.sort((a, b) => time(a.e) - time(b.e) || a.i - b.i);
  const events = merged.map(({ e }) => e);
  return { events: events.length > max ? events.slice(events.length - max) : events, added: fresh.length };
}

const emptyTargetData = { fetches: {}, lastLogs: {}, streaming: {}, live: {} } satisfies Partial<LogsState>;
const liveOff: LiveTail = { on: false, events: [], added: 0, checkedAt: null, apiCalls: 0 };

export const useLogs = create<LogsState>()((set, get) => {
  const current = (target: Target) => get().key === targetKey(target);
  const setFetch = (name: string, fetch: LogFetch) => set((s) => ({ fetches: { ...s.fetches, [name]: fetch } }));
  const updateLive = (name: string, update: (live: LiveTail) => Partial<LiveTail>) =>
    set((s) => {
      const live = s.live[name] ?? liveOff;
      return { live: { ...s.live, [name]: { ...live, ...update(live) } } };
    });

  return {
    key: null,
    ...emptyTargetData,

    resetFor: (key) => {
      if (get().key === key) return;
      generations.clear();
      liveGenerations.clear();
      set({ key, ...emptyTargetData });
    },

    requestLogs: async (target, environmentName, infoType) => {
      if (!current(target)) get().resetFor(targetKey(target));
      const mine = bump(generations, environmentName);
      const stale = () => !current(target) || generations.get(environmentName) !== mine;
      const startedAt = Date.now();
      setFetch(environmentName, { phase: 'requesting', infoType, startedAt });
      const requested = await api['beanstalk.requestLogs']({
        target,
        environmentName,
        infoType,
        waitLimitSeconds: LOG_WAIT_LIMIT_SECONDS,
      });
      if (stale()) return;
      if (!requested.ok) {
        setFetch(environmentName, { phase: 'error', infoType, error: requested.error });
        return;
      }
      const { requestId, instanceIds } = requested.data;
      setFetch(environmentName, { phase: 'waiting', infoType, startedAt, instanceIds });
      // Bounded by main's wait limit, which ends in a timeout error; the backstop covers a main that never answers.
      for (let attempt = 0; Date.now() - startedAt < BACKSTOP_MS; attempt++) {
        await sleep(retrieveDelay(attempt));
        if (stale()) return;
        const result = await api['beanstalk.retrieveLogs']({ target, requestId });
        if (stale()) return;
        if (!result.ok) {
          setFetch(environmentName, { phase: 'error', infoType, error: result.error });
          return;
        }
        if (result.data.state === 'pending') {
          setFetch(environmentName, {
            phase: 'waiting',
            infoType,
            startedAt,
            instanceIds,
            ...(result.data.progress ? { progress: result.data.progress } : {}),
          });
          continue;
        }
        const receivedAt = Date.now();
        const logs = result.data;
        set((s) => ({
          fetches: { ...s.fetches, [environmentName]: { phase: 'ready', infoType, logs, receivedAt } },
          lastLogs: { ...s.lastLogs, [environmentName]: { infoType, logs, receivedAt } },
        }));
        return;
      }
      setFetch(environmentName, {
        phase: 'error',
        infoType,
        error: {
          code: 'timeout',
          message: `No logs arrived from ${environmentName} within ${Math.round(BACKSTOP_MS / 1000)} s, and Trellis stopped waiting.`,
          retryable: true,
        },
      });
    },

    cancel: (environmentName) => {
      bump(generations, environmentName);
      setFetch(environmentName, { phase: 'idle' });
    },

    loadStreaming: async (target, environmentName) => {
      if (!current(target)) get().resetFor(targetKey(target));
      set((s) => ({ streaming: { ...s.streaming, [environmentName]: loading(s.streaming[environmentName]) } }));
      const result = await api['beanstalk.logStreaming']({ target, environmentName });
      if (!current(target)) return;
      set((s) => ({ streaming: { ...s.streaming, [environmentName]: settle(s.streaming[environmentName], result) } }));
    },

    setLive: (target, environmentName, on) => {
      bump(liveGenerations, environmentName);
      updateLive(environmentName, (live) =>
        on ? { on, pollError: undefined, checkedAt: null } : { on, added: 0, checkedAt: live.checkedAt },
      );
      if (on) void get().pollLive(target, environmentName);
    },

    pollLive: async (target, environmentName) => {
      const live = get().live[environmentName];
      if (!current(target) || !live?.on) return;
      const mine = liveGenerations.get(environmentName) ?? 0;
      const streaming = get().streaming[environmentName];
      const groups = streaming?.status === 'ready' ? streaming.data.logGroups : undefined;
      const result = await api['beanstalk.tailLiveLogs']({
        target,
        environmentName,
        since: live.nextSince ?? new Date(Date.now() - LIVE_LOOKBACK_MS).toISOString(),
        ...(groups && groups.length > 0 ? { logGroups: groups } : {}),
      });
      if (!current(target) || liveGenerations.get(environmentName) !== mine) return;
      updateLive(environmentName, (prev) => {
        if (!result.ok) return { pollError: result.error, checkedAt: Date.now() };
        const merged = mergeLiveEvents(prev.events, result.data.events);
        return {
          events: merged.events,
          added: merged.added,
          nextSince: result.data.nextSince,
          pollError: undefined,
          checkedAt: Date.now(),
          apiCalls: prev.apiCalls + result.data.apiCalls,
        };
      });
    },
  };
});
