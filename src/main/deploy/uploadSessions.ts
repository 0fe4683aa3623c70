/**
 * Web mode's uploads. The browser cannot hand main a path, so after
 * `deploy.beginUpload` it PUTs each file to `/upload/<uploadId>?path=…`; the
 * bytes are streamed to `<dataDir>/uploads/<uploadId>/` as they arrive,
 * counted against the session's limits, and never held whole in memory.
 * `deploy.finishUpload` then stages what arrived. Sessions live in memory:
 * whatever a previous run left on disk is removed at start.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { TrellisError } from '../aws/errors';
import { bundleProblem, EB_BUNDLE_LIMIT_BYTES, MAX_BUNDLE_FILES, megabytes, unsafePathReason } from './bundleLimits';

/** A session nobody finished within this time is dropped with its files. */
export const UPLOAD_IDLE_MS = 60 * 60 * 1000;

export interface UploadSession {
  uploadId: string;
  kind: 'folder' | 'zip';
  name: string;
  dir: string;
  paths: Set<string>;
  bytes: number;
  /** PUTs still streaming; finishing waits for none. */
  inFlight: number;
  touchedAt: number;
}

export interface UploadReceipt {
  path: string;
  size: number;
  totalBytes: number;
  fileCount: number;
}

/** What the web server hands over for one PUT. */
export interface UploadReceiver {
  receive(
    uploadId: string,
    path: string,
    body: AsyncIterable<Uint8Array>,
    declaredLength?: number,
  ): Promise<UploadReceipt>;
}

function unknownUpload(uploadId: string): TrellisError {
  return new TrellisError({
    code: 'not-found',
    message: `No upload ${uploadId} is open: it was finished, it expired after an hour, or it was never begun. Start the deploy again.`,
    retryable: false,
  });
}

export class UploadSessions implements UploadReceiver {
  private readonly sessions = new Map<string, UploadSession>();
  readonly dir: string;

  constructor(
    dataDir: string,
    private readonly now: () => number = Date.now,
    readonly limits = { maxBytes: EB_BUNDLE_LIMIT_BYTES, maxFiles: MAX_BUNDLE_FILES },
  ) {
    this.dir = join(dataDir, 'uploads');
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  begin(kind: 'folder' | 'zip', name: string): { uploadId: string; maxBytes: number; maxFiles: number } {
    this.dropIdle();
    const uploadId = randomUUID();
    const dir = join(this.dir, uploadId);
    mkdirSync(dir, { mode: 0o700 });
    this.sessions.set(uploadId, {
      uploadId,
      kind,
      name,
      dir,
      paths: new Set(),
      bytes: 0,
      inFlight: 0,
      touchedAt: this.now(),
    });
    return { uploadId, maxBytes: this.limits.maxBytes, maxFiles: this.limits.maxFiles };
  }

  private dropIdle(): void {
    const cutoff = this.now() - UPLOAD_IDLE_MS;
    for (const s of [...this.sessions.values()]) {
      if (s.touchedAt < cutoff && s.inFlight === 0) this.drop(s.uploadId);
    }
  }

  private session(uploadId: string): UploadSession {
    const s = this.sessions.get(uploadId);
    if (!s) throw unknownUpload(uploadId);
    return s;
  }

  private checkPath(s: UploadSession, path: string): void {
    const reason = unsafePathReason(path, { strict: true });
    if (reason) throw bundleProblem(`The upload path "${path.replace(/\0/g, '\\0')}" is refused: ${reason}.`);
    if (path.endsWith('/')) throw bundleProblem(`The upload path "${path}" names a folder; send files only.`);
    if (s.kind === 'zip' && s.paths.size > 0) {
      throw bundleProblem(`A .zip upload is one file, and ${[...s.paths][0] ?? ''} was already sent.`);
    }
    if (s.paths.has(path)) throw bundleProblem(`${path} was already uploaded in this session.`);
    for (const other of s.paths) {
      if (other.startsWith(`${path}/`) || path.startsWith(`${other}/`)) {
        throw bundleProblem(`${path} and ${other} cannot both exist: one would be a file inside the other.`);
      }
    }
    if (s.paths.size + 1 > this.limits.maxFiles) {
      throw bundleProblem(
        `This upload already has ${this.limits.maxFiles} files, the most a bundle may have; leave out a virtualenv, .git or node_modules.`,
        { tooLarge: true },
      );
    }
  }

  private overLimit(s: UploadSession, extra: number): TrellisError {
    return bundleProblem(
      `${s.name} is over ${megabytes(this.limits.maxBytes)} (${megabytes(s.bytes + extra)} so far); Elastic Beanstalk accepts source bundles of at most ${megabytes(EB_BUNDLE_LIMIT_BYTES)}.`,
      { tooLarge: true },
    );
  }

  async receive(
    uploadId: string,
    path: string,
    body: AsyncIterable<Uint8Array>,
    declaredLength?: number,
  ): Promise<UploadReceipt> {
    const s = this.session(uploadId);
    this.checkPath(s, path);
    if (declaredLength !== undefined && s.bytes + declaredLength > this.limits.maxBytes) {
      throw this.overLimit(s, declaredLength);
    }
    // Claimed before the first await, so two PUTs of one path cannot both pass the checks.
    s.paths.add(path);
    s.inFlight += 1;
    s.touchedAt = this.now();
    const file = join(s.dir, ...path.split('/'));
    let size = 0;
    try {
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
      const opened = new Promise<void>((resolve, reject) => {
        out.once('open', () => resolve());
        out.once('error', reject);
      });
      await opened;
      try {
        for await (const chunk of body) {
          // Counted per chunk across every PUT of the session, so parallel uploads share one budget.
          if (s.bytes + chunk.byteLength > this.limits.maxBytes) throw this.overLimit(s, chunk.byteLength);
          s.bytes += chunk.byteLength;
          size += chunk.byteLength;
          if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        }
      } finally {
        await new Promise<void>((resolve) => out.end(() => resolve()));
      }
      if (declaredLength !== undefined && size !== declaredLength) {
        throw bundleProblem(`${path} arrived incomplete: ${size} of ${declaredLength} bytes. Upload it again.`);
      }
    } catch (err) {
      s.paths.delete(path);
      s.bytes -= size;
      await rm(file, { force: true });
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') {
        throw bundleProblem(`${path} clashes with a file or folder already uploaded in this session.`);
      }
      throw err;
    } finally {
      s.inFlight -= 1;
      s.touchedAt = this.now();
    }
    return { path, size, totalBytes: s.bytes, fileCount: s.paths.size };
  }

  /** Ends the session and hands its folder to the caller, who must `drop` it when done. */
  take(uploadId: string): UploadSession {
    const s = this.session(uploadId);
    if (s.inFlight > 0) {
      throw new TrellisError({
        code: 'conflict',
        message: `${s.inFlight} file(s) of this upload are still arriving; finish after every PUT has answered.`,
        retryable: true,
      });
    }
    this.sessions.delete(uploadId);
    return s;
  }

  drop(uploadId: string, dir = this.sessions.get(uploadId)?.dir): void {
    this.sessions.delete(uploadId);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
