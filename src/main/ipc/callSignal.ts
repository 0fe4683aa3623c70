import { AsyncLocalStorage } from 'node:async_hooks';
import { setMaxListeners } from 'node:events';
import { CANCELLED_MESSAGE } from '../../shared/contract/common';
import { TrellisError } from '../aws/errors';

/**
 * The cancellation of one renderer call, carried to every AWS request the
 * call makes without threading a parameter through each service function:
 * the transport starts the call with its signal, and the client factory reads
 * it when it sends. Switching profile or region aborts the old target's calls
 * in the renderer; this is how the abort reaches the SDK's HTTP request.
 */
const current = new AsyncLocalStorage<AbortSignal>();

/**
 * Every request a call makes (pages, batches, queued sends) listens to the one
 * signal, so a call of a large account passes Node's default of ten listeners
 * without leaking any: each removes its own when its request ends.
 */
const LISTENERS_PER_CALL = 1000;

export function runWithCallSignal<T>(signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> {
  if (!signal) return call();
  setMaxListeners(LISTENERS_PER_CALL, signal);
  return current.run(signal, call);
}

export function currentCallSignal(): AbortSignal | undefined {
  return current.getStore();
}

export function cancelledError(): TrellisError {
  return new TrellisError({ code: 'network', message: CANCELLED_MESSAGE, retryable: true });
}
