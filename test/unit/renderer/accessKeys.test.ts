import { describe, expect, it } from 'vitest';
import { accessKeyWarning } from '../../../src/renderer/src/model/accessKeys';

const now = new Date('2026-11-22T12:00:00Z');
const key = (over: object) => ({
  accessKeyId: 'AKIAEXAMPLE',
  status: 'Active' as const,
  createDate: '2026-01-01T00:00:00Z',
  ...over,
});

describe('accessKeyWarning', () => {
  it('flags a key that was never used', () => {
    expect(accessKeyWarning(key({}), now)).toMatch(/^Never used \(created \d+ days ago\)$/);
  });

  it('flags a key unused for more than 90 days', () => {
    expect(accessKeyWarning(key({ lastUsedDate: '2026-08-01T12:00:00Z' }), now)).toBe('Unused for 113 days');
  });

  it('leaves recently used keys alone', () => {
    expect(accessKeyWarning(key({ lastUsedDate: '2026-11-01T00:00:00Z' }), now)).toBeNull();
  });

  it('leaves inactive keys alone', () => {
    expect(accessKeyWarning(key({ status: 'Inactive' }), now)).toBeNull();
  });

  it('does not call a key never used when its last use could not be read', () => {
    const unread = key({ lastUsedUnknown: 'Missing permission: iam:GetAccessKeyLastUsed' });
    expect(accessKeyWarning(unread, now)).toBeNull();
  });
});
