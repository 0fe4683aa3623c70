import type { TrellisApi } from '../../shared/contract';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in web mode. */
    trellis?: TrellisApi;
    /** Set by the Electron preload beside `trellis`: aborts a call main is still running. */
    trellisCalls?: {
      cancel(callId: string): void;
      onProgress?(listener: (callId: string, page: unknown) => void): () => void;
    };
  }
}

export {};
