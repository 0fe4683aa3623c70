import type { AppError } from '../../../shared/contract';

/**
 * Whether trying the same call again may help: a throttle, a timeout or a 5xx may pass, and a
 * denial may too once someone grants the permission, which happens outside Trellis while the
 * panel waits. Rejected credentials and sign-in requests need a fix first, so they offer that.
 */
export function offersRetry(error: AppError): boolean {
  if (error.signIn) return false;
  return error.retryable || error.code === 'access-denied';
}
