/**
 * IAM Identity Center's OIDC device flow through the real SDK client:
 * RegisterClient, StartDeviceAuthorization, and CreateToken polled through
 * authorization_pending and slow_down until the device is approved (by the
 * admin route or the HTML page), denied, or expired; then refresh.
 */
import { CreateTokenCommand, RegisterClientCommand, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { awsError } from './awsErrors';
import { rawRequest } from './rawHttp';
import { decideByAdmin, poll, signIn, ssoClients, startDevice } from './ssoSupport';

const NOW = new Date('2026-05-22T12:00:00Z');

let sandbox: TestSandbox;
let clients: ReturnType<typeof ssoClients>;

beforeEach(async () => {
  sandbox = await startTestSandbox({ now: () => NOW });
  clients = ssoClients(sandbox);
});

afterEach(async () => {
  clients.destroy();
  await sandbox.dispose();
});

describe('RegisterClient and StartDeviceAuthorization', () => {
  it('registers a client for 90 days and points the user at the sandbox page', async () => {
    const client = await clients.oidc.send(new RegisterClientCommand({ clientName: 'trellis', clientType: 'public' }));
    expect(client.clientIdIssuedAt).toBe(NOW.getTime() / 1000);
    expect(client.clientSecretExpiresAt).toBe(NOW.getTime() / 1000 + 90 * 24 * 3600);
    expect(client.clientSecret?.length).toBeGreaterThan(100);

    const { device } = await startDevice(clients.oidc);
    expect(device.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(device).toMatchObject({
      verificationUri: `${sandbox.endpoint}/_trellis/sso/device`,
      verificationUriComplete: `${sandbox.endpoint}/_trellis/sso/device?user_code=${device.userCode}`,
      expiresIn: 600,
      interval: 5,
    });
  });

  it('refuses a wrong client secret and a start URL that is not the instance', async () => {
    const started = await startDevice(clients.oidc);
    expect(await awsError(poll(clients.oidc, { ...started, clientSecret: 'nope' }))).toMatchObject({
      name: 'InvalidClientException',
      status: 401,
    });
    const wrongUrl = await awsError(
      clients.oidc.send(
        new StartDeviceAuthorizationCommand({
          clientId: started.clientId,
          clientSecret: started.clientSecret,
          startUrl: 'https://d-0000000000.awsapps.com/start',
        }),
      ),
    );
    expect(wrongUrl).toMatchObject({ name: 'InvalidRequestException', status: 400 });
  });
});

describe('CreateToken with the device code', () => {
  it('says authorization_pending, then slow_down when polled inside the interval, then issues the token once approved', async () => {
    const started = await startDevice(clients.oidc);
    const pending = await awsError(poll(clients.oidc, started));
    expect(pending).toMatchObject({ name: 'AuthorizationPendingException', status: 400 });
    // Same sandbox instant: faster than the 5-second interval.
    expect(await awsError(poll(clients.oidc, started))).toMatchObject({ name: 'SlowDownException', status: 400 });
    sandbox.advanceClock(5000);
    expect(await awsError(poll(clients.oidc, started))).toMatchObject({ name: 'AuthorizationPendingException' });

    expect(await decideByAdmin(sandbox, started.device.userCode?.toLowerCase())).toEqual({
      status: 200,
      body: { ok: true, status: 'approved' },
    });
    sandbox.advanceClock(5000);
    const token = await poll(clients.oidc, started);
    expect(token.accessToken).toMatch(/^aoa/);
    expect(token.refreshToken).toMatch(/^aor/);
    expect(token).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 });
    // A device code is good for one token.
    expect(await awsError(poll(clients.oidc, started))).toMatchObject({ name: 'InvalidGrantException' });
  });

  it('answers the OAuth error in the body, as device-flow clients read it', async () => {
    const started = await startDevice(clients.oidc);
    const response = await rawRequest(sandbox.endpoint, {
      path: '/token',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: started.clientId,
        clientSecret: started.clientSecret,
        grantType: 'urn:ietf:params:oauth:grant-type:device_code',
        deviceCode: started.device.deviceCode,
      }),
    });
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toBe('AuthorizationPendingException');
    expect(JSON.parse(response.body)).toMatchObject({ error: 'authorization_pending' });
  });

  it('gives AccessDeniedException once the user denies, and ExpiredTokenException after ten minutes', async () => {
    const denied = await startDevice(clients.oidc);
    expect((await decideByAdmin(sandbox, denied.device.userCode, 'deny')).body).toEqual({ ok: true, status: 'denied' });
    expect(await awsError(poll(clients.oidc, denied))).toMatchObject({ name: 'AccessDeniedException', status: 400 });

    const expiring = await startDevice(clients.oidc);
    sandbox.advanceClock(600_000);
    expect(await awsError(poll(clients.oidc, expiring))).toMatchObject({ name: 'ExpiredTokenException', status: 400 });
    expect(await decideByAdmin(sandbox, expiring.device.userCode)).toMatchObject({
      status: 404,
      body: { ok: false, reason: 'expired' },
    });
    expect(await decideByAdmin(sandbox, 'BCDF-GHJK')).toMatchObject({ status: 404, body: { reason: 'unknown' } });
  });
});

describe('the approval page', () => {
  it('shows the code with Approve and Deny, and approves from its own form', async () => {
    const started = await startDevice(clients.oidc);
    const code = started.device.userCode ?? '';
    const page = await rawRequest(sandbox.endpoint, {
      method: 'GET',
      path: `/_trellis/sso/device?user_code=${code}`,
    });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain(code);
    expect(page.body).toContain('value="approve">Approve</button>');
    expect(page.body).toContain('value="deny">Deny</button>');
    expect(page.body).not.toContain('<script');

    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const foreign = await rawRequest(sandbox.endpoint, {
      path: '/_trellis/sso/device',
      headers: { ...form, origin: 'https://evil.example' },
      body: `user_code=${code}&decision=approve`,
    });
    expect(foreign.status).toBe(403);
    expect(await awsError(poll(clients.oidc, started))).toMatchObject({ name: 'AuthorizationPendingException' });

    const approved = await rawRequest(sandbox.endpoint, {
      path: '/_trellis/sso/device',
      headers: { ...form, origin: sandbox.endpoint },
      body: `user_code=${code}&decision=approve`,
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toContain('Request approved');
    sandbox.advanceClock(5000);
    expect((await poll(clients.oidc, started)).accessToken).toMatch(/^aoa/);

    const again = await rawRequest(sandbox.endpoint, {
      path: '/_trellis/sso/device',
      headers: form,
      body: `user_code=${code}&decision=deny`,
    });
    expect(again.status).toBe(409);
  });

  it('says a code it does not know is not recognised', async () => {
    const page = await rawRequest(sandbox.endpoint, {
      method: 'GET',
      path: '/_trellis/sso/device?user_code=ZZZZ-ZZZZ',
    });
    expect(page.status).toBe(404);
    expect(page.body).toContain('No sign-in request has this code');
  });

  it('refuses the JSON route from a web page', async () => {
    const started = await startDevice(clients.oidc);
    const response = await rawRequest(sandbox.endpoint, {
      path: '/_trellis/sso/approve',
      headers: { 'content-type': 'application/json', origin: sandbox.endpoint },
      body: JSON.stringify({ userCode: started.device.userCode }),
    });
    expect(response.status).toBe(403);
  });
});

describe('CreateToken with the refresh token', () => {
  it('returns a new access and refresh token, retires the old refresh token, and ends with the session', async () => {
    const started = await startDevice(clients.oidc);
    await decideByAdmin(sandbox, started.device.userCode);
    const first = await poll(clients.oidc, started);
    const refresh = (refreshToken: string | undefined): Promise<unknown> =>
      clients.oidc.send(
        new CreateTokenCommand({
          clientId: started.clientId,
          clientSecret: started.clientSecret,
          grantType: 'refresh_token',
          refreshToken,
        }),
      );
    sandbox.advanceClock(3600_000);
    const second = (await refresh(first.refreshToken)) as typeof first;
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.expiresIn).toBe(3600);
    expect(await awsError(refresh(first.refreshToken))).toMatchObject({ name: 'InvalidGrantException', status: 400 });

    // Identity Center's eight-hour session: past it, the user must sign in again.
    sandbox.advanceClock(7 * 3600_000);
    expect(await awsError(refresh(second.refreshToken))).toMatchObject({ name: 'InvalidGrantException' });
  });

  it('gives a client registered without scopes an eight-hour token and no refresh token, as AWS does', async () => {
    expect((await signIn(sandbox, clients.oidc)).refreshToken).toMatch(/^aor/);
    const started = await startDevice(clients.oidc, []);
    await decideByAdmin(sandbox, started.device.userCode);
    const legacy = await poll(clients.oidc, started);
    expect(legacy.refreshToken).toBeUndefined();
    expect(legacy.expiresIn).toBe(8 * 3600);
  });
});
