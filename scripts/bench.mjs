// `npm run bench`: bundles each benchmark in test/bench with rolldown (which
// ships with Vite) and runs it with node, so benchmarks exercise the real
// TypeScript sources without a separate TS runner. The bundles get the same
// build-time data plugins as the app (the AWS managed policy set, the IAM
// service data), so a benchmark runs what the app ships.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv[2];
const benches = readdirSync(new URL('../test/bench', import.meta.url))
  .filter((f) => f.endsWith('.ts'))
  .filter((f) => !only || f.startsWith(only));

/** Packages stay imports, resolved from node_modules at run time; only the project's own files are bundled. */
const bare = (id) => !id.startsWith('.') && !isAbsolute(id) && !id.startsWith('virtual:') && !id.startsWith('\0');

/** The plugins are TypeScript: bundle them once, then load them. */
async function loadPlugins() {
  const dir = `${root}out/bench/_plugins`;
  await build({
    input: { plugins: `${root}scripts/benchPlugins.ts` },
    platform: 'node',
    external: bare,
    logLevel: 'warn',
    output: { dir, format: 'esm', entryFileNames: '[name].mjs' },
  });
  const { benchPlugins } = await import(pathToFileURL(`${dir}/plugins.mjs`).href);
  return benchPlugins(root);
}

const plugins = await loadPlugins();
let failed = false;
for (const file of benches) {
  const name = file.replace(/\.ts$/, '');
  const dir = `${root}out/bench/${name}`;
  try {
    await build({
      input: { [name]: `${root}test/bench/${file}` },
      platform: 'node',
      plugins,
      // Resolved from node_modules at run time: its own files find their assets by __dirname.
      external: ['playwright-core'],
      logLevel: 'warn',
      output: { dir, format: 'esm', entryFileNames: '[name].mjs' },
    });
  } catch (error) {
    console.error(`bench ${name}: bundling failed:`, error);
    failed = true;
    continue;
  }
  const run = spawnSync(process.execPath, ['--expose-gc', `${dir}/${name}.mjs`], { cwd: root, stdio: 'inherit' });
  failed ||= run.status !== 0;
}
process.exit(failed ? 1 : 0);
