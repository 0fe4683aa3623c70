/**
 * The device-approval page the verification URL points at, on loopback:
 * `GET /_trellis/sso/device[?user_code=…]` shows the code and Approve / Deny
 * (a plain form, no scripts); `POST` records the decision. Tests approve
 * through `POST /_trellis/sso/approve` with `{"userCode": "…", "decision": "approve"|"deny"}`.
 *
 * A page elsewhere in the user's browser could submit a form here, so a POST
 * must name a pending user code (which only the terminal that started the
 * flow knows) and must not come from another origin: the form's own
 * same-origin POST is the only cross-check a browser lets through. The JSON
 * route, like the other admin routes, refuses any Origin at all.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxResponse } from '../../serviceModule';
import type { StateStore } from '../../state/store';
import {
  APPROVAL_PAGE_PATH,
  decideDevice,
  type DecisionOutcome,
  type DeviceDecision,
  normaliseUserCode,
  pendingDevice,
} from '../ssoOidc/devices';

export const APPROVE_ROUTE = '/_trellis/sso/approve';

export interface SsoPageRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The port the sandbox listens on, for the same-origin check. */
  readonly port: number | undefined;
}

export interface SsoPageDeps {
  readonly store: StateStore;
  readonly now: () => Date;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function html(status: number, title: string, content: string): SandboxResponse {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto;">
<h1>${escapeHtml(title)}</h1>
${content}
<p><small>Trellis practice sandbox: IAM Identity Center sign-in. Nothing here reaches AWS.</small></p>
</body></html>`;
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      // No scripts, no framing: the page cannot be clickjacked into approving.
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
    },
    body,
  };
}

function json(status: number, value: unknown): SandboxResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

function approvalForm(userCode: string, known: boolean): string {
  const code = escapeHtml(userCode);
  const explain = known
    ? `<p>A device asks to sign in to IAM Identity Center as the sandbox's directory user. Check that this code matches the one your application shows:</p>
<p style="font-size: 2rem; letter-spacing: 0.2rem;"><strong>${code}</strong></p>`
    : `<p>Enter the code your application shows.</p>`;
  const input = known
    ? `<input type="hidden" name="user_code" value="${code}">`
    : `<p><label for="user_code">Code</label> <input id="user_code" name="user_code" value="${code}" autocomplete="off" required></p>`;
  return `${explain}
<form method="post" action="${APPROVAL_PAGE_PATH}">
${input}
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`;
}

const OUTCOME_TEXT: Readonly<Record<Exclude<DecisionOutcome, { ok: true }>['reason'], string>> = {
  unknown: 'No sign-in request has this code. Check the code your application shows, or start the sign-in again.',
  expired: 'This code has expired. Start the sign-in again in your application.',
  decided: 'This request was already approved or denied.',
};

/** A browser sends its page's origin on a form POST; only this sandbox's own may decide. */
function foreignOrigin(request: SsoPageRequest): boolean {
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  if (origin === undefined) return false;
  return origin !== `http://127.0.0.1:${request.port}` && origin !== `http://localhost:${request.port}`;
}

function parseDecision(value: unknown): DeviceDecision | undefined {
  return value === 'approve' || value === 'deny' ? value : undefined;
}

function decide(deps: SsoPageDeps, userCode: string, decision: DeviceDecision): DecisionOutcome {
  const at = deps.now();
  const outcome = deps.store.mutate((draft) => decideDevice(draft, userCode, decision, at));
  return outcome;
}

function devicePage(request: SsoPageRequest, deps: SsoPageDeps): SandboxResponse {
  if (request.method === 'GET') {
    const userCode = request.query.get('user_code') ?? '';
    if (userCode === '') return html(200, 'Authorize request', approvalForm('', false));
    const known = pendingDevice(deps.store.document, userCode, deps.now()) !== undefined;
    if (!known) return html(404, 'Code not recognised', `<p>${OUTCOME_TEXT.unknown}</p>${approvalForm('', false)}`);
    return html(200, 'Authorize request', approvalForm(normaliseUserCode(userCode), true));
  }
  if (request.method !== 'POST') return html(405, 'Method not allowed', '<p>Use the form on this page.</p>');
  if (foreignOrigin(request)) {
    return html(
      403,
      'Request refused',
      '<p>Only this page may approve a sign-in; the request came from another site.</p>',
    );
  }
  const form = new URLSearchParams(request.body.toString('utf8'));
  const userCode = form.get('user_code') ?? '';
  const decision = parseDecision(form.get('decision'));
  if (userCode === '' || decision === undefined) {
    return html(400, 'Incomplete request', `<p>Choose Approve or Deny for a code.</p>${approvalForm(userCode, false)}`);
  }
  const outcome = decide(deps, userCode, decision);
  if (!outcome.ok)
    return html(outcome.reason === 'decided' ? 409 : 404, 'Not authorized', `<p>${OUTCOME_TEXT[outcome.reason]}</p>`);
  return outcome.status === 'approved'
    ? html(200, 'Request approved', '<p>You may close this window and return to your application.</p>')
    : html(200, 'Request denied', '<p>The application will not be signed in. You may close this window.</p>');
}

function approveRoute(request: SsoPageRequest, deps: SsoPageDeps): SandboxResponse {
  if (request.method !== 'POST') return json(405, { ok: false, error: `Use POST for ${APPROVE_ROUTE}.` });
  if (request.headers.origin !== undefined) {
    return json(403, { ok: false, error: 'Cross-origin requests may not approve a sign-in.' });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body.toString('utf8'));
  } catch {
    return json(400, { ok: false, error: 'The body must be JSON, e.g. {"userCode":"BCDF-GHJK"}.' });
  }
  const fields = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const userCode = fields['userCode'];
  const decision = fields['decision'] === undefined ? 'approve' : parseDecision(fields['decision']);
  if (typeof userCode !== 'string' || userCode === '' || decision === undefined) {
    return json(400, { ok: false, error: 'Give userCode (a string) and optionally decision: "approve" or "deny".' });
  }
  const outcome = decide(deps, userCode, decision);
  if (!outcome.ok) {
    return json(outcome.reason === 'decided' ? 409 : 404, {
      ok: false,
      reason: outcome.reason,
      error: OUTCOME_TEXT[outcome.reason],
    });
  }
  return json(200, { ok: true, status: outcome.status });
}

/** Answers the SSO admin routes; undefined for any other path, so the caller can say 404 its own way. */
export function handleSsoPage(request: SsoPageRequest, deps: SsoPageDeps): SandboxResponse | undefined {
  if (request.path === APPROVAL_PAGE_PATH) return devicePage(request, deps);
  if (request.path === APPROVE_ROUTE) return approveRoute(request, deps);
  return undefined;
}
