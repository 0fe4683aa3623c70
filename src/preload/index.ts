/**
 * The Electron preload: one function per contract channel, nothing generic.
 * It is bundled into a single CommonJS file for a sandboxed preload, so it
 * imports only `electron` and the zod-free list of channel names.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CANCEL_CHANNEL, channelNames, PROGRESS_CHANNEL } from '../shared/contract/channelNames';

type Invoker = (input: unknown, callId?: string, wantsPages?: boolean) => Promise<unknown>;

// The router answers every call with a Result; a rejection only happens when no
// handler is registered or the channel broke, and must not reach the page as a throw.
const transportFailure = (channel: string) => ({
  ok: false,
  error: {
    code: 'internal',
    message: `The desktop bridge could not complete ${channel}.`,
    retryable: true,
  },
});

const api: Record<string, Invoker> = {};
for (const name of channelNames) {
  api[name] = (input: unknown, callId?: string, wantsPages?: boolean) =>
    ipcRenderer.invoke(name, input, callId, wantsPages === true).catch(() => transportFailure(name));
}

contextBridge.exposeInMainWorld('trellis', Object.freeze(api));
// Only ever sends a call id, or hears the pages of the page's own calls; neither reaches any other channel.
contextBridge.exposeInMainWorld(
  'trellisCalls',
  Object.freeze({
    cancel: (callId: string) => ipcRenderer.send(CANCEL_CHANNEL, String(callId)),
    onProgress: (listener: (callId: string, page: unknown) => void) => {
      const forward = (_event: unknown, callId: unknown, page: unknown) => listener(String(callId), page);
      ipcRenderer.on(PROGRESS_CHANNEL, forward);
      return () => void ipcRenderer.off(PROGRESS_CHANNEL, forward);
    },
  }),
);
