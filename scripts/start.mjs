// `npm start`: the desktop app where Electron's binary and a display exist,
// otherwise the same console in web mode, saying which and why.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findElectronBinary, hasDisplay, tryInstallElectron } from './electronBinary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const forceWeb = args.includes('--web') || process.env.TRELLIS_WEB === '1';
const passthrough = args.filter((a) => a !== '--web');

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function web(reason) {
  console.error(`trellis: ${reason}; serving the console in web mode instead.`);
  run(process.execPath, ['out/main/web.js', ...passthrough]);
}

if (forceWeb) {
  web('web mode requested');
} else {
  let binary = findElectronBinary();
  let why = 'Electron binary not installed';
  if (!binary) {
    const attempt = tryInstallElectron(60_000);
    binary = attempt.ok ? findElectronBinary() : undefined;
    if (!attempt.ok) why = `Electron's binary is not installed and could not be downloaded (${attempt.reason})`;
  }
  if (!binary) web(why);
  else if (!hasDisplay()) web('no display (DISPLAY/WAYLAND_DISPLAY unset), so no desktop window can open');
  else run(binary, ['.', ...passthrough]);
}
