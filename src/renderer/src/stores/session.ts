/**
 * Who and where: app info, the profiles, the selected target (profile +
 * region) and the caller identity for it. Changing the target resets every
 * target-keyed store, so no view can show the old account's data.
 */
import { create } from 'zustand';
import type {
  AppError,
  AppInfo,
  CallerIdentity,
  ChannelInput,
  ProfileList,
  ProfileSummary,
  Target,
} from '../../../shared/contract';
import { api } from '../api';
import { readCache } from '../api/readCache';
import { targetAborts } from '../api/targetAborts';
import { dataOf, idle, loading, settle, type Loadable } from '../model/loadable';
import { targetKey } from '../model/target';
import { useBeanstalk } from './beanstalk';
import { useDatabases } from './databases';
import { useIam } from './iam';
import { useParameters } from './parameters';
import { useSearchDomains } from './searchDomains';

const LAST_TARGET_KEY = 'trellis.lastTarget';
const FALLBACK_REGION = 'us-east-1';
/** Main re-reads the files when they change; the list is a local call, so asking this often costs nothing. */
export const PROFILE_REFRESH_MS = 10_000;

/** What the profile watch needs from the page: whether anyone can see it, and when they come back to it. */
export interface PageSignals {
  visible(): boolean;
  /** Calls `listener` when the window regains focus or becomes visible again; returns the unsubscribe. */
  onReturn(listener: () => void): () => void;
}

export interface SessionState {
  info: Loadable<AppInfo>;
  profiles: Loadable<ProfileList>;
  target: Target | null;
  identityKey: string | null;
  identity: Loadable<CallerIdentity>;
  fileProblemsDismissed: boolean;
  readOnlyPending: boolean;
  readOnlyError: AppError | null;
  init: () => Promise<void>;
  loadProfiles: () => Promise<void>;
  /**
   * Re-reads the profile list without a loading state. It is applied only when
   * it differs, and the chosen target stays unless its profile has gone.
   */
  refreshProfiles: () => Promise<void>;
  /** Applies a list main sent (a refresh, or "Check again"); see refreshProfiles. */
  receiveProfiles: (list: ProfileList) => void;
  /** Refreshes on focus, on becoming visible and every 10 s while visible; returns the stop function. */
  watchProfiles: (page?: PageSignals) => () => void;
  /** The chosen profile that disappeared from the files, named until dismissed. */
  vanishedProfile: string | null;
  dismissVanished: () => void;
  selectProfile: (name: string) => void;
  selectRegion: (region: string) => void;
  loadIdentity: () => Promise<void>;
  setReadOnly: (readOnly: boolean) => Promise<void>;
  dismissFileProblems: () => void;
  /** The last failed preference change or unlock, shown by the control that made it. */
  preferenceError: AppError | null;
  setPreferences: (change: ChannelInput<'profiles.setPreferences'>) => Promise<void>;
  /** Production profiles only: lifts (or restores) the read-only lock until Trellis restarts. */
  unlockProduction: (profile: string, unlocked: boolean) => Promise<void>;
}

function rememberTarget(target: Target) {
  try {
    window.localStorage.setItem(LAST_TARGET_KEY, JSON.stringify(target));
  } catch {
    // Not being able to remember the choice is harmless.
  }
}

function recallTarget(): Partial<Target> {
  try {
    const value: unknown = JSON.parse(window.localStorage.getItem(LAST_TARGET_KEY) ?? 'null');
    if (typeof value === 'object' && value !== null) {
      const { profile, region } = value as Record<string, unknown>;
      return {
        profile: typeof profile === 'string' ? profile : undefined,
        region: typeof region === 'string' ? region : undefined,
      };
    }
  } catch {
    // Ignore a corrupt value.
  }
  return {};
}

/** Sandbox first, then the files' order. */
export function orderProfiles(profiles: readonly ProfileSummary[]): ProfileSummary[] {
  return [...profiles].sort((a, b) => Number(b.source === 'sandbox') - Number(a.source === 'sandbox'));
}

/** The page Trellis runs in; absent (tests in Node) means no signals. */
function browserPage(): PageSignals | undefined {
  if (typeof document === 'undefined' || typeof window === 'undefined') return undefined;
  return {
    visible: () => document.visibilityState === 'visible',
    onReturn: (listener) => {
      const onVisibility = () => {
        if (document.visibilityState === 'visible') listener();
      };
      window.addEventListener('focus', listener);
      document.addEventListener('visibilitychange', onVisibility);
      return () => {
        window.removeEventListener('focus', listener);
        document.removeEventListener('visibilitychange', onVisibility);
      };
    },
  };
}

/** What the files say about a profile, leaving out what the console itself sets (read-only, preferences). */
function fileFacts(profile: ProfileSummary | undefined): string {
  if (!profile) return '';
  const { name, source, kind, region, endpoint, problem, readOnlyLocked } = profile;
  return JSON.stringify({ name, source, kind, region, endpoint, problem, readOnlyLocked });
}

export const useSession = create<SessionState>()((set, get) => {
  const defaultRegion = (profile: ProfileSummary | undefined) =>
    profile?.region ?? dataOf(get().info)?.defaultRegion ?? FALLBACK_REGION;
  /** Bumped by every local change to the list, so a refresh that was out meanwhile cannot undo it. */
  let localEdits = 0;
  let refreshing = false;
  /** Set once the watch runs, so a repeated init (its Retry) does not start a second one. */
  let watching: (() => void) | undefined;

  const setTarget = (target: Target) => {
    const current = get().target;
    if (current && targetKey(current) === targetKey(target)) return;
    const key = targetKey(target);
    rememberTarget(target);
    useIam.getState().resetFor(key);
    useBeanstalk.getState().resetFor(key);
    useParameters.getState().resetFor(key);
    useDatabases.getState().resetFor(key);
    useSearchDomains.getState().resetFor(key);
    // After the resets, so the cancelled calls' answers find their stores already moved on.
    targetAborts.select(key);
    set({ target, identityKey: key, identity: idle, readOnlyError: null });
    if (!currentProfile(get())?.problem) void get().loadIdentity();
  };

  /** The remembered target if it is still listed, else the sandbox, else the first usable profile. */
  const chooseTarget = (profiles: readonly ProfileSummary[]) => {
    const list = orderProfiles(profiles);
    const remembered = recallTarget();
    const chosen =
      list.find((p) => p.name === remembered.profile) ??
      list.find((p) => p.source === 'sandbox') ??
      list.find((p) => !p.problem) ??
      list[0];
    if (!chosen) return;
    const region = chosen.name === remembered.profile && remembered.region ? remembered.region : defaultRegion(chosen);
    setTarget({ profile: chosen.name, region });
  };

  const replaceProfile = (next: ProfileSummary) => {
    localEdits++;
    set((s) => {
      const list = dataOf(s.profiles);
      if (!list) return {};
      const profiles = list.profiles.map((p) => (p.name === next.name ? next : p));
      return { profiles: { status: 'ready', data: { ...list, profiles } } };
    });
  };

  return {
    info: idle,
    profiles: idle,
    target: null,
    identityKey: null,
    identity: idle,
    fileProblemsDismissed: false,
    readOnlyPending: false,
    readOnlyError: null,
    vanishedProfile: null,

    init: async () => {
      set((s) => ({ info: loading(s.info) }));
      const info = await api['app.info']({});
      set((s) => ({ info: settle(s.info, info) }));
      await get().loadProfiles();
      watching ??= get().watchProfiles();
    },

    loadProfiles: async () => {
      set((s) => ({ profiles: loading(s.profiles) }));
      const result = await api['profiles.list']({});
      set((s) => ({ profiles: settle(s.profiles, result) }));
      if (!result.ok) return;
      const existing = get().target;
      if (existing && result.data.profiles.some((p) => p.name === existing.profile)) return;
      chooseTarget(result.data.profiles);
    },

    refreshProfiles: async () => {
      // Only once the first load settled: until then the full load (with its errors and Retry) is in charge.
      if (refreshing || get().profiles.status !== 'ready') return;
      refreshing = true;
      const edits = localEdits;
      try {
        const result = await api['profiles.list']({});
        // A failed refresh keeps what is shown; the next one, or a restart, tells the user.
        if (result.ok && edits === localEdits) get().receiveProfiles(result.data);
      } finally {
        refreshing = false;
      }
    },

    receiveProfiles: (list) => {
      const before = dataOf(get().profiles);
      if (before && JSON.stringify(before) === JSON.stringify(list)) return;
      set({ profiles: { status: 'ready', data: list } });
      const target = get().target;
      if (!target) {
        chooseTarget(list.profiles);
        return;
      }
      const now = list.profiles.find((p) => p.name === target.profile);
      if (!now) {
        set({ vanishedProfile: target.profile });
        chooseTarget(list.profiles);
        return;
      }
      // Same target, but the files now say something else about it (keys, region, a problem): who it is may differ.
      const was = before?.profiles.find((p) => p.name === target.profile);
      if (fileFacts(was) !== fileFacts(now) && !now.problem) void get().loadIdentity();
    },

    watchProfiles: (page = browserPage()) => {
      if (!page) return () => undefined;
      const refresh = () => void get().refreshProfiles();
      const offReturn = page.onReturn(refresh);
      const timer = setInterval(() => {
        if (page.visible()) refresh();
      }, PROFILE_REFRESH_MS);
      return () => {
        offReturn();
        clearInterval(timer);
      };
    },

    dismissVanished: () => set({ vanishedProfile: null }),

    selectProfile: (name) => {
      const profile = dataOf(get().profiles)?.profiles.find((p) => p.name === name);
      if (!profile) return;
      setTarget({ profile: name, region: defaultRegion(profile) });
      set({ vanishedProfile: null });
    },

    selectRegion: (region) => {
      const target = get().target;
      if (target) setTarget({ ...target, region });
    },

    loadIdentity: async () => {
      const target = get().target;
      if (!target) return;
      const key = targetKey(target);
      set((s) => ({ identity: loading(s.identity) }));
      const pending = api['sts.getCallerIdentity']({ target });
      // Cached reads of this profile wait for its credentials to be confirmed, so a revoked key shows as refused, not as old data.
      readCache.confirm(
        target.profile,
        pending.then((r) => r.ok),
      );
      const result = await pending;
      if (get().identityKey !== key) return; // the user moved on to another target
      set((s) => ({ identity: settle(s.identity, result) }));
    },

    setReadOnly: async (readOnly) => {
      const profile = currentProfile(get());
      if (!profile || profile.readOnlyLocked || get().readOnlyPending) return;
      // Optimistic, so the checkbox follows the click; main enforces the flag either way.
      replaceProfile({ ...profile, readOnly });
      set({ readOnlyPending: true, readOnlyError: null });
      const result = await api['profiles.setReadOnly']({ profile: profile.name, readOnly });
      replaceProfile(result.ok ? result.data : profile);
      set({ readOnlyPending: false, readOnlyError: result.ok ? null : result.error });
    },

    dismissFileProblems: () => set({ fileProblemsDismissed: true }),

    preferenceError: null,
    setPreferences: async (change) => {
      const before = dataOf(get().profiles)?.profiles.find((p) => p.name === change.profile);
      if (!before) return;
      // Optimistic, so the control follows the click; main decides what the profile really is.
      const { profile: _name, colour, ...flags } = change;
      const current = before.preferences ?? { pinned: false, production: false };
      const nextColour = colour === undefined ? current.colour : (colour ?? undefined);
      replaceProfile({
        ...before,
        preferences: { ...current, ...flags, ...(nextColour ? { colour: nextColour } : { colour: undefined }) },
      });
      set({ preferenceError: null });
      const result = await api['profiles.setPreferences'](change);
      replaceProfile(result.ok ? result.data : before);
      if (!result.ok) set({ preferenceError: result.error });
    },

    unlockProduction: async (profile, unlocked) => {
      set({ preferenceError: null });
      const result = await api['profiles.unlockProduction']({ profile, unlocked });
      if (result.ok) replaceProfile(result.data);
      else set({ preferenceError: result.error });
    },
  };
});

export function currentProfile(state: SessionState): ProfileSummary | undefined {
  const name = state.target?.profile;
  return name === undefined ? undefined : dataOf(state.profiles)?.profiles.find((p) => p.name === name);
}

export const selectTargetKey = (state: SessionState): string | null => (state.target ? targetKey(state.target) : null);

/** The region to check a profile in: the chosen one's if it is that profile, else the profile's own, else the default. */
export function regionForProfile(state: SessionState, profile: string): string {
  if (state.target?.profile === profile) return state.target.region;
  const summary = dataOf(state.profiles)?.profiles.find((p) => p.name === profile);
  return summary?.region ?? dataOf(state.info)?.defaultRegion ?? FALLBACK_REGION;
}
