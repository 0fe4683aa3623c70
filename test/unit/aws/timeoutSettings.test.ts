import { describe, expect, it } from 'vitest';
import { timeoutsFromEnv } from '../../../src/main/aws/timeoutSettings';

describe('timeout settings from the environment', () => {
  it('takes whole milliseconds, and leaves the defaults alone when unset', () => {
    expect(timeoutsFromEnv({})).toEqual({});
    expect(timeoutsFromEnv({ TRELLIS_CONNECT_TIMEOUT_MS: '1500', TRELLIS_REQUEST_TIMEOUT_MS: ' 30000 ' })).toEqual({
      connectionTimeoutMs: 1500,
      requestTimeoutMs: 30000,
    });
  });

  it('refuses a value that is not a whole number, or out of range, naming the variable', () => {
    expect(() => timeoutsFromEnv({ TRELLIS_REQUEST_TIMEOUT_MS: '9s' })).toThrow(
      'TRELLIS_REQUEST_TIMEOUT_MS=9s: not a whole number of milliseconds (use 100–600000).',
    );
    expect(() => timeoutsFromEnv({ TRELLIS_CONNECT_TIMEOUT_MS: '0' })).toThrow(
      'TRELLIS_CONNECT_TIMEOUT_MS=0: out of range; use 100–600000 milliseconds.',
    );
  });
});

describe('the bundle upload timeout', () => {
  it('allows for sending the bundle at 128 KiB/s on top of the usual 9 s', async () => {
    const { uploadTimeoutMs } = await import('../../../src/main/changes/planners/beanstalkDeploy');
    expect(uploadTimeoutMs(0)).toBe(9_000);
    // A 50 MiB bundle: 400 s to send at 128 KiB/s.
    expect(uploadTimeoutMs(50 * 1024 * 1024)).toBe(409_000);
  });
});
