/**
 * Where a WSGIPath points inside a bundle, per platform generation, whether
 * the module there binds the name the server looks up, and what the setting
 * should say instead: the module that really creates the app, whatever its
 * file name or depth.
 *
 * Legacy (mod_wsgi) WSGIPath is a file path relative to the bundle root, and
 * mod_wsgi calls the file's top-level `application` (its WSGICallableObject
 * default, which EB does not let you change). Gunicorn WSGIPath is
 * `module:callable`, imported from the bundle root, so
 * `FlaskApp.application` is `FlaskApp/application.py` (Python 3 imports
 * folders without __init__.py as namespace packages); `module:create_app()`
 * calls a factory. On Amazon Linux 2/2023 a Procfile at the root starts the
 * app instead, and WSGIPath is not used.
 *
 * What modules bind comes from reading the code (shared/diagnostics/wsgiApps.ts);
 * a listing without it falls back to file names.
 */
import type { WsgiApp } from '../../../shared/diagnostics/wsgiApps';
import { baseName, byDepth } from './bundleListing';
import { defaultWsgiPath, type PythonGeneration } from './platform';

export interface WsgiSuggestion {
  /** The file the new value points at. */
  file: string;
  /** The WSGIPath value that reaches it. */
  value: string;
  /** The app it serves, when the code was read. */
  app?: WsgiApp;
}

/**
 * The module WSGIPath names exists but does not serve: it lacks the name the
 * server looks up (`missing`), names a factory without calling it
 * (`not-called`), or calls an app object (`called-object`).
 */
export interface CallableProblem {
  kind: 'missing' | 'not-called' | 'called-object' | 'factory-on-legacy';
  file: string;
  /** The name the server looks up: `application` on legacy, the callable part for gunicorn. */
  name: string;
  /** The apps the module does bind. */
  apps: WsgiApp[];
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
  /** Files that look like the intended target, best first (whether or not a WSGIPath can reach them). */
  candidates: string[];
  /** The candidates a WSGIPath value can reach, with that value. */
  suggestions: WsgiSuggestion[];
  /** Every WSGI app the bundle's code binds, best candidate first; undefined when the code was not read. */
  apps?: WsgiApp[];
  callableProblem?: CallableProblem;
  /** Amazon Linux 2/2023 with a Procfile at the root: the Procfile starts the app and WSGIPath is ignored. */
  procfile?: boolean;
}

/** Top-level names per module file, from reading the bundle's code (absent when it could not be read). */
export type ModuleDefinitions = ReadonlyArray<{
  file: string;
  names: readonly string[];
  wsgi?: ReadonlyArray<Omit<WsgiApp, 'file'>>;
}>;

const IDENTIFIER = /^[A-Za-z_]\w*$/;
const CALLABLE = /^[A-Za-z_]\w*(?:\(.*\))?$/;
/** mod_wsgi's WSGICallableObject default; EB's legacy platform does not expose the directive. */
export const LEGACY_CALLABLE = 'application';

function stripRoot(path: string): string {
  return path.trim().replace(/^(?:\.\/|\/)+/, '');
}

/** `a/b/c.py` → `a.b.c` when every part can be imported; undefined for folders like `my-app`. */
export function moduleName(file: string): string | undefined {
  const parts = file
    .replace(/\.py$/, '')
    .replace(/\/__init__$/, '')
    .split('/');
  return parts.every((p) => IDENTIFIER.test(p)) ? parts.join('.') : undefined;
}

function candidatesNamed(name: string, files: ReadonlySet<string>): string[] {
  return [...files].filter((f) => baseName(f) === name).sort(byDepth);
}

/** The apps of the code, or undefined when some module's apps were never read (an older listing). */
function appsOf(definitions: ModuleDefinitions | undefined, files: ReadonlySet<string>): WsgiApp[] | undefined {
  if (!definitions || definitions.some((d) => d.wsgi === undefined)) return undefined;
  return definitions
    .filter((d) => files.has(d.file))
    .flatMap((d) => (d.wsgi ?? []).map((a) => ({ file: d.file, ...a })));
}

function binds(definitions: ModuleDefinitions, file: string, name: string): boolean {
  const d = definitions.find((m) => m.file === file);
  return d !== undefined && (d.names.includes(name) || (d.wsgi ?? []).some((a) => a.name === name));
}

/** Best first: the file the setting meant, the name it asked for, objects before factories, then shallowest. */
function rank(apps: readonly WsgiApp[], preferFile: (file: string) => boolean, preferName: string): WsgiApp[] {
  const score = (a: WsgiApp): number =>
    (preferFile(a.file) ? 0 : 4) + (a.name === preferName ? 0 : 2) + (a.kind === 'object' ? 0 : 1);
  return [...apps].sort((a, b) => score(a) - score(b) || byDepth(a.file, b.file) || a.line - b.line);
}

function unique(files: readonly string[]): string[] {
  return [...new Set(files)];
}

/** Files named like the target, else application.py, shallowest first: the guess when the code says nothing. */
function legacyFallback(path: string, files: ReadonlySet<string>): string[] {
  const named = candidatesNamed(baseName(path), files);
  return named.length > 0 ? named : candidatesNamed('application.py', files);
}

function resolveLegacy(
  value: string,
  configured: boolean,
  files: ReadonlySet<string>,
  definitions: ModuleDefinitions | undefined,
): WsgiResolution {
  const path = stripRoot(value);
  const found = files.has(path) ? path : undefined;
  const base = { value, configured, expectedFiles: [path], ...(found ? { found } : {}) };
  const apps = appsOf(definitions, files);
  if (!apps || !definitions) {
    if (found) return { ...base, candidates: [], suggestions: [] };
    const fallback = legacyFallback(path, files);
    return { ...base, candidates: fallback, suggestions: fallback.map((file) => ({ file, value: file })) };
  }
  const ranked = rank(apps, (f) => f === path || baseName(f) === baseName(path), LEGACY_CALLABLE);
  let callableProblem: CallableProblem | undefined;
  if (found) {
    const own = apps.filter((a) => a.file === found);
    const served = own.find((a) => a.name === LEGACY_CALLABLE);
    if (served?.kind === 'factory') {
      callableProblem = { kind: 'factory-on-legacy', file: found, name: LEGACY_CALLABLE, apps: own };
    } else if (!binds(definitions, found, LEGACY_CALLABLE) && own.length > 0) {
      callableProblem = { kind: 'missing', file: found, name: LEGACY_CALLABLE, apps: own };
    }
  }
  if (found && !callableProblem) return { ...base, candidates: [], suggestions: [], apps: ranked };
  // mod_wsgi serves only a top-level object named `application`; any other app needs a line of code first.
  const usable: WsgiSuggestion[] = ranked
    .filter((a) => a.name === LEGACY_CALLABLE && a.kind === 'object' && a.file !== found)
    .map((app) => ({ file: app.file, value: app.file, app }));
  // The reading misses apps made by code it cannot follow (`application = make()`); a file binding the name still counts.
  const bound =
    usable.length > 0
      ? []
      : legacyFallback(path, files)
          .filter((f) => f !== found && binds(definitions, f, LEGACY_CALLABLE))
          .map((file) => ({ file, value: file }));
  const suggestions = [...usable, ...bound];
  return {
    ...base,
    candidates: unique([...suggestions.map((s) => s.file), ...ranked.map((a) => a.file)]),
    suggestions,
    apps: ranked,
    ...(callableProblem ? { callableProblem } : {}),
  };
}

function gunicornValue(app: WsgiApp): string | undefined {
  const module = moduleName(app.file);
  return module ? `${module}:${app.name}${app.kind === 'factory' ? '()' : ''}` : undefined;
}

function resolveGunicorn(
  value: string,
  configured: boolean,
  files: ReadonlySet<string>,
  definitions: ModuleDefinitions | undefined,
): WsgiResolution {
  const colon = value.lastIndexOf(':');
  const modulePart = stripRoot(colon === -1 ? value : value.slice(0, colon));
  const callable = colon === -1 ? 'application' : value.slice(colon + 1).trim();
  const modulePath = modulePart.replace(/\.py$/, '').replace(/\./g, '/');
  const expectedFiles = modulePath === '' ? [] : [`${modulePath}.py`, `${modulePath}/__init__.py`];
  const found = expectedFiles.find((f) => files.has(f));
  const invalidCallable = !CALLABLE.test(callable);
  const safeCallable = invalidCallable ? 'application' : callable;
  const callableName = safeCallable.replace(/\(.*\)$/, '');
  const calls = safeCallable.endsWith(')');
  const moduleLeaf = baseName(modulePath) || 'application';
  const base = {
    value,
    configured,
    expectedFiles,
    ...(found ? { found } : {}),
    callable,
    ...(invalidCallable ? { invalidCallable } : {}),
  };
  if (files.has('Procfile')) return { ...base, candidates: [], suggestions: [], procfile: true };
  const apps = appsOf(definitions, files);
  // The module that really defines the callable beats a guess by file name (`app/main.py` holding `application`).
  const named = candidatesNamed(`${moduleLeaf}.py`, files);
  const defining = (definitions ?? [])
    .filter((d) => d.names.includes(callableName) && files.has(d.file))
    .map((d) => d.file)
    .sort(byDepth);
  const guessed = named.length > 0 ? named : defining.length > 0 ? defining : candidatesNamed('application.py', files);
  const guesses: WsgiSuggestion[] = guessed.flatMap((file) => {
    const module = moduleName(file);
    return module && file !== found ? [{ file, value: `${module}:${safeCallable}` }] : [];
  });
  if (!apps || !definitions) {
    if (found) return { ...base, candidates: [], suggestions: [] };
    return { ...base, candidates: guessed, suggestions: guesses };
  }
  const ranked = rank(
    apps,
    (f) => f === found || (found === undefined && baseName(f) === `${moduleLeaf}.py`),
    callableName,
  );
  let callableProblem: CallableProblem | undefined;
  if (found && !invalidCallable) {
    const own = apps.filter((a) => a.file === found);
    const served = own.find((a) => a.name === callableName);
    if (served?.kind === 'factory' && !calls) {
      callableProblem = { kind: 'not-called', file: found, name: callableName, apps: own };
    } else if (served?.kind === 'object' && calls) {
      callableProblem = { kind: 'called-object', file: found, name: callableName, apps: own };
    } else if (!served && !binds(definitions, found, callableName) && own.length > 0) {
      callableProblem = { kind: 'missing', file: found, name: callableName, apps: own };
    }
  }
  if (found && !callableProblem) return { ...base, candidates: [], suggestions: [], apps: ranked };
  const fromApps = ranked.flatMap((app) => {
    const suggested = gunicornValue(app);
    return suggested && suggested !== value ? [{ file: app.file, value: suggested, app }] : [];
  });
  const suggestions = fromApps.length > 0 ? fromApps : guesses.filter((s) => binds(definitions, s.file, callableName));
  return {
    ...base,
    candidates: unique([...suggestions.map((s) => s.file), ...ranked.map((a) => a.file)]),
    suggestions,
    apps: ranked,
    ...(callableProblem ? { callableProblem } : {}),
  };
}

export function resolveWsgi(
  generation: PythonGeneration,
  configured: string | undefined,
  files: ReadonlySet<string>,
  definitions?: ModuleDefinitions,
): WsgiResolution {
  const isSet = configured !== undefined && configured.trim() !== '';
  const value = isSet ? configured.trim() : defaultWsgiPath(generation);
  return generation === 'legacy'
    ? resolveLegacy(value, isSet, files, definitions)
    : resolveGunicorn(value, isSet, files, definitions);
}

/**
 * True when the target resolves: a legacy file exists, or a gunicorn module
 * exists with a callable-shaped name, or a Procfile starts the app. Whether
 * the module binds the callable is `callableProblem`'s business.
 */
export function wsgiSatisfied(resolution: WsgiResolution): boolean {
  return resolution.procfile === true || (resolution.found !== undefined && !resolution.invalidCallable);
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
