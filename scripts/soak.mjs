// `npm run bench:soak -- --minutes N`: the soak benchmark (test/bench/soak.ts), bundled and run by
// scripts/bench.mjs like every benchmark; this only reads the options and hands them on. Needs
// `npm run build` first (it drives the built web mode in Chromium).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const usage = 'usage: npm run bench:soak -- [--minutes N]   (N from 0.5 to 240; default 4)';

function parseMinutes(argv) {
  let minutes = '4';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--minutes') minutes = argv[++i] ?? '';
    else if (arg.startsWith('--minutes=')) minutes = arg.slice('--minutes='.length);
    else {
      console.error(`soak: unknown option ${arg}\n${usage}`);
      process.exit(2);
    }
  }
  const n = Number(minutes);
  if (minutes.trim() === '' || !Number.isFinite(n) || n < 0.5 || n > 240) {
    console.error(`soak: --minutes ${minutes}: not a number of minutes from 0.5 to 240.\n${usage}`);
    process.exit(2);
  }
  return String(n);
}

const minutes = parseMinutes(process.argv.slice(2));
const bench = fileURLToPath(new URL('bench.mjs', import.meta.url));
const run = spawnSync(process.execPath, [bench, 'soak'], {
  stdio: 'inherit',
  env: { ...process.env, SOAK_MINUTES: minutes },
});
process.exit(run.status ?? 1);
