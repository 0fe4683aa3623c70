import type { IniSection } from './sharedConfig';

/**
 * Configured endpoints, resolved here rather than by the SDK because the SDK
 * looks them up for AWS_PROFILE, not for the profile a client was built for.
 *
 * Precedence (AWS SDKs and Tools reference, "Service-specific endpoints"):
 *   1. AWS_ENDPOINT_URL_<SERVICE>
 *   2. AWS_ENDPOINT_URL
 *   3. the profile's `services = NAME` section, `<service_key> = \n  endpoint_url = ...`
 *   4. the profile's `endpoint_url`
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` (or the profile's
 * `ignore_configured_endpoint_urls`) switches all four off.
 *
 * Services are named by their SDK service id ("IAM", "Elastic Beanstalk",
 * "OpenSearch"); the variable and key names derive from it the way the SDK does.
 */
export interface EndpointSettings {
  env: NodeJS.ProcessEnv;
  /** The profile's merged keys; empty for entries that have no file profile. */
  profile: Record<string, string>;
  /** The `[services NAME]` section the profile points at, when it exists. */
  services?: IniSection;
}

export interface ConfiguredEndpoint {
  url: string;
  /** Where the URL came from, for messages: `AWS_ENDPOINT_URL_IAM`, `endpoint_url`, ... */
  from: string;
}

export function endpointEnvName(sdkServiceId: string): string {
  return ['AWS_ENDPOINT_URL', ...sdkServiceId.split(' ').map((w) => w.toUpperCase())].join('_');
}

export function endpointConfigKey(sdkServiceId: string): string {
  return sdkServiceId
    .split(' ')
    .map((w) => w.toLowerCase())
    .join('_');
}

export function ignoresConfiguredEndpoints(settings: EndpointSettings): boolean {
  // The environment variable, when set, decides even against the profile (env beats config in the SDK).
  const fromEnv = parseBoolean(settings.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS);
  if (fromEnv !== undefined) return fromEnv;
  return parseBoolean(settings.profile.ignore_configured_endpoint_urls) ?? false;
}

export function configuredEndpoint(sdkServiceId: string, settings: EndpointSettings): ConfiguredEndpoint | undefined {
  if (ignoresConfiguredEndpoints(settings)) return undefined;
  return candidates(sdkServiceId, settings)[0];
}

/** The endpoint that applies to every one of these services, if they all resolve to the same URL. */
export function sharedEndpoint(sdkServiceIds: readonly string[], settings: EndpointSettings): string | undefined {
  const urls = sdkServiceIds.map((id) => configuredEndpoint(id, settings)?.url);
  const first = urls[0];
  return first !== undefined && urls.every((url) => url === first) ? first : undefined;
}

/** Every configured URL that could be used for these services, and anything wrong with them. */
export function endpointProblems(sdkServiceIds: readonly string[], settings: EndpointSettings): string[] {
  const problems: string[] = [];
  const servicesName = settings.profile.services;
  if (servicesName !== undefined && !settings.services) {
    problems.push(
      `services = ${servicesName} names a [services ${servicesName}] section that does not exist in the config file`,
    );
  }
  if (ignoresConfiguredEndpoints(settings)) return problems;
  const seen = new Set<string>();
  const check = (endpoint: ConfiguredEndpoint) => {
    const key = `${endpoint.from}\u0000${endpoint.url}`;
    if (seen.has(key)) return;
    seen.add(key);
    const problem = endpointUrlProblem(endpoint.url);
    if (problem) problems.push(`${endpoint.from} = ${endpoint.url} ${problem}`);
  };
  for (const id of sdkServiceIds) candidates(id, settings).forEach(check);
  for (const [key, values] of Object.entries(settings.services?.sub ?? {})) {
    const url = values.endpoint_url;
    if (url !== undefined) check({ url, from: `[services ${settings.services?.name}] ${key}.endpoint_url` });
  }
  return problems;
}

/** undefined when the URL is usable as an endpoint; otherwise why not. */
export function endpointUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a valid URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must start with http:// or https://';
  if (parsed.hostname === '') return 'has no host';
  return undefined;
}

function candidates(sdkServiceId: string, settings: EndpointSettings): ConfiguredEndpoint[] {
  const out: ConfiguredEndpoint[] = [];
  const serviceVar = endpointEnvName(sdkServiceId);
  const fromServiceEnv = settings.env[serviceVar];
  if (fromServiceEnv) out.push({ url: fromServiceEnv.trim(), from: serviceVar });
  const fromEnv = settings.env.AWS_ENDPOINT_URL;
  if (fromEnv) out.push({ url: fromEnv.trim(), from: 'AWS_ENDPOINT_URL' });
  const key = endpointConfigKey(sdkServiceId);
  const fromServices = settings.services?.sub[key]?.endpoint_url;
  if (fromServices) out.push({ url: fromServices, from: `[services ${settings.services?.name}] ${key}.endpoint_url` });
  const fromProfile = settings.profile.endpoint_url;
  if (fromProfile) out.push({ url: fromProfile, from: 'endpoint_url' });
  return out;
}

function parseBoolean(value: string | undefined): boolean | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const lowered = value.trim().toLowerCase();
  if (lowered === 'true') return true;
  if (lowered === 'false') return false;
  return undefined;
}
