/**
 * Writes a source bundle to disk as it is built: each file is deflated as its
 * bytes arrive and the archive goes straight to the file, so a 500 MB folder
 * never sits in memory. The output is deterministic (entries in the order
 * given, one fixed timestamp, no host attributes), so zipping the same folder
 * twice gives the same sha-256.
 *
 * fflate lays out the archive; the DEFLATE data itself comes from Node's
 * zlib, because fflate 0.8.3's streaming deflater can emit back-references
 * beyond its window on some inputs (found on a 40 MB file here: zlib and
 * Python both reject its output with "invalid distance too far back").
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { crc32, createDeflateRaw } from 'node:zlib';
import { Zip, type AsyncFlateStreamHandler, type ZipInputFile } from 'fflate';
import { EB_BUNDLE_LIMIT_BYTES, overEbLimit } from './bundleLimits';

/** 1980-01-01 00:00 in local time: the earliest DOS date, built from local fields so the stored value never depends on the time zone. */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/** One archive entry whose compressed bytes are handed to fflate's Zip as zlib produces them. */
class DeflatedEntry implements ZipInputFile {
  size = 0;
  crc = 0;
  readonly compression = 8;
  readonly mtime = FIXED_MTIME;
  /** Replaced by Zip.add with the archive's own handler. */
  ondata: AsyncFlateStreamHandler = () => undefined;

  constructor(readonly filename: string) {}
}

export interface WrittenBundle {
  sizeBytes: number;
  sha256: string;
}

export class BundleWriter {
  private readonly hash = createHash('sha256');
  private readonly zip: Zip;
  private pending: Uint8Array[] = [];
  private size = 0;
  private failure: Error | undefined;
  private done = false;

  private constructor(
    private readonly file: string,
    private readonly handle: FileHandle,
    private readonly what: string,
  ) {
    this.zip = new Zip((err, chunk) => {
      if (err) {
        this.failure ??= err;
        return;
      }
      this.size += chunk.byteLength;
      if (this.size > EB_BUNDLE_LIMIT_BYTES) this.failure ??= overEbLimit(this.what, this.size);
      this.hash.update(chunk);
      this.pending.push(chunk);
    });
  }

  /** `what` names the bundle in a size-limit message ("The zipped folder FlaskApp"). */
  static async create(file: string, what: string): Promise<BundleWriter> {
    return new BundleWriter(file, await open(file, 'wx', 0o600), what);
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    const chunks = this.pending;
    this.pending = [];
    for (const chunk of chunks) await this.handle.write(chunk);
  }

  /** Adds one file at `path` (forward slashes, relative to the zip root) from bytes or a stream of them. */
  async add(path: string, source: Uint8Array | AsyncIterable<Uint8Array>): Promise<void> {
    const entry = new DeflatedEntry(path);
    this.zip.add(entry);
    const deflater = createDeflateRaw({ level: 6 });
    deflater.on('data', (out: Buffer) => entry.ondata(null, new Uint8Array(out), false));
    const ended = once(deflater, 'end');
    try {
      for await (const chunk of source instanceof Uint8Array ? [source] : source) {
        entry.crc = crc32(chunk, entry.crc);
        entry.size += chunk.byteLength;
        if (!deflater.write(chunk)) await once(deflater, 'drain');
        await this.flush();
      }
      deflater.end();
      await ended;
    } catch (err) {
      deflater.destroy();
      throw err;
    }
    // Size and CRC are final now; fflate writes them into the data descriptor and central directory.
    entry.ondata(null, new Uint8Array(0), true);
    await this.flush();
  }

  async finish(): Promise<WrittenBundle> {
    this.zip.end();
    await this.flush();
    await this.handle.close();
    this.done = true;
    return { sizeBytes: this.size, sha256: this.hash.digest('hex') };
  }

  /** Closes and deletes the half-written file; safe to call after a failure at any point. */
  async abort(): Promise<void> {
    if (!this.done) await this.handle.close().catch(() => undefined);
    this.done = true;
    await rm(this.file, { force: true });
  }
}
