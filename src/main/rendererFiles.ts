import { realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * What the built renderer (out/renderer) may be served with, in both shells:
 * the desktop window's app:// scheme and web mode's loopback HTTP server.
 * One policy and one path check, so the two cannot drift apart.
 */

/**
 * The renderer's Content-Security-Policy, sent as a header. index.html carries
 * the same policy in a meta tag (minus frame-ancestors, which a meta tag
 * cannot set) so a page opened any other way is still locked. No eval, no
 * inline script, no remote origin: 'self' is the app's own files only.
 */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` that a URL path names, or null when the path is
 * malformed or would leave `root` (dot segments, encoded slashes, a leading
 * `//`, backslashes, NUL bytes, or a symlink pointing outside). `urlPath` is
 * the still-encoded pathname of a parsed URL. The file need not exist.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  // A backslash is a separator on Windows, and a NUL byte truncates paths in native code: neither names a file of ours.
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const base = resolve(root);
  const file = resolve(base, `.${sep}${decoded.replace(/^\/+/, '')}`);
  return isWithin(base, file) ? file : null;
}

function isWithin(base: string, file: string): boolean {
  const rel = relative(base, file);
  return rel === '' || (!isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/** The regular file at `file`, if it exists and, after symlinks, still lies under `root`. */
export async function existingFileInside(root: string, file: string): Promise<string | null> {
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!isWithin(realRoot, realFile)) return null;
    return (await stat(realFile)).isFile() ? realFile : null;
  } catch {
    return null;
  }
}
