/**
 * In-page instruments for the monitoring benchmark. Each function here is
 * serialised into the page by playwright, so it uses nothing from outside
 * its own body.
 */

/** Answer → charts drawn → the next frame, on the page's performance.now(). */
export interface PaintTiming {
  answerAt: number;
  /** The animation frame in which every chart's canvas had been drawn since the answer. */
  drawnAt: number;
  /** The next frame's callback: the drawn frame has been presented by then. */
  paintedAt: number;
  answerToDrawnMs: number;
  answerToPaintMs: number;
  canvases: number;
  answerBytes: number;
}

export interface FrameStats {
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

export interface PanFigures {
  charts: number;
  /** Lines drawn across those charts, each of the week's points. */
  lines: number;
  frames: number;
  /** The same number of frames with nothing moved: the page's frame cadence on this machine at the time. */
  idle: { work: FrameStats; interval: FrameStats };
  /**
   * Per frame: `work` is setScale to uPlot's redraw done in JS (it redraws in a microtask after setScale);
   * `interval` is the gap between animation frames, which also holds the canvas's rasterisation.
   */
  pan: { work: FrameStats; interval: FrameStats };
  zoom: { work: FrameStats; interval: FrameStats };
}

interface UplotLike {
  data: ArrayLike<number>[];
  series: unknown[];
  ctx: CanvasRenderingContext2D;
  setScale(key: string, limits: { min: number; max: number }): void;
}

interface PaintWindow {
  __draws: WeakMap<HTMLCanvasElement, number>;
  /** Per channel, each successful answer's paint, in arrival order (filled in once drawn). */
  __paints: Record<string, PaintTiming[]>;
  __plots?: UplotLike[];
}

/**
 * Init script: notes when each canvas is drawn on, and for each successful monitoring answer, when its
 * body arrived and when the screen it feeds was drawn: the tab's charts (every chart canvas drawn on since
 * the answer) or the environment list's sparklines (drawn, none still loading).
 */
export function paintProbes(): void {
  const w = window as unknown as PaintWindow;
  w.__draws = new WeakMap();
  w.__paints = {};
  const proto = CanvasRenderingContext2D.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const name of ['clearRect', 'stroke', 'fill', 'fillRect']) {
    const original = proto[name]!;
    proto[name] = function (this: CanvasRenderingContext2D, ...args: unknown[]) {
      w.__draws.set(this.canvas as HTMLCanvasElement, performance.now());
      return original.apply(this, args);
    };
  }
  const drawn: Record<string, (answerAt: number) => number> = {
    'monitoring.environment': (answerAt) => {
      const canvases = [
        ...document.querySelectorAll<HTMLCanvasElement>('section[aria-label="Monitoring"] .metric-chart-plot canvas'),
      ];
      return canvases.length > 0 && canvases.every((c) => (w.__draws.get(c) ?? 0) > answerAt) ? canvases.length : 0;
    },
    'monitoring.environmentList': () => {
      const table = document.querySelector('table[aria-label="Environments"]');
      if (!table) return 0;
      const pending = [...table.querySelectorAll('td')].some((td) => td.textContent?.trim() === 'Loading…');
      const cells = table.querySelectorAll('svg.sparkline, .spark-gap').length;
      return pending ? 0 : cells;
    },
  };
  const watch = (channel: string, answerAt: number, answerBytes: number) => {
    const check = drawn[channel];
    if (!check) return;
    const deadline = answerAt + 120_000;
    const tick = () => {
      const now = performance.now();
      const canvases = check(answerAt);
      if (canvases > 0) {
        requestAnimationFrame(() => {
          const paintedAt = performance.now();
          (w.__paints[channel] ??= []).push({
            answerAt,
            drawnAt: now,
            paintedAt,
            answerToDrawnMs: now - answerAt,
            answerToPaintMs: paintedAt - answerAt,
            canvases,
            answerBytes,
          });
        });
      } else if (now < deadline) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };
  const fetchFirst = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const response = await fetchFirst(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const at = url.indexOf('/rpc/monitoring.');
    if (at < 0) return response;
    const text = await response.text();
    if (text.startsWith('{"ok":true')) watch(url.slice(at + 5), performance.now(), text.length);
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** Resolves with the first paint of `channel`'s answer that arrived after `since` (page time). */
export function paintAfter({
  channel,
  since,
  timeoutMs,
}: {
  channel: string;
  since: number;
  timeoutMs: number;
}): Promise<PaintTiming> {
  const w = window as unknown as PaintWindow;
  return new Promise((resolve, reject) => {
    const deadline = performance.now() + timeoutMs;
    const poll = () => {
      const found = (w.__paints[channel] ?? []).find((p) => p.answerAt > since);
      if (found) resolve(found);
      else if (performance.now() > deadline) reject(new Error(`${channel}: no answer drawn within ${timeoutMs} ms`));
      else setTimeout(poll, 50);
    };
    poll();
  });
}

/** The panel's uPlot instances: uplot-react keeps each in a ref hook of the component that owns the target div. */
export function findCharts(): { title: string; series: number; points: number }[] {
  const w = window as unknown as PaintWindow;
  const plots: UplotLike[] = [];
  const titles: string[] = [];
  for (const box of document.querySelectorAll('section[aria-label="Monitoring"] .metric-chart-plot')) {
    const target = box.firstElementChild as (Element & Record<string, unknown>) | null;
    if (!target) continue;
    const key = Object.keys(target).find((k) => k.startsWith('__reactFiber$'));
    type Hook = { memoizedState: unknown; next: Hook | null };
    type Fiber = { memoizedState: unknown; return: Fiber | null };
    let fiber = key ? ((target[key] as Fiber).return ?? null) : null;
    let found: UplotLike | undefined;
    for (let depth = 0; fiber && !found && depth < 5; depth++, fiber = fiber.return) {
      let hook = fiber.memoizedState as Hook | null;
      for (let n = 0; hook && !found && n < 50; n++, hook = hook.next) {
        const ref = hook.memoizedState as { current?: Partial<UplotLike> } | null;
        if (ref && typeof ref === 'object' && typeof ref.current?.setScale === 'function') {
          found = ref.current as UplotLike;
        }
      }
    }
    if (found) {
      plots.push(found);
      titles.push(box.closest('figure')?.getAttribute('aria-label') ?? '?');
    }
  }
  w.__plots = plots;
  return plots.map((u, i) => ({
    title: titles[i] ?? '?',
    series: u.series.length - 1,
    points: u.data[0]?.length ?? 0,
  }));
}

/** Moves the x scale of one chart (`only`) or all, once a frame: a pan across the week, then a zoom into an hour. */
export function panCharts({ only, frames }: { only: number | null; frames: number }): Promise<PanFigures> {
  const w = window as unknown as PaintWindow;
  const all = w.__plots ?? [];
  const plots = only === null ? all : all.filter((_, i) => i === only);
  const xs = plots[0]?.data[0];
  if (!xs || xs.length < 2) return Promise.reject(new Error('no chart data to pan'));
  const first = xs[0]!;
  const last = xs[xs.length - 1]!;
  const span = last - first;
  const stats = (values: number[]): FrameStats => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
    return { medianMs: at(0.5), p95Ms: at(0.95), maxMs: sorted[sorted.length - 1] ?? NaN };
  };
  const drive = (limits: ((i: number) => { min: number; max: number }) | null) =>
    new Promise<{ work: FrameStats; interval: FrameStats }>((resolve) => {
      const work: number[] = [];
      const stamps: number[] = [];
      let i = 0;
      const frame = (ts: number) => {
        stamps.push(ts);
        if (i === frames) {
          resolve({ work: stats(work), interval: stats(stamps.slice(1).map((t, k) => t - stamps[k]!)) });
          return;
        }
        const t0 = performance.now();
        if (limits) {
          const range = limits(i);
          for (const u of plots) u.setScale('x', range);
        }
        // uPlot redraws in a microtask queued by setScale; this one runs after it.
        queueMicrotask(() => {
          const drawn = Math.max(t0, ...plots.map((u) => w.__draws.get(u.ctx.canvas as HTMLCanvasElement) ?? 0));
          work.push(drawn - t0);
        });
        i++;
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
  const windowWidth = span / 3;
  return drive(null).then((idle) =>
    drive((i) => {
      const min = first + ((span - windowWidth) * i) / (frames - 1);
      return { min, max: min + windowWidth };
    }).then((pan) =>
      drive((i) => {
        // Geometric, from the whole week to its last hour.
        const width = span * Math.pow(3600 / span, i / (frames - 1));
        return { min: last - width, max: last };
      }).then((zoom) => ({
        charts: plots.length,
        lines: plots.reduce((n, u) => n + u.series.length - 1, 0),
        frames,
        idle,
        pan,
        zoom,
      })),
    ),
  );
}
