// `npm test` starts here: the tools the tests drive that npm cannot install
// are checked before ten minutes of other tests, so a fresh machine stops at
// once with the one command to run, not half-way with a launch error.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the browser tests look for Chromium (test/support/webConsole.ts). */
export function chromiumPath(env = process.env) {
  return env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function runs(command, args, env) {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 30_000, env });
    return true;
  } catch {
    return false;
  }
}

/** What is missing, each with what it is for and the command that provides it; empty when all is there. */
export function missingTools(env = process.env) {
  const missing = [];
  const browser = chromiumPath(env);
  if (!executable(browser)) {
    missing.push({
      what: `Chromium at ${browser} (the browser tests drive it)`,
      fix: env.CHROMIUM_PATH
        ? `point CHROMIUM_PATH at a Chromium, or unset it and run: apt-get update && apt-get install -y chromium`
        : 'apt-get update && apt-get install -y chromium   (as root; or set CHROMIUM_PATH to another Chromium)',
    });
  }
  if (!runs('python3', ['-c', 'import moto'], env)) {
    missing.push({
      what: 'python3 with moto (the interop tests compare against it)',
      fix: 'python3 -m pip install "moto[server]==5.2.1"',
    });
  }
  if (!runs('aws', ['--version'], env)) {
    missing.push({ what: 'the AWS CLI (the interop tests run it)', fix: 'python3 -m pip install awscli' });
  }
  return missing;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const missing = missingTools();
  if (missing.length > 0) {
    console.error('npm test: this machine lacks what some tests need:');
    for (const m of missing) console.error(`- ${m.what}\n    ${m.fix}`);
    process.exit(1);
  }
}
