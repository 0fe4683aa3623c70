import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { channels, type Result } from '../../shared/contract';
import { CANCEL_CHANNEL, PROGRESS_CHANNEL } from '../../shared/contract/channelNames';
import type { Router } from './router';

/** Call ids the renderer makes up (randomUUID); anything else is ignored rather than trusted as a map key. */
const CALL_ID = /^[0-9a-f-]{36}$/;

/**
 * The only place main touches ipcMain. Every invoke is checked against the
 * windows we created before the router sees it, so a frame or webview that
 * somehow loaded foreign content cannot call into main. A call the renderer
 * may cancel carries an id; a message on the cancel channel with that id
 * aborts its AWS requests, as closing the request does in web mode. A call
 * that asks for pages (a streamed channel, progress.ts) gets them as
 * messages on the progress channel tagged with its id, before its answer.
 */
export function registerIpc(router: Router, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): () => void {
  const inFlight = new Map<string, AbortController>();
  for (const channel of channels) {
    ipcMain.handle(
      channel,
      async (event, input: unknown, callId: unknown, wantsPages: unknown): Promise<Result<unknown>> => {
        if (!isTrustedSender(event)) {
          return {
            ok: false,
            error: { code: 'forbidden-sender', message: 'Request from an untrusted frame.', retryable: false },
          };
        }
        if (typeof callId !== 'string' || !CALL_ID.test(callId)) return router.dispatch(channel, input);
        const key = `${event.sender.id}:${callId}`;
        const controller = new AbortController();
        inFlight.set(key, controller);
        const { sender } = event;
        const onPage =
          wantsPages === true
            ? (page: unknown) => {
                if (!controller.signal.aborted && !sender.isDestroyed()) sender.send(PROGRESS_CHANNEL, callId, page);
              }
            : undefined;
        try {
          return await router.dispatch(channel, input, controller.signal, onPage);
        } finally {
          inFlight.delete(key);
        }
      },
    );
  }
  const cancel = (event: IpcMainEvent, callId: unknown) => {
    if (typeof callId === 'string') inFlight.get(`${event.sender.id}:${callId}`)?.abort();
  };
  ipcMain.on(CANCEL_CHANNEL, cancel);
  return () => {
    channels.forEach((c) => ipcMain.removeHandler(c));
    ipcMain.off(CANCEL_CHANNEL, cancel);
  };
}
