/**
 * The sign-in dialog: an MFA code, the approval of a credential_process, an
 * SSO device sign-in, or new keys in a file, asked for by an error's `signIn` field. The code goes to main once and is
 * dropped here as soon as the call returns. A success bumps the profile's
 * epoch, which every panel showing that profile's sign-in error watches to
 * load again, so one code serves every view.
 */
import { create } from 'zustand';
import type { AppError, SignIn, SsoDeviceAuthorization } from '../../../shared/contract';
import { api } from '../api';
import { readCache } from '../api/readCache';
import { regionForProfile, useSession } from './session';

export interface SignInState {
  /** What the open dialog asks for; null when it is closed. */
  request: SignIn | null;
  pending: boolean;
  /** The last attempt's error, shown inside the dialog. */
  error: AppError | null;
  /** Successful sign-ins per profile, counted so panels can retry when theirs changes. */
  epochs: Record<string, number>;
  /** The target key the dialog last opened by itself for, so it asks once per choice of profile. */
  promptedFor: string | null;
  open: (request: SignIn) => void;
  /** Opens the dialog for a newly chosen target's sign-in error, once per target. */
  promptFor: (targetKey: string, request: SignIn) => void;
  close: () => void;
  /** The user is typing again: the last attempt's error no longer describes what is in the field. */
  clearError: () => void;
  submitMfaCode: (code: string) => Promise<boolean>;
  approveProcess: () => Promise<boolean>;
  /**
   * Replace-keys only: main re-reads the files and rebuilds its clients, then
   * one call checks the profile's keys. Stays open (with why) while they are
   * still refused; true once they work.
   */
  checkKeys: () => Promise<boolean>;
  /** The SSO device sign-in under way: the code and link to show (nothing secret). */
  ssoDevice: SsoDeviceAuthorization | null;
  /** Starts the device flow for the open SSO request. */
  startSso: () => Promise<void>;
  /** One poll; the seconds to wait before the next, or null when the sign-in ended (done or failed). */
  pollSso: () => Promise<number | null>;
}

export const useSignIn = create<SignInState>()((set, get) => {
  const succeeded = (profile: string) => {
    // Answers cached under the old credentials (errors are never cached, but identities are) must not outlive them.
    readCache.invalidateProfile(profile);
    set((s) => ({
      request: null,
      pending: false,
      error: null,
      epochs: { ...s.epochs, [profile]: (s.epochs[profile] ?? 0) + 1 },
    }));
    // The top bar's identity is not a panel with a retry; refresh it here.
    if (useSession.getState().target) void useSession.getState().loadIdentity();
  };

  return {
    request: null,
    pending: false,
    error: null,
    epochs: {},
    promptedFor: null,
    ssoDevice: null,

    open: (request) => {
      if (get().pending) return;
      set({ request, error: null, ssoDevice: null });
    },

    promptFor: (targetKey, request) => {
      if (get().promptedFor === targetKey || get().request) return;
      set({ promptedFor: targetKey, request, error: null });
    },

    close: () => {
      if (get().pending) return;
      // A device sign-in left unapproved simply lapses in main; nothing to cancel there.
      set({ request: null, error: null, ssoDevice: null });
    },

    clearError: () => {
      if (get().error) set({ error: null });
    },

    submitMfaCode: async (code) => {
      const request = get().request;
      if (request?.kind !== 'mfa' || get().pending) return false;
      set({ pending: true, error: null });
      const result = await api['profiles.submitMfaCode']({ profile: request.profile, code });
      if (!result.ok) {
        // The keys the code is sent with were refused: a new code cannot help, new keys can.
        const next = result.error.signIn?.kind === 'replace-keys' ? result.error.signIn : null;
        set(next ? { pending: false, error: null, request: next } : { pending: false, error: result.error });
        return false;
      }
      succeeded(request.profile);
      return true;
    },

    approveProcess: async () => {
      const request = get().request;
      if (request?.kind !== 'approve-process' || get().pending) return false;
      set({ pending: true, error: null });
      const result = await api['profiles.approveCredentialProcess']({
        profile: request.profile,
        command: request.command,
      });
      if (!result.ok) {
        // The file changed under the dialog: show the new command line instead of approving the old one.
        const changed = result.error.signIn?.kind === 'approve-process' ? result.error.signIn : request;
        set({ pending: false, error: result.error, request: changed });
        return false;
      }
      succeeded(request.profile);
      return true;
    },

    checkKeys: async () => {
      const request = get().request;
      if (request?.kind !== 'replace-keys' || get().pending) return false;
      set({ pending: true, error: null });
      const reloaded = await api['profiles.reload']({});
      if (!reloaded.ok) {
        set({ pending: false, error: reloaded.error });
        return false;
      }
      useSession.getState().receiveProfiles(reloaded.data);
      const region = regionForProfile(useSession.getState(), request.profile);
      const result = await api['sts.getCallerIdentity']({ target: { profile: request.profile, region } });
      if (result.ok) {
        succeeded(request.profile);
        return true;
      }
      const again = result.error.signIn;
      if (again?.kind === 'replace-keys' && again.profile === request.profile && again.file === request.file) {
        const same = again.accessKeyHint === request.accessKeyHint;
        const message = same
          ? `${again.file} still holds the access key ending in ${again.accessKeyHint}, which AWS rejected.`
          : `AWS rejected the new access key ending in ${again.accessKeyHint} too.`;
        const hint = same
          ? 'Save the new key pair in that file, then choose Check again.'
          : 'Check that you copied the key pair of an active key, then choose Check again.';
        set({ pending: false, request: again, error: { ...result.error, message, hint } });
        return false;
      }
      // Something else now stands in the way: another sign-in gets its own dialog, anything else is shown here.
      set(again ? { pending: false, error: null, request: again } : { pending: false, error: result.error });
      return false;
    },

    startSso: async () => {
      const request = get().request;
      if (request?.kind !== 'sso' || get().pending) return;
      set({ pending: true, error: null, ssoDevice: null });
      const result = await api['sso.startSignIn']({ profile: request.profile });
      if (get().request !== request) return;
      set(result.ok ? { pending: false, ssoDevice: result.data } : { pending: false, error: result.error });
    },

    pollSso: async () => {
      const { request, ssoDevice } = get();
      if (request?.kind !== 'sso' || !ssoDevice) return null;
      const result = await api['sso.pollSignIn']({ signInId: ssoDevice.signInId });
      // The dialog was closed or restarted while this poll was out.
      if (get().ssoDevice !== ssoDevice) return null;
      if (!result.ok) {
        set({ error: result.error, ssoDevice: null });
        return null;
      }
      const poll = result.data;
      if (poll.status === 'pending') return poll.intervalSeconds;
      if (poll.status === 'failed') {
        set({ error: { code: 'credentials', message: poll.message, retryable: true }, ssoDevice: null });
        return null;
      }
      succeeded(request.profile);
      return null;
    },
  };
});
