import type { TrellisApi } from '../../shared/contract';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in web mode. */
    trellis?: TrellisApi;
  }
}

export {};
