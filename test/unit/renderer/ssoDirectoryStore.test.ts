/**
 * The SSO directory store with a scripted api: accounts per profile and roles
 * per profile and account load once and are kept, a failed load is tried
 * again, a slow older answer never overwrites a newer one, and an applied (or
 * undone) profile change re-reads the profile list and the roles it touched.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppError, Plan, Result, SsoAccountList, SsoAccountRoles } from '../../../src/shared/contract';
import { answer, calls, pending } from './scriptedApi';

vi.mock('../../../src/renderer/src/api', async () => (await import('./scriptedApi')).scriptedApiModule());

const { useSsoDirectory, rolesKey } = await import('../../../src/renderer/src/stores/ssoDirectory');
const { useChanges } = await import('../../../src/renderer/src/stores/changes');

const flush = () => new Promise((r) => setTimeout(r, 0));
const LAB = '570589970431';
const OTHER = '111122223333';

const accountList = (...names: string[]): Result<SsoAccountList> => ({
  ok: true,
  data: {
    profile: 'lab-sso',
    startUrl: 'https://d-9067c4a1b2.awsapps.com/start',
    ssoRegion: 'us-east-1',
    accounts: names.map((accountName, i) => ({ accountId: String(570589970431 + i), accountName })),
  },
});
const roles = (accountId: string, ...entries: [string, string[]][]): Result<SsoAccountRoles> => ({
  ok: true,
  data: { accountId, roles: entries.map(([roleName, profiles]) => ({ roleName, profiles })) },
});
const expired: AppError = {
  code: 'credentials',
  message: 'The SSO session for lab-sso has expired.',
  retryable: false,
  signIn: { kind: 'sso', profile: 'lab-sso', startUrl: 'https://d-9067c4a1b2.awsapps.com/start' },
};
const inputsOf = (channel: string) => pending.filter((p) => p.channel === channel).map((p) => p.input);

beforeEach(() => {
  pending.length = 0;
  calls.length = 0;
  useSsoDirectory.setState({ profile: null, accounts: {}, roles: {} });
  useChanges.getState().close();
});

describe('sso directory store: accounts', () => {
  it('loads a profile’s accounts once, however often the panel asks', async () => {
    useSsoDirectory.getState().choose('lab-sso');
    useSsoDirectory.getState().ensureAccounts('lab-sso');
    expect(inputsOf('sso.listAccounts')).toEqual([{ profile: 'lab-sso' }]);
    expect(useSsoDirectory.getState().accounts['lab-sso']?.status).toBe('loading');

    answer('sso.listAccounts', accountList('edX Training Lab'));
    await flush();
    useSsoDirectory.getState().ensureAccounts('lab-sso');
    expect(calls.filter((c) => c === 'sso.listAccounts')).toHaveLength(1);
    expect(useSsoDirectory.getState().profile).toBe('lab-sso');
    expect(useSsoDirectory.getState().accounts['lab-sso']).toMatchObject({
      status: 'ready',
      data: { accounts: [{ accountId: LAB, accountName: 'edX Training Lab' }] },
    });
  });

  it('keeps the sign-in error for the panel, and tries again on the retry path', async () => {
    useSsoDirectory.getState().ensureAccounts('lab-sso');
    answer('sso.listAccounts', { ok: false, error: expired });
    await flush();
    const failed = useSsoDirectory.getState().accounts['lab-sso'];
    expect(failed?.status === 'error' && failed.error.signIn?.kind).toBe('sso');

    // The panel mounting again (or Retry after signing in) loads again rather than showing the old error.
    useSsoDirectory.getState().ensureAccounts('lab-sso');
    expect(inputsOf('sso.listAccounts')).toEqual([{ profile: 'lab-sso' }]);
    answer('sso.listAccounts', accountList('edX Training Lab', 'Sandbox'));
    await flush();
    expect(useSsoDirectory.getState().accounts['lab-sso']).toMatchObject({ status: 'ready' });
  });

  it('keeps the last good list on screen when a reload fails', async () => {
    void useSsoDirectory.getState().loadAccounts('lab-sso');
    answer('sso.listAccounts', accountList('edX Training Lab'));
    await flush();
    void useSsoDirectory.getState().loadAccounts('lab-sso');
    answer('sso.listAccounts', { ok: false, error: { code: 'network', message: 'down', retryable: true } });
    await flush();
    const s = useSsoDirectory.getState().accounts['lab-sso'];
    expect(s?.status).toBe('error');
    expect(s?.status === 'error' && s.previous?.accounts.map((a) => a.accountName)).toEqual(['edX Training Lab']);
  });
});

describe('sso directory store: roles', () => {
  it('caches roles per profile and account', async () => {
    const { ensureRoles } = useSsoDirectory.getState();
    ensureRoles('lab-sso', LAB);
    ensureRoles('lab-sso', LAB);
    ensureRoles('lab-sso', OTHER);
    ensureRoles('work-sso', LAB);
    expect(inputsOf('sso.listAccountRoles')).toEqual([
      { profile: 'lab-sso', accountId: LAB },
      { profile: 'lab-sso', accountId: OTHER },
      { profile: 'work-sso', accountId: LAB },
    ]);
    answer('sso.listAccountRoles', roles(LAB, ['AdministratorAccess', ['lab-sso']], ['ReadOnlyAccess', []]));
    await flush();
    ensureRoles('lab-sso', LAB);
    expect(calls.filter((c) => c === 'sso.listAccountRoles')).toHaveLength(3);
    expect(useSsoDirectory.getState().roles[rolesKey('lab-sso', LAB)]).toEqual({
      status: 'ready',
      data: {
        accountId: LAB,
        roles: [
          { roleName: 'AdministratorAccess', profiles: ['lab-sso'] },
          { roleName: 'ReadOnlyAccess', profiles: [] },
        ],
      },
    });
    expect(useSsoDirectory.getState().roles[rolesKey('work-sso', LAB)]?.status).toBe('loading');
  });

  it('drops an older answer that arrives after a newer one', async () => {
    void useSsoDirectory.getState().loadRoles('lab-sso', LAB);
    void useSsoDirectory.getState().loadRoles('lab-sso', LAB);
    const [older, newer] = pending.splice(0);
    newer!.resolve(roles(LAB, ['ReadOnlyAccess', ['lab-readonly']]));
    await flush();
    older!.resolve(roles(LAB, ['ReadOnlyAccess', []]));
    await flush();
    const s = useSsoDirectory.getState().roles[rolesKey('lab-sso', LAB)];
    expect(s?.status === 'ready' && s.data.roles[0]?.profiles).toEqual(['lab-readonly']);
  });

  it('re-reads the roles of the changed account, and any that name the profile, but no others', async () => {
    const { loadRoles } = useSsoDirectory.getState();
    void loadRoles('lab-sso', LAB);
    void loadRoles('lab-sso', OTHER);
    void loadRoles('other-sso', '444455556666');
    answer('sso.listAccountRoles', roles(LAB, ['ReadOnlyAccess', []]));
    answer('sso.listAccountRoles', roles(OTHER, ['Dev', ['lab-readonly']]));
    answer('sso.listAccountRoles', roles('444455556666', ['Dev', ['someone-else']]));
    await flush();
    calls.length = 0;

    useSsoDirectory.getState().afterProfileChange({ profileName: 'lab-readonly', accountId: LAB });
    expect(inputsOf('sso.listAccountRoles')).toEqual([
      { profile: 'lab-sso', accountId: LAB },
      { profile: 'lab-sso', accountId: OTHER },
    ]);
  });
});

describe('after a profile change is applied', () => {
  const target = { profile: 'lab-sso', region: 'us-east-1' };
  const addIntent = {
    kind: 'config.addSsoProfile' as const,
    profileName: 'lab-readonly',
    fromProfile: 'lab-sso',
    accountId: LAB,
    roleName: 'ReadOnlyAccess',
    region: 'us-east-1',
  };

  async function applyPlan(intent: Plan['intent']) {
    void useChanges.getState().preview(target, intent);
    answer('changes.plan', {
      ok: true,
      data: {
        id: '00000000-0000-4000-8000-000000000002',
        target,
        intent,
        resource: { service: 'config-file', type: 'profile', name: 'lab-readonly' },
        steps: [{ service: 'config-file', operation: 'AddProfileSection', input: {}, summary: '' }],
      },
    });
    await flush();
    void useChanges.getState().apply();
    answer('changes.apply', { ok: true, data: { entry: { status: 'applied', steps: [] }, undoAvailable: true } });
    await flush();
    expect(useChanges.getState().phase).toBe('done');
  }

  it('reloads the profile list and that account’s roles after an add', async () => {
    void useSsoDirectory.getState().loadRoles('lab-sso', LAB);
    answer('sso.listAccountRoles', roles(LAB, ['ReadOnlyAccess', []]));
    await flush();
    calls.length = 0;

    await applyPlan(addIntent);
    expect(calls).toContain('profiles.list');
    expect(inputsOf('sso.listAccountRoles')).toEqual([{ profile: 'lab-sso', accountId: LAB }]);
  });

  it('does the same after its undo removes the profile', async () => {
    void useSsoDirectory.getState().loadRoles('lab-sso', LAB);
    answer('sso.listAccountRoles', roles(LAB, ['ReadOnlyAccess', ['lab-readonly']]));
    await flush();
    calls.length = 0;

    await applyPlan({
      kind: 'config.removeProfile',
      profileName: 'lab-readonly',
      expected: { sso_session: 'lab', sso_account_id: LAB, sso_role_name: 'ReadOnlyAccess' },
    });
    expect(calls).toContain('profiles.list');
    expect(inputsOf('sso.listAccountRoles')).toEqual([{ profile: 'lab-sso', accountId: LAB }]);
  });

  it('leaves the profile list and roles alone after other changes', async () => {
    void useSsoDirectory.getState().loadRoles('lab-sso', LAB);
    answer('sso.listAccountRoles', roles(LAB, ['ReadOnlyAccess', []]));
    await flush();
    calls.length = 0;

    await applyPlan({ kind: 'ssm.deleteParameter', name: '/flaskapp/x' });
    expect(calls).not.toContain('profiles.list');
    expect(calls).not.toContain('sso.listAccountRoles');
  });
});
