/**
 * The deployed app's Python source, read from its bundle, for what Python
 * itself would print: the first third-party import that fails without a
 * requirements.txt, and the lines a traceback quotes (the `os.environ[...]`
 * read behind a KeyError, the `boto3.client(...)` behind NoRegionError).
 *
 * Modules load in execution order: the WSGI module top to bottom, entering
 * each local module at the line that imports it, as Python does.
 */
import { unzipSync } from 'fflate';
import type { EnvironmentState } from '../state/beanstalkState';
import type { StateDocument } from '../state/document';
import type { SourceFrame } from '../state/logState';

/** Files past this size are vendored or generated, not the app's own code. */
const MAX_SOURCE_BYTES = 256 * 1024;
const MAX_DEPTH = 4;
const SKIPPED = /(^|\/)(site-packages|venv|\.venv|node_modules|__pycache__)\//;

/** Modules every CPython install has; a missing requirements.txt cannot break these imports. */
const STANDARD_LIBRARY = new Set(
  (
    '__future__ abc argparse array asyncio base64 binascii bisect calendar codecs collections concurrent ' +
    'configparser contextlib copy csv ctypes dataclasses datetime decimal difflib email enum errno fnmatch ' +
    'functools getpass gettext glob gzip hashlib heapq hmac html http importlib inspect io ipaddress itertools ' +
    'json locale logging math mimetypes multiprocessing numbers operator os pathlib pickle platform pprint queue ' +
    'random re secrets select shlex shutil signal socket sqlite3 ssl stat statistics string struct subprocess ' +
    'sys tarfile tempfile textwrap threading time timeit traceback types typing unicodedata unittest urllib ' +
    'uuid warnings weakref xml zipfile zlib'
  ).split(' '),
);

export interface AppSource {
  /** Every file in the bundle, normalised as `unzip` would create them. */
  readonly files: ReadonlySet<string>;
  /** The text of a readable `.py` file, split into lines. */
  lines(path: string): readonly string[] | undefined;
}

function normalise(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(?:\.\/|\/)+/, '');
}

/** Reads the `.py` files of a zip; undefined when the bytes are not a readable zip. */
export function appSourceFromZip(bytes: Uint8Array): AppSource | undefined {
  let unzipped: Record<string, Uint8Array>;
  const files = new Set<string>();
  try {
    unzipped = unzipSync(bytes, {
      filter: (file) => {
        files.add(normalise(file.name));
        return file.name.endsWith('.py') && !SKIPPED.test(file.name) && file.originalSize <= MAX_SOURCE_BYTES;
      },
    });
  } catch {
    return undefined;
  }
  const texts = new Map<string, readonly string[]>();
  for (const [name, data] of Object.entries(unzipped)) {
    texts.set(normalise(name), new TextDecoder('utf-8').decode(data).split(/\r?\n/));
  }
  return { files, lines: (path) => texts.get(path) };
}

/** The source of the version an environment runs (or is about to run); undefined for EB's sample app or a bad bundle. */
export function readAppSource(
  doc: StateDocument,
  env: EnvironmentState,
  versionLabel = env.versionLabel,
): AppSource | undefined {
  const version = doc.elasticbeanstalk.applicationVersions.find(
    (v) => v.applicationName === env.applicationName && v.versionLabel === versionLabel,
  );
  const source = version?.sourceBundle;
  if (!source) return undefined;
  const object = doc.s3.buckets.find((b) => b.name === source.s3Bucket)?.objects.find((o) => o.key === source.s3Key);
  return object ? appSourceFromZip(new Uint8Array(Buffer.from(object.bodyBase64, 'base64'))) : undefined;
}

/** The file a WSGIPath loads: a path on the legacy platform, `module:callable` for gunicorn. */
export function wsgiModuleFile(source: AppSource, wsgiPath: string, legacy: boolean): string | undefined {
  if (legacy) {
    const path = normalise(wsgiPath);
    return source.files.has(path) ? path : undefined;
  }
  const module = (wsgiPath.split(':')[0] ?? '').replace(/\.py$/, '').replace(/\./g, '/');
  return [`${module}.py`, `${module}/__init__.py`].find((candidate) => source.files.has(candidate));
}

const IMPORT = /^import\s+([\w.]+)/;
const FROM_IMPORT = /^from\s+(\.*[\w.]*)\s+import\b/;

/** The module a top-level import line names, or undefined for other lines. */
function importedModule(line: string): string | undefined {
  if (/^\s/.test(line)) return undefined;
  return IMPORT.exec(line)?.[1] ?? FROM_IMPORT.exec(line)?.[1];
}

/** What a top-level import line loads, in the order Python runs it: the package, then `from pkg import sub` submodules. */
function importedModules(line: string): string[] {
  const module = importedModule(line);
  if (module === undefined) return [];
  const names = FROM_IMPORT.test(line) ? (/\bimport\s+\(?([\w\s,]+)/.exec(line)?.[1] ?? '') : '';
  const join = (name: string): string => (module.endsWith('.') ? `${module}${name}` : `${module}.${name}`);
  const submodules = names
    .split(',')
    .map((name) => name.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name !== '')
    .map(join);
  return [module, ...submodules];
}

/** The bundle file a local import resolves to, relative to the importing file's folder, then the app root. */
function localModuleFile(source: AppSource, importer: string, module: string): string | undefined {
  const relative = module.replace(/^\.+/, '').replace(/\./g, '/');
  if (relative === '') return undefined;
  const folder = importer.includes('/') ? importer.slice(0, importer.lastIndexOf('/') + 1) : '';
  const candidates = [folder, ''].flatMap((base) => [`${base}${relative}.py`, `${base}${relative}/__init__.py`]);
  return candidates.find((candidate) => source.files.has(candidate));
}

/** The enclosing `def` of a line, found by indentation, or `<module>`. */
function enclosingFunction(lines: readonly string[], index: number): string {
  const indent = (text: string): number => text.length - text.trimStart().length;
  let limit = indent(lines[index] ?? '');
  for (let at = index - 1; at >= 0 && limit > 0; at -= 1) {
    const line = lines[at] ?? '';
    if (line.trim() === '' || indent(line) >= limit) continue;
    const def = /^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)/.exec(line);
    if (def?.[1]) return def[1];
    limit = indent(line);
  }
  return '<module>';
}

function frameAt(file: string, lines: readonly string[], index: number): SourceFrame {
  return { file, line: index + 1, function: enclosingFunction(lines, index), code: (lines[index] ?? '').trim() };
}

/** Walks the code from `entry` as importing it runs it: top-level lines in order, entering local imports. */
function walkImport(
  source: AppSource,
  entry: string,
  match: (line: string) => boolean,
  topLevelOnly: boolean,
): SourceFrame[] | undefined {
  const visited = new Set<string>();
  const walk = (file: string, depth: number): SourceFrame[] | undefined => {
    const lines = source.lines(file);
    if (!lines || visited.has(file) || depth > MAX_DEPTH) return undefined;
    visited.add(file);
    for (let index = 0; index < lines.length; index += 1) {
      const line = lines[index] ?? '';
      if (line.trimStart().startsWith('#')) continue;
      if ((!topLevelOnly || !/^\s/.test(line)) && match(line)) return [frameAt(file, lines, index)];
      for (const module of importedModules(line)) {
        const local = localModuleFile(source, file, module);
        const inner = local === undefined ? undefined : walk(local, depth + 1);
        if (inner) return [frameAt(file, lines, index), ...inner];
      }
    }
    return undefined;
  };
  return walk(entry, 0);
}

/**
 * The frames that lead to the first line `match` accepts, the way Python
 * gets there: code that runs on import first (top-level lines of the WSGI
 * module and of the local modules it imports, in order), then function
 * bodies reached the same way, then any other file, without a chain.
 */
export function framesTo(
  source: AppSource,
  entry: string | undefined,
  match: (line: string) => boolean,
): SourceFrame[] | undefined {
  const fromEntry =
    entry === undefined
      ? undefined
      : (walkImport(source, entry, match, true) ?? walkImport(source, entry, match, false));
  if (fromEntry) return fromEntry;
  for (const file of [...source.files].filter((f) => f.endsWith('.py')).sort()) {
    const lines = source.lines(file);
    if (!lines) continue;
    const index = lines.findIndex((line) => !line.trimStart().startsWith('#') && match(line));
    if (index !== -1) return [frameAt(file, lines, index)];
  }
  return undefined;
}

/**
 * The first import that fails when no dependencies were installed: the first
 * top-level import, in execution order, of a module that is neither in the
 * standard library nor in the bundle. `flask` when the code says nothing.
 */
export function firstMissingImport(
  source: AppSource | undefined,
  entry: string | undefined,
): { module: string; frames: SourceFrame[] } {
  if (!source) return { module: 'flask', frames: [] };
  let found = 'flask';
  const frames = framesTo(source, entry, (line) => {
    const module = importedModule(line);
    if (module === undefined || module.startsWith('.')) return false;
    const top = module.split('.')[0] ?? module;
    if (STANDARD_LIBRARY.has(top) || source.files.has(`${top}.py`) || source.files.has(`${top}/__init__.py`)) {
      return false;
    }
    found = top;
    return true;
  });
  return { module: frames ? found : 'flask', frames: frames ?? [] };
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The `os.environ['NAME']` read (no default) of the first missing name the code reaches. */
export function missingPropertyRead(
  source: AppSource | undefined,
  entry: string | undefined,
  missing: readonly string[],
): { name: string; frames: SourceFrame[] } {
  const fallback = { name: missing[0] ?? 'UNKNOWN', frames: [] };
  if (!source || missing.length === 0) return fallback;
  const names = missing.map(escapeRegExp).join('|');
  const read = new RegExp(`(?:^|[^.\\w])(?:os\\.)?environ\\[\\s*['"](${names})['"]\\s*\\]`);
  let name = fallback.name;
  const frames = framesTo(source, entry, (line) => {
    const match = read.exec(line);
    if (match?.[1]) name = match[1];
    return match !== null;
  });
  return frames ? { name, frames } : fallback;
}
