/** The SSO device flow driven through the real SDK clients, for the SSO tests. */
import {
  CreateTokenCommand,
  type CreateTokenCommandOutput,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
  type StartDeviceAuthorizationCommandOutput,
} from '@aws-sdk/client-sso-oidc';
import { SSOClient } from '@aws-sdk/client-sso';
import { TRAINING_LAB_SSO } from '../../../src/sandbox';
import type { TestSandbox } from '../../support/sandbox';
import { rawRequest } from './rawHttp';

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** The SDK clients with the sandbox as endpoint; no credentials, as these calls are unsigned. */
export function ssoClients(sandbox: TestSandbox): { oidc: SSOOIDCClient; portal: SSOClient; destroy: () => void } {
  const config = { endpoint: sandbox.endpoint, region: TRAINING_LAB_SSO.region, maxAttempts: 1 };
  const oidc = new SSOOIDCClient(config);
  const portal = new SSOClient(config);
  return {
    oidc,
    portal,
    destroy: () => {
      oidc.destroy();
      portal.destroy();
    },
  };
}

export interface StartedDevice {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly device: StartDeviceAuthorizationCommandOutput;
}

/** Registers a client (with the CLI's scope, so tokens are refreshable, unless told otherwise) and starts a device. */
export async function startDevice(
  oidc: SSOOIDCClient,
  scopes: string[] = ['sso:account:access'],
): Promise<StartedDevice> {
  const client = await oidc.send(
    new RegisterClientCommand({ clientName: 'trellis-test', clientType: 'public', scopes }),
  );
  if (!client.clientId || !client.clientSecret) throw new Error('RegisterClient returned no client');
  const device = await oidc.send(
    new StartDeviceAuthorizationCommand({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      startUrl: TRAINING_LAB_SSO.startUrl,
    }),
  );
  return { clientId: client.clientId, clientSecret: client.clientSecret, device };
}

export function poll(oidc: SSOOIDCClient, started: StartedDevice): Promise<CreateTokenCommandOutput> {
  return oidc.send(
    new CreateTokenCommand({
      clientId: started.clientId,
      clientSecret: started.clientSecret,
      grantType: DEVICE_GRANT,
      deviceCode: started.device.deviceCode,
    }),
  );
}

/** Approves (or denies) through the admin JSON route, as a test does instead of a browser. */
export async function decideByAdmin(
  sandbox: TestSandbox,
  userCode: string | undefined,
  decision: 'approve' | 'deny' = 'approve',
): Promise<{ status: number; body: unknown }> {
  const response = await rawRequest(sandbox.endpoint, {
    path: '/_trellis/sso/approve',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userCode, decision }),
  });
  return { status: response.status, body: JSON.parse(response.body) };
}

/** The whole flow to an access token: start, approve, redeem. */
export async function signIn(sandbox: TestSandbox, oidc: SSOOIDCClient): Promise<CreateTokenCommandOutput> {
  const started = await startDevice(oidc);
  const decided = await decideByAdmin(sandbox, started.device.userCode);
  if (decided.status !== 200) throw new Error(`approval failed: ${JSON.stringify(decided.body)}`);
  return poll(oidc, started);
}
