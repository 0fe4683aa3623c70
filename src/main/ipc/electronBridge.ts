import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { channels, type Result } from '../../shared/contract';
import type { Router } from './router';

/**
 * The only place main touches ipcMain. Every invoke is checked against the
 * windows we created before the router sees it, so a frame or webview that
 * somehow loaded foreign content cannot call into main.
 */
export function registerIpc(router: Router, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): () => void {
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event)) {
        return {
          ok: false,
          error: { code: 'forbidden-sender', message: 'Request from an untrusted frame.', retryable: false },
        };
      }
      return router.dispatch(channel, input);
    });
  }
  return () => channels.forEach((c) => ipcMain.removeHandler(c));
}
