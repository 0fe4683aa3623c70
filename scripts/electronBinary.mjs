// Finding and fetching Electron's binary without letting a failed download
// break `npm ci` or `npm start`: electron >= 40 fetches it lazily, and on a
// machine with no route to its download host that must degrade to web mode.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function electronDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/** The binary's path when it is installed, else undefined. Never downloads. */
export function findElectronBinary() {
  const dir = electronDir();
  if (!dir) return undefined;
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
    return existsSync(p) ? p : undefined;
  }
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : undefined;
}

/** Runs electron's own installer once, bounded in time. Returns { ok, reason }. */
export function tryInstallElectron(timeoutMs) {
  const dir = electronDir();
  if (!dir) return { ok: false, reason: 'the electron package is not installed' };
  const installer = join(dir, 'install.js');
  if (!existsSync(installer)) return { ok: false, reason: 'electron has no install.js' };
  const result = spawnSync(process.execPath, [installer], { encoding: 'utf8', timeout: timeoutMs, stdio: 'pipe' });
  if (result.status === 0 && findElectronBinary()) return { ok: true };
  const out = `${result.stderr ?? ''}\n${result.stdout ?? ''}`;
  const line =
    out.split('\n').find((l) => /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|Error:/.test(l)) ??
    (result.error ? String(result.error.message) : `installer exited with ${result.status ?? result.signal}`);
  const reason = /fetch failed/.test(line) ? 'no network route to its download host: fetch failed' : line.trim();
  return { ok: false, reason: reason.slice(0, 200) };
}

/** Linux needs a display server for a window; elsewhere one is always there. */
export function hasDisplay(env = process.env) {
  return process.platform !== 'linux' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}
