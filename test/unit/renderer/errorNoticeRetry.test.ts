import { describe, expect, it } from 'vitest';
import { offersRetry } from '../../../src/renderer/src/components/errorRetry';
import type { AppError } from '../../../src/shared/contract';

const error = (over: Partial<AppError>): AppError => ({ code: 'aws', message: 'm', retryable: false, ...over });

describe('which failed panels offer Retry', () => {
  it('offers it for what may pass next time: throttling, timeouts, 5xx, and a denial once the permission is granted', () => {
    expect(offersRetry(error({ code: 'throttled', retryable: true }))).toBe(true);
    expect(offersRetry(error({ code: 'timeout', retryable: true }))).toBe(true);
    expect(offersRetry(error({ code: 'aws', httpStatus: 503, retryable: true }))).toBe(true);
    expect(offersRetry(error({ code: 'access-denied', awsCode: 'AccessDenied' }))).toBe(true);
  });

  it('does not offer it where the same call cannot pass: rejected credentials, a sign-in to make first, bad input', () => {
    expect(offersRetry(error({ code: 'credentials', awsCode: 'ExpiredToken' }))).toBe(false);
    expect(offersRetry(error({ code: 'validation' }))).toBe(false);
    expect(
      offersRetry(
        error({
          code: 'access-denied',
          signIn: { kind: 'mfa', profile: 'lab', serial: 'arn:aws:iam::1:mfa/x' } as AppError['signIn'],
        }),
      ),
    ).toBe(false);
  });
});
