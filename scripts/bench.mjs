// `npm run bench`: bundles each benchmark in test/bench with rolldown (which
// ships with Vite) and runs it with node, so benchmarks exercise the real
// TypeScript sources without a separate TS runner.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv[2];
const benches = readdirSync(new URL('../test/bench', import.meta.url))
  .filter((f) => f.endsWith('.ts'))
  .filter((f) => !only || f.startsWith(only));

let failed = false;
for (const file of benches) {
  const name = file.replace(/\.ts$/, '');
  const dir = `out/bench/${name}`;
  const build = spawnSync(
    'npx',
    [
      'rolldown',
      `test/bench/${file}`,
      '--platform',
      'node',
      '--format',
      'esm',
      // Resolved from node_modules at run time: its own files find their assets by __dirname.
      '--external',
      'playwright-core',
      '--dir',
      dir,
      '--entry-file-names',
      '[name].mjs',
      '--log-level',
      'warn',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (build.status !== 0) {
    failed = true;
    continue;
  }
  const run = spawnSync(process.execPath, ['--expose-gc', `${dir}/${name}.mjs`], { cwd: root, stdio: 'inherit' });
  failed ||= run.status !== 0;
}
process.exit(failed ? 1 : 0);
