import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { regionSchema, type ProfileList, type ProfileSummary } from '../../shared/contract';
import { serviceCatalog, serviceIds } from './clientFactory';
import { configuredEndpoint, endpointProblems, sharedEndpoint, type EndpointSettings } from './endpoints';
import { guardCredentials } from './errors';
import { profileCredentials, type CredentialDeps, type ProfileCredentials } from './profileCredentials';
import type { ProfileRegistryOptions, ResolvedProfile, SandboxProfileSource } from './profiles';
import { credentialKind, kindProblems, profileSections, type IniSection, type ParsedIniFile } from './sharedConfig';

/**
 * One listed profile as the registry keeps it: built from the shared files
 * (or the environment, or the built-in sandbox) at each reload.
 */
export interface Entry {
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

export function buildEntries(
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
  const keyFiles = new Map(
    names.map((name) => {
      const inCredentials = fromCredentials.get(name)?.values.aws_access_key_id !== undefined;
      return [name, inCredentials ? files.credentials.path : files.config.path] as const;
    }),
  );
  const deps: CredentialDeps = {
    profiles,
    files: { config: files.config.path, credentials: files.credentials.path },
    keyFiles,
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
