/**
 * The connect and request timeouts, settable for slow links or far regions:
 * `TRELLIS_CONNECT_TIMEOUT_MS` and `TRELLIS_REQUEST_TIMEOUT_MS`. A bad value
 * stops the start with a message that names the variable, rather than being
 * ignored or becoming a timeout of zero (which would mean "never").
 */
import type { ClientFactoryOptions } from './clientFactory';

const LIMITS = { min: 100, max: 600_000 };

function parse(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^\d+$/.test(raw.trim())) {
    throw new RangeError(`${name}=${raw}: not a whole number of milliseconds (use ${LIMITS.min}–${LIMITS.max}).`);
  }
  const value = Number(raw.trim());
  if (value < LIMITS.min || value > LIMITS.max) {
    throw new RangeError(`${name}=${raw}: out of range; use ${LIMITS.min}–${LIMITS.max} milliseconds.`);
  }
  return value;
}

export function timeoutsFromEnv(
  env: NodeJS.ProcessEnv,
): Pick<ClientFactoryOptions, 'connectionTimeoutMs' | 'requestTimeoutMs'> {
  const connectionTimeoutMs = parse(env, 'TRELLIS_CONNECT_TIMEOUT_MS');
  const requestTimeoutMs = parse(env, 'TRELLIS_REQUEST_TIMEOUT_MS');
  return {
    ...(connectionTimeoutMs === undefined ? {} : { connectionTimeoutMs }),
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
  };
}
