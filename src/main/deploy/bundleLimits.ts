/**
 * The limits a source bundle is held to before anything is uploaded, and the
 * one way staging refuses a bundle: a validation error whose message names
 * the file and what is wrong with it.
 */
import { TrellisError } from '../aws/errors';

export const MIB = 1024 * 1024;
/** Elastic Beanstalk's own limit on a source bundle ("500 MB" in its docs and errors). */
export const EB_BUNDLE_LIMIT_BYTES = 500 * MIB;
/**
 * What a bundle may expand to on the instance. The same figure as EB's limit,
 * so one number explains both the upload and the unzip.
 */
export const MAX_EXPANDED_BYTES = 500 * MIB;
/** Enough for any app; more almost always means a virtualenv or node_modules was swept in. */
export const MAX_BUNDLE_FILES = 20_000;
/**
 * DEFLATE tops out near 1032:1, which only long runs of one byte reach. Real
 * source files stay far below 100:1, so a large entry past it is a bomb.
 */
export const MAX_ENTRY_RATIO = 100;
/** Small entries may compress absurdly well (a file of spaces) without costing anything. */
export const RATIO_CHECK_FROM_BYTES = 16 * MIB;
/** How many entries a summary carries for the preview; `fileCount` is always the total. */
export const LISTED_FILES = 2000;
export const LISTED_IGNORED = 500;

/** "612.3 MB": EB states its limit in MB, so sizes are shown the same way (in MiB, as its console does). */
export function megabytes(bytes: number): string {
  const mb = bytes / MIB;
  return `${mb >= 10 ? mb.toFixed(0) : mb.toFixed(1)} MB`;
}

/** A bundle refused before upload; `httpStatus` 413 marks a size or count limit for the upload endpoint. */
export function bundleProblem(message: string, opts: { tooLarge?: boolean; hint?: string } = {}): TrellisError {
  return new TrellisError({
    code: 'validation',
    message,
    retryable: false,
    ...(opts.tooLarge ? { httpStatus: 413 } : {}),
    ...(opts.hint ? { hint: opts.hint } : {}),
  });
}

export function overEbLimit(what: string, bytes: number): TrellisError {
  return bundleProblem(
    `${what} is ${megabytes(bytes)}; Elastic Beanstalk accepts source bundles of at most ${megabytes(EB_BUNDLE_LIMIT_BYTES)}.`,
    {
      tooLarge: true,
      hint: 'Leave out what the app does not need at run time (virtualenvs, data, build output) with .ebignore.',
    },
  );
}

/**
 * Why a path inside a bundle is unsafe, or undefined when it is fine. Both
 * zip entries and web-mode upload paths go through here: a path that leaves
 * the bundle root would be written outside the app folder by `unzip`, or
 * outside the upload folder by us.
 */
export function unsafePathReason(path: string, opts: { strict: boolean }): string | undefined {
  if (path === '') return 'the path is empty';
  if (path.includes('\0')) return 'the path contains a NUL character';
  if (path.includes('\\')) {
    return "it uses backslashes as folder separators (Windows' Compress-Archive writes them); Elastic Beanstalk's Linux unzip would create files with backslashes in their names";
  }
  if (path.startsWith('/')) return 'it is an absolute path';
  if (/^[A-Za-z]:/.test(path)) return 'it starts with a drive letter';
  const segments = path.split('/');
  if (segments.includes('..')) return 'it climbs out of the bundle root with ..';
  if (opts.strict) {
    const inner = path.endsWith('/') ? segments.slice(0, -1) : segments;
    if (inner.some((s) => s === '' || s === '.')) return 'it has an empty or "." path segment';
    if (path.length > 1024) return 'it is longer than 1024 characters';
  }
  return undefined;
}
