/**
 * The web-mode session token. `npm run web` prints a URL carrying the token in
 * its fragment (`#token=HEX`); the fragment is never sent to the server, so the
 * token only reaches us here. It moves to sessionStorage (one tab, one launch)
 * and leaves the address bar so it is not bookmarked or shared by accident.
 */

export const TOKEN_STORAGE_KEY = 'trellis.token';

export interface TokenEnvironment {
  location: { hash: string; pathname: string; search: string };
  history: { state: unknown; replaceState(data: unknown, unused: string, url?: string | null): void };
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

const TOKEN_PATTERN = /^[0-9a-fA-F]{16,256}$/;

/** Reads `token` from the fragment, stores it and strips it from the URL; falls back to the stored one. */
export function takeToken(env: TokenEnvironment): string | null {
  const hash = env.location.hash.startsWith('#') ? env.location.hash.slice(1) : env.location.hash;
  const params = new URLSearchParams(hash);
  const fromUrl = params.get('token');
  if (fromUrl !== null) {
    params.delete('token');
    const rest = params.toString();
    env.history.replaceState(
      env.history.state,
      '',
      `${env.location.pathname}${env.location.search}${rest ? `#${rest}` : ''}`,
    );
    if (TOKEN_PATTERN.test(fromUrl)) {
      env.storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
      return fromUrl;
    }
  }
  return env.storage.getItem(TOKEN_STORAGE_KEY);
}
