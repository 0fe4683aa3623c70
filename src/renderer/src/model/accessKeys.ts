import type { AccessKey } from '../../../shared/contract';

const STALE_KEY_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Why an access key deserves attention: never used, or unused for more than
 * 90 days (the learner's notes end with keys left lying around). Inactive keys
 * are not flagged: they cannot be used anyway.
 */
export function accessKeyWarning(key: AccessKey, now: Date): string | null {
  if (key.status !== 'Active') return null;
  // Unread is not unused: say nothing rather than "Never used".
  if (key.lastUsedUnknown) return null;
  if (!key.lastUsedDate) {
    const age = Math.floor((now.getTime() - Date.parse(key.createDate)) / DAY_MS);
    return Number.isFinite(age) && age > 0
      ? `Never used (created ${age} day${age === 1 ? '' : 's'} ago)`
      : 'Never used';
  }
  const idle = Math.floor((now.getTime() - Date.parse(key.lastUsedDate)) / DAY_MS);
  if (Number.isFinite(idle) && idle > STALE_KEY_DAYS) return `Unused for ${idle} days`;
  return null;
}
