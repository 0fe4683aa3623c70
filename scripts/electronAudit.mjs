#!/usr/bin/env node
/**
 * `npm run audit:electron`: Doyensec's Electronegativity over the code the
 * desktop app ships (main, preload, the renderer and its index.html, and
 * package.json for the Electron version), compared with the checked-in
 * security/electronegativity-justified.json. Fails on any finding that is not
 * justified there, and on any justification that no longer matches a finding
 * (a stale entry would silently excuse the next finding of that kind).
 *
 * Offline by construction: the tool fetches translations and Electron's
 * release list from the internet. Before it loads, every socket connect to a
 * host other than loopback fails at once (no DNS lookup, no packet), with an
 * error code its HTTP client does not retry; the releases check is excluded
 * (see the JSON file) and the Electron version comes from package.json.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const justifiedFile = join(root, 'security', 'electronegativity-justified.json');
const LOOPBACK = /^(127(?:\.\d{1,3}){3}|::1|localhost)$/i;

/** Every outbound connection this process tries, allowed or not, for the summary line. */
const attempted = [];

function keepOffline() {
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(...args) {
    const [first, second] = args;
    const options = first !== null && typeof first === 'object' && !Array.isArray(first) ? first : undefined;
    // A Unix socket path (Node treats any truthy `path` as one; HTTP agents pass `path: null`) is local by definition.
    if (options?.path || (typeof first === 'string' && !/^\d+$/.test(first))) {
      return connect.apply(this, args);
    }
    const host = options ? (options.host ?? 'localhost') : typeof second === 'string' ? second : 'localhost';
    attempted.push(host);
    if (LOOPBACK.test(host)) return connect.apply(this, args);
    const refused = Object.assign(new Error(`electronAudit: no network; refused a connection to ${host}`), {
      code: 'ERR_TRELLIS_OFFLINE',
    });
    process.nextTick(() => this.destroy(refused));
    return this;
  };
}

function electronVersion(pkg) {
  const range = pkg.devDependencies?.electron ?? pkg.dependencies?.electron;
  const version = /\d+\.\d+\.\d+/.exec(range ?? '')?.[0];
  if (!version) throw new Error(`package.json declares no Electron version (found ${JSON.stringify(range)}).`);
  return version;
}

/** A copy of what ships, laid out as the app sees it, so findings name main/…, preload/…, renderer/…. */
function stageSources() {
  const stage = mkdtempSync(join(tmpdir(), 'trellis-electronegativity-'));
  for (const part of ['main', 'preload', 'renderer']) {
    cpSync(join(root, 'src', part), join(stage, part), { recursive: true });
  }
  cpSync(join(root, 'package.json'), join(stage, 'package.json'));
  return stage;
}

function loadJustified() {
  const data = JSON.parse(readFileSync(justifiedFile, 'utf8'));
  for (const [i, entry] of data.justified.entries()) {
    for (const key of ['check', 'file', 'reason']) {
      if (typeof entry[key] !== 'string' || entry[key].length === 0)
        throw new Error(`${justifiedFile}: justified[${i}] needs a non-empty "${key}".`);
    }
  }
  return data;
}

async function main() {
  keepOffline();
  // The locale picks which translation file the tool asks for; en-US is bundled with it.
  process.env.LANG = 'en-US';
  const require = createRequire(import.meta.url);
  const run = require('@doyensec/electronegativity/dist/runner.js');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const version = electronVersion(pkg);
  const { justified, excludedChecks, fixed } = loadJustified();

  const stage = stageSources();
  const quiet = console.log;
  let result;
  try {
    // Its only console output without a CLI is the failed translation fetch, which we caused on purpose.
    console.log = () => undefined;
    result = await run(
      {
        input: stage,
        electronVersionOverride: version,
        customScan: [],
        excludeFromScan: excludedChecks.map((c) => c.check.toLowerCase()),
        isRelative: true,
        parserPlugins: [],
      },
      false,
    );
  } finally {
    console.log = quiet;
    rmSync(stage, { recursive: true, force: true });
  }

  const parseErrors = result.errors.filter((e) => !e.tolerable);
  const findings = result.issues.map((issue) => ({
    check: issue.id,
    file: issue.file,
    line: issue.location?.line ?? 0,
    severity: issue.severity?.name ?? '?',
    confidence: issue.confidence?.name ?? '?',
    description: issue.description,
  }));
  const key = (f) => `${f.check} ${f.file}`;
  const justifiedKeys = new Set(justified.map(key));
  const unjustified = findings.filter((f) => !justifiedKeys.has(key(f)));
  const stale = justified.filter((j) => !findings.some((f) => key(f) === key(j)));

  const blocked = attempted.filter((h) => !LOOPBACK.test(h));
  console.log(
    `Electronegativity ${require('@doyensec/electronegativity/package.json').version} for Electron ${version}: ` +
      `${result.atomicChecks} atomic and ${result.globalChecks} global checks, ` +
      `${excludedChecks.length} excluded; ${blocked.length} outbound connection(s) refused (${[...new Set(blocked)].join(', ') || 'none'}).`,
  );
  console.log(
    `Findings: ${findings.length} now, ${findings.length - unjustified.length} justified, ` +
      `${unjustified.length} unjustified; ${fixed.length} fixed earlier (listed in security/electronegativity-justified.json).`,
  );
  for (const f of findings) {
    const mark = justifiedKeys.has(key(f)) ? 'justified  ' : 'UNJUSTIFIED';
    console.log(`  ${mark} ${f.check} ${f.file}:${f.line} [${f.severity}/${f.confidence}] ${f.description}`);
  }
  for (const e of parseErrors) console.error(`electronAudit: could not parse ${e.file}: ${e.message}`);
  for (const s of stale) {
    console.error(
      `electronAudit: stale justification, no longer found: ${s.check} ${s.file}. Remove it from the file.`,
    );
  }

  if (unjustified.length > 0 || stale.length > 0 || parseErrors.length > 0) {
    console.error(
      'electronAudit: fix each UNJUSTIFIED finding, or add it to security/electronegativity-justified.json ' +
        'with the reason it does not apply.',
    );
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(`electronAudit: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
