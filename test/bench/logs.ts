// Benchmark: the Logs tab in Chromium against the built web mode.
// 1. "Last 100 lines" click to log text on screen, for Bbruceeb2-env against
//    the training-lab sandbox: with the sandbox clock moved past EB's 5 s
//    delivery delay as soon as the request is made (what Trellis itself
//    costs), and on the sandbox's own clock (what a user waits).
// 2. The viewer searching a generated 50 MiB full-logs bundle (served in
//    place of main's answer): long tasks (PerformanceObserver 'longtask',
//    target: none over 50 ms), the longest gap between animation frames,
//    and the search time. Prints figures; asserts nothing.
// Needs `npm run build` (out/main/web.js) and Debian's chromium.
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { sandboxEndpointOf } from '../support/environmentPage';
import { openEnvironmentLogs } from '../support/logsViewer';
import { advanceSandboxClock } from '../support/trainingLabFixes';
import { sandboxSessions } from '../support/webConsole';

const ENV = 'Bbruceeb2-env';
const FAST_RUNS = Number(process.env.BENCH_LOG_RUNS ?? 7);
const REAL_RUNS = Number(process.env.BENCH_LOG_REAL_RUNS ?? 3);
const BUNDLE_MIB = Number(process.env.BENCH_LOG_MIB ?? 50);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** Arms in-page timers: the click on the button, and the first log line the viewer renders after it. */
async function armClickToText(page: Page, button: string): Promise<void> {
  await page.evaluate((label) => {
    const w = window as unknown as { __clickAt?: number; __textAt?: Promise<number> };
    w.__clickAt = undefined;
    // The previous result stays on screen while the next one waits; only a new viewer counts.
    document.querySelectorAll('[role="log"]').forEach((el) => el.setAttribute('data-bench-old', ''));
    w.__textAt = new Promise<number>((resolve) => {
      const seen = () => document.querySelector('[role="log"]:not([data-bench-old]) .log-line');
      const observer = new MutationObserver(() => {
        if (w.__clickAt !== undefined && seen()) {
          observer.disconnect();
          resolve(performance.now());
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
    const onClick = (e: MouseEvent) => {
      if ((e.target as HTMLElement | null)?.closest('button')?.textContent?.trim() !== label) return;
      w.__clickAt = performance.now();
      document.removeEventListener('click', onClick, true);
    };
    document.addEventListener('click', onClick, true);
  }, button);
}

async function clickToText(page: Page, endpoint: string | null): Promise<number> {
  const panel = page.getByRole('region', { name: 'Logs' });
  await armClickToText(page, 'Last 100 lines');
  await panel.getByRole('button', { name: 'Last 100 lines', exact: true }).click();
  if (endpoint) {
    await panel
      .getByRole('status')
      .filter({ hasText: /Waiting for .* from \d+ instances?/ })
      .waitFor();
    await advanceSandboxClock(endpoint, 15_000);
  }
  return page.evaluate(async () => {
    const w = window as unknown as { __clickAt?: number; __textAt?: Promise<number> };
    const at = await w.__textAt!;
    return at - (w.__clickAt ?? at);
  });
}

/** A realistic full-logs answer of about `mib` MiB: several files of access, app and error lines. */
function generatedBundle(mib: number): string {
  const paths = [
    '/var/log/httpd/access_log',
    '/var/log/httpd/error_log',
    '/var/log/eb-activity.log',
    '/var/log/web.stdout.log',
    '/var/log/nginx/access.log',
    '/var/log/nginx/error.log',
    '/var/log/messages',
    '/var/log/cfn-init.log',
  ];
  const perFile = Math.floor((mib * 1024 * 1024) / paths.length);
  const files = paths.map((path, f) => {
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < perFile; i++) {
      const line =
        i % 997 === 0
          ? `[Sun Nov 22 10:${String(i % 60).padStart(2, '0')}:00 2026] [wsgi:error] [pid ${3000 + f}] KeyError: 'FLASK_SECRET' request ${i}`
          : i % 211 === 0
            ? `2026/11/22 10:00:00 [warn] ${i}#0: upstream response is buffered to a temporary file`
            : `10.0.${f}.${i % 250} - - [22/Nov/2026:10:00:00 +0000] "GET /items/${i} HTTP/1.1" 200 ${512 + (i % 900)} "-" "ELB-HealthChecker/2.0"`;
      lines.push(line);
      size += line.length + 1;
    }
    const text = `${lines.join('\n')}\n`;
    return { path, text, bytes: text.length, lineCount: lines.length };
  });
  const totalBytes = files.reduce((n, f) => n + f.bytes, 0);
  return JSON.stringify({
    ok: true,
    data: {
      state: 'ready',
      infoType: 'bundle',
      waitedMs: 10_000,
      instances: [{ instanceId: 'i-0a7f3c9e1b5d24e68', files }],
      totalBytes,
      apiCalls: 5,
    },
  });
}

interface ViewerFigures {
  bundleMiB: number;
  loadMs: number;
  loadLongest: number;
  parseMs: number;
  toggleLongest: number;
  searchMs: number;
  matches: string;
  searchLongTasks: number;
  searchLongest: number;
  searchFrameGap: number;
  scrollFrameGap: number;
}

async function searchBundle(page: Page): Promise<ViewerFigures> {
  const body = generatedBundle(BUNDLE_MIB);
  const bundleMiB = body.length / 1024 / 1024;
  await page.route('**/rpc/beanstalk.requestLogs', (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({
        ok: true,
        data: {
          requestId: 'bench',
          environmentName: ENV,
          infoType: 'bundle',
          requestedAt: new Date().toISOString(),
          instanceIds: ['i-0a7f3c9e1b5d24e68'],
          waitLimitSeconds: 120,
        },
      }),
    }),
  );
  await page.route('**/rpc/beanstalk.retrieveLogs', (route) =>
    route.fulfill({ contentType: 'application/json', body }),
  );
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __gaps: number[]; __frames: boolean };
    w.__long = [];
    w.__gaps = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  const panel = page.getByRole('region', { name: 'Logs' });
  const t0 = Date.now();
  await panel.getByRole('button', { name: 'Full logs', exact: true }).click();
  await panel
    .getByRole('log', { name: `Log text of ${ENV}` })
    .locator('.log-line')
    .first()
    .waitFor({ timeout: 120_000 });
  const loadMs = Date.now() - t0;
  const loadLongest = await page.evaluate(() => Math.max(0, ...(window as unknown as { __long: number[] }).__long));

  // From here on: every long task and the longest gap between frames while the search runs.
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __gaps: number[]; __frames: boolean };
    w.__long = [];
    w.__gaps = [];
    w.__frames = true;
    let last = performance.now();
    const frame = (now: number) => {
      w.__gaps.push(now - last);
      last = now;
      if (w.__frames) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  const search = panel.getByRole('searchbox', { name: 'Search logs' });
  const s0 = Date.now();
  await search.pressSequentially('flask_secret', { delay: 30 });
  const count = panel.getByRole('status').filter({ hasText: /^[\d,]+ match(es)?$/ });
  await count.waitFor({ timeout: 120_000 });
  const searchMs = Date.now() - s0;
  const matches = (await count.textContent()) ?? '';
  const during = await page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __gaps: number[]; __frames: boolean };
    w.__frames = false;
    return { long: [...w.__long], gap: Math.max(0, ...w.__gaps) };
  });

  // Collapsing and expanding every file re-lays out every row.
  await page.evaluate(() => {
    (window as unknown as { __long: number[] }).__long = [];
  });
  await panel.getByRole('button', { name: 'Collapse all' }).click();
  await panel.getByRole('button', { name: 'Expand all' }).click();
  await panel.getByRole('button', { name: 'Collapse all' }).waitFor();
  await page.evaluate(() => new Promise(requestAnimationFrame));
  const toggleLongest = await page.evaluate(() => Math.max(0, ...(window as unknown as { __long: number[] }).__long));

  // What the transport alone costs: the answer's JSON.parse, which web mode's RPC client does in one go.
  const parseMs = await page.evaluate((text) => {
    const t = performance.now();
    JSON.parse(text);
    return performance.now() - t;
  }, body);

  // Scrolling through the whole bundle: jump to the end and back, frame by frame.
  const scrollFrameGap = await page.evaluate(async () => {
    const box = document.querySelector<HTMLElement>('[role="log"]')!;
    const gaps: number[] = [];
    let last = performance.now();
    for (let i = 0; i <= 40; i++) {
      box.scrollTop = (box.scrollHeight * i) / 40;
      await new Promise(requestAnimationFrame);
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }
    return Math.max(...gaps);
  });

  return {
    bundleMiB,
    loadMs,
    loadLongest,
    parseMs,
    toggleLongest,
    searchMs,
    matches,
    searchLongTasks: during.long.length,
    searchLongest: Math.max(0, ...during.long),
    searchFrameGap: during.gap,
    scrollFrameGap,
  };
}

async function main(): Promise<void> {
  if (!existsSync('out/main/web.js')) {
    console.log('logs benchmark skipped: out/main/web.js is missing; run `npm run build` first.');
    return;
  }
  const sessions = sandboxSessions();
  try {
    const { page, web } = await sessions.open();
    page.setDefaultTimeout(60_000);
    const endpoint = await sandboxEndpointOf(web);
    await openEnvironmentLogs(page, ENV);
    const fast: number[] = [];
    for (let i = 0; i < FAST_RUNS; i++) fast.push(await clickToText(page, endpoint));
    const real: number[] = [];
    for (let i = 0; i < REAL_RUNS; i++) real.push(await clickToText(page, null));

    const { page: viewerPage } = await sessions.open();
    viewerPage.setDefaultTimeout(120_000);
    await openEnvironmentLogs(viewerPage, ENV);
    const v = await searchBundle(viewerPage);

    console.log(`\n"Last 100 lines" click → log text on screen, ${ENV} (sandbox on loopback, Chromium)`);
    console.log(
      `  clock moved past EB's delay: median ${median(fast).toFixed(0)} ms over ${fast.length} runs (${fast.map((t) => t.toFixed(0)).join(', ')})`,
    );
    console.log(
      `  sandbox's own clock (5 s delay): median ${median(real).toFixed(0)} ms over ${real.length} runs (${real.map((t) => t.toFixed(0)).join(', ')})`,
    );
    console.log(`\nViewer on a generated ${v.bundleMiB.toFixed(1)} MiB full-logs answer`);
    console.log(
      `  load (click → first line: transfer, JSON parse, line index): ${v.loadMs} ms, longest task ${v.loadLongest.toFixed(0)} ms (JSON.parse of the answer alone: ${v.parseMs.toFixed(0)} ms)`,
    );
    const longest = (ms: number) => (ms > 0 ? `longest task ${ms.toFixed(0)} ms` : 'no task ≥ 50 ms');
    console.log(`  collapse all, then expand all: ${longest(v.toggleLongest)}`);
    console.log(`  search "flask_secret" typed at 30 ms/key: ${v.matches} in ${v.searchMs} ms after the first key`);
    console.log(
      `  while searching: ${v.searchLongTasks} long task(s) ≥ 50 ms${v.searchLongTasks ? `, longest ${v.searchLongest.toFixed(0)} ms` : ''}; longest gap between frames ${v.searchFrameGap.toFixed(0)} ms (target: no task over 50 ms)`,
    );
    console.log(`  scrolling end to end in 40 jumps: longest frame ${v.scrollFrameGap.toFixed(0)} ms`);
  } finally {
    await sessions.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
