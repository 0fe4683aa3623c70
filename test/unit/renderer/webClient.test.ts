import { describe, expect, it } from 'vitest';
import {
  FORBIDDEN_MESSAGE,
  UNREACHABLE_MESSAGE,
  createWebClient,
  type FetchLike,
} from '../../../src/renderer/src/api/webClient';
import { TOKEN_STORAGE_KEY, takeToken, type TokenEnvironment } from '../../../src/renderer/src/api/webToken';
import { channelNames } from '../../../src/shared/contract/channelNames';

function environment(hash: string, stored: Record<string, string> = {}) {
  const storage = new Map(Object.entries(stored));
  const replaced: string[] = [];
  const env: TokenEnvironment = {
    location: { hash, pathname: '/', search: '' },
    history: { state: null, replaceState: (_d, _u, url) => replaced.push(String(url)) },
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) },
  };
  return { env, storage, replaced };
}

const TOKEN = '0123456789abcdef0123456789abcdef';

describe('takeToken', () => {
  it('moves the token from the fragment to sessionStorage and out of the address bar', () => {
    const { env, storage, replaced } = environment(`#token=${TOKEN}`);
    expect(takeToken(env)).toBe(TOKEN);
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe(TOKEN);
    expect(replaced).toEqual(['/']);
  });

  it('keeps the rest of the fragment', () => {
    const { env, replaced } = environment(`#token=${TOKEN}&x=1`);
    takeToken(env);
    expect(replaced).toEqual(['/#x=1']);
  });

  it('falls back to the stored token after a reload, without touching the URL', () => {
    const { env, replaced } = environment('#/journal', { [TOKEN_STORAGE_KEY]: TOKEN });
    expect(takeToken(env)).toBe(TOKEN);
    expect(replaced).toEqual([]);
  });

  it('strips but refuses a malformed token', () => {
    const { env, storage, replaced } = environment('#token=<script>');
    expect(takeToken(env)).toBeNull();
    expect(storage.size).toBe(0);
    expect(replaced).toEqual(['/']);
  });

  it('returns null when there is no token anywhere', () => {
    expect(takeToken(environment('').env)).toBeNull();
  });
});

function fakeFetch(respond: (url: string, init: Parameters<FetchLike>[1]) => { status: number; body: string } | Error) {
  const calls: { url: string; init: Parameters<FetchLike>[1] }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    const r = respond(url, init);
    if (r instanceof Error) throw r;
    return { status: r.status, text: async () => r.body };
  };
  return { fetch, calls };
}

describe('createWebClient', () => {
  it('has exactly one function per channel', () => {
    const api = createWebClient({ fetch: fakeFetch(() => ({ status: 200, body: '{}' })).fetch, getToken: () => null });
    expect(Object.keys(api).sort()).toEqual([...channelNames].sort());
  });

  it('posts the input as JSON to /rpc/<channel> with the token and returns the Result', async () => {
    const { fetch, calls } = fakeFetch(() => ({
      status: 200,
      body: JSON.stringify({ ok: true, data: { account: '1' } }),
    }));
    const api = createWebClient({ fetch, getToken: () => TOKEN });
    const target = { profile: 'sandbox', region: 'us-west-2' };
    const result = await api['sts.getCallerIdentity']({ target });
    expect(result).toEqual({ ok: true, data: { account: '1' } });
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('/rpc/sts.getCallerIdentity');
    expect(calls[0].init.method).toBe('POST');
    expect(calls[0].init.headers).toEqual({ 'content-type': 'application/json', 'x-trellis-token': TOKEN });
    expect(JSON.parse(calls[0].init.body)).toEqual({ target });
  });

  it('passes error Results through unchanged, whatever the HTTP status', async () => {
    const error = { code: 'validation', message: 'bad', retryable: false };
    const { fetch } = fakeFetch(() => ({ status: 400, body: JSON.stringify({ ok: false, error }) }));
    const api = createWebClient({ fetch, getToken: () => TOKEN });
    expect(await api['app.info']({})).toEqual({ ok: false, error });
  });

  it.each([401, 403])('turns HTTP %i into forbidden-sender with the how-to-fix message', async (status) => {
    const { fetch } = fakeFetch(() => ({ status, body: 'nope' }));
    const result = await createWebClient({ fetch, getToken: () => null })['app.info']({});
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('forbidden-sender');
      expect(result.error.message).toBe(FORBIDDEN_MESSAGE);
      expect(result.error.retryable).toBe(false);
    }
  });

  it('turns a network failure into a retryable network error', async () => {
    const { fetch } = fakeFetch(() => new TypeError('Failed to fetch'));
    const result = await createWebClient({ fetch, getToken: () => TOKEN })['journal.list']({});
    expect(result).toEqual({ ok: false, error: { code: 'network', message: UNREACHABLE_MESSAGE, retryable: true } });
  });

  it('turns a non-JSON answer into an internal error', async () => {
    const { fetch } = fakeFetch(() => ({ status: 502, body: '<html>Bad gateway</html>' }));
    const result = await createWebClient({ fetch, getToken: () => TOKEN })['app.info']({});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('internal');
  });

  it('refuses JSON that is not a Result', async () => {
    const { fetch } = fakeFetch(() => ({ status: 200, body: JSON.stringify({ hello: 'world' }) }));
    const result = await createWebClient({ fetch, getToken: () => TOKEN })['app.info']({});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('internal');
  });

  it('omits the token header when there is no token', async () => {
    const { fetch, calls } = fakeFetch(() => ({ status: 401, body: '' }));
    await createWebClient({ fetch, getToken: () => null })['app.info']({});
    expect(calls[0].init.headers).toEqual({ 'content-type': 'application/json' });
  });
});
