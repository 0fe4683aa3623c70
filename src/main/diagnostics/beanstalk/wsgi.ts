/**
 * Where a WSGIPath points inside a bundle, per platform generation, and what
 * the setting should say instead when it points at nothing.
 *
 * Legacy (mod_wsgi) WSGIPath is a file path relative to the bundle root.
 * Gunicorn WSGIPath is `module:callable`: the module is imported from the
 * bundle root, so `FlaskApp.application` is `FlaskApp/application.py`
 * (Python 3 imports folders without __init__.py as namespace packages). A
 * listing shows whether the module exists, never whether the callable does.
 */
import { baseName, byDepth } from './bundleListing';
import { defaultWsgiPath, type PythonGeneration } from './platform';

export interface WsgiSuggestion {
  /** The file the new value points at. */
  file: string;
  /** The WSGIPath value that reaches it. */
  value: string;
}

export interface WsgiResolution {
  /** The value in force: the option, or the platform default when unset. */
  value: string;
  configured: boolean;
  /** Files any of which would satisfy the value. */
  expectedFiles: string[];
  /** The file that satisfies it, when one does. */
  found?: string;
  /** Gunicorn only: the callable part, kept when the module is moved. */
  callable?: string;
  /** Set when the callable part cannot be a Python name, which no file can fix. */
  invalidCallable?: boolean;
  /** Files that look like the intended target, shallowest first (whether or not a WSGIPath can reach them). */
  candidates: string[];
  /** The candidates a WSGIPath value can reach, with that value. */
  suggestions: WsgiSuggestion[];
}

const IDENTIFIER = /^[A-Za-z_]\w*$/;
const CALLABLE = /^[A-Za-z_]\w*(?:\(.*\))?$/;

function stripRoot(path: string): string {
  return path.trim().replace(/^(?:\.\/|\/)+/, '');
}

/** `a/b/c.py` → `a.b.c` when every part can be imported; undefined for folders like `my-app`. */
function moduleName(file: string): string | undefined {
  const parts = file
    .replace(/\.py$/, '')
    .replace(/\/__init__$/, '')
    .split('/');
  return parts.every((p) => IDENTIFIER.test(p)) ? parts.join('.') : undefined;
}

function candidatesNamed(name: string, files: ReadonlySet<string>): string[] {
  return [...files].filter((f) => baseName(f) === name).sort(byDepth);
}

function resolveLegacy(value: string, configured: boolean, files: ReadonlySet<string>): WsgiResolution {
  const path = stripRoot(value);
  const found = files.has(path) ? path : undefined;
  const named = candidatesNamed(baseName(path), files);
  const fallback = named.length > 0 ? named : candidatesNamed('application.py', files);
  return {
    value,
    configured,
    expectedFiles: [path],
    ...(found ? { found } : {}),
    candidates: found ? [] : fallback,
    suggestions: found ? [] : fallback.map((file) => ({ file, value: file })),
  };
}

/** Top-level names per module file, from reading the bundle's code (absent when it could not be read). */
export type ModuleDefinitions = ReadonlyArray<{ file: string; names: readonly string[] }>;

function resolveGunicorn(
  value: string,
  configured: boolean,
  files: ReadonlySet<string>,
  definitions: ModuleDefinitions,
): WsgiResolution {
  const colon = value.lastIndexOf(':');
  const modulePart = stripRoot(colon === -1 ? value : value.slice(0, colon));
  const callable = colon === -1 ? 'application' : value.slice(colon + 1).trim();
  const modulePath = modulePart.replace(/\.py$/, '').replace(/\./g, '/');
  const expectedFiles = modulePath === '' ? [] : [`${modulePath}.py`, `${modulePath}/__init__.py`];
  const found = expectedFiles.find((f) => files.has(f));
  const invalidCallable = !CALLABLE.test(callable);
  const moduleLeaf = baseName(modulePath) || 'application';
  const named = candidatesNamed(`${moduleLeaf}.py`, files);
  const safeCallable = invalidCallable ? 'application' : callable;
  // The module that really defines the callable beats a guess by file name (`app/main.py` holding `application`).
  const callableName = safeCallable.replace(/\(.*\)$/, '');
  const defining = definitions
    .filter((d) => d.names.includes(callableName) && files.has(d.file))
    .map((d) => d.file)
    .sort(byDepth);
  const fallback = named.length > 0 ? named : defining.length > 0 ? defining : candidatesNamed('application.py', files);
  const suggestions = found
    ? []
    : fallback.flatMap((file) => {
        const module = moduleName(file);
        return module ? [{ file, value: `${module}:${safeCallable}` }] : [];
      });
  return {
    value,
    configured,
    expectedFiles,
    ...(found ? { found } : {}),
    callable,
    ...(invalidCallable ? { invalidCallable } : {}),
    candidates: found ? [] : fallback,
    suggestions,
  };
}

export function resolveWsgi(
  generation: PythonGeneration,
  configured: string | undefined,
  files: ReadonlySet<string>,
  definitions: ModuleDefinitions = [],
): WsgiResolution {
  const isSet = configured !== undefined && configured.trim() !== '';
  const value = isSet ? configured.trim() : defaultWsgiPath(generation);
  return generation === 'legacy'
    ? resolveLegacy(value, isSet, files)
    : resolveGunicorn(value, isSet, files, definitions);
}

/** True when the target resolves: a legacy file exists, or a gunicorn module exists with a callable-shaped name. */
export function wsgiSatisfied(resolution: WsgiResolution): boolean {
  return resolution.found !== undefined && !resolution.invalidCallable;
}

/**
 * The WSGIPath that keeps pointing at the same code once `folder` becomes the
 * zip root, or undefined when the value does not reach into that folder.
 */
export function wsgiPathAfterRebundle(generation: PythonGeneration, value: string, folder: string): string | undefined {
  if (folder === '') return undefined;
  if (generation === 'legacy') {
    const path = stripRoot(value);
    return path.startsWith(`${folder}/`) ? path.slice(folder.length + 1) : undefined;
  }
  const dotted = `${folder.replace(/\//g, '.')}.`;
  const slashed = `${folder}/`;
  const trimmed = stripRoot(value);
  if (trimmed.startsWith(dotted)) return trimmed.slice(dotted.length);
  if (trimmed.startsWith(slashed)) return trimmed.slice(slashed.length);
  return undefined;
}

/**
 * The gunicorn platform's own words when it cannot import the app; the text
 * patterns know AppImportError, this catches the start-up failure summary.
 */
export const GUNICORN_LOAD_FAILURE = /(?:could not|failed to|cannot) (?:load|import|find) the WSGI app(?:lication)?\b/i;
