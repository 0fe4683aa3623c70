/**
 * The renderer's one way to reach main: the preload bridge in Electron, the
 * token-carrying HTTP client in a browser. Both implement the same TrellisApi.
 */
import type { TrellisApi } from '../../../shared/contract';
import { targetAborts } from './targetAborts';
import { createDesktopClient, type DesktopBridge } from './desktopClient';
import { readCache, withReadCache } from './readCache';
import { createWebClient } from './webClient';
import { takeToken } from './webToken';

function browserClient(): TrellisApi {
  let token: string | null = null;
  try {
    token = takeToken({ location: window.location, history: window.history, storage: window.sessionStorage });
  } catch {
    // sessionStorage can be unavailable (privacy settings); the server will then answer 401 and the UI says so.
  }
  return createWebClient({
    fetch: (url, init) => window.fetch(url, { ...init, credentials: 'same-origin', cache: 'no-store' }),
    getToken: () => token,
    signalFor: (channel, input) => targetAborts.signalFor(channel, input),
  });
}

export const isDesktop = typeof window !== 'undefined' && window.trellis !== undefined;
const transport: TrellisApi = window.trellis
  ? createDesktopClient(window.trellis as unknown as DesktopBridge, window.trellisCalls, (channel, input) =>
      targetAborts.signalFor(channel, input),
    )
  : browserClient();

/** Every store calls through here; reads in readCache's table are answered from it while fresh. */
export const api: TrellisApi = withReadCache(transport, readCache);
