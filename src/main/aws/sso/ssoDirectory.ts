import type { SsoAccount, SsoAccountList, SsoAccountRoles } from '../../../shared/contract';
import { TrellisError, toAppError } from '../errors';
import type { ProfileRegistry } from '../profiles';
import type { PortalApi } from './ssoApi';
import type { SsoConfig, SsoEndpoints } from './ssoProfile';

/**
 * What an Identity Center sign-in can reach: the portal's ListAccounts and
 * ListAccountRoles, every page, for the account and role picker. Roles are
 * listed per account on demand, because an organisation may assign hundreds
 * of accounts and the console lists them the same way.
 */

/** A page cap well past any real organisation, so a portal that keeps answering with a token cannot loop forever. */
const MAX_PAGES = 200;

type SsoOrigin = { config: SsoConfig; endpoints: SsoEndpoints };

/** The profile's own SSO sign-in: a role chain over an SSO profile is not offered, since it names no session of its own. */
function ssoOf(registry: ProfileRegistry, profile: string): SsoOrigin {
  const sso = registry.resolve(profile).sso;
  if (!sso || sso.config.profile !== profile) {
    throw new TrellisError({
      code: 'validation',
      message: `Profile '${profile}' does not sign in through IAM Identity Center itself: it has no sso_session or sso_start_url.`,
      retryable: false,
    });
  }
  return sso;
}

async function allPages<T>(
  page: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken?: string }>,
  what: string,
): Promise<T[]> {
  const out: T[] = [];
  let nextToken: string | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const answer = await page(nextToken);
    out.push(...answer.items);
    if (!answer.nextToken || answer.nextToken === nextToken) return out;
    nextToken = answer.nextToken;
  }
  throw new TrellisError({
    code: 'aws',
    message: `IAM Identity Center kept paging ${what} past ${MAX_PAGES} pages; Trellis stopped.`,
    retryable: true,
  });
}

/** Portal errors carry the operation, so a panel says which call failed. */
async function portalCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof TrellisError) throw err;
    throw new TrellisError(toAppError(err, { service: 'sso', operation }));
  }
}

export async function listSsoAccounts(registry: ProfileRegistry, profile: string): Promise<SsoAccountList> {
  const { config, endpoints } = ssoOf(registry, profile);
  const accounts = await portalCall('ListAccounts', () =>
    registry.sso.withToken(config, endpoints, (portal: PortalApi, accessToken) =>
      allPages<SsoAccount>(async (nextToken) => {
        const page = await portal.listAccounts({ accessToken, ...(nextToken ? { nextToken } : {}) });
        return { items: page.accounts, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
      }, 'accounts'),
    ),
  );
  accounts.sort((a, b) => a.accountName.localeCompare(b.accountName) || a.accountId.localeCompare(b.accountId));
  return {
    profile,
    startUrl: config.startUrl,
    ssoRegion: config.region,
    ...(config.sessionName ? { sessionName: config.sessionName } : {}),
    accounts,
  };
}

export async function listSsoAccountRoles(
  registry: ProfileRegistry,
  profile: string,
  accountId: string,
): Promise<SsoAccountRoles> {
  const { config, endpoints } = ssoOf(registry, profile);
  const roleNames = await portalCall('ListAccountRoles', () =>
    registry.sso.withToken(config, endpoints, (portal, accessToken) =>
      allPages<string>(async (nextToken) => {
        const page = await portal.listAccountRoles({ accessToken, accountId, ...(nextToken ? { nextToken } : {}) });
        return { items: page.roleNames, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
      }, `the roles of account ${accountId}`),
    ),
  );
  const users = profilesUsing(registry, config.startUrl, accountId);
  return {
    accountId,
    roles: [...new Set(roleNames)]
      .sort((a, b) => a.localeCompare(b))
      .map((roleName) => ({ roleName, profiles: users.get(roleName) ?? [] })),
  };
}

/** Profiles already signing in to this start URL and account, by role name, so the picker offers them instead of a duplicate. */
function profilesUsing(registry: ProfileRegistry, startUrl: string, accountId: string): Map<string, string[]> {
  const byRole = new Map<string, string[]>();
  for (const summary of registry.list().profiles) {
    if (summary.kind !== 'sso' || summary.problem) continue;
    const sso = registry.resolve(summary.name).sso?.config;
    if (!sso || sso.startUrl !== startUrl || sso.accountId !== accountId || !sso.roleName) continue;
    byRole.set(sso.roleName, [...(byRole.get(sso.roleName) ?? []), summary.name]);
  }
  return byRole;
}
