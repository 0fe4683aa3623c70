/**
 * How each program on an instance writes time, and the seeded numbers (pids,
 * microseconds, client ports) that make a log line look lived-in while the
 * same state and clock always give the same text.
 */
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * A number in [0, 1) fixed by the seed: the same seed always gives the same number. A 53-bit
 * non-cryptographic hash (cyrb53): a log read draws one per line, so it must be cheap.
 */
function seeded(seed: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < seed.length; i += 1) {
    const ch = seed.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)) / 2 ** 53;
}

/** An integer in [min, max) fixed by the seed. */
export function seededInt(seed: string, min: number, max: number): number {
  return min + Math.floor(seeded(seed) * (max - min));
}

interface Parts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly weekday: number;
  readonly hms: string;
  readonly ms: number;
}

function parts(at: number): Parts {
  const date = new Date(at);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth(),
    day: date.getUTCDate(),
    weekday: date.getUTCDay(),
    hms: `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`,
    ms: date.getUTCMilliseconds(),
  };
}

/** Microseconds: the clock's milliseconds, then three digits fixed by the seed. */
function micros(at: number, seed: string): string {
  return `${pad(parts(at).ms, 3)}${pad(seededInt(seed, 0, 1000), 3)}`;
}

/** Apache 2.4's ErrorLog: `Sat Jul 14 22:03:37.528007 2018`. */
export function apacheErrorTime(at: number, seed: string): string {
  const p = parts(at);
  return `${DAYS[p.weekday]} ${MONTHS[p.month]} ${pad(p.day)} ${p.hms}.${micros(at, seed)} ${p.year}`;
}

/** Common Log Format, as Apache and nginx access logs write it: `14/Jul/2018:22:03:37 +0000`. */
export function accessLogTime(at: number): string {
  const p = parts(at);
  return `${pad(p.day)}/${MONTHS[p.month]}/${p.year}:${p.hms} +0000`;
}

/** rsyslog's traditional format, day padded with a space: `Dec  6 12:00:01`. */
export function syslogTime(at: number): string {
  const p = parts(at);
  return `${MONTHS[p.month]} ${String(p.day).padStart(2, ' ')} ${p.hms}`;
}

/** gunicorn's glogging: `2026-12-06 12:00:01 +0000`. */
export function gunicornTime(at: number): string {
  const p = parts(at);
  return `${p.year}-${pad(p.month + 1)}-${pad(p.day)} ${p.hms} +0000`;
}

/** Python logging's default asctime, as Flask's `ERROR in app` lines carry it: `2026-12-06 12:00:05,123`. */
export function pythonLoggingTime(at: number): string {
  const p = parts(at);
  return `${p.year}-${pad(p.month + 1)}-${pad(p.day)} ${p.hms},${pad(p.ms, 3)}`;
}

/** The EB platform engine (Go): `2026/12/06 12:00:00.123456`. */
export function engineTime(at: number, seed: string): string {
  const p = parts(at);
  return `${p.year}/${pad(p.month + 1)}/${pad(p.day)} ${p.hms}.${micros(at, seed)}`;
}

/** nginx's error log: `2026/12/06 12:00:05`. */
export function nginxErrorTime(at: number): string {
  const p = parts(at);
  return `${p.year}/${pad(p.month + 1)}/${pad(p.day)} ${p.hms}`;
}

/** The legacy host manager's eb-activity.log: `2018-07-14T22:01:12.345Z`. */
export function activityTime(at: number): string {
  return new Date(at).toISOString();
}
