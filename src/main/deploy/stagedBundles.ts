/**
 * The staging area: `<dataDir>/bundles/` (mode 0700), one `<id>.zip` and one
 * `<id>.json` summary per staged bundle. A deploy names a bundle by id, so
 * what ships is the file the preview listed; bundles older than a day are
 * removed at start and refused on read.
 */
import { createHash, randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stagedBundleSchema, type StagedBundle } from '../../shared/contract';
import { TrellisError } from '../aws/errors';
import { LISTED_FILES, LISTED_IGNORED } from './bundleLimits';

export const STAGED_TTL_MS = 24 * 60 * 60 * 1000;

/** What the store keeps beside the public summary. */
export interface StagedRecord {
  bundle: StagedBundle;
  /** The name a version label is derived from ("FlaskApp", "deploy-app", "deploy-app-v1-rebundled"). */
  stem: string;
}

export interface NewBundle {
  origin: string;
  kind: StagedBundle['kind'];
  stem: string;
  sizeBytes: number;
  sha256: string;
  files: { path: string; size: number }[];
  ignored?: string[];
  before?: { path: string; size: number }[];
}

function gone(bundleId: string): TrellisError {
  return new TrellisError({
    code: 'not-found',
    message: `The staged bundle ${bundleId} is gone: it was discarded, or is older than 24 hours. Choose the source again.`,
    retryable: false,
  });
}

export class StagedBundleStore {
  readonly dir: string;

  constructor(
    dataDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.dir = join(dataDir, 'bundles');
    // Bundles hold the user's code, which may include secrets: private to this user.
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    chmodSync(this.dir, 0o700);
    this.removeExpired();
  }

  /** Drops bundles past their day, and half-written files a crash left behind. */
  removeExpired(): void {
    const cutoff = this.now().getTime() - STAGED_TTL_MS;
    for (const name of readdirSync(this.dir)) {
      const file = join(this.dir, name);
      try {
        if (name.endsWith('.partial') || statSync(file).mtimeMs < cutoff)
          rmSync(file, { force: true, recursive: true });
      } catch {
        // Removed by another process meanwhile: nothing left to do.
      }
    }
  }

  /** A fresh path to write a bundle into before `commit`. */
  partialPath(): string {
    return join(this.dir, `${randomUUID()}.zip.partial`);
  }

  zipPath(bundleId: string): string {
    return join(this.dir, `${bundleId}.zip`);
  }

  async commit(partial: string, fresh: NewBundle): Promise<StagedBundle> {
    const id = randomUUID();
    const bundle: StagedBundle = {
      id,
      origin: fresh.origin,
      kind: fresh.kind,
      sizeBytes: fresh.sizeBytes,
      sha256: fresh.sha256,
      fileCount: fresh.files.length,
      files: fresh.files.slice(0, LISTED_FILES),
      ignored: (fresh.ignored ?? []).slice(0, LISTED_IGNORED),
      ...(fresh.before ? { before: fresh.before.slice(0, LISTED_FILES) } : {}),
      createdAt: this.now().toISOString(),
    };
    const record: StagedRecord = { bundle, stem: fresh.stem };
    await rename(partial, this.zipPath(id));
    await writeFile(join(this.dir, `${id}.json`), JSON.stringify(record), { mode: 0o600 });
    return bundle;
  }

  async record(bundleId: string): Promise<StagedRecord> {
    // Ids come from the contract as UUIDs; checked again because they become file names.
    if (!/^[0-9a-f-]{36}$/.test(bundleId)) throw gone(bundleId);
    let text: string;
    try {
      text = await readFile(join(this.dir, `${bundleId}.json`), 'utf8');
    } catch {
      throw gone(bundleId);
    }
    const parsed = JSON.parse(text) as { bundle?: unknown; stem?: unknown };
    const bundle = stagedBundleSchema.parse(parsed.bundle);
    if (Date.parse(bundle.createdAt) < this.now().getTime() - STAGED_TTL_MS) {
      await this.discard(bundleId);
      throw gone(bundleId);
    }
    return { bundle, stem: typeof parsed.stem === 'string' ? parsed.stem : 'bundle' };
  }

  async read(bundleId: string): Promise<{ bundle: StagedBundle; bytes: Uint8Array; file: string }> {
    const { bundle } = await this.record(bundleId);
    const file = this.zipPath(bundleId);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      throw gone(bundleId);
    }
    return { bundle, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file };
  }

  async discard(bundleId: string): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/.test(bundleId)) return false;
    const json = join(this.dir, `${bundleId}.json`);
    let existed = true;
    try {
      statSync(json);
    } catch {
      existed = false;
    }
    await rm(json, { force: true });
    await rm(this.zipPath(bundleId), { force: true });
    return existed;
  }
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
