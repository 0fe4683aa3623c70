import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * The AWS CLI's SSO token file, read and written in its own format, so a
 * sign-in in Trellis serves `aws` and the SDKs and the other way round.
 */
const tokenFileSchema = z.object({
  startUrl: z.string().optional(),
  region: z.string().optional(),
  accessToken: z.string().min(1),
  expiresAt: z.string(),
  clientId: z.string().optional(),
  clientSecret: z.string().optional(),
  registrationExpiresAt: z.string().optional(),
  refreshToken: z.string().optional(),
});
export type SsoToken = z.infer<typeof tokenFileSchema>;

const registrationFileSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  expiresAt: z.string(),
  scopes: z.array(z.string()).optional(),
});
export type ClientRegistration = z.infer<typeof registrationFileSchema>;

/** The CLI writes UTC timestamps without milliseconds ("2024-05-01T12:00:00Z"). */
export function cliTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A missing or unreadable file is "not signed in", never an error: the fix is the same. */
export function readToken(path: string): SsoToken | undefined {
  return readJson(path, tokenFileSchema);
}

export function readRegistration(path: string): ClientRegistration | undefined {
  return readJson(path, registrationFileSchema);
}

export function writeToken(path: string, token: SsoToken): void {
  writePrivate(path, token);
}

export function writeRegistration(path: string, registration: ClientRegistration): void {
  writePrivate(path, registration);
}

export type TokenState =
  | { kind: 'valid'; accessToken: string }
  /** Near or past its end, with what a refresh needs. */
  | { kind: 'refresh'; refreshToken: string; clientId: string; clientSecret: string }
  | { kind: 'expired' };

/** A token this close to its end is refreshed first (the CLI's and the SDK's five minutes). */
export const REFRESH_WINDOW_MS = 5 * 60_000;
/** Closer than this, a token that cannot be refreshed is treated as gone, so no call starts with it. */
export const EXPIRY_MARGIN_MS = 60_000;

export function tokenState(token: SsoToken | undefined, now: number): TokenState {
  if (!token) return { kind: 'expired' };
  const expiresAt = Date.parse(token.expiresAt);
  if (Number.isNaN(expiresAt)) return { kind: 'expired' };
  const registrationEnds = token.registrationExpiresAt ? Date.parse(token.registrationExpiresAt) : Number.NaN;
  const canRefresh =
    token.refreshToken !== undefined &&
    token.clientId !== undefined &&
    token.clientSecret !== undefined &&
    registrationEnds > now;
  if (expiresAt - REFRESH_WINDOW_MS > now) return { kind: 'valid', accessToken: token.accessToken };
  if (canRefresh) {
    return {
      kind: 'refresh',
      refreshToken: token.refreshToken as string,
      clientId: token.clientId as string,
      clientSecret: token.clientSecret as string,
    };
  }
  if (expiresAt - EXPIRY_MARGIN_MS > now) return { kind: 'valid', accessToken: token.accessToken };
  return { kind: 'expired' };
}

function readJson<T>(path: string, schema: z.ZodType<T>): T | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Owner-only, and written beside then renamed, so a reader never sees half a token. */
function writePrivate(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
