/**
 * StartDeviceAuthorization (RFC 8628 §3.1-3.2) and the user's decision on
 * the approval page. The verification URL is the sandbox's own page on
 * loopback (server.ts serves it), so the flow runs without AWS or a browser
 * login: whoever can reach that page is the instance's one directory user.
 */
import type { SsoDeviceState, StateDocument } from '../../state/document';
import { MAX_SSO_DEVICES } from '../../state/ssoState';
import type { UnsignedOperation } from '../sso/unsigned';
import { authenticateClient } from './clients';
import { invalidRequest } from './errors';
import { oidcInput } from './members';
import { newDeviceCode, newUserCode, secretDigest } from './secrets';

/** AWS's device codes last ten minutes and ask clients to poll every five seconds. */
export const DEVICE_CODE_SECONDS = 600;
export const POLL_INTERVAL_SECONDS = 5;
export const APPROVAL_PAGE_PATH = '/_trellis/sso/device';

export const startDeviceAuthorization: UnsignedOperation = (request, { store, now, endpoint }) => {
  const input = oidcInput(request);
  const clientId = input.required('clientId');
  const clientSecret = input.required('clientSecret');
  const startUrl = input.required('startUrl');
  const at = now();
  const deviceCode = newDeviceCode();
  const userCode = store.mutate((draft) => {
    authenticateClient(draft, clientId, clientSecret, at);
    const instance = draft.sso.instance;
    if (!instance || normaliseStartUrl(instance.startUrl) !== normaliseStartUrl(startUrl)) {
      throw invalidRequest(`Invalid start URL: ${startUrl} is not this sandbox's IAM Identity Center instance.`);
    }
    const code = unusedUserCode(draft);
    const live = draft.sso.devices.filter((device) => device.expiresAt > at.getTime());
    const device: SsoDeviceState = {
      deviceCodeSha256: secretDigest(deviceCode),
      userCode: code,
      clientId,
      startUrl: instance.startUrl,
      issuedAt: at.getTime(),
      expiresAt: at.getTime() + DEVICE_CODE_SECONDS * 1000,
      intervalSeconds: POLL_INTERVAL_SECONDS,
      status: 'pending',
    };
    draft.sso.devices = [...live.slice(Math.max(0, live.length - (MAX_SSO_DEVICES - 1))), device];
    return code;
  });
  const page = `${endpoint ?? 'http://127.0.0.1'}${APPROVAL_PAGE_PATH}`;
  return {
    deviceCode,
    userCode,
    verificationUri: page,
    verificationUriComplete: `${page}?user_code=${encodeURIComponent(userCode)}`,
    expiresIn: DEVICE_CODE_SECONDS,
    interval: POLL_INTERVAL_SECONDS,
  };
};

/** Profiles write the start URL with or without a trailing slash or `#/`; AWS treats them alike. */
export function normaliseStartUrl(url: string): string {
  return url.trim().replace(/#\/?$/, '').replace(/\/+$/, '').toLowerCase();
}

function unusedUserCode(doc: StateDocument): string {
  // 20^8 codes against at most a few hundred live ones: a handful of tries at worst.
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const code = newUserCode();
    if (!doc.sso.devices.some((device) => device.userCode === code)) return code;
  }
  throw new Error('Could not find an unused user code.');
}

export type DeviceDecision = 'approve' | 'deny';

export type DecisionOutcome =
  | { readonly ok: true; readonly status: 'approved' | 'denied' }
  | { readonly ok: false; readonly reason: 'unknown' | 'expired' | 'decided' };

/** A user code as typed: case and a missing hyphen do not matter. */
export function normaliseUserCode(text: string): string {
  const letters = text.toUpperCase().replace(/[^A-Z]/g, '');
  return letters.length === 8 ? `${letters.slice(0, 4)}-${letters.slice(4)}` : text.trim().toUpperCase();
}

/** Records the user's decision on a pending device; a code decided once stays decided. */
export function decideDevice(
  draft: StateDocument,
  userCode: string,
  decision: DeviceDecision,
  at: Date,
): DecisionOutcome {
  const code = normaliseUserCode(userCode);
  const device = draft.sso.devices.find((candidate) => candidate.userCode === code);
  if (!device) return { ok: false, reason: 'unknown' };
  if (device.expiresAt <= at.getTime()) return { ok: false, reason: 'expired' };
  if (device.status !== 'pending') return { ok: false, reason: 'decided' };
  device.status = decision === 'approve' ? 'approved' : 'denied';
  return { ok: true, status: device.status };
}

/** The pending device a user code names, for the page to show; undefined when there is none to decide. */
export function pendingDevice(doc: StateDocument, userCode: string, at: Date): SsoDeviceState | undefined {
  const code = normaliseUserCode(userCode);
  return doc.sso.devices.find(
    (device) => device.userCode === code && device.status === 'pending' && device.expiresAt > at.getTime(),
  );
}
