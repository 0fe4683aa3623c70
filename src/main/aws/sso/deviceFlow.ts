import { randomUUID } from 'node:crypto';
import { TrellisError } from '../errors';
import { DEVICE_GRANT, oidcErrorName } from './ssoApi';
import type { SsoSessions } from './ssoSessions';
import type { SsoConfig, SsoEndpoints } from './ssoProfile';
import type { ClientRegistration } from './tokenCache';

/**
 * The OIDC device authorization flow, driven by the renderer's polls: each
 * poll makes at most one CreateToken, and only once the interval the service
 * asked for has passed, so a renderer polling too often cannot make us
 * poll the service too often. `slow_down` adds five seconds, as RFC 8628 says.
 */
export interface DeviceAuthorization {
  signInId: string;
  verificationUri: string;
  verificationUriComplete?: string;
  userCode: string;
  expiresAt: string;
  intervalSeconds: number;
}

export type PollOutcome =
  | { status: 'pending'; intervalSeconds: number }
  | { status: 'done'; config: SsoConfig; expiresAt: Date }
  | { status: 'failed'; reason: 'expired' | 'denied' | 'error'; message: string };

interface Flow {
  config: SsoConfig;
  endpoints: SsoEndpoints;
  registration: ClientRegistration;
  deviceCode: string;
  expiresAt: number;
  intervalMs: number;
  nextPollAt: number;
  /** One CreateToken at a time: a second poll during one waits for nothing and reports pending. */
  polling: boolean;
}

const SLOW_DOWN_MS = 5_000;
const DEFAULT_INTERVAL_S = 5;
/** Sign-ins nobody finishes are dropped; each one holds only a device code. */
const MAX_FLOWS = 20;

export class DeviceSignIns {
  private readonly flows = new Map<string, Flow>();

  constructor(private readonly sessions: SsoSessions) {}

  async start(config: SsoConfig, endpoints: SsoEndpoints): Promise<DeviceAuthorization> {
    const now = this.sessions.clock;
    this.prune();
    const registration = await this.sessions.registration(config, endpoints);
    const device = await this.sessions.apis.oidc(config.region, endpoints).startDeviceAuthorization({
      clientId: registration.clientId,
      clientSecret: registration.clientSecret,
      startUrl: config.startUrl,
    });
    const intervalMs = Math.max(1, device.interval ?? DEFAULT_INTERVAL_S) * 1000;
    const started = now();
    const flow: Flow = {
      config,
      endpoints,
      registration,
      deviceCode: device.deviceCode,
      expiresAt: started + device.expiresIn * 1000,
      intervalMs,
      nextPollAt: started + intervalMs,
      polling: false,
    };
    const signInId = randomUUID();
    this.flows.set(signInId, flow);
    return {
      signInId,
      verificationUri: device.verificationUri,
      ...(device.verificationUriComplete ? { verificationUriComplete: device.verificationUriComplete } : {}),
      userCode: device.userCode,
      expiresAt: new Date(flow.expiresAt).toISOString(),
      intervalSeconds: intervalMs / 1000,
    };
  }

  async poll(signInId: string): Promise<PollOutcome> {
    const flow = this.flows.get(signInId);
    if (!flow) {
      throw new TrellisError({
        code: 'not-found',
        message: 'This sign-in is no longer under way; start it again.',
        retryable: false,
      });
    }
    const now = this.sessions.clock();
    if (now >= flow.expiresAt) return this.fail(signInId, 'expired', 'The code expired before it was approved.');
    if (flow.polling || now < flow.nextPollAt) return { status: 'pending', intervalSeconds: flow.intervalMs / 1000 };
    flow.polling = true;
    try {
      const created = await this.sessions.apis.oidc(flow.config.region, flow.endpoints).createToken({
        clientId: flow.registration.clientId,
        clientSecret: flow.registration.clientSecret,
        grantType: DEVICE_GRANT,
        deviceCode: flow.deviceCode,
      });
      this.flows.delete(signInId);
      const expiresAt = this.sessions.saveToken(flow.config, flow.registration, created);
      return { status: 'done', config: flow.config, expiresAt };
    } catch (err) {
      const name = oidcErrorName(err);
      if (name === 'AuthorizationPendingException' || name === 'SlowDownException') {
        if (name === 'SlowDownException') flow.intervalMs += SLOW_DOWN_MS;
        flow.nextPollAt = this.sessions.clock() + flow.intervalMs;
        return { status: 'pending', intervalSeconds: flow.intervalMs / 1000 };
      }
      if (name === 'ExpiredTokenException')
        return this.fail(signInId, 'expired', 'The code expired before it was approved.');
      if (name === 'AccessDeniedException')
        return this.fail(signInId, 'denied', 'The sign-in was denied in the browser.');
      const message = err instanceof Error ? err.message : String(err);
      return this.fail(signInId, 'error', `IAM Identity Center did not complete the sign-in: ${message}`);
    } finally {
      flow.polling = false;
    }
  }

  private fail(signInId: string, reason: 'expired' | 'denied' | 'error', message: string): PollOutcome {
    this.flows.delete(signInId);
    return { status: 'failed', reason, message };
  }

  private prune(): void {
    const now = this.sessions.clock();
    for (const [id, flow] of this.flows) if (flow.expiresAt <= now) this.flows.delete(id);
    while (this.flows.size >= MAX_FLOWS) {
      const oldest = this.flows.keys().next().value;
      if (oldest === undefined) break;
      this.flows.delete(oldest);
    }
  }
}
