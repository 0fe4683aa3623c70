/**
 * @cloud-copilot/iam-simulate (and its iam-policy and iam-utils) are AGPL-3.0:
 * the evaluator's tests compare with it, but the app must never ship it. It stays a devDependency, nothing under
 * src/ imports it, and no built bundle in out/ contains it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..', '..');
const PACKAGE = '@cloud-copilot/iam-simulate';
/** The package's own names, as a bundler would keep them (string literals and exported function names). */
const AGPL_PACKAGES = ['@cloud-copilot/iam-simulate', '@cloud-copilot/iam-policy', '@cloud-copilot/iam-utils'];
const TRACES = [...AGPL_PACKAGES, 'runUnsafeSimulation', 'StsServiceAuthorizer', 'requestMatchesNotPrincipal'];

function filesUnder(dir: string, extensions: readonly string[]): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, extensions);
    return extensions.some((extension) => name.endsWith(extension)) ? [path] : [];
  });
}

function containing(files: readonly string[], traces: readonly string[]): string[] {
  return files.filter((file) => {
    const text = readFileSync(file, 'utf8');
    return traces.some((trace) => text.includes(trace));
  });
}

describe(`${PACKAGE} is never shipped`, () => {
  it('is a devDependency only', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies ?? {})).not.toContain(PACKAGE);
    expect(Object.keys(manifest.devDependencies ?? {})).toContain(PACKAGE);
  });

  it('is not imported anywhere under src/', () => {
    const sources = filesUnder(join(ROOT, 'src'), ['.ts', '.tsx', '.js', '.mjs', '.cjs']);
    expect(sources.length).toBeGreaterThan(100);
    expect(containing(sources, AGPL_PACKAGES)).toEqual([]);
  });

  it('is not in any built bundle in out/', () => {
    const bundles = ['main', 'preload', 'renderer'].flatMap((part) =>
      filesUnder(join(ROOT, 'out', part), ['.js', '.mjs', '.cjs']),
    );
    // Checks the build when there is one (npm test builds before the browser tests); src/ is checked above either way.
    expect(containing(bundles, TRACES)).toEqual([]);
  });
});
