/** Indexed log files for the viewer's unit tests, and a way to run the viewer's sliced generators to the end. */
import { indexLines, type IndexedFile } from '../../../src/renderer/src/model/logText';

export function drain<R>(gen: Generator<unknown, R>): R {
  for (;;) {
    const step = gen.next();
    if (step.done) return step.value;
  }
}

export function indexedFile(text: string, path = '/var/log/web.stdout.log', instanceId = 'i-1'): IndexedFile {
  return {
    key: `${instanceId} ${path}`,
    instanceId,
    path,
    text,
    bytes: text.length,
    lineStarts: drain(indexLines(text)),
  };
}
