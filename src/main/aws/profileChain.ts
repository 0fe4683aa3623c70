/**
 * Where a profile's credentials come from, worked out from the files alone
 * (no calls), following the same rules as the SDK's fromIni: the role hops of
 * a `source_profile` chain, each with its `mfa_serial`, and what the chain
 * ends in. Trellis needs this before any call, to know that a profile will
 * ask for an MFA code or run a credential_process, and which one.
 */
export type ProfileValues = Readonly<Record<string, string>>;

export interface RoleHop {
  /** The profile that names the role. */
  profile: string;
  roleArn: string;
  mfaSerial?: string;
}

export type ChainSource =
  | { kind: 'static'; profile: string }
  | { kind: 'process'; profile: string; command: string }
  /** SSO, web identity, credential_source or nothing usable: left to the SDK. */
  | { kind: 'other'; profile: string };

export interface ProfileChain {
  /** The chosen profile's role first, the role nearest the source last. */
  hops: RoleHop[];
  source?: ChainSource;
  /** Set when the chain cannot resolve: a loop, or a source profile that is missing. */
  problem?: string;
}

/**
 * Each hop is an AssumeRole call before the first request; no real chain comes near this, and a
 * bound keeps a generated or corrupted file (thousands of profiles in one chain) from stalling main.
 */
export const MAX_ROLE_HOPS = 64;

export function describeChain(name: string, profiles: ReadonlyMap<string, ProfileValues>): ProfileChain {
  const hops: RoleHop[] = [];
  // fromIni does not count the starting profile as visited, so `source_profile = itself` (static keys) works.
  const visited: string[] = [];
  const seen = new Set<string>();
  let current = name;
  for (let depth = 0; depth <= Math.min(profiles.size, MAX_ROLE_HOPS); depth++) {
    const values = profiles.get(current);
    if (!values) return { hops, problem: `source_profile '${current}' does not exist` };
    // Inside a chain, keys win over a role the source profile names, as in fromIni.
    if (depth > 0 && hasStaticKeys(values)) return { hops, source: { kind: 'static', profile: current } };
    if (depth > 0 && values.role_arn === undefined && values.credential_source !== undefined) {
      return { hops, source: { kind: 'other', profile: current } };
    }
    const roleArn = values.role_arn;
    const withSource = values.source_profile !== undefined && values.credential_source === undefined;
    const withCredentialSource = values.credential_source !== undefined && values.source_profile === undefined;
    if (roleArn !== undefined && (withSource || withCredentialSource)) {
      hops.push({ profile: current, roleArn, ...(values.mfa_serial ? { mfaSerial: values.mfa_serial } : {}) });
      if (withCredentialSource) return { hops, source: { kind: 'other', profile: current } };
      const next = values.source_profile as string;
      if (seen.has(next)) {
        return { hops, problem: `source_profile chain loops: ${loop([name, ...visited, next])}` };
      }
      visited.push(next);
      seen.add(next);
      current = next;
      continue;
    }
    if (hasStaticKeys(values)) return { hops, source: { kind: 'static', profile: current } };
    if (values.web_identity_token_file !== undefined && roleArn !== undefined) {
      return { hops, source: { kind: 'other', profile: current } };
    }
    if (values.credential_process !== undefined) {
      return { hops, source: { kind: 'process', profile: current, command: values.credential_process } };
    }
    return { hops, source: { kind: 'other', profile: current } };
  }
  return {
    hops,
    problem: `source_profile chain is too long: more than ${MAX_ROLE_HOPS} roles from '${name}' (each is an AssumeRole call)`,
  };
}

/** The MFA device the chain asks a code for: its role hops' first mfa_serial, or a keys profile's own (GetSessionToken). */
export function mfaSerialOf(chain: ProfileChain, values: ProfileValues): string | undefined {
  if (chain.hops.length === 0) return chain.source?.kind === 'static' ? values.mfa_serial : undefined;
  return chain.hops.find((hop) => hop.mfaSerial !== undefined)?.mfaSerial;
}

/** The path up to the first name seen twice: a → b → a, not the extra hop fromIni takes to notice. */
function loop(path: string[]): string {
  const end = path.findIndex((n, i) => path.indexOf(n) < i);
  return path.slice(0, end + 1).join(' → ');
}

function hasStaticKeys(values: ProfileValues): boolean {
  return values.aws_access_key_id !== undefined && values.aws_secret_access_key !== undefined;
}
