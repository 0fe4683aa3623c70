/**
 * The soak's figures: memory samples and their trend, requests, faults,
 * retries and alerts, printed as small tables. The growth verdict fits a
 * line (least squares) to the second half of the samples, after start-up
 * caches have filled: a console that leaks keeps a positive slope there.
 */
import type { AttemptCounts } from './attemptCounter';
import type { ShownAlert, StepResult } from './soakTour';

export interface MemorySample {
  /** Seconds since the soak started. */
  t: number;
  mainRssMiB: number | null;
  rendererHeapMiB: number | null;
}

/** Growth slopes (MiB per minute) over the second half under which memory counts as flat. */
export const FLAT = { mainRssMiBPerMin: 1, rendererHeapMiBPerMin: 0.5 } as const;

export interface Trend {
  /** Least-squares slope over the second half, MiB per minute; null with fewer than 3 samples there. */
  slopeMiBPerMin: number | null;
  start: number | null;
  middle: number | null;
  end: number | null;
  max: number | null;
  verdict: 'flat' | 'growing' | 'not enough samples';
}

export function slope(points: readonly { x: number; y: number }[]): number | null {
  if (points.length < 3) return null;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  if (sxx === 0) return null;
  return points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
}

export function trendOf(
  samples: readonly MemorySample[],
  pick: (s: MemorySample) => number | null,
  flat: number,
): Trend {
  const values = samples.flatMap((s) => {
    const y = pick(s);
    return y === null ? [] : [{ x: s.t / 60, y }];
  });
  const half = values.slice(Math.floor(values.length / 2));
  const perMin = slope(half);
  return {
    slopeMiBPerMin: perMin,
    start: values[0]?.y ?? null,
    middle: values[Math.floor((values.length - 1) / 2)]?.y ?? null,
    end: values.at(-1)?.y ?? null,
    max: values.length ? Math.max(...values.map((v) => v.y)) : null,
    verdict: perMin === null ? 'not enough samples' : perMin > flat ? 'growing' : 'flat',
  };
}

export interface SoakFigures {
  minutes: number;
  throttleRate: number;
  rounds: number;
  steps: Record<string, { runs: number; stuck: number; medianMs: number; maxMs: number }>;
  stuck: StepResult[];
  sandbox: {
    requests: number;
    throttlesInjected: number;
    byService: Record<string, { requests: number; injected: number }>;
  };
  attempts: AttemptCounts;
  alerts: { shown: number; byTitle: Record<string, number> };
  memory: { samples: MemorySample[]; mainRss: Trend; rendererHeap: Trend };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export function stepFigures(steps: readonly StepResult[]): SoakFigures['steps'] {
  const out: SoakFigures['steps'] = {};
  for (const view of new Set(steps.map((s) => s.view))) {
    const runs = steps.filter((s) => s.view === view);
    const ms = runs.map((r) => r.ms);
    out[view] = {
      runs: runs.length,
      stuck: runs.filter((r) => r.stuck).length,
      medianMs: median(ms),
      maxMs: Math.max(...ms),
    };
  }
  return out;
}

export function alertFigures(alerts: readonly ShownAlert[]): SoakFigures['alerts'] {
  const byTitle: Record<string, number> = {};
  for (const a of alerts) {
    const key = a.awsCode ? `${a.title} [${a.awsCode}]` : a.title;
    byTitle[key] = (byTitle[key] ?? 0) + 1;
  }
  return { shown: alerts.length, byTitle };
}

/** Groups "service:Operation" counters by service. */
export function byService(
  byOperation: Record<string, { requests: number; injected: number }>,
): Record<string, { requests: number; injected: number }> {
  const out: Record<string, { requests: number; injected: number }> = {};
  for (const [key, value] of Object.entries(byOperation)) {
    const service = key.split(':')[0] ?? key;
    const entry = (out[service] ??= { requests: 0, injected: 0 });
    entry.requests += value.requests;
    entry.injected += value.injected;
  }
  return out;
}

const mib = (v: number | null) => (v === null ? '—' : v.toFixed(1));
const pad = (s: string, n: number) => s.padStart(n);

export function printSoak(f: SoakFigures): void {
  console.log(
    `\nSoak: ${f.minutes} min, ${f.rounds} round(s) of ${Object.keys(f.steps).length} views, ${Math.round(f.throttleRate * 100)}% throttling on every service, 127.0.0.1`,
  );
  console.log('\n view               runs  stuck  median ms   max ms');
  for (const [view, s] of Object.entries(f.steps)) {
    console.log(
      `${view.padEnd(19)}${pad(String(s.runs), 5)}${pad(String(s.stuck), 7)}${pad(s.medianMs.toFixed(0), 11)}${pad(s.maxMs.toFixed(0), 9)}`,
    );
  }
  const retried = f.attempts.retries;
  console.log(
    `\nRequests (sandbox): ${f.sandbox.requests}; throttles injected: ${f.sandbox.throttlesInjected} (${((100 * f.sandbox.throttlesInjected) / Math.max(1, f.sandbox.requests)).toFixed(1)}%)`,
  );
  console.log(
    `SDK attempts (amz-sdk-request): ${f.attempts.requests} = ${f.attempts.firstAttempts} first attempts + ${retried} retries`,
  );
  console.log(
    `  by service: ${Object.entries(f.sandbox.byService)
      .map(([s, v]) => `${s} ${v.requests}/${v.injected} throttled`)
      .join(', ')}`,
  );
  console.log(`Alerts shown in the UI: ${f.alerts.shown}`);
  for (const [title, n] of Object.entries(f.alerts.byTitle)) console.log(`  ${n} × ${title}`);
  console.log('\n     t s   main RSS MiB   renderer heap MiB');
  for (const s of f.memory.samples) {
    console.log(`${pad(s.t.toFixed(0), 8)}${pad(mib(s.mainRssMiB), 15)}${pad(mib(s.rendererHeapMiB), 20)}`);
  }
  for (const [name, t, flat] of [
    ['main RSS', f.memory.mainRss, FLAT.mainRssMiBPerMin],
    ['renderer heap', f.memory.rendererHeap, FLAT.rendererHeapMiBPerMin],
  ] as const) {
    console.log(
      `${name}: start ${mib(t.start)}, middle ${mib(t.middle)}, end ${mib(t.end)}, max ${mib(t.max)} MiB; second-half slope ${t.slopeMiBPerMin === null ? '—' : t.slopeMiBPerMin.toFixed(2)} MiB/min (flat ≤ ${flat}): ${t.verdict}`,
    );
  }
  if (f.stuck.length) {
    console.log('\nSteps that did not finish:');
    for (const s of f.stuck.slice(0, 20)) console.log(`  ${s.view}: ${s.stuck ?? ''}`);
  }
}
