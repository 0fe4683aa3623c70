/**
 * How a benchmark that starts processes (a sandbox, web mode, Chromium) runs
 * and ends: it always cleans up, on success, failure, Ctrl-C or a watchdog
 * that stops a run stuck past its time, so no process outlives it.
 */
export function runBench(
  name: string,
  main: () => Promise<void>,
  cleanUp: () => Promise<void>,
  watchdogMs: number,
): void {
  const watchdog = setTimeout(() => {
    console.error(`${name}: still running ${Math.round(watchdogMs / 60_000)} min after the start; stopping.`);
    void cleanUp().finally(() => process.exit(2));
  }, watchdogMs);
  const interrupted = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  main()
    .then(
      () => 0,
      (err: unknown) => {
        console.error(err);
        return 1;
      },
    )
    .then(async (code) => {
      await cleanUp();
      clearTimeout(watchdog);
      process.exit(code);
    });
}

/**
 * What a benchmark started, to undo newest first whatever happens; one failing
 * undo is reported and does not stop the rest.
 */
export function cleanupStack(): { push: (fn: () => Promise<void> | void) => void; run: () => Promise<void> } {
  const undo: Array<() => Promise<void> | void> = [];
  return {
    push: (fn) => void undo.push(fn),
    run: async () => {
      for (const fn of undo.splice(0).reverse()) {
        try {
          await fn();
        } catch (err) {
          console.error('cleanup:', err);
        }
      }
    },
  };
}
