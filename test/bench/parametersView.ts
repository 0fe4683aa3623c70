// Benchmark: the Parameters view in Chromium against the built web mode, on a
// sandbox holding the `large-account` scenario's 20,000 parameters (its
// document written as the state file; see test/support/parameterAccount.ts).
// Measures: click → first rows painted, DOM nodes in the tree (default, all expanded,
// filtered), filter keystroke → paint (input event to the frame after the
// filtered tree and its count are committed; median and max), long tasks
// (PerformanceObserver 'longtask') while filtering and scrolling, values read
// (GetParameters only for rows in view), and the renderer's JS heap. Prints
// figures, saves them to test/bench/results/parametersView.json and
// screenshots to /tmp/shots/; asserts nothing.
// Needs `npm run build` (out/main/web.js) and Debian's chromium.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { parameterAccountDataDir, type ListedParameter } from '../support/parameterAccount';
import { launchChromium, startWebConsole } from '../support/webConsole';

const COUNT = Number(process.env.BENCH_PARAMETERS ?? 20_000);
const QUERY = process.env.BENCH_PARAMETER_QUERY ?? 'prod/worker-1/db_host';
const SHOTS = '/tmp/shots';
const RESULTS = 'test/bench/results/parametersView.json';

type Bench = Window & {
  __long: { start: number; duration: number }[];
  __pending?: Promise<number>;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (n: number) => n.toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(0)} ms`;

function expectedStatus(all: readonly ListedParameter[], text: string, type: string, unfiltered: string): string {
  const needle = text.trim().toLowerCase();
  if (!needle && type === 'any') return unfiltered;
  const matched = all.filter(
    (p) => (type === 'any' || p.type === type) && (!needle || p.name.toLowerCase().includes(needle)),
  ).length;
  return `${fmt(matched)} of ${fmt(all.length)} parameters ${matched === 1 ? 'matches' : 'match'}`;
}

async function installObservers(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as Bench;
    w.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask' });
  });
}

const now = (page: Page) => page.evaluate(() => performance.now());
/** The longest task that started in [from, to), 0 when none reached 50 ms. */
const longestBetween = (page: Page, from: number, to: number) =>
  page.evaluate(
    ([a, b]) =>
      Math.max(
        0,
        ...(window as unknown as Bench).__long.filter((t) => t.start >= a! && t.start < b!).map((t) => t.duration),
      ),
    [from, to],
  );

/**
 * Arms a timer for the next input or change event: it stops at the first
 * animation frame whose DOM shows `expected` as the count and no pending
 * filter (aria-busy), plus a task so that frame's paint is included.
 */
async function armKeystroke(page: Page, expected: string): Promise<void> {
  await page.evaluate((want) => {
    const w = window as unknown as Bench;
    w.__pending = new Promise<number>((resolve) => {
      const onInput = (e: Event) => {
        document.removeEventListener('input', onInput, true);
        document.removeEventListener('change', onInput, true);
        const t0 = e.timeStamp;
        const check = () => {
          const status = [...document.querySelectorAll('[role="status"]')].find((el) =>
            / parameters? /.test(el.textContent ?? ''),
          );
          const busy = document.querySelector('[role="tree"]')?.getAttribute('aria-busy') === 'true';
          if (status?.textContent === want && !busy) setTimeout(() => resolve(performance.now() - t0), 0);
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      };
      document.addEventListener('input', onInput, true);
      document.addEventListener('change', onInput, true);
    });
  }, expected);
}

const keystrokeDone = (page: Page) => page.evaluate(() => (window as unknown as Bench).__pending!);

const treeCounts = (page: Page) =>
  page.evaluate(() => {
    const tree = document.querySelector('[role="tree"]');
    return {
      treeNodes: tree ? tree.querySelectorAll('*').length + 1 : 0,
      treeItems: tree ? tree.querySelectorAll('[role="treeitem"]').length : 0,
      documentNodes: document.getElementsByTagName('*').length,
    };
  });

/** Every String row in view shows its value (none still '…'). */
const valuesShown = (page: Page) =>
  page.waitForFunction(
    () => ![...document.querySelectorAll('[role="tree"] code.parameter-value')].some((c) => c.textContent === '…'),
    undefined,
    { timeout: 60_000 },
  );

async function main(): Promise<void> {
  if (!existsSync('out/main/web.js')) {
    console.log('parametersView benchmark skipped: out/main/web.js is missing; run `npm run build` first.');
    return;
  }
  const seedStart = performance.now();
  const { dataDir, parameters: all } = await parameterAccountDataDir({ parameters: COUNT });
  const seedMs = performance.now() - seedStart;
  const secure = all.filter((p) => p.type === 'SecureString').length;
  const web = await startWebConsole(['--data-dir', dataDir]);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    const rpc = { list: 0, getValues: 0, valueNames: 0 };
    page.on('request', (request) => {
      if (request.url().endsWith('/rpc/ssm.listParameters')) rpc.list += 1;
      if (request.url().endsWith('/rpc/ssm.getValues')) {
        rpc.getValues += 1;
        rpc.valueNames += (JSON.parse(request.postData() ?? '{}') as { names?: string[] }).names?.length ?? 0;
      }
    });
    await page.goto(web.url);
    await page.getByRole('combobox', { name: 'Profile' }).selectOption('sandbox');
    await installObservers(page);

    // 1. Click "Parameters" → first treeitem in the DOM.
    await page.evaluate(() => {
      const w = window as unknown as Bench;
      w.__pending = new Promise<number>((resolve) => {
        let clickedAt = 0;
        document.addEventListener(
          'click',
          (e) => {
            if ((e.target as HTMLElement).closest('a')?.textContent?.trim() === 'Parameters')
              clickedAt = performance.now();
          },
          { capture: true, once: true },
        );
        const observer = new MutationObserver(() => {
          if (clickedAt && document.querySelector('[role="treeitem"]')) {
            observer.disconnect();
            // The frame that shows them, and its paint.
            requestAnimationFrame(() =>
              setTimeout(() => {
                (window as unknown as { __rowsAt: number }).__rowsAt = performance.now();
                resolve(performance.now() - clickedAt);
              }, 0),
            );
          }
        });
        observer.observe(document.body, { childList: true, subtree: true });
      });
    });
    const openStart = await now(page);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Parameters' }).click();
    const firstRowsMs = await keystrokeDone(page);
    const listing = await page.evaluate(() => {
      const entry = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/rpc/ssm.listParameters')) as
        PerformanceResourceTiming | undefined;
      return entry ? { rpcMs: entry.responseEnd - entry.startTime, responseEnd: entry.responseEnd } : null;
    });
    const rowsPaintedAt = await page.evaluate(() => (window as unknown as { __rowsAt: number }).__rowsAt);
    const status = page.getByRole('status').filter({ hasText: / DescribeParameters call/ });
    const unfiltered = (await status.textContent()) ?? '';
    const describeCalls = Number(/\(([\d,]+) DescribeParameters/.exec(unfiltered)?.[1]?.replace(/,/g, '') ?? 0);
    const openLongest = await longestBetween(page, openStart, await now(page));
    const atOpen = await treeCounts(page);
    await page.screenshot({ path: `${SHOTS}/parameters-default.png` });

    // 2. Expand all: every folder of 20,000 parameters open, still a window of rows in the DOM.
    const expandStart = await now(page);
    await page.getByRole('button', { name: 'Expand all' }).click();
    await page.waitForFunction(() => document.querySelector('[role="treeitem"][aria-level="4"]') !== null);
    await valuesShown(page);
    const expandLongest = await longestBetween(page, expandStart, await now(page));
    const expanded = await treeCounts(page);
    const valuesAfterExpand = { ...rpc };

    // 3. Scroll end to end in 40 jumps, a frame each; then the rows in view get their values.
    const scrollStart = await now(page);
    const scrollFrameGap = await page.evaluate(async () => {
      const box = document.querySelector<HTMLElement>('[role="tree"]')!;
      const gaps: number[] = [];
      let last = performance.now();
      for (let i = 0; i <= 40; i++) {
        box.scrollTop = (box.scrollHeight * i) / 40;
        await new Promise(requestAnimationFrame);
        const t = performance.now();
        gaps.push(t - last);
        last = t;
      }
      return Math.max(...gaps);
    });
    await valuesShown(page);
    const scrollLongest = await longestBetween(page, scrollStart, await now(page));
    const scrolled = await treeCounts(page);
    const valuesAfterScroll = { ...rpc };
    await page.screenshot({ path: `${SHOTS}/parameters-expanded-end.png` });

    // 4. Filter keystrokes, one at a time, each timed to the paint of its result.
    const search = page.getByRole('searchbox', { name: 'Filter parameters' });
    await search.focus();
    const filterStart = await now(page);
    const keystrokes: { key: string; ms: number; status: string }[] = [];
    for (let i = 0; i < QUERY.length; i++) {
      const want = expectedStatus(all, QUERY.slice(0, i + 1), 'any', unfiltered);
      await armKeystroke(page, want);
      await page.keyboard.type(QUERY[i]!);
      keystrokes.push({ key: QUERY[i]!, ms: await keystrokeDone(page), status: want });
    }
    const filtered = await treeCounts(page);
    await valuesShown(page);
    await page.screenshot({ path: `${SHOTS}/parameters-filtered.png` });
    // A parameter row (folders' names end with a slash) and its detail beside the narrowed tree.
    await page.getByRole('treeitem', { name: /[^/]$/ }).first().click();
    await page.getByRole('region', { name: /^Parameter / }).waitFor();
    await valuesShown(page);
    await page.screenshot({ path: `${SHOTS}/parameters-filtered-selected.png` });
    const typeSelect = page.getByRole('combobox', { name: 'Filter by type' });
    await armKeystroke(page, expectedStatus(all, QUERY, 'SecureString', unfiltered));
    await typeSelect.selectOption('SecureString');
    const typeMs = await keystrokeDone(page);
    await page.screenshot({ path: `${SHOTS}/parameters-filtered-secure.png` });
    await armKeystroke(page, expectedStatus(all, QUERY, 'any', unfiltered));
    await typeSelect.selectOption('any');
    await keystrokeDone(page);
    // Clearing the box in one keystroke (select all, Backspace): from the narrowest result back to the whole tree.
    await search.focus();
    await page.keyboard.press('ControlOrMeta+A');
    await armKeystroke(page, unfiltered);
    await page.keyboard.press('Backspace');
    const clearMs = await keystrokeDone(page);
    const filterLongest = await longestBetween(page, filterStart, await now(page));

    // 5. The same query typed at 30 ms a key, as a person types: long tasks, and the result's wait after the last key.
    const burstStart = await now(page);
    await search.pressSequentially(QUERY, { delay: 30 });
    const lastKeyAt = await now(page);
    const finalStatus = expectedStatus(all, QUERY, 'any', unfiltered);
    await page.waitForFunction(
      (want) =>
        [...document.querySelectorAll('[role="status"]')].some((el) => el.textContent === want) &&
        document.querySelector('[role="tree"]')?.getAttribute('aria-busy') !== 'true',
      finalStatus,
    );
    const burstSettleMs = (await now(page)) - lastKeyAt;
    const burstLongest = await longestBetween(page, burstStart, await now(page));

    const listRpcs = rpc.list;
    // What the transport alone costs at open: JSON.parse of the listing's answer, which the RPC client does in one go.
    const listingParse = await page.evaluate(async () => {
      const response = await fetch('/rpc/ssm.listParameters', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-trellis-token': sessionStorage.getItem('trellis.token') ?? '',
        },
        body: JSON.stringify({ target: { profile: 'sandbox', region: 'us-east-1' } }),
      });
      const text = await response.text();
      const t = performance.now();
      JSON.parse(text);
      return { ms: performance.now() - t, mib: text.length / 1024 / 1024 };
    });

    // 6. The renderer's JS heap after a collection, with the 20,000-row listing loaded.
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };

    const times = keystrokes.map((k) => k.ms);
    const results = {
      parameters: all.length,
      secureStrings: secure,
      seedMs: Math.round(seedMs),
      open: {
        clickToFirstRowsMs: Math.round(firstRowsMs),
        listParametersRpcMs: listing ? Math.round(listing.rpcMs) : null,
        responseToRowsMs: listing ? Math.round(rowsPaintedAt - listing.responseEnd) : null,
        answerMiB: Math.round(listingParse.mib * 10) / 10,
        answerJsonParseMs: Math.round(listingParse.ms),
        describeParametersCalls: describeCalls,
        minimumDescribeParametersCalls: Math.ceil(all.length / 50),
        longestTaskMs: Math.round(openLongest),
        ...atOpen,
      },
      expandAll: { longestTaskMs: Math.round(expandLongest), ...expanded },
      scroll: { longestFrameMs: Math.round(scrollFrameGap), longestTaskMs: Math.round(scrollLongest), ...scrolled },
      filter: {
        query: QUERY,
        keystrokes: keystrokes.map((k) => ({ key: k.key, ms: Math.round(k.ms), status: k.status })),
        medianMs: Math.round(median(times)),
        maxMs: Math.round(Math.max(...times)),
        typeSelectMs: Math.round(typeMs),
        clearMs: Math.round(clearMs),
        longestTaskMs: Math.round(filterLongest),
        typedAt30msPerKey: { settleAfterLastKeyMs: Math.round(burstSettleMs), longestTaskMs: Math.round(burstLongest) },
        ...filtered,
      },
      values: {
        getValuesRpcsAfterExpandAll: valuesAfterExpand.getValues,
        namesAfterExpandAll: valuesAfterExpand.valueNames,
        getValuesRpcsAfterScroll: valuesAfterScroll.getValues,
        namesAfterScroll: valuesAfterScroll.valueNames,
        listParametersRpcs: listRpcs,
      },
      rendererHeapMiB: Math.round((heap.usedSize / 1024 / 1024) * 10) / 10,
    };
    mkdirSync('test/bench/results', { recursive: true });
    writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);

    const r = results;
    const long = (n: number) => (n > 0 ? `longest task ${ms(n)}` : 'no task ≥ 50 ms');
    console.log(`\nParameters view, ${fmt(r.parameters)} parameters (${fmt(secure)} SecureString), Chromium web mode`);
    console.log(`  large-account scenario generated and written in ${ms(seedMs)} (no PutParameter calls)`);
    console.log(
      `  open: click → first rows ${ms(r.open.clickToFirstRowsMs)}; listParameters RPC ${r.open.listParametersRpcMs} ms, ${fmt(describeCalls)} DescribeParameters calls (minimum ${fmt(r.open.minimumDescribeParametersCalls)}); response → rows painted ${r.open.responseToRowsMs} ms (of which JSON.parse of the ${r.open.answerMiB} MiB answer ${r.open.answerJsonParseMs} ms); ${long(r.open.longestTaskMs)}`,
    );
    console.log(
      `  DOM in the tree: ${r.open.treeItems} rows / ${r.open.treeNodes} nodes at open; ${r.expandAll.treeItems} / ${r.expandAll.treeNodes} with all expanded; ${r.filter.treeItems} / ${r.filter.treeNodes} filtered (document: ${fmt(r.expandAll.documentNodes)} nodes)`,
    );
    console.log(`  expand all: ${long(r.expandAll.longestTaskMs)}`);
    console.log(
      `  scroll end to end in 40 jumps: longest frame ${ms(r.scroll.longestFrameMs)}, ${long(r.scroll.longestTaskMs)}`,
    );
    console.log(
      `  filter "${QUERY}", ${keystrokes.length} keystrokes → paint: median ${ms(r.filter.medianMs)}, max ${ms(r.filter.maxMs)} (${times.map((t) => t.toFixed(0)).join(', ')})`,
    );
    console.log(
      `  first keystroke (all → ${keystrokes[0]?.status}) ${ms(times[0] ?? 0)}; type select → paint ${ms(r.filter.typeSelectMs)}; clearing the box ${ms(r.filter.clearMs)}; while filtering: ${long(r.filter.longestTaskMs)}`,
    );
    console.log(
      `  typed at 30 ms/key: result ${ms(r.filter.typedAt30msPerKey.settleAfterLastKeyMs)} after the last key, ${long(r.filter.typedAt30msPerKey.longestTaskMs)}`,
    );
    console.log(
      `  values: ${r.values.getValuesRpcsAfterScroll} getValues RPCs for ${r.values.namesAfterScroll} names after expanding and scrolling end to end (of ${fmt(r.parameters - secure)} String/StringList); SecureStrings never read`,
    );
    console.log(
      `  renderer JS heap: ${r.rendererHeapMiB} MiB (target < 200 MiB); saved to ${RESULTS}, screenshots in ${SHOTS}`,
    );
  } finally {
    await browser.close();
    await web.stop();
  }
}

mkdirSync(SHOTS, { recursive: true });
main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
