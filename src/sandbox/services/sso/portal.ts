/**
 * The SSO portal (signing name `awsssoportal`, host
 * `portal.sso.<region>.amazonaws.com`): restJson1, unsigned, the caller
 * proven by the OIDC access token in `x-amz-sso_bearer_token`.
 *
 * GetRoleCredentials issues an ordinary STS session for the permission set's
 * provisioned role (sts/sessions.ts), named after the directory user, so the
 * keys act as `assumed-role/AWSReservedSSO_…/<user>` everywhere else.
 */
import { AwsError, internalFailure } from '../../errors';
import { paginate, sortByKey } from '../../protocols/pagination';
import type { SandboxRequest, SandboxResponse } from '../../serviceModule';
import type { SsoInstanceState, StateDocument } from '../../state/document';
import { secretDigest } from '../ssoOidc/secrets';
import { issueSession } from '../sts/sessions';
import { createRestJsonUnsignedService, routeKey, type UnsignedOperation, type UnsignedService } from './unsigned';

/** A permission set's default session duration. */
export const PORTAL_SESSION_SECONDS = 60 * 60;

const unauthorized = (): AwsError => new AwsError('UnauthorizedException', 'Session token not found or invalid', 401);
/** Not in the SDK's model, so clients see it by name only; it is what AWS answers for a role not assigned. */
const forbidden = (): AwsError => new AwsError('ForbiddenException', 'No access', 403);
const invalidRequest = (message: string): AwsError => new AwsError('InvalidRequestException', message, 400);

function header(request: SandboxRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The instance the bearer token was issued for, if the token is live; UnauthorizedException otherwise. */
function signedInInstance(doc: StateDocument, request: SandboxRequest, at: Date): SsoInstanceState {
  const bearer = header(request, 'x-amz-sso_bearer_token');
  const instance = doc.sso.instance;
  if (bearer === undefined || bearer === '' || !instance) throw unauthorized();
  const digest = secretDigest(bearer);
  const token = doc.sso.tokens.find((candidate) => candidate.accessTokenSha256 === digest);
  if (!token || token.expiresAt <= at.getTime() || token.startUrl !== instance.startUrl) throw unauthorized();
  return instance;
}

function requiredQuery(request: SandboxRequest, name: string): string {
  const value = request.query.get(name);
  if (value === null || value === '') throw invalidRequest(`${name} is required.`);
  return value;
}

/** The portal's page size when the caller names none (its documented range is 1 to 100). */
const PORTAL_PAGE_SIZE = 20;

/** One page by `max_result` and `next_token`, with the portal's own error for a bad value of either. */
function portalPage<T>(
  request: SandboxRequest,
  items: readonly T[],
  keyOf: (item: T) => string,
): { items: T[]; nextToken?: string } {
  const raw = request.query.get('max_result');
  const max = raw === null ? PORTAL_PAGE_SIZE : Number(raw);
  if (!Number.isInteger(max) || max < 1 || max > 100) {
    throw invalidRequest('max_result must be an integer from 1 to 100.');
  }
  let page;
  try {
    page = paginate(sortByKey(items, keyOf), keyOf, max, request.query.get('next_token') ?? undefined);
  } catch {
    throw invalidRequest('Invalid next_token.');
  }
  return page.marker === undefined ? { items: page.items } : { items: page.items, nextToken: page.marker };
}

const listAccounts: UnsignedOperation = (request, { store, now }) => {
  const instance = signedInInstance(store.document, request, now());
  const assigned = new Set(instance.assignments.map((assignment) => assignment.accountId));
  const accounts = instance.accounts
    .filter((account) => assigned.has(account.accountId))
    .map(({ accountId, accountName, emailAddress }) => ({ accountId, accountName, emailAddress }));
  const page = portalPage(request, accounts, (account) => account.accountId);
  return { accountList: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
};

const listAccountRoles: UnsignedOperation = (request, { store, now }) => {
  const instance = signedInInstance(store.document, request, now());
  const accountId = requiredQuery(request, 'account_id');
  const roles = instance.assignments
    .filter((assignment) => assignment.accountId === accountId)
    .map((assignment) => ({ roleName: assignment.permissionSetName, accountId }));
  const page = portalPage(request, roles, (role) => role.roleName);
  return { roleList: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
};

const getRoleCredentials: UnsignedOperation = (request, { store, now }) => {
  const roleName = requiredQuery(request, 'role_name');
  const accountId = requiredQuery(request, 'account_id');
  const at = now();
  return store.mutate((draft) => {
    const instance = signedInInstance(draft, request, at);
    const assignment = instance.assignments.find(
      (candidate) => candidate.accountId === accountId && candidate.permissionSetName === roleName,
    );
    // A permission set whose role was deleted in IAM cannot be used either; AWS says the same.
    const role = draft.iam.roles.find((candidate) => candidate.name === assignment?.iamRoleName);
    if (!assignment || accountId !== draft.account.id || !role) throw forbidden();
    const issued = issueSession(
      draft,
      { kind: 'role', role, sessionName: instance.userName },
      { at, durationSeconds: PORTAL_SESSION_SECONDS },
    );
    return {
      roleCredentials: {
        accessKeyId: issued.accessKeyId,
        secretAccessKey: issued.secretAccessKey,
        sessionToken: issued.sessionToken,
        // Epoch milliseconds: the portal, unlike STS, sends a number.
        expiration: issued.expiration.getTime(),
      },
    };
  });
};

/** Ends this access token (and so its refresh), as signing out of the portal does. */
const logout: UnsignedOperation = (request, { store, now }) => {
  const at = now();
  store.mutate((draft) => {
    signedInInstance(draft, request, at);
    const digest = secretDigest(header(request, 'x-amz-sso_bearer_token') ?? '');
    draft.sso.tokens = draft.sso.tokens.filter((token) => token.accessTokenSha256 !== digest);
  });
  return {};
};

function renderPortalError(error: AwsError, requestId: string): SandboxResponse {
  return {
    status: error.status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, 'x-amzn-errortype': error.code },
    body: JSON.stringify({ message: error.message }),
  };
}

export const ssoPortalService: UnsignedService = createRestJsonUnsignedService({
  name: 'awsssoportal',
  operations: new Map([
    [routeKey('GET', '/assignment/accounts'), listAccounts],
    [routeKey('GET', '/assignment/roles'), listAccountRoles],
    [routeKey('GET', '/federation/credentials'), getRoleCredentials],
    [routeKey('POST', '/logout'), logout],
  ]),
  renderError: renderPortalError,
  asError: (error) => {
    if (error instanceof AwsError) return error;
    console.error('[sandbox] awsssoportal handler failed:', error);
    return internalFailure('An internal error occurred.');
  },
});
