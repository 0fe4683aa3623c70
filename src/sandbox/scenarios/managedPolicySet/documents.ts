/**
 * Inflates bundled managed policy documents on demand. The blob is decoded
 * once, on first use; default documents are kept in a small cache because
 * enforcement reads the same few on every request, while a policy's history
 * (which can run to megabytes: ReadOnlyAccess has 150 versions) is kept
 * for one policy only, the one last read, so paging through a policy's
 * versions inflates its history once while memory stays flat inside main.
 */
import { brotliDecompressSync } from 'node:zlib';
import { type BlobSlice, type CompactPolicy, HISTORY_SEPARATOR } from './format';

const CACHED_DEFAULTS = 64;

export class PolicyDocumentStore {
  private bytes: Buffer | undefined;
  private readonly defaults = new Map<string, string>();
  private history: { readonly name: string; readonly documents: readonly string[] } | undefined;

  constructor(private readonly base64: string) {}

  private inflate([offset, length]: BlobSlice): string {
    this.bytes ??= Buffer.from(this.base64, 'base64');
    return brotliDecompressSync(this.bytes.subarray(offset, offset + length)).toString('utf8');
  }

  defaultDocument(policy: CompactPolicy): string {
    const cached = this.defaults.get(policy.name);
    if (cached !== undefined) {
      // Re-inserting moves it to the back: the Map's order is the eviction order.
      this.defaults.delete(policy.name);
      this.defaults.set(policy.name, cached);
      return cached;
    }
    const text = this.inflate(policy.document);
    this.defaults.set(policy.name, text);
    if (this.defaults.size > CACHED_DEFAULTS) this.defaults.delete(this.defaults.keys().next().value!);
    return text;
  }

  /** A non-default version's document; undefined when the set has no such version. */
  olderDocument(policy: CompactPolicy, versionId: string): string | undefined {
    if (policy.history === null) return undefined;
    const older = policy.versions.filter(([id]) => id !== policy.defaultVersionId);
    const index = older.findIndex(([id]) => id === versionId);
    if (index === -1) return undefined;
    if (this.history?.name !== policy.name) {
      this.history = { name: policy.name, documents: this.inflate(policy.history).split(HISTORY_SEPARATOR) };
    }
    return this.history.documents[index];
  }
}
