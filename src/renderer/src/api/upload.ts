/**
 * Web mode's upload transport. RPC bodies stay under the 1 MiB JSON limit, so
 * a bundle's files travel separately: after `deploy.beginUpload`, one
 * authenticated `PUT /upload/<uploadId>?path=<relative path>` per file, its
 * body the File itself (the browser streams it from disk), then
 * `deploy.finishUpload`. Like the RPC client it never throws: a failure comes
 * back as a Result error the dialog can show.
 */
import { appErrorSchema, type AppError, type Result } from '../../../shared/contract';
import { formatSize } from '../model/size';
import { FORBIDDEN_MESSAGE, UNREACHABLE_MESSAGE } from './webClient';
import { takeToken } from './webToken';

/** One file to send, at its path relative to the bundle root. */
export interface UploadItem {
  path: string;
  body: Blob;
}

export interface UploadProgress {
  sentBytes: number;
  totalBytes: number;
  sentFiles: number;
  totalFiles: number;
}

export interface PutRequest {
  url: string;
  headers: Record<string, string>;
  body: Blob;
  /** Bytes of this body sent so far, as the transport learns them. */
  onBytes: (sent: number) => void;
  signal: AbortSignal;
}

export type PutFile = (request: PutRequest) => Promise<{ status: number; text: string }>;

export interface SendOptions {
  uploadId: string;
  items: readonly UploadItem[];
  limits: { maxBytes: number; maxFiles: number };
  token: string | null;
  put: PutFile;
  onProgress: (progress: UploadProgress) => void;
  signal: AbortSignal;
  baseUrl?: string;
  /** PUTs in flight at once; 6 unless a test asks for fewer. */
  concurrency?: number;
  /** The clock progress is throttled by (tests). */
  now?: () => number;
}

/** A file picked in the browser: `webkitRelativePath` is set for a folder pick, empty for a single file. */
export interface PickedFile {
  name: string;
  webkitRelativePath: string;
  size: number;
}

function failure(error: AppError): Result<never> {
  return { ok: false, error };
}

function validation(message: string): Result<never> {
  return failure({ code: 'validation', message, retryable: false });
}

/**
 * A folder pick names every file `Top/sub/file`; the backend zips the folder's
 * contents at the zip root, so the top folder's name is dropped here and sent
 * once as the upload's name instead.
 */
export function folderItems<T extends PickedFile & Blob>(files: readonly T[]): { name: string; items: UploadItem[] } {
  const first = files[0]?.webkitRelativePath.split('/')[0] ?? '';
  const items = files.map((file) => {
    const parts = file.webkitRelativePath.split('/');
    const path = parts.length > 1 ? parts.slice(1).join('/') : file.name;
    return { path, body: file };
  });
  return { name: first, items };
}

/** The backend answers a refused PUT like an RPC (a Result); anything else is described by its status. */
export function putError(status: number, text: string, path: string): AppError {
  if (status === 401 || status === 403) {
    return { code: 'forbidden-sender', message: FORBIDDEN_MESSAGE, httpStatus: status, retryable: false };
  }
  try {
    const parsed: unknown = JSON.parse(text);
    const error = appErrorSchema.safeParse((parsed as { error?: unknown } | null)?.error);
    if (error.success) return error.data;
  } catch {
    // Not JSON: fall through to a message built from the status.
  }
  return {
    code: status === 413 ? 'validation' : 'internal',
    message:
      status === 413
        ? `${path} is larger than the upload allows.`
        : `The upload of ${path} was refused (HTTP ${status}).${text ? ` ${text.slice(0, 200)}` : ''}`,
    httpStatus: status,
    retryable: status >= 500,
  };
}

/** Refuses, before any byte moves, what the backend would refuse at the end. */
export function checkLimits(items: readonly UploadItem[], limits: { maxBytes: number; maxFiles: number }) {
  if (items.length === 0) return validation('There are no files to deploy: the folder is empty.');
  if (items.length > limits.maxFiles) {
    return validation(
      `The bundle has ${items.length} files; an upload takes at most ${limits.maxFiles}. Add the folders the app does not need (a virtualenv, .git, node_modules) to .ebignore.`,
    );
  }
  const total = items.reduce((sum, item) => sum + item.body.size, 0);
  if (total > limits.maxBytes) {
    return validation(
      `The bundle is ${formatSize(total)}; Elastic Beanstalk takes source bundles of at most ${formatSize(limits.maxBytes)}.`,
    );
  }
  return null;
}

/** Chromium opens at most six HTTP/1.1 connections per host; more would only queue. */
const CONCURRENCY = 6;
/** A folder of thousands of small files would otherwise re-render the dialog thousands of times. */
const PROGRESS_EVERY_MS = 100;

function cancelled(): Result<never> {
  return validation('The upload was cancelled.');
}

/**
 * Sends the files a few at a time (main claims each path as it arrives, so
 * order does not matter), reporting progress at most every 100 ms and once at
 * the end. The first refusal stops the rest and is what the caller sees.
 */
export async function sendFiles(options: SendOptions): Promise<Result<UploadProgress>> {
  const { items, limits, put, onProgress, signal } = options;
  const refused = checkLimits(items, limits);
  if (refused) return refused;

  const progress: UploadProgress = {
    sentBytes: 0,
    totalBytes: items.reduce((sum, item) => sum + item.body.size, 0),
    sentFiles: 0,
    totalFiles: items.length,
  };
  const now = options.now ?? Date.now;
  let emittedAt = -Infinity;
  const emit = (force: boolean) => {
    const t = now();
    if (!force && t - emittedAt < PROGRESS_EVERY_MS) return;
    emittedAt = t;
    onProgress({ ...progress });
  };
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (options.token) headers['x-trellis-token'] = options.token;

  // Stops the PUTs still running when one fails or the caller cancels.
  const stop = new AbortController();
  const onCancel = () => stop.abort();
  signal.addEventListener('abort', onCancel, { once: true });
  const sent = items.map(() => 0);
  const count = (index: number, bytes: number) => {
    progress.sentBytes += bytes - sent[index]!;
    sent[index] = bytes;
  };
  let failed: Result<never> | null = null;
  let next = 0;

  const worker = async () => {
    while (!failed && next < items.length) {
      if (signal.aborted) {
        failed ??= cancelled();
        return;
      }
      const index = next++;
      const item = items[index]!;
      const size = item.body.size;
      let answer: { status: number; text: string };
      try {
        answer = await put({
          url: `${options.baseUrl ?? ''}/upload/${encodeURIComponent(options.uploadId)}?path=${encodeURIComponent(item.path)}`,
          headers,
          body: item.body,
          signal: stop.signal,
          onBytes: (bytes) => {
            count(index, Math.min(bytes, size));
            emit(false);
          },
        });
      } catch {
        failed ??= signal.aborted
          ? cancelled()
          : failure({ code: 'network', message: UNREACHABLE_MESSAGE, retryable: true });
        stop.abort();
        return;
      }
      if (answer.status < 200 || answer.status >= 300) {
        failed ??= failure(putError(answer.status, answer.text, item.path));
        stop.abort();
        return;
      }
      count(index, size);
      progress.sentFiles += 1;
      emit(false);
    }
  };

  emit(true);
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? CONCURRENCY, items.length) }, worker));
  signal.removeEventListener('abort', onCancel);
  if (failed) return failed;
  emit(true);
  return { ok: true, data: progress };
}

/**
 * The browser's PUT. XMLHttpRequest rather than fetch: only it reports upload
 * progress, and a 500 MB zip should not sit at 0% until it is done.
 */
export const browserPut: PutFile = ({ url, headers, body, onBytes, signal }) =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => onBytes(event.loaded);
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new Error('network'));
    xhr.onabort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });

/** The session token the RPC client took from the URL; it lives in sessionStorage for this tab. */
export function sessionToken(): string | null {
  try {
    return takeToken({ location: window.location, history: window.history, storage: window.sessionStorage });
  } catch {
    return null;
  }
}
