/**
 * What an IAM Identity Center sign-in can reach: the accounts per SSO
 * profile, and the roles per profile and account, each loaded on demand and
 * kept until reloaded. Not keyed by the selected target: the picker browses
 * a sign-in, whichever profile the rest of the console is on.
 */
import { create } from 'zustand';
import type { SsoAccountList, SsoAccountRoles } from '../../../shared/contract';
import { api } from '../api';
import { dataOf, idle, loading, settle, type Loadable } from '../model/loadable';
import { useChanges } from './changes';
import { useSession } from './session';

export interface SsoDirectoryState {
  /** The SSO profile chosen in the picker; null until one is. */
  profile: string | null;
  /** By SSO profile name. */
  accounts: Record<string, Loadable<SsoAccountList>>;
  /** By rolesKey(profile, accountId). */
  roles: Record<string, Loadable<SsoAccountRoles>>;
  choose: (profile: string | null) => void;
  /** Loads the profile's accounts unless they are held or on their way (a failed load is tried again). */
  ensureAccounts: (profile: string) => void;
  loadAccounts: (profile: string) => Promise<void>;
  /** Loads one account's roles unless they are held or on their way (a failed load is tried again). */
  ensureRoles: (profile: string, accountId: string) => void;
  loadRoles: (profile: string, accountId: string) => Promise<void>;
  /**
   * After a profile was written to or removed from the config file: the roles
   * that name it, or belong to its account, are read again (through every SSO
   * profile they were loaded with), so "Add profile…" and "Switch to" follow.
   */
  afterProfileChange: (change: { profileName: string; accountId?: string }) => void;
}

export function rolesKey(profile: string, accountId: string): string {
  return `${profile}|${accountId}`;
}

/** The latest request per key; an answer to an older one is dropped, so a reload never loses to a slow first load. */
const latest = new Map<string, number>();
let requests = 0;

export const useSsoDirectory = create<SsoDirectoryState>()((set, get) => {
  const begin = (key: string) => {
    const id = ++requests;
    latest.set(key, id);
    return () => latest.get(key) === id;
  };

  return {
    profile: null,
    accounts: {},
    roles: {},

    choose: (profile) => {
      set({ profile });
      if (profile) get().ensureAccounts(profile);
    },

    ensureAccounts: (profile) => {
      const status = (get().accounts[profile] ?? idle).status;
      if (status === 'idle' || status === 'error') void get().loadAccounts(profile);
    },

    loadAccounts: async (profile) => {
      const current = begin(`accounts|${profile}`);
      set((s) => ({ accounts: { ...s.accounts, [profile]: loading(s.accounts[profile]) } }));
      const result = await api['sso.listAccounts']({ profile });
      if (!current()) return;
      set((s) => ({ accounts: { ...s.accounts, [profile]: settle(s.accounts[profile], result) } }));
    },

    ensureRoles: (profile, accountId) => {
      const status = (get().roles[rolesKey(profile, accountId)] ?? idle).status;
      if (status === 'idle' || status === 'error') void get().loadRoles(profile, accountId);
    },

    loadRoles: async (profile, accountId) => {
      const key = rolesKey(profile, accountId);
      const current = begin(`roles|${key}`);
      set((s) => ({ roles: { ...s.roles, [key]: loading(s.roles[key]) } }));
      const result = await api['sso.listAccountRoles']({ profile, accountId });
      if (!current()) return;
      set((s) => ({ roles: { ...s.roles, [key]: settle(s.roles[key], result) } }));
    },

    afterProfileChange: ({ profileName, accountId }) => {
      for (const [key, value] of Object.entries(get().roles)) {
        if (value.status === 'idle') continue;
        // Account ids are digits, so the last '|' splits the key even when a profile name holds one.
        const cut = key.lastIndexOf('|');
        const profile = key.slice(0, cut);
        const account = key.slice(cut + 1);
        const names = dataOf(value)?.roles.some((r) => r.profiles.includes(profileName)) ?? false;
        if (account === accountId || names) void get().loadRoles(profile, account);
      }
    },
  };
});

// Profiles are added from the shared Review change dialog and removed by their undo from the Journal, so the
// profile list and the roles are re-read whenever one finishes, wherever it was started. (This lives here,
// not in changes.ts, because the session store imports stores that import changes.ts: a cycle.)
useChanges.subscribe((state, previous) => {
  if (state.phase !== 'done' || previous.phase === 'done' || !state.plan) return;
  const { intent } = state.plan;
  if (intent.kind !== 'config.addSsoProfile' && intent.kind !== 'config.removeProfile') return;
  void useSession.getState().loadProfiles();
  useSsoDirectory.getState().afterProfileChange({
    profileName: intent.profileName,
    accountId: intent.kind === 'config.addSsoProfile' ? intent.accountId : intent.expected.sso_account_id,
  });
});
