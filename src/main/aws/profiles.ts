import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { AppError, ProfileList, ProfileSummary } from '../../shared/contract';
import type { ServiceId } from './clientFactory';
import { isCredentialRejection } from './credentialRejections';
import { TrellisError } from './errors';
import { MfaSessions } from './mfaSessions';
import { ProcessCredentialCache, type ProcessApprovals } from './processCredentials';
import type { ProfileCredentials } from './profileCredentials';
import { buildEntries, type Entry } from './profileEntries';
import { profileSuggestion } from './profileNames';
import { readSharedFiles } from './sharedConfig';
import { SharedFilesWatcher } from './sharedFilesWatcher';
import { sdkSsoApis, type SsoApis } from './sso/ssoApi';
import { SsoSessions } from './sso/ssoSessions';

export interface ResolvedProfile {
  /** summary.readOnly reflects the config file only; the UI toggle is applied by the caller. */
  summary: ProfileSummary;
  /** profile region → AWS_REGION → AWS_DEFAULT_REGION */
  region?: string;
  credentials: AwsCredentialIdentityProvider;
  endpointFor(service: ServiceId): string | undefined;
  /** Set when the profile asks for an MFA code before its credentials work. */
  mfa?: { serial: string; signIn(code: string): Promise<Date> };
  /** The credential_process the profile's credentials come from (its own, or its role chain's). */
  process?: { profile: string; command: string };
  /** The IAM Identity Center sign-in the profile's credentials come from (its own, or its chain's source's). */
  sso?: ProfileCredentials['sso'];
}

export interface SandboxProfileSource {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export interface ProfileRegistryOptions {
  env: NodeJS.ProcessEnv;
  homeDir: string;
  sandbox?: SandboxProfileSource;
  /** Re-read the files when they change on disk; tests pass false. */
  watch?: boolean;
  /** Which credential_process command lines the user has allowed; none when absent. */
  approvals?: ProcessApprovals;
  /** How long a credential_process may run (default 30 s). */
  processTimeoutMs?: number;
  /** The clock MFA sessions, process credentials and SSO tokens expire by. */
  now?: () => number;
  /** The SSO OIDC and portal calls; tests pass fakes. */
  ssoApis?: SsoApis;
}

const DEBOUNCE_MS = 200;

export class ProfileRegistry {
  private entries = new Map<string, Entry>();
  private fileProblems: ProfileList['fileProblems'] = [];
  private paths = { config: '', credentials: '' };
  private signature = '';
  private readonly listeners = new Set<() => void>();
  private readonly watcher: SharedFilesWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Kept across reloads: sessions are keyed by what the files said, so a changed chain simply misses. */
  private readonly sessions: MfaSessions;
  private readonly processes: ProcessCredentialCache;
  /** The SSO tokens live in the CLI's cache under homeDir; role credentials bought with them, in memory. */
  readonly sso: SsoSessions;

  constructor(private readonly opts: ProfileRegistryOptions) {
    this.sso = new SsoSessions({
      homeDir: opts.homeDir,
      apis: opts.ssoApis ?? sdkSsoApis,
      ...(opts.now ? { now: opts.now } : {}),
    });
    this.sessions = new MfaSessions({ ...(opts.now ? { now: opts.now } : {}) });
    this.processes = new ProcessCredentialCache({
      env: opts.env,
      timeoutMs: opts.processTimeoutMs ?? 30_000,
      approvals: opts.approvals ?? { isApproved: () => false },
      ...(opts.now ? { now: opts.now } : {}),
    });
    this.reload();
    if (opts.watch ?? true) {
      this.watcher = new SharedFilesWatcher(() => this.scheduleReload());
      this.syncWatchers();
    }
  }

  list(): ProfileList {
    return {
      profiles: [...this.entries.values()].map((e) => ({ ...e.summary })),
      fileProblems: this.fileProblems.map((p) => ({ ...p })),
    };
  }

  resolve(name: string): ResolvedProfile {
    const entry = this.entries.get(name);
    if (!entry) throw new TrellisError(this.unknownProfile(name));
    if (entry.summary.problem) {
      throw new TrellisError({
        code: 'profile-config',
        message: `Profile '${name}' cannot be used${entry.location ? ` (defined at ${entry.location})` : ''}: ${entry.summary.problem}`,
        retryable: false,
        hint: 'Fix the file; Trellis re-reads it when it changes.',
      });
    }
    return entry.resolved();
  }

  /**
   * What a rejection of the profile's credentials (expired, or a key AWS no
   * longer knows) means for the user. An MFA session becomes the MFA sign-in
   * request again; process, SSO or role credentials are dropped so a retry
   * fetches new ones; keys in a file become the request to replace them.
   * `stale` says the profile's clients hold credentials that must not be used again.
   */
  afterRejection(name: string, error: AppError): { error: AppError; stale: boolean } {
    if (error.signIn || !isCredentialRejection(error)) return { error, stale: false };
    return { error: this.entries.get(name)?.source?.rejected(error) ?? error, stale: true };
  }

  /**
   * Re-reads both files now, rather than when the watcher next fires: the user
   * says they changed them. Listeners hear of it as of any change. The caller
   * rebuilds the clients either way, since a key AWS refused may work again.
   */
  reloadNow(): ProfileList {
    if (!this.closed) {
      clearTimeout(this.timer);
      const changed = this.reload();
      this.syncWatchers();
      if (changed) this.notify();
    }
    return this.list();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.watcher?.close();
    this.listeners.clear();
  }

  /** Re-reads both files; returns whether anything in them changed. */
  private reload(): boolean {
    const files = readSharedFiles(this.opts.env, this.opts.homeDir);
    const signature = JSON.stringify(files);
    if (signature === this.signature) return false;
    this.signature = signature;
    this.paths = { config: files.config.path, credentials: files.credentials.path };
    const built = buildEntries(files, this.opts, {
      sessions: this.sessions,
      processes: this.processes,
      sso: this.sso,
    });
    this.entries = built.entries;
    this.fileProblems = built.fileProblems;
    return true;
  }

  private scheduleReload(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.closed) return;
      const changed = this.reload();
      // A directory that just appeared may have received its file before the new watcher existed.
      if (this.syncWatchers()) this.scheduleReload();
      if (changed) this.notify();
    }, DEBOUNCE_MS);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // One failing listener must not keep the others from hearing about the change.
      }
    }
  }

  private syncWatchers(): boolean {
    return this.watcher?.sync([this.paths.config, this.paths.credentials]) ?? false;
  }

  private unknownProfile(name: string) {
    const suggestion = profileSuggestion(name, [...this.entries.keys()]);
    return {
      code: 'unknown-profile' as const,
      message: `No profile named '${name}' in ${this.paths.config} or ${this.paths.credentials}.${suggestion}`,
      retryable: false,
    };
  }
}
