import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { regionSchema, type AppError, type ProfileList, type ProfileSummary } from '../../shared/contract';
import { serviceCatalog, serviceIds, type ServiceId } from './clientFactory';
import { configuredEndpoint, endpointProblems, sharedEndpoint, type EndpointSettings } from './endpoints';
import { TrellisError, guardCredentials } from './errors';
import { MfaSessions } from './mfaSessions';
import { ProcessCredentialCache, type ProcessApprovals } from './processCredentials';
import { profileSuggestion } from './profileNames';
import { isExpiredToken, profileCredentials, type CredentialDeps, type ProfileCredentials } from './profileCredentials';
import {
  credentialKind,
  kindProblems,
  profileSections,
  readSharedFiles,
  type IniSection,
  type ParsedIniFile,
} from './sharedConfig';
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

interface Entry {
  summary: ProfileSummary;
  /** Where a file profile is defined, for error messages. */
  location?: string;
  resolved: () => ResolvedProfile;
  /** How a file profile's credentials are obtained; absent for the built-in entries. */
  source?: ProfileCredentials;
}

const SANDBOX = 'sandbox';
const ENV_NAME = 'env';
/** Parentheses and spaces are not allowed in file profile names, so this can never collide. */
const ENV_FALLBACK_NAME = 'env (environment)';
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
   * What a rejection of the profile's credentials means for the user. An
   * expired MFA session becomes the MFA sign-in request again; expired process
   * or role credentials are dropped so a retry fetches new ones. `stale` says
   * the profile's clients hold credentials that must not be used again.
   */
  afterRejection(name: string, error: AppError): { error: AppError; stale: boolean } {
    if (error.signIn || !isExpiredToken(error)) return { error, stale: false };
    return { error: this.entries.get(name)?.source?.expired(error) ?? error, stale: true };
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
      if (!changed) return;
      for (const listener of [...this.listeners]) {
        try {
          listener();
        } catch {
          // One failing listener must not keep the others from hearing about the change.
        }
      }
    }, DEBOUNCE_MS);
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

function buildEntries(
  files: { config: ParsedIniFile; credentials: ParsedIniFile },
  opts: ProfileRegistryOptions,
  caches: Pick<CredentialDeps, 'sessions' | 'processes' | 'sso'>,
): { entries: Map<string, Entry>; fileProblems: ProfileList['fileProblems'] } {
  const { env, sandbox } = opts;
  const fileProblems = [files.config, files.credentials].flatMap((file) =>
    file.problems.map((p) => ({ file: file.path, ...(p.line ? { line: p.line } : {}), message: p.message })),
  );
  const fromConfig = profileSections(files.config);
  const fromCredentials = profileSections(files.credentials);
  const sectionsOf = (kind: IniSection['kind']) => files.config.sections.filter((s) => s.kind === kind);
  const servicesSections = new Map(sectionsOf('services').map((s) => [s.name, s] as const));
  const ssoSections = new Map(sectionsOf('sso-session').map((s) => [s.name, { ...s.values }] as const));
  const ssoSessions = new Set(ssoSections.keys());
  const names = [...new Set([...fromConfig.keys(), ...fromCredentials.keys()])].sort((a, b) =>
    a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b),
  );

  const profiles = new Map(
    names.map((name) => [name, { ...fromConfig.get(name)?.values, ...fromCredentials.get(name)?.values }] as const),
  );
  const deps: CredentialDeps = {
    profiles,
    files: { config: files.config.path, credentials: files.credentials.path },
    ssoSections,
    ...caches,
  };
  const entries = new Map<string, Entry>();
  if (sandbox) entries.set(SANDBOX, sandboxEntry(sandbox));
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    const name = names.includes(ENV_NAME) ? ENV_FALLBACK_NAME : ENV_NAME;
    const provider = environmentProvider(env);
    const secrets = [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN ?? ''];
    const endpoints = { env, profile: {} };
    entries.set(
      name,
      describe({ name, source: 'environment', kind: 'environment', endpoints, problems: [], secrets }, () => provider),
    );
  }

  for (const name of names) {
    const config = fromConfig.get(name);
    const credentials = fromCredentials.get(name);
    if (sandbox && name === SANDBOX) {
      const [file, line] = config ? [files.config.path, config.line] : [files.credentials.path, credentials?.line];
      fileProblems.push({
        file,
        line,
        message: "profile 'sandbox' is hidden by the built-in practice sandbox; rename it to use it",
      });
      continue;
    }
    const values = profiles.get(name) ?? {};
    const services = values.services !== undefined ? servicesSections.get(values.services) : undefined;
    const kind = credentialKind(values);
    const problems = [
      ...(config?.problems ?? []).map((p) => `${files.config.path} ${p}`),
      ...(credentials?.problems ?? []).map((p) => `${files.credentials.path} ${p}`),
      ...kindProblems(name, kind, values, { ssoSessions, profiles: names }),
    ];
    const endpoints = { env, profile: values, services };
    const source = profileCredentials(name, configuredEndpoint('STS', endpoints)?.url, deps, {
      sso: configuredEndpoint('SSO', endpoints)?.url,
      oidc: configuredEndpoint('SSO OIDC', endpoints)?.url,
    });
    if (source.chain.problem && !problems.includes(source.chain.problem)) problems.push(source.chain.problem);
    const facts: EntryFacts = {
      name,
      source: config && credentials ? 'config+credentials' : config ? 'config' : 'credentials',
      kind,
      endpoints,
      problems,
      secrets: [values.aws_secret_access_key ?? '', values.aws_session_token ?? ''],
      readOnly: readOnly(values.trellis_read_only),
      location: config
        ? `${files.config.path} line ${config.line}`
        : `${files.credentials.path} line ${credentials?.line}`,
    };
    entries.set(
      name,
      describe(facts, (region) => source.provider(region), source),
    );
  }
  return { entries, fileProblems };
}

interface EntryFacts {
  name: string;
  source: ProfileSummary['source'];
  kind: ProfileSummary['kind'];
  endpoints: EndpointSettings;
  problems: string[];
  /** Values to cut out of any credential error message. */
  secrets: string[];
  readOnly?: boolean;
  location?: string;
}

/** Region, endpoints and problems are worked out the same way for file profiles and the environment entry. */
function describe(
  { name, source, kind, endpoints, problems, secrets, readOnly = false, location }: EntryFacts,
  provider: (region: string | undefined) => AwsCredentialIdentityProvider,
  credentialSource?: ProfileCredentials,
): Entry {
  const region = regionFor(endpoints.profile.region, endpoints.env, problems);
  const ids = serviceIds.map((id) => serviceCatalog[id].endpointId);
  problems.push(...endpointProblems(ids, endpoints));
  const endpoint = sharedEndpoint(ids, endpoints);
  const summary: ProfileSummary = {
    name,
    source,
    kind,
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    readOnly,
    readOnlyLocked: readOnly,
    ...(problems.length ? { problem: problems.join('; ') } : {}),
  };
  let credentials: AwsCredentialIdentityProvider | undefined;
  const mfa = credentialSource?.mfa;
  const process = credentialSource?.process;
  const sso = credentialSource?.sso;
  return {
    summary,
    location,
    source: credentialSource,
    resolved: () => ({
      summary: { ...summary },
      region,
      credentials: (credentials ??= guardCredentials(name, provider(region), secrets)),
      endpointFor: (service) => configuredEndpoint(serviceCatalog[service].endpointId, endpoints)?.url,
      ...(mfa ? { mfa: { serial: mfa.serial, signIn: (code: string) => mfa.signIn(region, code) } } : {}),
      ...(process ? { process: { ...process } } : {}),
      ...(sso ? { sso } : {}),
    }),
  };
}

function regionFor(fromProfile: string | undefined, env: NodeJS.ProcessEnv, problems: string[]): string | undefined {
  const [value, origin] = fromProfile
    ? [fromProfile, 'region']
    : env.AWS_REGION
      ? [env.AWS_REGION, 'AWS_REGION']
      : env.AWS_DEFAULT_REGION
        ? [env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION']
        : [undefined, ''];
  if (value === undefined) return undefined;
  if (regionSchema.safeParse(value).success) return value;
  problems.push(`${origin} '${value}' is not an AWS region code (e.g. us-east-1)`);
  return undefined;
}

/** Anything but an explicit "false" locks the profile, so a typo errs on the safe side. */
function readOnly(value: string | undefined): boolean {
  return value !== undefined && !['false', 'no', '0', 'off'].includes(value.trim().toLowerCase());
}

function sandboxEntry(source: SandboxProfileSource): Entry {
  const summary: ProfileSummary = {
    name: SANDBOX,
    source: 'sandbox',
    kind: 'sandbox',
    region: source.region,
    endpoint: source.endpoint,
    readOnly: false,
    readOnlyLocked: false,
  };
  const credentials = { ...source.credentials };
  const resolved: ResolvedProfile = {
    summary,
    region: source.region,
    credentials: async () => ({ ...credentials }),
    endpointFor: () => source.endpoint,
  };
  return { summary, resolved: () => ({ ...resolved, summary: { ...summary } }) };
}

/**
 * Reads the registry's own `env` rather than calling fromEnv(), which reads
 * process.env: the entry must load the same keys it was listed from.
 */
function environmentProvider(env: NodeJS.ProcessEnv): AwsCredentialIdentityProvider {
  return async () => {
    const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: token } = env;
    if (!accessKeyId || !secretAccessKey)
      throw new Error('AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY is no longer set');
    const expiration = env.AWS_CREDENTIAL_EXPIRATION ? new Date(env.AWS_CREDENTIAL_EXPIRATION) : undefined;
    return {
      accessKeyId,
      secretAccessKey,
      ...(token ? { sessionToken: token } : {}),
      ...(expiration && !Number.isNaN(expiration.getTime()) ? { expiration } : {}),
    };
  };
}
