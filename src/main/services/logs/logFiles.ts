/**
 * What EB hands back for a log request, turned into files: the tail text
 * (every file's last lines in one object, each under a dashed banner) and the
 * bundle zip (the instance's /var/log, paths relative to /). Pure functions of
 * the downloaded bytes, so the limits and path checks are tested on crafted input.
 */
import { Inflate } from 'fflate';
import type { LogFile } from '../../../shared/contract';
import { listZipEntries, zipEntryData, ZipFormatError } from '../../../shared/zip';

/** EB's banner is forty dashes; anything from twenty up is taken as one, so a reformatted banner still splits. */
const BANNER = /^-{20,}\s*$/;
/** Only absolute paths count as a file heading; a dashed line in a log followed by prose does not start a section. */
const PATH_LINE = /^\/\S*$/;

export function countLines(text: string): number {
  if (text === '') return 0;
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return text.endsWith('\n') ? count : count + 1;
}

export function logFile(path: string, text: string): LogFile {
  return { path, text, bytes: Buffer.byteLength(text, 'utf8'), lineCount: countLines(text) };
}

/**
 * Splits one instance's tail object into its files. Text before the first
 * banner (there is none in EB's output) is kept under `(no file name)` rather than dropped.
 */
export function parseTailText(text: string): LogFile[] {
  const lines = text.split(/\r?\n/);
  const files: { path: string; lines: string[] }[] = [];
  let current: { path: string; lines: string[] } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const path = lines[i + 1];
    if (BANNER.test(line) && path !== undefined && PATH_LINE.test(path.trim()) && BANNER.test(lines[i + 2] ?? '')) {
      current = { path: path.trim(), lines: [] };
      files.push(current);
      i += 2;
      continue;
    }
    if (!current) {
      if (line.trim() === '') continue;
      current = { path: '(no file name)', lines: [] };
      files.push(current);
    }
    current.lines.push(line);
  }
  return files.map((f) => {
    // The blank line EB leaves before the next banner belongs to neither file.
    while (f.lines.length > 0 && f.lines[f.lines.length - 1] === '') f.lines.pop();
    return logFile(f.path, f.lines.length ? `${f.lines.join('\n')}\n` : '');
  });
}

export interface BundleLimits {
  /** Uncompressed bytes across every entry; past this the bundle is refused rather than cut. */
  maxTotalBytes: number;
  maxEntries: number;
}

export class LogBundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogBundleError';
  }
}

/** A path that would land outside the folder it was unpacked into, on any platform. */
export function escapesRoot(path: string): boolean {
  if (path.startsWith('/') || path.includes('\\') || /^[A-Za-z]:/.test(path)) return true;
  return path.split('/').some((segment) => segment === '..');
}

/** Files whose first KiB holds a NUL byte (rotated .gz logs, core files) are listed, not decoded. */
function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024);
  return head.includes(0);
}

const INFLATE_CHUNK = 16 * 1024;

/** Inflates with a byte budget checked as output arrives, so a lying size field cannot blow memory up. */
function inflateWithin(stored: Uint8Array, budget: number, path: string, limits: BundleLimits): Uint8Array {
  const parts: Uint8Array[] = [];
  let produced = 0;
  const inflater = new Inflate((chunk) => {
    produced += chunk.length;
    if (produced > budget) throw new LogBundleError(overLimit(limits, path));
    parts.push(chunk);
  });
  for (let at = 0; at < stored.length; at += INFLATE_CHUNK) {
    const end = Math.min(stored.length, at + INFLATE_CHUNK);
    inflater.push(stored.subarray(at, end), end === stored.length);
  }
  if (stored.length === 0) inflater.push(new Uint8Array(0), true);
  return Buffer.concat(parts);
}

function overLimit(limits: BundleLimits, path: string): string {
  return `The log bundle expands past ${Math.round(limits.maxTotalBytes / 1024 / 1024)} MiB (at ${path}); Trellis stopped unpacking it. Download it with the AWS CLI to read it whole.`;
}

/**
 * Every file in a log bundle as text, named as on the instance
 * (`var/log/nginx/error.log` → `/var/log/nginx/error.log`). Refuses the
 * whole bundle, rather than skipping quietly, when an entry escapes the root
 * or the contents pass the limits: such a bundle did not come from EB.
 */
export function unpackLogBundle(bytes: Uint8Array, limits: BundleLimits): LogFile[] {
  let entries;
  try {
    entries = listZipEntries(bytes);
  } catch (err) {
    if (err instanceof ZipFormatError) throw new LogBundleError(`The log bundle is not a readable zip: ${err.message}`);
    throw err;
  }
  if (entries.length > limits.maxEntries) {
    throw new LogBundleError(
      `The log bundle has ${entries.length} entries; Trellis reads at most ${limits.maxEntries}.`,
    );
  }
  const bad = entries.find((e) => escapesRoot(e.path));
  if (bad) throw new LogBundleError(`The log bundle has an entry outside its root (${bad.path}); Trellis refused it.`);
  const files: LogFile[] = [];
  let total = 0;
  for (const entry of entries) {
    if (entry.isDirectory) continue;
    if (total + entry.size > limits.maxTotalBytes) throw new LogBundleError(overLimit(limits, entry.path));
    let data: Uint8Array;
    try {
      const stored = zipEntryData(bytes, entry);
      if (entry.method === 0) data = stored;
      else if (entry.method === 8) data = inflateWithin(stored, limits.maxTotalBytes - total, entry.path, limits);
      else {
        files.push(logFile(`/${entry.path}`, `(compression method ${entry.method} is not supported; not shown)\n`));
        continue;
      }
    } catch (err) {
      if (err instanceof LogBundleError) throw err;
      throw new LogBundleError(`The log bundle is damaged at ${entry.path}: ${(err as Error).message}`);
    }
    total += data.length;
    const path = `/${entry.path}`;
    if (looksBinary(data)) {
      files.push({ path, text: `(binary file, ${data.length} bytes; not shown)\n`, bytes: data.length, lineCount: 1 });
      continue;
    }
    const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
    files.push({ ...logFile(path, text), bytes: data.length });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
