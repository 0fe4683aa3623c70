import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  SSOClient,
} from '@aws-sdk/client-sso';
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { SsoEndpoints } from './ssoProfile';

/**
 * The calls sign-in makes, narrowed to what Trellis uses, so the flow can be
 * driven by a fake in tests. These calls are unsigned (a bearer token, or
 * nothing): no profile credentials are involved.
 */
export interface OidcApi {
  registerClient(input: {
    clientName: string;
    scopes: string[];
  }): Promise<{ clientId: string; clientSecret: string; clientSecretExpiresAt: number }>;
  startDeviceAuthorization(input: { clientId: string; clientSecret: string; startUrl: string }): Promise<{
    deviceCode: string;
    userCode: string;
    verificationUri: string;
    verificationUriComplete?: string;
    expiresIn: number;
    interval?: number;
  }>;
  createToken(input: {
    clientId: string;
    clientSecret: string;
    grantType: typeof DEVICE_GRANT | 'refresh_token';
    deviceCode?: string;
    refreshToken?: string;
  }): Promise<{ accessToken: string; expiresIn: number; refreshToken?: string }>;
}

export interface PortalApi {
  getRoleCredentials(input: {
    accessToken: string;
    accountId: string;
    roleName: string;
  }): Promise<AwsCredentialIdentity>;
  /** One page of the accounts the token's user is assigned to. */
  listAccounts(input: { accessToken: string; nextToken?: string }): Promise<{
    accounts: { accountId: string; accountName: string; emailAddress?: string }[];
    nextToken?: string;
  }>;
  /** One page of the roles (permission sets) the user has in one account. */
  listAccountRoles(input: {
    accessToken: string;
    accountId: string;
    nextToken?: string;
  }): Promise<{ roleNames: string[]; nextToken?: string }>;
}

export interface SsoApis {
  oidc(region: string, endpoints: SsoEndpoints): OidcApi;
  portal(region: string, endpoints: SsoEndpoints): PortalApi;
}

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

function transport(endpoint: string | undefined) {
  return {
    requestHandler: new NodeHttpHandler({
      connectionTimeout: 5_000,
      requestTimeout: 20_000,
      throwOnRequestTimeout: true,
    }),
    maxAttempts: 2,
    ...(endpoint ? { endpoint } : { ignoreConfiguredEndpointUrls: true }),
  };
}

/** One client per call: sign-in is rare, and nothing is kept that a changed endpoint would make stale. */
export const sdkSsoApis: SsoApis = {
  oidc(region, endpoints) {
    const run = async <T>(fn: (client: SSOOIDCClient) => Promise<T>): Promise<T> => {
      const client = new SSOOIDCClient({ region, ...transport(endpoints.oidc) });
      try {
        return await fn(client);
      } finally {
        client.destroy();
      }
    };
    return {
      registerClient: ({ clientName, scopes }) =>
        run(async (c) => {
          const out = await c.send(new RegisterClientCommand({ clientName, clientType: 'public', scopes }));
          if (!out.clientId || !out.clientSecret) throw new Error('RegisterClient returned no client');
          return {
            clientId: out.clientId,
            clientSecret: out.clientSecret,
            clientSecretExpiresAt: out.clientSecretExpiresAt ?? 0,
          };
        }),
      startDeviceAuthorization: (input) =>
        run(async (c) => {
          const out = await c.send(new StartDeviceAuthorizationCommand(input));
          if (!out.deviceCode || !out.userCode || !out.verificationUri) {
            throw new Error('StartDeviceAuthorization returned no device code');
          }
          return {
            deviceCode: out.deviceCode,
            userCode: out.userCode,
            verificationUri: out.verificationUri,
            ...(out.verificationUriComplete ? { verificationUriComplete: out.verificationUriComplete } : {}),
            expiresIn: out.expiresIn ?? 600,
            ...(out.interval ? { interval: out.interval } : {}),
          };
        }),
      createToken: (input) =>
        run(async (c) => {
          const out = await c.send(new CreateTokenCommand(input));
          if (!out.accessToken) throw new Error('CreateToken returned no access token');
          return {
            accessToken: out.accessToken,
            expiresIn: out.expiresIn ?? 3600,
            ...(out.refreshToken ? { refreshToken: out.refreshToken } : {}),
          };
        }),
    };
  },
  portal(region, endpoints) {
    const run = async <T>(fn: (client: SSOClient) => Promise<T>): Promise<T> => {
      const client = new SSOClient({ region, ...transport(endpoints.sso) });
      try {
        return await fn(client);
      } finally {
        client.destroy();
      }
    };
    return {
      getRoleCredentials: ({ accessToken, accountId, roleName }) =>
        run(async (client) => {
          const { roleCredentials: c } = await client.send(
            new GetRoleCredentialsCommand({ accessToken, accountId, roleName }),
          );
          if (!c?.accessKeyId || !c.secretAccessKey) throw new Error('GetRoleCredentials returned no credentials');
          return {
            accessKeyId: c.accessKeyId,
            secretAccessKey: c.secretAccessKey,
            ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
            // The portal gives milliseconds since the epoch.
            ...(c.expiration ? { expiration: new Date(c.expiration) } : {}),
          };
        }),
      listAccounts: ({ accessToken, nextToken }) =>
        run(async (client) => {
          const out = await client.send(new ListAccountsCommand({ accessToken, nextToken, maxResults: 100 }));
          return {
            accounts: (out.accountList ?? []).flatMap((a) =>
              a.accountId
                ? [
                    {
                      accountId: a.accountId,
                      accountName: a.accountName ?? a.accountId,
                      ...(a.emailAddress ? { emailAddress: a.emailAddress } : {}),
                    },
                  ]
                : [],
            ),
            ...(out.nextToken ? { nextToken: out.nextToken } : {}),
          };
        }),
      listAccountRoles: ({ accessToken, accountId, nextToken }) =>
        run(async (client) => {
          const out = await client.send(
            new ListAccountRolesCommand({ accessToken, accountId, nextToken, maxResults: 100 }),
          );
          return {
            roleNames: (out.roleList ?? []).flatMap((r) => (r.roleName ? [r.roleName] : [])),
            ...(out.nextToken ? { nextToken: out.nextToken } : {}),
          };
        }),
    };
  },
};

/** The OIDC error a CreateToken poll answered with, by the SDK's exception name. */
export function oidcErrorName(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'name' in err && typeof err.name === 'string'
    ? err.name
    : undefined;
}
