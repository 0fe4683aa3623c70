/**
 * In-page instruments for the view benchmarks, in Chromium: long tasks
 * (PerformanceObserver 'longtask'), every animation frame, input events and
 * DOM mutations under a chosen element, all on performance.now(). From them:
 * keystroke-to-paint (the input event to the first frame after the last DOM
 * change it caused), the longest task, and the longest gap between frames.
 */
import type { BrowserContext, Page } from 'playwright-core';

/** One streamed RPC (NDJSON answer), as the page received it: when its first frame's bytes and its end arrived. */
interface StreamTiming {
  start: number;
  firstFrame: number | null;
  end: number | null;
}

interface Probes {
  /** Every long task since the page loaded, never cleared by a phase (streams are measured over their own span). */
  allLong: { start: number; duration: number }[];
  streams: Record<string, StreamTiming>;
  long: { start: number; duration: number }[];
  frames: number[];
  inputs: number[];
  mutations: number[];
  observer?: MutationObserver;
}

type ProbeWindow = Window & { __bench: Probes };

/** Installs the long-task observer, the frame loop and the input listener before any page script runs. */
export async function installProbes(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const probes: Probes = { allLong: [], streams: {}, long: [], frames: [], inputs: [], mutations: [] };
    (window as unknown as ProbeWindow).__bench = probes;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        probes.long.push({ start: e.startTime, duration: e.duration });
        probes.allLong.push({ start: e.startTime, duration: e.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
    // A streamed answer's body passes through a tap that notes when its first frame and its end arrive: the
    // "first page arrives" of a paged read, which resource timing cannot see (the headers come first).
    const fetchFirst = window.fetch.bind(window);
    window.fetch = async (input, init) => {
      const response = await fetchFirst(input, init);
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const type = response.headers.get('content-type') ?? '';
      if (!url.includes('/rpc/') || !response.body || !type.startsWith('application/x-ndjson')) return response;
      const timing: StreamTiming = { start: performance.now(), firstFrame: null, end: null };
      probes.streams[url.slice(url.indexOf('/rpc/') + 5)] = timing;
      const tap = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          if (timing.firstFrame === null && chunk.includes(10)) timing.firstFrame = performance.now();
          controller.enqueue(chunk);
        },
        flush() {
          timing.end = performance.now();
        },
      });
      return new Response(response.body.pipeThrough(tap), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    };
    const frame = () => {
      probes.frames.push(performance.now());
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    document.addEventListener('input', () => probes.inputs.push(performance.now()), true);
  });
}

/** Starts a phase: clears what was recorded and watches DOM changes under `root`, except inside `ignore`. */
export async function startPhase(page: Page, root: string, ignore?: string): Promise<number> {
  return page.evaluate(
    ({ root, ignore }) => {
      const probes = (window as unknown as ProbeWindow).__bench;
      probes.observer?.disconnect();
      probes.long.length = 0;
      probes.frames.length = 0;
      probes.inputs.length = 0;
      probes.mutations.length = 0;
      const element = document.querySelector(root);
      if (!element) throw new Error(`no ${root} on the page`);
      probes.observer = new MutationObserver((records) => {
        const relevant = records.some((r) => {
          const node = r.target instanceof Element ? r.target : r.target.parentElement;
          return !ignore || !node?.closest(ignore);
        });
        if (relevant) probes.mutations.push(performance.now());
      });
      probes.observer.observe(element, { subtree: true, childList: true, characterData: true, attributes: true });
      return performance.now();
    },
    { root, ignore },
  );
}

export interface PhaseFigures {
  /** Per input event: ms to the first frame after the last DOM change before the next input. */
  keystrokes: number[];
  longestTask: number;
  longTasks: number;
  longestFrameGap: number;
}

export async function endPhase(page: Page): Promise<PhaseFigures> {
  const p = await page.evaluate(() => {
    const probes = (window as unknown as ProbeWindow).__bench;
    probes.observer?.disconnect();
    return { long: probes.long, frames: probes.frames, inputs: probes.inputs, mutations: probes.mutations };
  });
  const keystrokes = p.inputs.map((t0, i) => {
    const next = p.inputs[i + 1] ?? Infinity;
    const last = Math.max(t0, ...p.mutations.filter((m) => m >= t0 && m < next));
    const paint = p.frames.find((f) => f > last);
    return paint === undefined ? NaN : paint - t0;
  });
  const gaps = p.frames.slice(1).map((f, i) => f - p.frames[i]!);
  return {
    keystrokes,
    longestTask: Math.max(0, ...p.long.map((l) => l.duration)),
    longTasks: p.long.length,
    longestFrameGap: Math.max(0, ...gaps),
  };
}

/** Resolves in the page when `selector` matches, with the performance.now() it first did. */
export async function armAppearance(page: Page, selector: string, name: string): Promise<void> {
  await page.evaluate(
    ({ selector, name }) => {
      const w = window as unknown as Record<string, Promise<number>>;
      w[name] = new Promise<number>((resolve) => {
        const check = () => {
          if (!document.querySelector(selector)) return false;
          resolve(performance.now());
          return true;
        };
        if (check()) return;
        const observer = new MutationObserver(() => {
          if (check()) observer.disconnect();
        });
        observer.observe(document.body, { subtree: true, childList: true });
      });
    },
    { selector, name },
  );
}

export async function appearedAt(page: Page, name: string): Promise<number> {
  return page.evaluate((n) => (window as unknown as Record<string, Promise<number>>)[n]!, name);
}

/** The last streamed answer of `channel`: when its first frame and its end reached the page; null if none streamed. */
export async function streamTiming(page: Page, channel: string): Promise<StreamTiming | null> {
  return page.evaluate((c) => (window as unknown as ProbeWindow).__bench.streams[c] ?? null, channel);
}

/** The long tasks that started between `from` and `to` (performance.now() times), whatever phase was running. */
export async function longTasksBetween(
  page: Page,
  from: number,
  to: number,
): Promise<{ start: number; duration: number }[]> {
  return page.evaluate(
    ({ from, to }) =>
      (window as unknown as ProbeWindow).__bench.allLong.filter((l) => l.start >= from && l.start <= to),
    { from, to },
  );
}

/** When the last fetch of `/rpc/<channel>` ended (performance.now() time), or null if none did. */
export async function rpcEndedAt(page: Page, channel: string): Promise<number | null> {
  return page.evaluate((c) => {
    const entries = performance.getEntriesByType('resource').filter((e) => e.name.endsWith(`/rpc/${c}`));
    const last = entries[entries.length - 1] as PerformanceResourceTiming | undefined;
    return last ? last.responseEnd : null;
  }, channel);
}

/** The renderer's JS heap after a full garbage collection, in MiB. */
export async function heapMiB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / 1024 / 1024;
}

export function median(xs: readonly number[]): number {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}
