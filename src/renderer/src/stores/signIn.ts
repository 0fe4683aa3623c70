/**
 * The sign-in dialog: an MFA code or the approval of a credential_process,
 * asked for by an error's `signIn` field. The code goes to main once and is
 * dropped here as soon as the call returns. A success bumps the profile's
 * epoch, which every panel showing that profile's sign-in error watches to
 * load again, so one code serves every view.
 */
import { create } from 'zustand';
import type { AppError, SignIn } from '../../../shared/contract';
import { api } from '../api';
import { useSession } from './session';

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
}

export const useSignIn = create<SignInState>()((set, get) => {
  const succeeded = (profile: string) => {
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

    open: (request) => {
      if (get().pending) return;
      set({ request, error: null });
    },

    promptFor: (targetKey, request) => {
      if (get().promptedFor === targetKey || get().request) return;
      set({ promptedFor: targetKey, request, error: null });
    },

    close: () => {
      if (get().pending) return;
      set({ request: null, error: null });
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
        set({ pending: false, error: result.error });
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
  };
});
