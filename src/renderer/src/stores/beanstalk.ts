/**
 * Elastic Beanstalk data for the selected target: the environment list (with
 * its refresh bookkeeping), and per environment its health, events tail,
 * configuration and deployed version. Everything belongs to `key`; an answer
 * for another key is dropped. Revealed property values are never kept here.
 */
import { create } from 'zustand';
import type {
  AppError,
  ApplicationVersion,
  EnvironmentConfiguration,
  EnvironmentEvent,
  EnvironmentHealth,
  EnvironmentResources,
  EnvironmentSummary,
  Result,
  Severity,
  Target,
} from '../../../shared/contract';
import { api } from '../api';
import {
  DEFAULT_SEVERITY,
  DEFAULT_SINCE,
  mergeEvents,
  newestDate,
  sinceInstant,
  type SinceChoice,
} from '../model/events';
import { dataOf, idle, loading, settle, type Loadable } from '../model/loadable';
import { targetKey } from '../model/target';

/** EB's largest page, for the first page and the older ones alike: a long history takes the fewest calls, and 1,000 events still arrive in tens of milliseconds. */
const INITIAL_EVENTS = 1000;
/** Older pages come as the user scrolls through a long history. */
const OLDER_EVENTS = 1000;

export interface EventQuery {
  severity: Severity;
  since: SinceChoice;
}

export interface EventLog {
  events: EnvironmentEvent[];
  /** For "Load older"; absent when the oldest page has been read. */
  nextToken?: string;
  /** Keys of the events the last poll brought, for the brief highlight. */
  fresh: string[];
  /** Counts polls that brought something, so the announcement repeats for equal counts. */
  freshSerial: number;
  pollError?: AppError;
  older: 'idle' | 'loading';
  olderError?: AppError;
  /** Epoch ms of the last poll or load, success or not. */
  checkedAt: number;
  apiCalls: number;
}

export interface BeanstalkState {
  key: string | null;
  environments: Loadable<EnvironmentSummary[]>;
  /** ISO time of the last successful list refresh. */
  refreshedAt: string | null;
  /** Epoch ms of the last list refresh attempt, success or not. */
  attemptedAt: number | null;
  errorStreak: number;
  filter: string;
  health: Record<string, Loadable<EnvironmentHealth>>;
  /** Epoch ms of the last health attempt per environment. */
  healthAttemptedAt: Record<string, number>;
  configuration: Record<string, Loadable<EnvironmentConfiguration>>;
  /** Instances' network placement per environment (private IP, VPC, subnet, security groups). */
  resources: Record<string, Loadable<EnvironmentResources>>;
  /** By `applicationName|versionLabel`. */
  versions: Record<string, Loadable<ApplicationVersion>>;
  events: Record<string, Loadable<EventLog>>;
  eventQuery: EventQuery;

  resetFor: (key: string) => void;
  ensureEnvironments: (target: Target) => void;
  loadEnvironments: (target: Target) => Promise<void>;
  setFilter: (value: string) => void;
  loadHealth: (target: Target, environmentName: string) => Promise<void>;
  loadConfiguration: (target: Target, environmentName: string) => Promise<void>;
  loadResources: (target: Target, environmentName: string) => Promise<void>;
  loadVersion: (target: Target, applicationName: string, versionLabel: string) => Promise<void>;
  loadEvents: (target: Target, environmentName: string) => Promise<void>;
  pollEvents: (target: Target, environmentName: string) => Promise<void>;
  loadOlderEvents: (target: Target, environmentName: string) => Promise<void>;
  clearFresh: (environmentName: string) => void;
  setEventQuery: (target: Target, environmentName: string, query: Partial<EventQuery>) => void;
  /** Fetches one masked property's value for the caller to show; deliberately not kept in this store. */
  revealProperty: (target: Target, environmentName: string, name: string) => Promise<Result<{ value: string }>>;
  /** After a write: re-read what it may have changed. */
  afterChange: (target: Target, environmentName: string) => void;
}

export const versionKey = (applicationName: string, versionLabel: string) => `${applicationName}|${versionLabel}`;

const emptyTargetData = {
  environments: idle,
  refreshedAt: null,
  attemptedAt: null,
  errorStreak: 0,
  health: {},
  healthAttemptedAt: {},
  configuration: {},
  resources: {},
  versions: {},
  events: {},
} satisfies Partial<BeanstalkState>;

/** Per environment: bumped when the event query restarts, so a late poll for the old query is dropped. */
const eventGenerations = new Map<string, number>();
const eventGeneration = (name: string) => eventGenerations.get(name) ?? 0;
/** The newest list and health requests win; an older answer arriving late is dropped. */
let listGeneration = 0;
const healthGenerations = new Map<string, number>();

export const useBeanstalk = create<BeanstalkState>()((set, get) => {
  const current = (target: Target) => get().key === targetKey(target);

  const updateLog = (name: string, update: (log: EventLog) => Partial<EventLog>) =>
    set((s) => {
      const entry = s.events[name];
      if (entry?.status !== 'ready') return {};
      return { events: { ...s.events, [name]: { status: 'ready', data: { ...entry.data, ...update(entry.data) } } } };
    });

  /** One page of events at the chosen severity, from `from` or else the start of the chosen period. */
  const describeEvents = (
    target: Target,
    environmentName: string,
    page: { from?: string; nextToken?: string; maxRecords?: number },
  ) => {
    const { severity, since } = get().eventQuery;
    return api['beanstalk.describeEvents']({
      target,
      environmentName,
      severity,
      since: page.from ?? sinceInstant(since, Date.now()),
      maxRecords: page.maxRecords ?? INITIAL_EVENTS,
      nextToken: page.nextToken,
    });
  };

  return {
    key: null,
    ...emptyTargetData,
    filter: '',
    eventQuery: { severity: DEFAULT_SEVERITY, since: DEFAULT_SINCE },

    resetFor: (key) => {
      if (get().key === key) return;
      eventGenerations.clear();
      healthGenerations.clear();
      listGeneration++;
      set({ key, ...emptyTargetData });
    },

    ensureEnvironments: (target) => {
      if (!current(target)) get().resetFor(targetKey(target));
      if (get().environments.status === 'idle') void get().loadEnvironments(target);
    },

    loadEnvironments: async (target) => {
      if (!current(target)) return;
      const mine = ++listGeneration;
      set((s) => ({ environments: loading(s.environments) }));
      const result = await api['beanstalk.listEnvironments']({ target });
      if (!current(target) || mine !== listGeneration) return;
      set((s) => ({
        environments: settle(s.environments, result),
        attemptedAt: Date.now(),
        refreshedAt: result.ok ? new Date().toISOString() : s.refreshedAt,
        errorStreak: result.ok ? 0 : s.errorStreak + 1,
      }));
    },

    setFilter: (value) => set({ filter: value }),

    loadHealth: async (target, environmentName) => {
      if (!current(target)) return;
      const mine = (healthGenerations.get(environmentName) ?? 0) + 1;
      healthGenerations.set(environmentName, mine);
      set((s) => ({ health: { ...s.health, [environmentName]: loading(s.health[environmentName]) } }));
      const result = await api['beanstalk.health']({ target, environmentName });
      if (!current(target) || healthGenerations.get(environmentName) !== mine) return;
      set((s) => ({
        health: { ...s.health, [environmentName]: settle(s.health[environmentName], result) },
        healthAttemptedAt: { ...s.healthAttemptedAt, [environmentName]: Date.now() },
      }));
    },

    loadConfiguration: async (target, environmentName) => {
      if (!current(target)) return;
      set((s) => ({
        configuration: { ...s.configuration, [environmentName]: loading(s.configuration[environmentName]) },
      }));
      const result = await api['beanstalk.configuration']({ target, environmentName });
      if (!current(target)) return;
      set((s) => ({
        configuration: { ...s.configuration, [environmentName]: settle(s.configuration[environmentName], result) },
      }));
    },

    loadResources: async (target, environmentName) => {
      if (!current(target)) return;
      set((s) => ({ resources: { ...s.resources, [environmentName]: loading(s.resources[environmentName]) } }));
      const result = await api['beanstalk.resources']({ target, environmentName });
      if (!current(target)) return;
      set((s) => ({ resources: { ...s.resources, [environmentName]: settle(s.resources[environmentName], result) } }));
    },

    loadVersion: async (target, applicationName, versionLabel) => {
      if (!current(target)) return;
      const k = versionKey(applicationName, versionLabel);
      set((s) => ({ versions: { ...s.versions, [k]: loading(s.versions[k]) } }));
      const result = await api['beanstalk.applicationVersion']({ target, applicationName, versionLabel });
      if (!current(target)) return;
      set((s) => ({ versions: { ...s.versions, [k]: settle(s.versions[k], result) } }));
    },

    loadEvents: async (target, environmentName) => {
      if (!current(target)) return;
      const mine = eventGeneration(environmentName) + 1;
      eventGenerations.set(environmentName, mine);
      set((s) => ({ events: { ...s.events, [environmentName]: loading(s.events[environmentName]) } }));
      const result = await describeEvents(target, environmentName, {});
      if (!current(target) || eventGeneration(environmentName) !== mine) return;
      const log = result.ok
        ? {
            ok: true as const,
            data: {
              events: mergeEvents([], result.data.events).events,
              nextToken: result.data.nextToken,
              fresh: [],
              freshSerial: 0,
              older: 'idle' as const,
              checkedAt: Date.now(),
              apiCalls: result.data.apiCalls,
            },
          }
        : result;
      set((s) => ({ events: { ...s.events, [environmentName]: settle(s.events[environmentName], log) } }));
    },

    pollEvents: async (target, environmentName) => {
      const entry = get().events[environmentName];
      if (!current(target) || entry?.status !== 'ready') return;
      const mine = eventGeneration(environmentName);
      const result = await describeEvents(target, environmentName, { from: newestDate(entry.data.events) });
      if (!current(target) || eventGeneration(environmentName) !== mine) return;
      updateLog(environmentName, (log) => {
        if (!result.ok) return { pollError: result.error, checkedAt: Date.now() };
        const merged = mergeEvents(log.events, result.data.events);
        return {
          events: merged.events,
          fresh: merged.added.length ? merged.added : log.fresh,
          freshSerial: merged.added.length ? log.freshSerial + 1 : log.freshSerial,
          pollError: undefined,
          checkedAt: Date.now(),
          apiCalls: log.apiCalls + result.data.apiCalls,
        };
      });
    },

    loadOlderEvents: async (target, environmentName) => {
      const entry = get().events[environmentName];
      if (!current(target) || entry?.status !== 'ready' || !entry.data.nextToken || entry.data.older === 'loading')
        return;
      const mine = eventGeneration(environmentName);
      updateLog(environmentName, () => ({ older: 'loading', olderError: undefined }));
      const result = await describeEvents(target, environmentName, {
        nextToken: entry.data.nextToken,
        maxRecords: OLDER_EVENTS,
      });
      if (!current(target) || eventGeneration(environmentName) !== mine) return;
      updateLog(environmentName, (log) =>
        result.ok
          ? {
              events: mergeEvents(log.events, result.data.events).events,
              nextToken: result.data.nextToken,
              older: 'idle',
              apiCalls: log.apiCalls + result.data.apiCalls,
            }
          : { older: 'idle', olderError: result.error },
      );
    },

    clearFresh: (environmentName) => updateLog(environmentName, () => ({ fresh: [] })),

    setEventQuery: (target, environmentName, query) => {
      set((s) => ({ eventQuery: { ...s.eventQuery, ...query } }));
      // A new query is a new tail: drop the old one rather than mixing severities.
      set((s) => ({ events: { ...s.events, [environmentName]: idle } }));
      void get().loadEvents(target, environmentName);
    },

    revealProperty: (target, environmentName, name) =>
      api['beanstalk.revealProperty']({ target, environmentName, name }),

    afterChange: (target, environmentName) => {
      if (!current(target)) return;
      const state = get();
      void state.loadEnvironments(target);
      void state.loadHealth(target, environmentName);
      if (state.configuration[environmentName]) void state.loadConfiguration(target, environmentName);
      if (dataOf(state.events[environmentName])) void state.pollEvents(target, environmentName);
    },
  };
});
