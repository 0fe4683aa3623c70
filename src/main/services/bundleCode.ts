/**
 * What the bundled Python code says about its own needs, read from the zip:
 * - the environment variables it reads. A KeyError at start-up is how a
 *   missing property shows on the instance (failures.md F8); reading the code
 *   finds the same names before the app is ever run, on any account, without
 *   the user declaring a list first;
 * - the names each module defines at top level, so a gunicorn WSGIPath can be
 *   pointed at the module that really defines the callable (F3).
 */
import { inflateRawSync } from 'node:zlib';
import { findWsgiApps, type WsgiAppKind } from '../../shared/diagnostics/wsgiApps';
import { zipEntryData, type ZipEntry } from '../../shared/zip';

export interface EnvironmentRead {
  name: string;
  file: string;
  line: number;
  /** `os.environ['X']` fails without X; `.get('X')` / `getenv('X')` has a default. */
  required: boolean;
}

/** Source files past this size are generated or vendored, not the app's configuration. */
const MAX_SOURCE_BYTES = 256 * 1024;
const MAX_FILES = 300;
const NAME = `([A-Za-z_][A-Za-z0-9_]*)`;
const PATTERNS: ReadonlyArray<{ re: RegExp; required: boolean }> = [
  { re: new RegExp(`os\\.environ\\[\\s*['"]${NAME}['"]\\s*\\]`, 'g'), required: true },
  { re: new RegExp(`os\\.environ\\.get\\(\\s*['"]${NAME}['"]`, 'g'), required: false },
  { re: new RegExp(`os\\.getenv\\(\\s*['"]${NAME}['"]`, 'g'), required: false },
  // `environ['X']` after `from os import environ`.
  { re: new RegExp(`(?<![.\\w])environ\\[\\s*['"]${NAME}['"]\\s*\\]`, 'g'), required: true },
];
/** Vendored packages and virtualenvs read their own variables; they are not the app's requirements. */
const SKIPPED = /(^|\/)(site-packages|venv|\.venv|env|node_modules|__pycache__)\//;

function sourceText(bytes: Uint8Array, entry: ZipEntry): string | undefined {
  if (entry.size > MAX_SOURCE_BYTES) return undefined;
  const stored = zipEntryData(bytes, entry);
  if (entry.method === 0) return Buffer.from(stored).toString('utf8');
  if (entry.method === 8) return inflateRawSync(stored, { maxOutputLength: MAX_SOURCE_BYTES }).toString('utf8');
  return undefined;
}

export interface ModuleDefinitions {
  file: string;
  /** Top-level `def name(` and `name =` in file order, at most MAX_NAMES. */
  names: string[];
  /** The WSGI apps the module binds at top level (shared/diagnostics/wsgiApps.ts); [] when none. */
  wsgi: Array<{ name: string; kind: WsgiAppKind; line: number; via: string }>;
}

export interface BundleCode {
  environmentReads: EnvironmentRead[];
  definitions: ModuleDefinitions[];
  /** AWS services the code calls: boto3 `client('s3')` / `resource('s3')` names, `es` for OpenSearch clients. */
  awsServices: string[];
}

const CLIENT = /\.(?:client|resource)\(\s*(?:service_name\s*=\s*)?['"]([a-z0-9-]+)['"]/g;
const SEARCH_CLIENT = /^\s*(?:from|import)\s+(?:opensearchpy|elasticsearch)\b/;

const MAX_NAMES = 40;
const TOP_LEVEL = /^(?:def\s+([A-Za-z_]\w*)\s*\(|([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=))/;

export function readBundleCode(bytes: Uint8Array, entries: readonly ZipEntry[]): BundleCode {
  const files = entries.filter((e) => !e.isDirectory && e.path.endsWith('.py') && !SKIPPED.test(e.path));
  const reads = new Map<string, EnvironmentRead>();
  const definitions: ModuleDefinitions[] = [];
  const modules: Array<{ file: string; text: string; names: string[] }> = [];
  const services = new Set<string>();
  for (const entry of files.slice(0, MAX_FILES)) {
    let text: string | undefined;
    try {
      text = sourceText(bytes, entry);
    } catch {
      // A file that cannot be read says nothing about requirements; the listing still stands.
      continue;
    }
    if (text === undefined) continue;
    const lines = text.split('\n');
    const names: string[] = [];
    lines.forEach((line, index) => {
      const defined = TOP_LEVEL.exec(line);
      const name = defined?.[1] ?? defined?.[2];
      if (name && names.length < MAX_NAMES && !names.includes(name)) names.push(name);
      if (line.trimStart().startsWith('#')) return;
      for (const match of line.matchAll(CLIENT)) if (match[1]) services.add(match[1]);
      if (SEARCH_CLIENT.test(line)) services.add('es');
      for (const { re, required } of PATTERNS) {
        for (const match of line.matchAll(re)) {
          const name = match[1];
          if (!name) continue;
          const known = reads.get(name);
          // A hard read anywhere makes the name required, whatever soft reads exist elsewhere.
          if (!known || (required && !known.required)) {
            reads.set(name, { name, file: entry.path, line: index + 1, required });
          }
        }
      }
    });
    modules.push({ file: entry.path, text, names });
  }
  const apps = findWsgiApps(modules);
  for (const { file, names } of modules) {
    const wsgi = apps.filter((a) => a.file === file).map(({ name, kind, line, via }) => ({ name, kind, line, via }));
    if (names.length > 0 || wsgi.length > 0) definitions.push({ file, names, wsgi });
  }
  return {
    environmentReads: [...reads.values()].sort((a, b) => a.name.localeCompare(b.name)),
    definitions,
    awsServices: [...services].sort(),
  };
}
