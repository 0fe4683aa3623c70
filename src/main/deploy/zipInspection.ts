/**
 * Checks a .zip before it becomes a source bundle: that it is a zip at all,
 * that it is whole, that no entry escapes the root, and that it does not
 * expand past the limit. Sizes are measured while inflating, not taken from
 * the headers, because a zip bomb's headers are free to lie.
 */
import { Inflate } from 'fflate';
import { TrellisError } from '../aws/errors';
import { listZipEntries, zipEntryData, ZipFormatError, type ZipEntry } from '../../shared/zip';
import {
  bundleProblem,
  MAX_BUNDLE_FILES,
  MAX_ENTRY_RATIO,
  MAX_EXPANDED_BYTES,
  megabytes,
  RATIO_CHECK_FROM_BYTES,
  unsafePathReason,
} from './bundleLimits';

export interface InspectedFile {
  path: string;
  size: number;
  /** The inflated bytes, only when asked for (a re-bundle rewrites them). */
  data?: Uint8Array;
}

export interface InspectedZip {
  files: InspectedFile[];
  entries: ZipEntry[];
}

/** Compressed input is fed in slices this size, so one push can inflate to at most ~64 MiB before the limits are checked. */
const SLICE = 64 * 1024;
const ENCRYPTED_FLAG = 0x1;

/** What the first bytes say the file is, for the "not a zip" message. */
function looksLike(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 8));
  if (head[0] === 0x1f && head[1] === 0x8b) return 'it is gzip data (a .tar.gz or .gz?)';
  if (head.subarray(0, 4).toString('latin1') === 'Rar!') return 'it is a RAR archive';
  if (head.subarray(0, 6).equals(Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]))) return 'it is a 7-Zip archive';
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'it is a PDF';
  const text = Buffer.from(bytes.subarray(0, 512));
  if (!text.some((b) => b < 0x09 || (b > 0x0d && b < 0x20))) return 'it looks like a text file';
  return 'it does not start with a ZIP signature';
}

function startsLikeZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && [0x03, 0x05, 0x07].includes(bytes[2] ?? 0);
}

function truncated(name: string): Error {
  return bundleProblem(
    `${name} is truncated: it starts like a ZIP archive, but its end is missing, so the copy or download was probably cut short. Zip the app again.`,
  );
}

function listEntries(bytes: Uint8Array, name: string): ZipEntry[] {
  if (bytes.byteLength === 0) return failWith(`${name} is empty (0 bytes), not a ZIP archive.`);
  if (!startsLikeZip(bytes)) {
    return failWith(`${name} is not a ZIP archive: ${looksLike(bytes)}. Elastic Beanstalk needs a .zip source bundle.`);
  }
  try {
    return listZipEntries(bytes);
  } catch (err) {
    if (!(err instanceof ZipFormatError)) throw err;
    if (err.message.startsWith('Not a ZIP archive')) throw truncated(name);
    if (err.message.startsWith('ZIP64')) {
      return failWith(
        `${name} is a ZIP64 archive (over 4 GB or 65,535 entries), far past what Elastic Beanstalk accepts.`,
      );
    }
    return failWith(`${name} is damaged: ${err.message}`);
  }
}

function failWith(message: string): never {
  throw bundleProblem(message);
}

function bomb(name: string, detail: string): Error {
  return bundleProblem(
    `${name} expands past a safe size: ${detail}. That is a zip bomb, or a bundle Elastic Beanstalk would not unpack.`,
    { tooLarge: true },
  );
}

function localFlags(bytes: Uint8Array, entry: ZipEntry): number {
  if (entry.localHeaderOffset + 8 > bytes.byteLength) return 0;
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(entry.localHeaderOffset + 6, true);
}

/** Inflates one entry in slices, counting what comes out against the bundle's remaining budget. */
function inflateEntry(
  name: string,
  entry: ZipEntry,
  stored: Uint8Array,
  budget: number,
  keep: boolean,
): { size: number; data?: Uint8Array } {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const count = (chunk: Uint8Array) => {
    size += chunk.byteLength;
    if (size > budget) {
      throw bomb(name, `the entries pass ${megabytes(MAX_EXPANDED_BYTES)} while inflating ${entry.path}`);
    }
    if (size > RATIO_CHECK_FROM_BYTES && size > MAX_ENTRY_RATIO * Math.max(stored.byteLength, 1)) {
      throw bomb(
        name,
        `${entry.path} inflates more than ${MAX_ENTRY_RATIO} times its ${stored.byteLength}-byte compressed size`,
      );
    }
    if (keep) chunks.push(chunk);
  };
  if (entry.method === 0) {
    count(stored);
  } else {
    const inflater = new Inflate((chunk) => count(chunk));
    try {
      let at = 0;
      do {
        const end = Math.min(at + SLICE, stored.byteLength);
        inflater.push(stored.subarray(at, end), end >= stored.byteLength);
        at = end;
      } while (at < stored.byteLength);
    } catch (err) {
      if (err instanceof TrellisError) throw err;
      return failWith(
        `${name} is damaged: the data of ${entry.path} cannot be inflated (${err instanceof Error ? err.message : String(err)}).`,
      );
    }
  }
  if (size !== entry.size) {
    return failWith(`${name} is damaged: ${entry.path} says it holds ${entry.size} bytes but inflates to ${size}.`);
  }
  if (!keep) return { size };
  const data = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    data.set(c, at);
    at += c.byteLength;
  }
  return { size, data };
}

/**
 * Reads every entry of the archive once. Throws a validation TrellisError
 * naming `name` and the first problem; returns the files (folders dropped)
 * with their real sizes.
 */
export function inspectZip(bytes: Uint8Array, name: string, opts: { keepData?: boolean } = {}): InspectedZip {
  const entries = listEntries(bytes, name);
  if (entries.length > MAX_BUNDLE_FILES) {
    throw bundleProblem(
      `${name} has ${entries.length} entries; Trellis deploys at most ${MAX_BUNDLE_FILES}. A virtualenv or node_modules was probably zipped in.`,
      { tooLarge: true },
    );
  }
  // Cheap first: a header that admits to a bomb is refused before any inflating.
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > MAX_EXPANDED_BYTES) {
    throw bomb(name, `its entries declare ${megabytes(declared)} in all, over ${megabytes(MAX_EXPANDED_BYTES)}`);
  }
  const files: InspectedFile[] = [];
  const seen = new Set<string>();
  let expanded = 0;
  for (const entry of entries) {
    const reason = unsafePathReason(entry.path, { strict: false });
    if (reason) {
      throw bundleProblem(
        `${name} has an entry whose path is unsafe, "${entry.path.replace(/\0/g, '\\0')}": ${reason}. Zip the app again from inside its folder.`,
      );
    }
    const path = entry.path.replace(/^(?:\.\/)+/, '');
    if (seen.has(path)) throw bundleProblem(`${name} has two entries named ${path}; unzip would keep only one.`);
    seen.add(path);
    if (entry.isDirectory) continue;
    if (localFlags(bytes, entry) & ENCRYPTED_FLAG) {
      throw bundleProblem(`${name} is password-protected (${path} is encrypted); Elastic Beanstalk cannot unzip it.`);
    }
    if (entry.method !== 0 && entry.method !== 8) {
      throw bundleProblem(
        `${name} stores ${path} with compression method ${entry.method}; only stored and deflated entries can be checked and unzipped everywhere. Zip it again with a standard zip tool.`,
      );
    }
    let stored: Uint8Array;
    try {
      stored = zipEntryData(bytes, entry);
    } catch (err) {
      if (err instanceof ZipFormatError && /runs past the end/.test(err.message)) throw truncated(name);
      if (err instanceof ZipFormatError) return failWith(`${name} is damaged: ${err.message}`);
      throw err;
    }
    const inflated = inflateEntry(name, entry, stored, MAX_EXPANDED_BYTES - expanded, opts.keepData ?? false);
    expanded += inflated.size;
    files.push({ path, size: inflated.size, ...(inflated.data ? { data: inflated.data } : {}) });
  }
  return { files, entries };
}
