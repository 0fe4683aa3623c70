/**
 * A minimal stand-in for the `electron` module: the Electron binary cannot be
 * downloaded on the CI machine, so tests inject this with
 * `vi.mock('electron', async () => (await import('./electronStandIn')).electronModule)`.
 * It records what main asks of Electron (window options, handlers, schemes)
 * and lets a test fire the events Electron would, nothing more.
 */

type Listener = (...args: unknown[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  off(event: string, listener: Listener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== listener),
    );
    return this;
  }
  /** Fires `event` to every listener; returns the listeners' return values. */
  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((l) => l(...args));
  }
}

/** The event object Electron passes to will-navigate and friends. */
export function preventableEvent(): { defaultPrevented: boolean; preventDefault(): void } {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: unknown,
) => void;
type PermissionCheckHandler = (webContents: unknown, permission: string, origin: string, details: unknown) => boolean;
type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void;

export class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  devicePermissionHandler: ((details: unknown) => boolean) | null = null;
  headersListener: HeadersListener | null = null;
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener) => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null): void {
    this.devicePermissionHandler = handler;
  }
}

let nextContentsId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextContentsId++;
  readonly session: FakeSession;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: unknown[][] = [];
  constructor(session: FakeSession) {
    super();
    this.session = session;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return false;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
}

export const defaultSession = new FakeSession();

export class FakeBrowserWindow extends Emitter {
  static readonly instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents(defaultSession);
  readonly loadedUrls: string[] = [];
  readonly loadedFiles: string[] = [];
  constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    return Promise.resolve();
  }
  loadFile(file: string): Promise<void> {
    this.loadedFiles.push(file);
    return Promise.resolve();
  }
  show(): void {}
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.instances;
  }
  static getFocusedWindow(): FakeBrowserWindow | null {
    return null;
  }
}

type ProtocolHandler = (request: { url: string; method: string }) => Promise<Response>;

let markReady: () => void = () => undefined;
const ready = new Promise<void>((resolve) => (markReady = resolve));

/** What the code under test did to Electron, in order. */
export const recorded = {
  calls: [] as string[],
  privilegedSchemes: [] as { scheme: string; privileges?: Record<string, boolean> }[],
  protocolHandlers: new Map<string, ProtocolHandler>(),
  openedExternally: [] as string[],
  ipcHandlers: new Map<string, Listener>(),
  isReady: false,
};

export const app = Object.assign(new Emitter(), {
  enableSandbox: () => void recorded.calls.push('app.enableSandbox'),
  whenReady: () => ready,
  getPath: (_name: string) => '/nonexistent/trellis-user-data',
  exit: (code: number) => void recorded.calls.push(`app.exit(${code})`),
  quit: () => void recorded.calls.push('app.quit'),
  /** The test's hand on the switch: Electron's `ready`. */
  becomeReady: () => {
    recorded.isReady = true;
    markReady();
  },
});

export const electronModule = {
  app,
  BrowserWindow: FakeBrowserWindow,
  dialog: { showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }) },
  session: { defaultSession },
  shell: {
    openExternal: (url: string) => {
      recorded.openedExternally.push(url);
      return Promise.resolve();
    },
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes: { scheme: string; privileges?: Record<string, boolean> }[]) => {
      recorded.calls.push(`protocol.registerSchemesAsPrivileged(ready=${recorded.isReady})`);
      recorded.privilegedSchemes.push(...schemes);
    },
    handle: (scheme: string, handler: ProtocolHandler) => {
      recorded.calls.push(`protocol.handle(${scheme}, ready=${recorded.isReady})`);
      recorded.protocolHandlers.set(scheme, handler);
    },
  },
  ipcMain: {
    handle: (channel: string, handler: Listener) => void recorded.ipcHandlers.set(channel, handler),
    removeHandler: (channel: string) => void recorded.ipcHandlers.delete(channel),
    on: () => undefined,
    off: () => undefined,
  },
};
