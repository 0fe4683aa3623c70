import { existsSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { regionSchema, type ProfileList, type ProfileSummary } from '../../shared/contract';
import { serviceCatalog, serviceIds, stsRoleAssumer, type ServiceId } from './clientFactory';
import { configuredEndpoint, endpointProblems, sharedEndpoint, type EndpointSettings } from './endpoints';
import { TrellisError, guardCredentials } from './errors';
import {
  credentialKind,
  kindProblems,
  profileSections,
  readSharedFiles,
  type IniSection,
  type ParsedIniFile,
} from './sharedConfig';

export interface ResolvedProfile {
  /** summary.readOnly reflects the config file only; the UI toggle is applied by the caller. */
  summary: ProfileSummary;
  /** profile region → AWS_REGION → AWS_DEFAULT_REGION */
  region?: string;
  credentials: AwsCredentialIdentityProvider;
  endpointFor(service: ServiceId): string | undefined;
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
}

interface Entry {
  summary: ProfileSummary;
  /** Where a file profile is defined, for error messages. */
  location?: string;
  resolved: () => ResolvedProfile;
}

const SANDBOX = 'sandbox';
const ENV_NAME = 'env';
/** Parentheses and spaces are not allowed in file profile names, so this can never collide. */
const ENV_FALLBACK_NAME = 'env (environment)';
const DEBOUNCE_MS = 200;
const MFA_HINT =
  'MFA-protected profiles need a code; run `aws sts get-session-token --serial-number ARN --token-code CODE` and put the temporary keys in a profile of their own, or use a profile without mfa_serial.';

export class ProfileRegistry {
  private entries = new Map<string, Entry>();
  private fileProblems: ProfileList['fileProblems'] = [];
  private paths = { config: '', credentials: '' };
  private signature = '';
  private readonly listeners = new Set<() => void>();
  private readonly watchers = new Map<string, FSWatcher>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly opts: ProfileRegistryOptions) {
    this.reload();
    if (opts.watch ?? true) this.syncWatchers();
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

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    this.listeners.clear();
  }

  /** Re-reads both files; returns whether anything in them changed. */
  private reload(): boolean {
    const files = readSharedFiles(this.opts.env, this.opts.homeDir);
    const signature = JSON.stringify(files);
    if (signature === this.signature) return false;
    this.signature = signature;
    this.paths = { config: files.config.path, credentials: files.credentials.path };
    const built = buildEntries(files, this.opts);
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

  /** Watches each file's directory (editors replace files, which a file watch would miss), or its parent until it exists. */
  private syncWatchers(): boolean {
    if (this.closed) return false;
    let added = false;
    const wanted = new Map<string, string[]>();
    for (const path of [this.paths.config, this.paths.credentials]) {
      const dir = dirname(path);
      const [watchDir, name] = existsSync(dir) ? [dir, basename(path)] : [dirname(dir), basename(dir)];
      if (existsSync(watchDir)) wanted.set(watchDir, [...(wanted.get(watchDir) ?? []), name]);
    }
    const keyed = new Map(
      [...wanted].map(([dir, names]) => [`${dir}\u0000${names.sort().join('\u0000')}`, { dir, names }]),
    );
    for (const [key, watcher] of this.watchers) {
      if (keyed.has(key)) continue;
      watcher.close();
      this.watchers.delete(key);
    }
    for (const [key, { dir, names }] of keyed) {
      if (this.watchers.has(key)) continue;
      try {
        const watcher = watch(dir, { persistent: false }, (_event, file) => {
          if (file === null || names.includes(file.toString())) this.scheduleReload();
        });
        watcher.on('error', () => {
          watcher.close();
          this.watchers.delete(key);
          this.scheduleReload();
        });
        this.watchers.set(key, watcher);
        added = true;
      } catch {
        // An unwatchable directory only costs live reload; the profiles themselves are still read.
      }
    }
    return added;
  }

  private unknownProfile(name: string) {
    const known = [...this.entries.keys()];
    const near = known
      .map((candidate) => ({ candidate, distance: editDistance(name.toLowerCase(), candidate.toLowerCase()) }))
      .filter(({ distance }) => distance <= Math.max(2, Math.floor(name.length / 3)))
      .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
      .slice(0, 3)
      .map(({ candidate }) => `'${candidate}'`);
    const suggestion = near.length
      ? ` Did you mean ${near.join(' or ')}?`
      : known.length
        ? ` Known profiles: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', ...' : ''}.`
        : '';
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
): { entries: Map<string, Entry>; fileProblems: ProfileList['fileProblems'] } {
  const { env, sandbox } = opts;
  const fileProblems = [files.config, files.credentials].flatMap((file) =>
    file.problems.map((p) => ({ file: file.path, ...(p.line ? { line: p.line } : {}), message: p.message })),
  );
  const fromConfig = profileSections(files.config);
  const fromCredentials = profileSections(files.credentials);
  const sectionsOf = (kind: IniSection['kind']) => files.config.sections.filter((s) => s.kind === kind);
  const servicesSections = new Map(sectionsOf('services').map((s) => [s.name, s] as const));
  const ssoSessions = new Set(sectionsOf('sso-session').map((s) => s.name));
  const names = [...new Set([...fromConfig.keys(), ...fromCredentials.keys()])].sort((a, b) =>
    a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b),
  );

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
    const values: Record<string, string> = { ...config?.values, ...credentials?.values };
    const services = values.services !== undefined ? servicesSections.get(values.services) : undefined;
    const kind = credentialKind(values);
    const problems = [
      ...(config?.problems ?? []).map((p) => `${files.config.path} ${p}`),
      ...(credentials?.problems ?? []).map((p) => `${files.credentials.path} ${p}`),
      ...kindProblems(name, kind, values, { ssoSessions, profiles: names }),
    ];
    const endpoints = { env, profile: values, services };
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
    const entry = describe(facts, (region) =>
      fromIni({
        profile: name,
        filepath: files.credentials.path,
        configFilepath: files.config.path,
        ignoreCache: true,
        mfaCodeProvider: mfaRefusal(name),
        ...(kind === 'assume-role'
          ? { roleAssumer: stsRoleAssumer(region, configuredEndpoint('STS', endpoints)?.url) }
          : {}),
      }),
    );
    entries.set(name, entry);
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
  return {
    summary,
    location,
    resolved: () => ({
      summary: { ...summary },
      region,
      credentials: (credentials ??= guardCredentials(name, provider(region), secrets)),
      endpointFor: (service) => configuredEndpoint(serviceCatalog[service].endpointId, endpoints)?.url,
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

function mfaRefusal(name: string): (serial: string) => Promise<string> {
  return async (serial) => {
    throw new TrellisError({
      code: 'credentials',
      message: `Profile '${name}' needs an MFA code for ${serial}, and Trellis cannot ask for one yet.`,
      retryable: false,
      hint: MFA_HINT,
    });
  };
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
