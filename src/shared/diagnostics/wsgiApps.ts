/**
 * Which top-level names of a Python bundle are WSGI apps, read from the code
 * as text: the Doctor runs where no Python is, and must find the app in
 * whatever file an operator put it (catalogue F3), not only in the file the
 * training lab uses.
 *
 * An app is made by a WSGI framework's constructor (`Flask(__name__)`,
 * Django's `get_wsgi_application()`, …), or is a factory: a top-level
 * function that builds one and returns it (`def create_app():`). Names bound
 * from those count too: `application = app`, `application = create_app()`,
 * `from app import app as application`, `application = factory.create_app()`.
 * Only top-level statements count, as only they bind what gunicorn and
 * mod_wsgi look up; a name bound under `if __name__ == '__main__':` does not.
 */

export type WsgiAppKind = 'object' | 'factory';

export interface WsgiApp {
  file: string;
  /** The top-level name a WSGI server looks up. */
  name: string;
  /** An object is served as is; a factory must be called (`module:create_app()` for gunicorn). */
  kind: WsgiAppKind;
  line: number;
  /** The statement that binds it, trimmed, for evidence: `app = Flask(__name__)`. */
  via: string;
}

export interface PythonModuleText {
  file: string;
  text: string;
}

/** WSGI frameworks' app constructors; ASGI ones (FastAPI, Quart) are left out because gunicorn's sync workers cannot serve them. */
const CONSTRUCTOR =
  /^(?:[A-Za-z_][\w.]*\.)?(?:Flask|APIFlask|FlaskApp|Bottle|default_app|get_wsgi_application|make_wsgi_app|WSGIApplication|DispatcherMiddleware)\s*\(|^(?:falcon|connexion)\.(?:App|API)\s*\(/;
const CONSTRUCTOR_ANYWHERE =
  /(?:^|[^\w.])(?:[A-Za-z_][\w.]*\.)?(?:Flask|APIFlask|FlaskApp|Bottle|get_wsgi_application|make_wsgi_app|WSGIApplication)\s*\(|\b(?:falcon|connexion)\.(?:App|API)\s*\(/;
const ASSIGN = /^([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)\s*(.+)$/;
const DEF = /^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/;
const FROM_IMPORT = /^from\s+(\.*[\w.]*)\s+import\s+(.+)$/;
const IMPORT = /^import\s+(.+)$/;
const IDENTIFIER = /^[A-Za-z_]\w*$/;
const CALL = /^([A-Za-z_]\w*)\s*\(/;
const ATTRIBUTE = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*(\()?/;
/** Enough rounds for an app re-exported through a few modules; each round only adds, so it ends anyway. */
const MAX_ROUNDS = 6;

type Statement =
  | { kind: 'assign'; line: number; name: string; expr: string; text: string }
  | { kind: 'def'; line: number; name: string; body: string; returns: boolean; text: string }
  | { kind: 'from'; line: number; module: string; names: Array<{ name: string; as: string }>; text: string }
  | { kind: 'import'; line: number; modules: Array<{ module: string; as: string }>; text: string };

function indented(line: string): boolean {
  return /^\s/.test(line);
}

function isCode(line: string): boolean {
  const trimmed = line.trim();
  return trimmed !== '' && !trimmed.startsWith('#');
}

function importedNames(list: string): Array<{ name: string; as: string }> {
  return list
    .replace(/[()]/g, '')
    .split(',')
    .map((part) => part.trim().split(/\s+as\s+/))
    .flatMap(([name, as]) =>
      name && IDENTIFIER.test(name) ? [{ name, as: as && IDENTIFIER.test(as) ? as : name }] : [],
    );
}

/** The module's top-level statements that can bind an app, in order; other lines are skipped. */
function statementsOf(text: string): Statement[] {
  const lines = text.split(/\r?\n/);
  const out: Statement[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const raw = (lines[i] ?? '').replace(/\s+#.*$/, '');
    if (indented(raw) || !isCode(raw)) continue;
    const line = raw.trim();
    const def = DEF.exec(line);
    if (def?.[1]) {
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length; j += 1) {
        const next = lines[j] ?? '';
        if (isCode(next) && !indented(next)) break;
        body.push(next);
      }
      const joined = body.join('\n');
      out.push({
        kind: 'def',
        line: i + 1,
        name: def[1],
        body: joined,
        returns: /\breturn\b/.test(joined),
        text: line,
      });
      i = j - 1;
      continue;
    }
    const from = FROM_IMPORT.exec(line);
    if (from?.[1] !== undefined && from[2] !== undefined) {
      const at = i + 1;
      let list = from[2];
      // `from x import (a,\n    b)` continues until the parenthesis closes.
      for (let j = i + 1; list.includes('(') && !list.includes(')') && j < lines.length; j += 1, i += 1) {
        list += ` ${(lines[j] ?? '').replace(/#.*$/, '')}`;
      }
      out.push({ kind: 'from', line: at, module: from[1], names: importedNames(list), text: line });
      continue;
    }
    const imported = IMPORT.exec(line);
    if (imported?.[1]) {
      const modules = imported[1].split(',').flatMap((part) => {
        const [module, as] = part.trim().split(/\s+as\s+/);
        // `import a.b` binds `a`; only an aliased import names the submodule itself.
        if (!module) return [];
        return [{ module, as: as ?? module.split('.')[0] ?? module }];
      });
      out.push({ kind: 'import', line: i + 1, modules, text: line });
      continue;
    }
    const assign = ASSIGN.exec(line);
    if (assign?.[1] && assign[2])
      out.push({ kind: 'assign', line: i + 1, name: assign[1], expr: assign[2].trim(), text: line });
  }
  return out;
}

function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash === -1 ? '' : file.slice(0, slash);
}

function join(folder: string, path: string): string {
  return folder === '' ? path : `${folder}/${path}`;
}

/**
 * The bundle file an import names, as Python would find it: relative imports
 * from the importer's package; absolute ones from the bundle root (the app's
 * working directory), then from the importer's folder and its parents (a
 * script's own folder is on sys.path, and apps zipped one folder down rely on it).
 */
export function resolveModuleFile(importer: string, spec: string, files: ReadonlySet<string>): string | undefined {
  const level = /^\.*/.exec(spec)?.[0].length ?? 0;
  const path = spec.slice(level).replace(/\./g, '/');
  const candidates = (base: string): string[] =>
    path === '' ? [join(base, '__init__.py')] : [join(base, `${path}.py`), join(base, `${path}/__init__.py`)];
  if (level > 0) {
    let base = folderOf(importer);
    for (let up = 1; up < level; up += 1) base = folderOf(base);
    return candidates(base).find((f) => files.has(f));
  }
  const bases = [''];
  for (let folder = folderOf(importer); folder !== ''; folder = folderOf(folder)) bases.splice(1, 0, folder);
  for (const base of bases) {
    const found = candidates(base).find((f) => files.has(f));
    if (found) return found;
  }
  return undefined;
}

type Found = Map<string, { kind: WsgiAppKind; line: number; via: string }>;

/** Every WSGI app the modules bind at top level, resolved across the bundle's own imports. */
export function findWsgiApps(modules: readonly PythonModuleText[]): WsgiApp[] {
  const files = new Set(modules.map((m) => m.file));
  const parsed = modules.map((m) => ({ file: m.file, statements: statementsOf(m.text) }));
  const apps = new Map<string, Found>(modules.map((m) => [m.file, new Map()]));
  /** Module aliases per file: `import pkg.factory as factory` → factory → pkg/factory.py. */
  const aliases = new Map<string, Map<string, string>>(modules.map((m) => [m.file, new Map()]));
  let changed = true;
  for (let round = 0; changed && round < MAX_ROUNDS; round += 1) {
    changed = false;
    for (const { file, statements } of parsed) {
      const own = apps.get(file) as Found;
      const moduleAliases = aliases.get(file) as Map<string, string>;
      const bind = (name: string, kind: WsgiAppKind, line: number, via: string): void => {
        if (own.has(name)) return;
        own.set(name, { kind, line, via });
        changed = true;
      };
      const factoryNames = (): string[] => [...own].filter(([, a]) => a.kind === 'factory').map(([n]) => n);
      for (const s of statements) {
        if (s.kind === 'import') {
          for (const { module, as } of s.modules) {
            const target = resolveModuleFile(file, module, files);
            if (target && !moduleAliases.has(as)) moduleAliases.set(as, target);
          }
        } else if (s.kind === 'from') {
          const target = resolveModuleFile(file, s.module, files);
          if (!target) continue;
          for (const { name, as } of s.names) {
            const app = apps.get(target)?.get(name);
            if (app) bind(as, app.kind, s.line, s.text);
            // `from pkg import factory`: a submodule, reachable as `factory.create_app`.
            const submodule = resolveModuleFile(
              file,
              `${s.module.endsWith('.') ? s.module : `${s.module}.`}${name}`,
              files,
            );
            if (!app && submodule && !moduleAliases.has(as)) moduleAliases.set(as, submodule);
          }
        } else if (s.kind === 'def') {
          const callsFactory = factoryNames().some((n) => new RegExp(`(?:^|[^\\w.])${n}\\s*\\(`).test(s.body));
          if (s.returns && (CONSTRUCTOR_ANYWHERE.test(s.body) || callsFactory)) bind(s.name, 'factory', s.line, s.text);
        } else {
          const expr = s.expr;
          if (CONSTRUCTOR.test(expr)) {
            bind(s.name, 'object', s.line, s.text);
            continue;
          }
          if (IDENTIFIER.test(expr)) {
            const aliased = own.get(expr);
            if (aliased) bind(s.name, aliased.kind, s.line, s.text);
            continue;
          }
          const called = CALL.exec(expr)?.[1];
          if (called && own.get(called)?.kind === 'factory') {
            bind(s.name, 'object', s.line, s.text);
            continue;
          }
          const attribute = ATTRIBUTE.exec(expr);
          const moduleFile = attribute?.[1] ? moduleAliases.get(attribute[1]) : undefined;
          const app = moduleFile && attribute?.[2] ? apps.get(moduleFile)?.get(attribute[2]) : undefined;
          if (app && attribute)
            bind(s.name, attribute[3] && app.kind === 'factory' ? 'object' : app.kind, s.line, s.text);
        }
      }
    }
  }
  return [...apps]
    .flatMap(([file, found]) =>
      [...found].map(([name, app]) => ({ file, name, kind: app.kind, line: app.line, via: app.via })),
    )
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
