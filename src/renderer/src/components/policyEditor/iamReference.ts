/**
 * The IAM service reference for the editor, loaded on first use: a 1.3 MB
 * chunk the first view never waits for. Load and index times are recorded as
 * performance measures ("trellis:iam-data:load", "trellis:iam-data:index") so
 * benchmarks and tests can read them.
 */
import { indexIamData, type IamIndex } from '../../../../shared/policyLint';

let pending: Promise<IamIndex> | undefined;
let ready: IamIndex | undefined;

export function loadIamReference(): Promise<IamIndex> {
  pending ??= (async () => {
    const start = performance.now();
    const { default: data } = await import('virtual:trellis-iam-data');
    const loaded = performance.now();
    const index = indexIamData(data);
    performance.measure('trellis:iam-data:load', { start, end: loaded });
    performance.measure('trellis:iam-data:index', { start: loaded, end: performance.now() });
    ready = index;
    return index;
  })().catch((error: unknown) => {
    // A failed chunk load may succeed later (the app was rebuilt underneath us); let the next editor try again.
    pending = undefined;
    throw error;
  });
  return pending;
}

/** The reference if it has already loaded, so a second editor lints at once. */
export const loadedIamReference = (): IamIndex | undefined => ready;
