/**
 * Streamed answers on both transports. Web mode: the frame reader (one JSON
 * frame a line, split anywhere by the network), and the client that reads a
 * streamed answer, hands each page to the caller, and rebuilds the complete
 * output. Desktop: pages that main sends tagged with the call's id reach only
 * that call's caller, and none after a cancel.
 */
import { describe, expect, it } from 'vitest';
import { createDesktopClient, type DesktopBridge } from '../../../src/renderer/src/api/desktopClient';
import { StreamFrameError, StreamFrameReader } from '../../../src/renderer/src/api/streamFrames';
import { createWebClient, type FetchLike } from '../../../src/renderer/src/api/webClient';
import { CANCELLED_MESSAGE } from '../../../src/shared/contract/common';
import type { ParameterPage } from '../../../src/shared/contract';

const target = { profile: 'dev', region: 'eu-west-1' };
const bytes = (text: string) => new TextEncoder().encode(text);
const parameter = (name: string) => ({ name, type: 'String' as const, version: 1 });
const page = (pages: number, names: string[], loaded: number): ParameterPage => ({
  parameters: names.map(parameter),
  pages,
  loaded,
});

describe('StreamFrameReader', () => {
  it('yields frames only for whole lines, however the bytes are split', () => {
    const text = `${JSON.stringify({ progress: { n: 'é€1' } })}\n${JSON.stringify({ result: { ok: true, data: 2 } })}\n`;
    const all = bytes(text);
    // Every split point, including inside the multi-byte characters.
    for (let cut = 0; cut <= all.length; cut++) {
      const reader = new StreamFrameReader();
      const frames = [...reader.push(all.slice(0, cut)), ...reader.push(all.slice(cut)), ...reader.end()];
      expect(frames).toEqual([{ progress: { n: 'é€1' } }, { result: { ok: true, data: 2 } }]);
    }
  });

  it('takes a last line without its newline, skips blank lines, and refuses lines that are not frames', () => {
    const reader = new StreamFrameReader();
    expect(reader.push(bytes('\n{"progress":1}\n\n{"result":'))).toEqual([{ progress: 1 }]);
    expect(reader.push(bytes('{"ok":true,"data":0}}'))).toEqual([]);
    expect(reader.end()).toEqual([{ result: { ok: true, data: 0 } }]);
    expect(() => new StreamFrameReader().push(bytes('not json\n'))).toThrow(StreamFrameError);
    expect(() => new StreamFrameReader().push(bytes('{"other":1}\n'))).toThrow(StreamFrameError);
  });
});

/** A fetch whose streamed body the test writes line by line. */
function streamingFetch() {
  const requests: { url: string; headers: Record<string, string>; signal?: AbortSignal }[] = [];
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const fetch: FetchLike = async (url, init) => {
    requests.push({ url, headers: init.headers, ...(init.signal ? { signal: init.signal } : {}) });
    init.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
    return {
      status: 200,
      text: () => Promise.reject(new Error('a streamed answer is read from its body')),
      headers: { get: (name: string) => (name === 'content-type' ? 'application/x-ndjson; charset=utf-8' : null) },
      body,
    };
  };
  const write = (frame: unknown) => controller.enqueue(bytes(`${JSON.stringify(frame)}\n`));
  return { fetch, requests, write, close: () => controller.close() };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('web client, streamed channel', () => {
  it('asks for a stream, passes each page on as it arrives, and answers the complete output', async () => {
    const server = streamingFetch();
    const api = createWebClient({ fetch: server.fetch, getToken: () => 'tok' });
    const seen: ParameterPage[] = [];
    const answer = api['ssm.listParameters']({ target }, { onProgress: (p) => seen.push(p) });
    await tick();
    expect(server.requests[0]!.headers).toMatchObject({ accept: 'application/x-ndjson', 'x-trellis-token': 'tok' });
    server.write({ progress: page(1, ['/a', '/b'], 2) });
    await tick();
    // The first page reaches the caller before the answer.
    expect(seen.map((p) => p.loaded)).toEqual([2]);
    server.write({ progress: page(2, ['/c'], 3) });
    server.write({ result: { ok: true, data: { parameters: [], apiCalls: 2 } } });
    server.close();
    expect(await answer).toEqual({
      ok: true,
      data: { parameters: [parameter('/a'), parameter('/b'), parameter('/c')], apiCalls: 2 },
    });
    expect(seen).toHaveLength(2);
  });

  it('keeps an error answer as data, and says so when the stream ends without one', async () => {
    const failing = streamingFetch();
    const api = createWebClient({ fetch: failing.fetch, getToken: () => 'tok' });
    const denied = api['iam.snapshot']({ target }, { onProgress: () => undefined });
    await tick();
    failing.write({ result: { ok: false, error: { code: 'access-denied', message: 'no', retryable: false } } });
    failing.close();
    expect(await denied).toEqual({ ok: false, error: { code: 'access-denied', message: 'no', retryable: false } });

    const cut = streamingFetch();
    const api2 = createWebClient({ fetch: cut.fetch, getToken: () => 'tok' });
    const short = api2['ssm.listParameters']({ target }, { onProgress: () => undefined });
    await tick();
    cut.write({ progress: page(1, ['/a'], 1) });
    cut.close();
    const result = await short;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/without its result/);
  });

  it('passes on no page once the call is aborted, and answers cancelled', async () => {
    const server = streamingFetch();
    const controller = new AbortController();
    const api = createWebClient({ fetch: server.fetch, getToken: () => 'tok', signalFor: () => controller.signal });
    const seen: number[] = [];
    const answer = api['ssm.listParameters']({ target }, { onProgress: (p) => seen.push(p.pages) });
    await tick();
    server.write({ progress: page(1, ['/a'], 1) });
    await tick();
    controller.abort();
    expect(await answer).toEqual({
      ok: false,
      error: { code: 'network', message: CANCELLED_MESSAGE, retryable: true },
    });
    expect(seen).toEqual([1]);
  });

  it('does not ask for a stream when nobody listens for pages', async () => {
    const requests: Record<string, string>[] = [];
    const api = createWebClient({
      fetch: async (_url, init) => {
        requests.push(init.headers);
        return { status: 200, text: async () => JSON.stringify({ ok: true, data: { parameters: [], apiCalls: 1 } }) };
      },
      getToken: () => 'tok',
    });
    expect(await api['ssm.listParameters']({ target })).toEqual({ ok: true, data: { parameters: [], apiCalls: 1 } });
    expect(requests[0]!.accept).toBeUndefined();
  });
});

/** The preload's side of the desktop transport: invokes wait for the test, pages are sent by it. */
function desktopBridge() {
  const invokes: { channel: string; callId?: string; wantsPages?: boolean; resolve: (a: unknown) => void }[] = [];
  let listener: ((callId: string, page: unknown) => void) | undefined;
  const bridge: DesktopBridge = new Proxy(
    {},
    {
      get: (_t, channel: string) => (_input: unknown, callId?: string, wantsPages?: boolean) =>
        new Promise((resolve) => invokes.push({ channel, callId, wantsPages, resolve })),
    },
  );
  const cancelled: string[] = [];
  const calls = {
    cancel: (id: string) => void cancelled.push(id),
    onProgress: (l: (callId: string, page: unknown) => void) => {
      listener = l;
      return () => (listener = undefined);
    },
  };
  return { bridge, calls, invokes, cancelled, send: (callId: string, p: unknown) => listener?.(callId, p) };
}

describe('desktop client, streamed channel', () => {
  it("hands each page tagged with the call's id to its caller, then the complete output", async () => {
    const main = desktopBridge();
    let n = 0;
    const api = createDesktopClient(
      main.bridge,
      main.calls,
      () => undefined,
      () => `call-${++n}`,
    );
    const seen: number[] = [];
    const answer = api['ssm.listParameters']({ target }, { onProgress: (p) => seen.push(p.loaded) });
    const invoke = main.invokes[0]!;
    expect(invoke).toMatchObject({ channel: 'ssm.listParameters', callId: 'call-1', wantsPages: true });
    main.send('call-1', page(1, ['/a'], 1));
    main.send('call-other', page(1, ['/x'], 1));
    main.send('call-1', page(2, ['/b'], 2));
    expect(seen).toEqual([1, 2]);
    invoke.resolve({ ok: true, data: { parameters: [], apiCalls: 2 } });
    expect(await answer).toEqual({ ok: true, data: { parameters: [parameter('/a'), parameter('/b')], apiCalls: 2 } });
    main.send('call-1', page(3, ['/late'], 3));
    expect(seen).toEqual([1, 2]);
  });

  it('stops passing pages on once the call is cancelled', async () => {
    const main = desktopBridge();
    const controller = new AbortController();
    const api = createDesktopClient(
      main.bridge,
      main.calls,
      () => controller.signal,
      () => 'call-1',
    );
    const seen: number[] = [];
    const answer = api['iam.snapshot']({ target }, { onProgress: (p) => seen.push(p.pages) });
    main.send('call-1', {
      roles: [],
      users: [],
      localPolicies: [],
      pages: 1,
      loaded: { roles: 0, users: 0, localPolicies: 0 },
    });
    controller.abort();
    main.send('call-1', {
      roles: [],
      users: [],
      localPolicies: [],
      pages: 2,
      loaded: { roles: 0, users: 0, localPolicies: 0 },
    });
    expect(await answer).toMatchObject({ ok: false, error: { message: CANCELLED_MESSAGE } });
    expect(seen).toEqual([1]);
    expect(main.cancelled).toEqual(['call-1']);
  });
});
