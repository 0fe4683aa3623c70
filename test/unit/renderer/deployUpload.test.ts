/**
 * Web mode's upload transport: a folder pick loses its top folder (main zips
 * the contents at the root), each file is one authenticated PUT with its path
 * URL-encoded, progress counts bytes and files, limits refuse before any byte
 * moves, and a refused PUT stops the upload with the backend's own message.
 */
import { describe, expect, it } from 'vitest';
import {
  folderItems,
  sendFiles,
  type PutFile,
  type PutRequest,
  type UploadItem,
  type UploadProgress,
} from '../../../src/renderer/src/api/upload';
import { FORBIDDEN_MESSAGE, UNREACHABLE_MESSAGE } from '../../../src/renderer/src/api/webClient';

const UPLOAD_ID = '6a1f0c1e-9a7d-4f28-8b3f-0c1e9a7d4f28';
const limits = { maxBytes: 1000, maxFiles: 10 };

function picked(relativePath: string, text: string) {
  const name = relativePath.split('/').pop()!;
  return Object.assign(new Blob([text]), { name, webkitRelativePath: relativePath });
}

/** A PUT that records each request, reports its bytes in two halves, and answers from `answers` (200 by default). */
function recordingPut(answers: Record<string, { status: number; text: string }> = {}) {
  const requests: PutRequest[] = [];
  const put: PutFile = async (request) => {
    requests.push(request);
    request.onBytes(Math.floor(request.body.size / 2));
    request.onBytes(request.body.size);
    const path = new URL(request.url, 'http://x').searchParams.get('path') ?? '';
    return answers[path] ?? { status: 200, text: '{"ok":true}' };
  };
  return { put, requests };
}

interface SendExtra {
  signal?: AbortSignal;
  token?: string | null;
  concurrency?: number;
  /** The throttle's clock; by default every call is a second later, so every report is kept. */
  now?: () => number;
}

function send(items: UploadItem[], put: PutFile, extra: SendExtra = {}) {
  const progress: UploadProgress[] = [];
  let clock = 0;
  const result = sendFiles({
    concurrency: extra.concurrency,
    now: extra.now ?? (() => (clock += 1000)),
    uploadId: UPLOAD_ID,
    items,
    limits,
    token: extra.token === undefined ? 'f00d' : extra.token,
    put,
    signal: extra.signal ?? new AbortController().signal,
    onProgress: (p) => progress.push(p),
  });
  return { result, progress };
}

describe('folderItems', () => {
  it('drops the picked folder itself so its contents land at the zip root', () => {
    const files = [
      picked('FlaskApp/application.py', 'app'),
      picked('FlaskApp/templates/index.html', '<p>'),
      picked('FlaskApp/.ebignore', 'venv/'),
    ];
    const { name, items } = folderItems(files);
    expect(name).toBe('FlaskApp');
    expect(items.map((i) => i.path)).toEqual(['application.py', 'templates/index.html', '.ebignore']);
    expect(items[0]!.body).toBe(files[0]);
  });

  it('keeps a single file (no relative path) at its own name', () => {
    const { items } = folderItems([picked('deploy-app.zip', 'PK')].map((f) => ({ ...f, webkitRelativePath: '' })));
    expect(items[0]!.path).toBe('deploy-app.zip');
  });
});

describe('sendFiles', () => {
  it('PUTs each file with the token, its path URL-encoded, and counts bytes and files', async () => {
    const { put, requests } = recordingPut();
    const items = [
      { path: 'application.py', body: new Blob(['print(1)\n']) },
      { path: 'static/a b&c.css', body: new Blob(['body{}']) },
    ];
    const { result, progress } = send(items, put);
    const done = await result;

    expect(requests.map((r) => r.url)).toEqual([
      `/upload/${UPLOAD_ID}?path=application.py`,
      `/upload/${UPLOAD_ID}?path=static%2Fa%20b%26c.css`,
    ]);
    expect(requests.every((r) => r.headers['x-trellis-token'] === 'f00d')).toBe(true);
    expect(requests[1]!.body).toBe(items[1]!.body);

    expect(done).toEqual({ ok: true, data: { sentBytes: 15, totalBytes: 15, sentFiles: 2, totalFiles: 2 } });
    const bytes = progress.map((p) => p.sentBytes);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b)); // never goes backwards
    expect(progress[0]).toEqual({ sentBytes: 0, totalBytes: 15, sentFiles: 0, totalFiles: 2 });
    expect(progress.some((p) => p.sentBytes > 0 && p.sentBytes < 15)).toBe(true); // partway through a file
  });

  it('sends no token header when there is none (the server then refuses, and says why)', async () => {
    const { put, requests } = recordingPut({ 'a.py': { status: 401, text: '' } });
    const { result } = send([{ path: 'a.py', body: new Blob(['x']) }], put, { token: null });
    const done = await result;
    expect(requests[0]!.headers['x-trellis-token']).toBeUndefined();
    expect(done.ok === false && done.error).toMatchObject({ code: 'forbidden-sender', message: FORBIDDEN_MESSAGE });
  });

  it('refuses too many files or too many bytes before anything is sent', async () => {
    const { put, requests } = recordingPut();
    const many = Array.from({ length: 11 }, (_, i) => ({ path: `f${i}.py`, body: new Blob(['x']) }));
    const tooMany = await send(many, put).result;
    expect(tooMany.ok === false && tooMany.error.message).toMatch(/11 files; an upload takes at most 10/);

    const big = await send([{ path: 'big.bin', body: new Blob([new Uint8Array(1001)]) }], put).result;
    expect(big.ok === false && big.error.message).toBe(
      'The bundle is 1001 B; Elastic Beanstalk takes source bundles of at most 1000 B.',
    );
    expect(big.ok === false && big.error.code).toBe('validation');

    const empty = await send([], put).result;
    expect(empty.ok === false && empty.error.message).toMatch(/no files to deploy/);
    expect(requests).toHaveLength(0);
  });

  it('stops at the first refused file and passes on the backend message', async () => {
    const refusal = {
      status: 400,
      text: JSON.stringify({
        ok: false,
        error: { code: 'validation', message: 'The upload path "../x" is refused: it climbs out.', retryable: false },
      }),
    };
    const { put, requests } = recordingPut({ 'b.py': refusal });
    const items = ['a.py', 'b.py', 'c.py'].map((path) => ({ path, body: new Blob(['x']) }));
    const done = await send(items, put, { concurrency: 1 }).result;
    expect(requests.map((r) => new URL(r.url, 'http://x').searchParams.get('path'))).toEqual(['a.py', 'b.py']);
    expect(done.ok === false && done.error.message).toBe('The upload path "../x" is refused: it climbs out.');
  });

  it('keeps at most six PUTs in flight and sends every file once', async () => {
    let inFlight = 0;
    let most = 0;
    const paths: string[] = [];
    const put: PutFile = async (request) => {
      paths.push(new URL(request.url, 'http://x').searchParams.get('path')!);
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight -= 1;
      return { status: 200, text: '' };
    };
    const items = Array.from({ length: 10 }, (_, i) => ({ path: `m${i}.py`, body: new Blob(['x']) }));
    const done = await send(items, put, {}).result;
    expect(most).toBe(6);
    expect([...paths].sort()).toEqual(items.map((i) => i.path).sort());
    expect(done.ok && done.data.sentFiles).toBe(10);
  });

  it('reports progress at most every 100 ms, and always at the start and the end', async () => {
    const { put } = recordingPut();
    const items = Array.from({ length: 5 }, (_, i) => ({ path: `f${i}.py`, body: new Blob(['xx']) }));
    const { result, progress } = send(items, put, { now: () => 0 });
    await result;
    expect(progress).toEqual([
      { sentBytes: 0, totalBytes: 10, sentFiles: 0, totalFiles: 5 },
      { sentBytes: 10, totalBytes: 10, sentFiles: 5, totalFiles: 5 },
    ]);
  });

  it('describes a refusal that is not JSON by its status and the file', async () => {
    const { put } = recordingPut({ 'a.py': { status: 502, text: 'Bad gateway' } });
    const done = await send([{ path: 'a.py', body: new Blob(['x']) }], put).result;
    expect(done.ok === false && done.error).toMatchObject({ retryable: true, httpStatus: 502 });
    expect(done.ok === false && done.error.message).toMatch(/a\.py was refused \(HTTP 502\)/);
  });

  it('turns a failed connection into the not-reachable message', async () => {
    const put: PutFile = () => Promise.reject(new Error('network'));
    const done = await send([{ path: 'a.py', body: new Blob(['x']) }], put).result;
    expect(done.ok === false && done.error).toMatchObject({ code: 'network', message: UNREACHABLE_MESSAGE });
  });

  it('stops when aborted and says the upload was cancelled', async () => {
    const abort = new AbortController();
    const seen: string[] = [];
    const put: PutFile = async (request) => {
      seen.push(request.url);
      abort.abort();
      return { status: 200, text: '' };
    };
    const items = ['a.py', 'b.py'].map((path) => ({ path, body: new Blob(['x']) }));
    const done = await send(items, put, { signal: abort.signal }).result;
    expect(seen).toHaveLength(1);
    expect(done.ok === false && done.error.message).toBe('The upload was cancelled.');
  });
});
