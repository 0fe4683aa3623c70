/**
 * The renderer's profile list follows the files without a restart: it is
 * re-read when the window comes back and every 10 s while visible, applied
 * only when it differs, and the chosen target moves only when its profile
 * has gone (and then the user is told). "Check again" after replacing a key
 * re-reads the files in main and tries the keys once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppError, ProfileList, ProfileSummary, SignIn } from '../../../src/shared/contract';
import { answer, calls, pending } from './scriptedApi';

vi.mock('../../../src/renderer/src/api', async () => (await import('./scriptedApi')).scriptedApiModule());

const { useSession, PROFILE_REFRESH_MS } = await import('../../../src/renderer/src/stores/session');
const { useSignIn } = await import('../../../src/renderer/src/stores/signIn');

const profile = (name: string, extra: Partial<ProfileSummary> = {}): ProfileSummary => ({
  name,
  source: name === 'sandbox' ? 'sandbox' : 'config',
  kind: name === 'sandbox' ? 'sandbox' : 'static',
  region: 'eu-west-1',
  readOnly: false,
  readOnlyLocked: false,
  ...extra,
});
const listOf = (...profiles: ProfileSummary[]): ProfileList => ({ profiles, fileProblems: [] });
const identity = { account: '111122223333', arn: 'arn:aws:iam::111122223333:user/me', userId: 'AIDAME' };

/** A page the test shows, hides and brings back. */
function fakePage() {
  const listeners = new Set<() => void>();
  const page = {
    shown: true,
    visible: () => page.shown,
    onReturn: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    comeBack: () => listeners.forEach((l) => l()),
    listeners,
  };
  return page;
}

const settle = () => vi.advanceTimersByTimeAsync(0);
const countOf = (channel: string) => calls.filter((c) => c === channel).length;

let stop: (() => void) | undefined;

beforeEach(() => {
  vi.useFakeTimers();
  pending.length = 0;
  calls.length = 0;
  useSession.setState({
    profiles: { status: 'ready', data: listOf(profile('sandbox'), profile('work')) },
    target: { profile: 'work', region: 'us-west-2' },
    identityKey: 'work|us-west-2',
    identity: { status: 'ready', data: identity },
    vanishedProfile: null,
  });
  useSignIn.setState({ request: null, pending: false, error: null, epochs: {} });
});

afterEach(() => {
  stop?.();
  stop = undefined;
  vi.useRealTimers();
});

describe('the profile list follows the files', () => {
  it('asks every 10 s while visible, on return, never while hidden, and stops when told', async () => {
    const page = fakePage();
    stop = useSession.getState().watchProfiles(page);
    await vi.advanceTimersByTimeAsync(PROFILE_REFRESH_MS - 1);
    expect(countOf('profiles.list')).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(countOf('profiles.list')).toBe(1);
    answer('profiles.list', { ok: true, data: listOf(profile('sandbox'), profile('work')) });
    await settle();

    page.shown = false;
    await vi.advanceTimersByTimeAsync(3 * PROFILE_REFRESH_MS);
    expect(countOf('profiles.list')).toBe(1);
    page.shown = true;
    page.comeBack();
    expect(countOf('profiles.list')).toBe(2);
    // A second trigger while one is out does not stack up a second call.
    page.comeBack();
    expect(countOf('profiles.list')).toBe(2);
    answer('profiles.list', { ok: true, data: listOf(profile('sandbox'), profile('work')) });
    await settle();

    stop();
    stop = undefined;
    expect(page.listeners.size).toBe(0);
    await vi.advanceTimersByTimeAsync(3 * PROFILE_REFRESH_MS);
    page.comeBack();
    expect(countOf('profiles.list')).toBe(2);
  });

  it('leaves an unchanged list exactly as it was, and adds a new profile without touching the target', async () => {
    const before = useSession.getState().profiles;
    void useSession.getState().refreshProfiles();
    answer('profiles.list', { ok: true, data: listOf(profile('sandbox'), profile('work')) });
    await settle();
    expect(useSession.getState().profiles).toBe(before);

    void useSession.getState().refreshProfiles();
    answer('profiles.list', { ok: true, data: listOf(profile('sandbox'), profile('new-one'), profile('work')) });
    await settle();
    const names = useSession.getState().profiles;
    expect(names.status === 'ready' && names.data.profiles.map((p) => p.name)).toEqual(['sandbox', 'new-one', 'work']);
    expect(useSession.getState().target).toEqual({ profile: 'work', region: 'us-west-2' });
    expect(useSession.getState().identity).toEqual({ status: 'ready', data: identity });
    expect(countOf('sts.getCallerIdentity')).toBe(0);
    expect(useSession.getState().vanishedProfile).toBeNull();
  });

  it('moves off a profile that has gone from the files, and says which', async () => {
    void useSession.getState().refreshProfiles();
    answer('profiles.list', { ok: true, data: listOf(profile('sandbox'), profile('other')) });
    await settle();
    expect(useSession.getState().vanishedProfile).toBe('work');
    expect(useSession.getState().target).toEqual({ profile: 'sandbox', region: 'eu-west-1' });
    // The new target's identity is loaded, not the old one's kept.
    expect(pending.find((p) => p.channel === 'sts.getCallerIdentity')?.input).toEqual({
      target: { profile: 'sandbox', region: 'eu-west-1' },
    });
    useSession.getState().dismissVanished();
    expect(useSession.getState().vanishedProfile).toBeNull();
  });

  it('reloads who the chosen profile is when the files say something new about it, keeping the chosen region', async () => {
    void useSession.getState().refreshProfiles();
    answer('profiles.list', {
      ok: true,
      data: listOf(profile('sandbox'), profile('work', { kind: 'assume-role', region: 'ap-south-1' })),
    });
    await settle();
    expect(useSession.getState().target).toEqual({ profile: 'work', region: 'us-west-2' });
    expect(pending.find((p) => p.channel === 'sts.getCallerIdentity')?.input).toEqual({
      target: { profile: 'work', region: 'us-west-2' },
    });
  });

  it('does not undo a preference change made while a refresh was out, and keeps the list when a refresh fails', async () => {
    void useSession.getState().refreshProfiles();
    void useSession.getState().setPreferences({ profile: 'work', pinned: true });
    answer('profiles.list', { ok: true, data: listOf(profile('sandbox'), profile('work')) });
    await settle();
    const pinned = (s: ReturnType<typeof useSession.getState>) =>
      s.profiles.status === 'ready' && s.profiles.data.profiles.find((p) => p.name === 'work')?.preferences?.pinned;
    expect(pinned(useSession.getState())).toBe(true);

    const shown = useSession.getState().profiles;
    void useSession.getState().refreshProfiles();
    answer('profiles.list', { ok: false, error: { code: 'internal', message: 'boom', retryable: false } });
    await settle();
    expect(useSession.getState().profiles).toBe(shown);
  });
});

describe('"Check again" after replacing a key', () => {
  const request: SignIn = {
    kind: 'replace-keys',
    profile: 'work',
    file: '/home/me/.aws/credentials',
    accessKeyHint: '7Q2W',
  };
  const refused = (hint: string): AppError => ({
    code: 'credentials',
    message: `AWS rejected the access key ending in ${hint} of profile 'work': it was deleted, deactivated or replaced.`,
    retryable: false,
    awsCode: 'InvalidClientTokenId',
    signIn: { ...request, accessKeyHint: hint },
  });

  async function check(outcome: { ok: true } | { ok: false; error: AppError }) {
    const done = useSignIn.getState().checkKeys();
    expect(useSignIn.getState().pending).toBe(true);
    answer('profiles.reload', { ok: true, data: listOf(profile('sandbox'), profile('work')) });
    await settle();
    const probe = answer('sts.getCallerIdentity', outcome.ok ? { ok: true, data: identity } : outcome);
    expect(probe.input).toEqual({ target: { profile: 'work', region: 'us-west-2' } });
    return done;
  }

  it('stays open saying the file still holds the rejected key, then closes and reloads the panels once it works', async () => {
    useSignIn.getState().open(request);
    expect(await check({ ok: false, error: refused('7Q2W') })).toBe(false);
    expect(useSignIn.getState()).toMatchObject({
      request,
      pending: false,
      error: { message: '/home/me/.aws/credentials still holds the access key ending in 7Q2W, which AWS rejected.' },
    });
    expect(calls.filter((c) => c === 'profiles.reload')).toHaveLength(1);

    expect(await check({ ok: true })).toBe(true);
    expect(useSignIn.getState()).toMatchObject({ request: null, error: null, epochs: { work: 1 } });
  });

  it('says so when the new key is refused too, and shows that key from then on', async () => {
    useSignIn.getState().open(request);
    expect(await check({ ok: false, error: refused('ABCD') })).toBe(false);
    expect(useSignIn.getState().request).toEqual({ ...request, accessKeyHint: 'ABCD' });
    expect(useSignIn.getState().error?.message).toBe('AWS rejected the new access key ending in ABCD too.');
  });

  it('takes over from the MFA dialog when the keys the code was sent with are refused', async () => {
    useSignIn.getState().open({ kind: 'mfa', profile: 'work', serial: 'arn:aws:iam::111122223333:mfa/me' });
    const done = useSignIn.getState().submitMfaCode('123456');
    answer('profiles.submitMfaCode', { ok: false, error: refused('7Q2W') });
    expect(await done).toBe(false);
    expect(useSignIn.getState()).toMatchObject({ request, error: null, pending: false });
  });
});
