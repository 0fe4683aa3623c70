import type { AppError, Result } from '../../../shared/contract';

/**
 * The state of one piece of remote data. `previous` keeps the last good value
 * on screen while a refresh runs or after it fails, so a failing refresh does
 * not blank a panel.
 */
export type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading'; previous?: T }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: AppError; previous?: T };

export const idle: Loadable<never> = { status: 'idle' };

export function dataOf<T>(value: Loadable<T> | undefined): T | undefined {
  if (!value) return undefined;
  if (value.status === 'ready') return value.data;
  if (value.status === 'loading' || value.status === 'error') return value.previous;
  return undefined;
}

export function loading<T>(current: Loadable<T> | undefined): Loadable<T> {
  return { status: 'loading', previous: dataOf(current) };
}

export function settle<T>(current: Loadable<T> | undefined, result: Result<T>): Loadable<T> {
  return result.ok
    ? { status: 'ready', data: result.data }
    : { status: 'error', error: result.error, previous: dataOf(current) };
}
