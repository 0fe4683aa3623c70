/**
 * RegisterClient, and checking a client's id and secret on later calls. A
 * registration lasts 90 days, as AWS's do; a client past that must register
 * again (the AWS CLI and the console cache registrations until then).
 */
import type { SsoClientState, StateDocument } from '../../state/document';
import { MAX_SSO_CLIENTS } from '../../state/ssoState';
import type { UnsignedOperation } from '../sso/unsigned';
import { invalidClient, OidcError } from './errors';
import { oidcInput } from './members';
import { newClientId, newClientSecret, secretDigest } from './secrets';

export const CLIENT_REGISTRATION_SECONDS = 90 * 24 * 60 * 60;

export const registerClient: UnsignedOperation = (request, { store, now }) => {
  const input = oidcInput(request);
  const clientName = input.required('clientName');
  const clientType = input.required('clientType');
  if (clientType !== 'public') {
    throw new OidcError('InvalidClientMetadataException', 'invalid_client_metadata', 'Invalid client type');
  }
  const scopes = input.strings('scopes');
  const issuedAt = Math.floor(now().getTime() / 1000);
  const expiresAt = issuedAt + CLIENT_REGISTRATION_SECONDS;
  const clientId = newClientId();
  const clientSecret = newClientSecret();
  store.mutate((draft) => {
    const live = draft.sso.clients.filter((client) => client.expiresAt > issuedAt * 1000);
    draft.sso.clients = [
      ...live.slice(Math.max(0, live.length - (MAX_SSO_CLIENTS - 1))),
      {
        clientId,
        clientSecretSha256: secretDigest(clientSecret),
        clientName,
        scopes: [...scopes],
        issuedAt: issuedAt * 1000,
        expiresAt: expiresAt * 1000,
      },
    ];
  });
  return { clientId, clientSecret, clientIdIssuedAt: issuedAt, clientSecretExpiresAt: expiresAt };
};

/** The registered client these credentials prove, or InvalidClientException as AWS answers. */
export function authenticateClient(
  doc: StateDocument,
  clientId: string,
  clientSecret: string,
  at: Date,
): SsoClientState {
  const client = doc.sso.clients.find((candidate) => candidate.clientId === clientId);
  if (!client || client.clientSecretSha256 !== secretDigest(clientSecret)) {
    throw invalidClient('Invalid client provided');
  }
  if (client.expiresAt <= at.getTime()) throw invalidClient('Client credentials have expired');
  return client;
}
