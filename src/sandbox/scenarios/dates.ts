import { isoSeconds } from '../protocols/xml';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A time `days` before `now`, for scenario data that must look recent on any
 * day the sandbox is seeded (a key "used yesterday" must stay yesterday).
 */
export function daysBefore(now: Date, days: number, minutes = 0): string {
  return isoSeconds(new Date(now.getTime() - days * DAY_MS - minutes * 60 * 1000));
}
