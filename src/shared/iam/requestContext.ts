/**
 * The request context that Condition blocks and policy variables read: the
 * context keys of one request and their values.
 *
 * Whoever builds a context also says what a key it lacks means. AWS's own
 * request context is complete: a key it lacks is absent from the request,
 * which makes `StringEquals` false, `StringNotEquals` true and `Null: true`
 * hold. The sandbox knows the global keys of its requests but not every
 * service key; the Doctor, estimating from policies alone, knows nothing. A
 * key that is neither present nor known to be absent is unknown, and a
 * condition on it cannot be decided (the evaluator then errs towards refusing).
 */

/** One string for a single-valued key; a list (even of one) for a multivalued key such as aws:TagKeys. */
export type ContextValue = string | readonly string[];

export interface RequestContext {
  /** Lower-cased key → its value. */
  readonly values: ReadonlyMap<string, ContextValue>;
  /**
   * Which missing keys are absent from the request: `all` (a complete context,
   * as AWS evaluates and as the simulator does), `none` (nothing about the
   * request is known), or a test on the lower-cased key.
   */
  readonly absent: 'all' | 'none' | ((loweredKey: string) => boolean);
}

export type KeyLookup =
  | { readonly kind: 'present'; readonly value: ContextValue }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unknown' };

export function lookupKey(context: RequestContext, key: string): KeyLookup {
  const lowered = key.toLowerCase();
  const value = context.values.get(lowered);
  if (value !== undefined) return { kind: 'present', value };
  const { absent } = context;
  const isAbsent = absent === 'all' ? true : absent === 'none' ? false : absent(lowered);
  return isAbsent ? { kind: 'absent' } : { kind: 'unknown' };
}

/** A context from a plain record of keys (any case) to values. */
export function contextOf(
  entries: Readonly<Record<string, ContextValue | undefined>>,
  absent: RequestContext['absent'] = 'all',
): RequestContext {
  const values = new Map<string, ContextValue>();
  for (const [key, value] of Object.entries(entries)) {
    if (value !== undefined) values.set(key.toLowerCase(), value);
  }
  return { values, absent };
}

/** What the Doctor has when it estimates from policies alone: no request at all. */
export const UNKNOWN_REQUEST: RequestContext = { values: new Map(), absent: 'none' };
