/**
 * Bundles a TypeScript entry for a child node process, with the build-time
 * data plugins the app's own bundles use (the AWS managed policy set), so a
 * child runs what the app ships.
 */
import { build } from 'rolldown';
import { managedPolicySetPlugin } from '../../src/sandbox/scenarios/managedPolicySet/vitePlugin';

const PROJECT_ROOT = new URL('../..', import.meta.url).pathname;

/** Writes `<dir>/<name>.mjs` and returns its path. */
export async function bundleForNode(entry: string, dir: string, name: string): Promise<string> {
  await build({
    input: { [name]: `${PROJECT_ROOT}${entry}` },
    platform: 'node',
    plugins: [managedPolicySetPlugin(PROJECT_ROOT)],
    logLevel: 'warn',
    output: { dir, format: 'esm', entryFileNames: '[name].mjs' },
  });
  return `${dir}/${name}.mjs`;
}
