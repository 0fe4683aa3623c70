/**
 * The Doctor's way into instance logs: ask for the latest tail logs, wait as
 * the console's Logs tab does (the log service ends the wait with a timeout
 * error), and hand the rules one line per fact, each knowing its file and
 * instance so evidence can quote where it came from.
 */
import type { LogRequest, LogRetrieval, Target } from '../../shared/contract';
import type { LogLineFact } from './facts';

export interface TailLogSource {
  requestLogs(target: Target, environmentName: string, infoType: 'tail', waitLimitSeconds: number): Promise<LogRequest>;
  retrieveLogs(target: Target, requestId: string): Promise<LogRetrieval>;
}

export interface TailReadOptions {
  /** How long a scan waits for the instances; the EB CLI gives up after two minutes. */
  waitLimitSeconds?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function readTailLogLines(
  logs: TailLogSource,
  target: Target,
  environmentName: string,
  options: TailReadOptions = {},
): Promise<{ lines: LogLineFact[]; apiCalls: number }> {
  const sleep = options.sleep ?? pause;
  const request = await logs.requestLogs(target, environmentName, 'tail', options.waitLimitSeconds ?? 120);
  // RequestEnvironmentInfo, and the lookup of the instances it collects from.
  let apiCalls = 2;
  for (;;) {
    const retrieval = await logs.retrieveLogs(target, request.requestId);
    apiCalls += 1;
    if (retrieval.state === 'ready') {
      apiCalls += retrieval.apiCalls;
      const lines: LogLineFact[] = [];
      for (const instance of retrieval.instances) {
        for (const file of instance.files) {
          for (const text of file.text.split('\n')) {
            if (text.trim() === '') continue;
            lines.push({
              file: file.path,
              instanceId: instance.instanceId,
              ...(instance.sampledAt ? { sampledAt: instance.sampledAt } : {}),
              text,
            });
          }
        }
      }
      return { lines, apiCalls };
    }
    await sleep(options.pollMs ?? 2000);
  }
}
