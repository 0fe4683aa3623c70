/**
 * The SDK's adaptive retry (client-side rate limiting on throttling, backoff
 * on 5xx), except for an endpoint that accepted the connection and then went
 * silent. The SDK counts that as transient and tries again, so a black-holed
 * endpoint took three full request timeouts (about a minute) to report. A
 * silent endpoint rarely answers the second time, and the user can Retry, so
 * it is reported after the first timeout instead.
 */
import { AdaptiveRetryStrategy } from '@smithy/core/retry';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

/** The HTTP handler's own timeouts; AWS's `RequestTimeout` answers (S3) are ordinary errors and are retried. */
export function isSilentEndpoint(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'TimeoutError' || code === 'ETIMEDOUT';
}

export class FailFastOnSilence implements RetryStrategyV2 {
  constructor(private readonly inner: RetryStrategyV2) {}

  acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.inner.acquireInitialRetryToken(scope);
  }

  refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    // Refusing the token ends the attempts; the SDK then throws the timeout itself.
    if (isSilentEndpoint(errorInfo.error)) return Promise.reject(errorInfo.error);
    return this.inner.refreshRetryTokenForRetry(token, errorInfo);
  }

  recordSuccess(token: RetryToken): void {
    this.inner.recordSuccess(token);
  }
}

export function consoleRetryStrategy(maxAttempts: number): RetryStrategyV2 {
  return new FailFastOnSilence(new AdaptiveRetryStrategy(async () => maxAttempts));
}
