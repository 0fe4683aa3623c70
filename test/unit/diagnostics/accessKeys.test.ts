import { describe, expect, it } from 'vitest';
import {
  collectAccessKeys,
  evaluateAccessKeys,
  type AccessKeysFacts,
} from '../../../src/main/diagnostics/rules/accessKeys';
import { context, fakeSource, snapshotOf, user } from './support/iamFixtures';

// ctx.now is 2026-03-01T12:00:00Z.
const facts: AccessKeysFacts = {
  users: [
    {
      userName: 'ci-bot',
      userArn: 'arn:aws:iam::111122223333:user/ci-bot',
      keys: [
        // In use yesterday, created a month ago: fine.
        {
          accessKeyId: 'AKIAFRESHKEY0000001',
          status: 'Active',
          createDate: '2026-02-01T00:00:00Z',
          lastUsedDate: '2026-02-28T09:00:00Z',
          lastUsedService: 's3',
        },
        // Never used, created 40 days ago.
        { accessKeyId: 'AKIANEVERUSED000002', status: 'Active', createDate: '2026-01-20T00:00:00Z' },
        // Last used 200 days ago.
        {
          accessKeyId: 'AKIAIDLEKEY00000003',
          status: 'Active',
          createDate: '2025-01-01T00:00:00Z',
          lastUsedDate: '2025-08-13T12:00:00Z',
          lastUsedService: 'sts',
          lastUsedRegion: 'eu-west-1',
        },
        // Old but used every day: rotate, not switch off.
        {
          accessKeyId: 'AKIAOLDBUSYKEY00004',
          status: 'Active',
          createDate: '2025-06-01T00:00:00Z',
          lastUsedDate: '2026-03-01T08:00:00Z',
        },
        // Already Inactive and old: delete only.
        {
          accessKeyId: 'AKIAINACTIVEOLD0005',
          status: 'Inactive',
          createDate: '2024-01-01T00:00:00Z',
          lastUsedDate: '2026-02-27T00:00:00Z',
        },
      ],
    },
  ],
};

describe('F14 unused or old access keys', () => {
  const out = evaluateAccessKeys(facts, context());
  const byId = (id: string) => out.findings.find((f) => f.id === `F14:access-key/${id}`);

  it('checks every key and raises one finding per problem key', () => {
    expect(out.checks.map((c) => [c.id, c.passed])).toEqual([
      ['F14:access-key/AKIAFRESHKEY0000001', true],
      ['F14:access-key/AKIANEVERUSED000002', false],
      ['F14:access-key/AKIAIDLEKEY00000003', false],
      ['F14:access-key/AKIAOLDBUSYKEY00004', false],
      ['F14:access-key/AKIAINACTIVEOLD0005', true],
      ['F14:access-key/AKIAINACTIVEOLD0005@inactive', false],
    ]);
    expect(out.findings).toHaveLength(4);
  });

  it('recommends deactivating a never-used or idle Active key', () => {
    expect(byId('AKIANEVERUSED000002')?.summary).toBe(
      'Access key AKIANEVERUSED000002 of ci-bot (Active) is never used (created 40 days ago)',
    );
    const idle = byId('AKIAIDLEKEY00000003');
    expect(idle?.severity).toBe('medium');
    expect(idle?.summary).toContain('unused for 200 days and 424 days old');
    expect(idle?.evidence).toContainEqual({
      source: 'state',
      label: 'Last used',
      text: 'last used 2025-08-13T12:00:00Z (sts, eu-west-1)',
    });
    expect(idle?.fixes).toEqual([
      expect.objectContaining({
        id: 'deactivate',
        recommended: true,
        intent: {
          kind: 'iam.updateAccessKey',
          userName: 'ci-bot',
          accessKeyId: 'AKIAIDLEKEY00000003',
          status: 'Inactive',
        },
      }),
    ]);
  });

  it('asks to rotate an old key that is still in use', () => {
    const busy = byId('AKIAOLDBUSYKEY00004');
    expect(busy?.severity).toBe('low');
    expect(busy?.fixes.map((f) => [f.id, f.recommended])).toEqual([['deactivate', false]]);
    expect(busy?.manual?.steps.map((s) => s.command)).toContain('aws iam create-access-key --user-name ci-bot');
  });

  it('offers only deletion for an old Inactive key', () => {
    // Its own id: the deactivate fix of the Active finding verifies as done once the key is Inactive.
    expect(byId('AKIAINACTIVEOLD0005')).toBeUndefined();
    const inactive = byId('AKIAINACTIVEOLD0005@inactive');
    expect(inactive?.severity).toBe('low');
    expect(inactive?.fixes.map((f) => f.intent)).toEqual([
      { kind: 'iam.deleteAccessKey', userName: 'ci-bot', accessKeyId: 'AKIAINACTIVEOLD0005' },
    ]);
  });

  it('reads every user, and nothing in a scan scoped to one environment', async () => {
    const source = fakeSource({
      snapshot: snapshotOf([], [user('ci-bot'), user('alice')]),
      accessKeys: { 'ci-bot': facts.users[0]?.keys ?? [], alice: [] },
    });
    const collected = await collectAccessKeys(source, context());
    expect(collected.users.map((u) => [u.userName, u.keys.length])).toEqual([
      ['ci-bot', 5],
      ['alice', 0],
    ]);
    expect(await collectAccessKeys(source, context({ environmentName: 'shop-prod' }))).toEqual({ users: [] });
  });
});
