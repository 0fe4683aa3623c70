import { BrowserWindow, shell, type IpcMainInvokeEvent, type WebContents } from 'electron';

const ours = new Set<number>();

/** Only https links leave the app, and only to the system browser. */
export function openExternalSafely(raw: string): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return;
  }
  if (url.protocol === 'https:') void shell.openExternal(url.toString());
}

/**
 * Scheme and host of a URL, compared as strings because WHATWG `URL.origin`
 * is "null" for a custom scheme such as app://. A prefix test would let
 * `app://trellis.evil/` or `http://localhost:51730/` pass for ours.
 */
export function originOf(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.host ? `${url.protocol}//${url.host}` : null;
  } catch {
    return null;
  }
}

export function isSameOrigin(raw: string, trustedOrigin: string): boolean {
  return originOf(raw) === trustedOrigin;
}

/** One set of locks for every window, so a new window cannot forget one. */
export function hardenWindow(win: BrowserWindow, trustedOrigin: string): void {
  const contents: WebContents = win.webContents;
  ours.add(contents.id);
  win.on('closed', () => ours.delete(contents.id));
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isSameOrigin(url, trustedOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Camera, microphone, location, notifications, clipboard, HID/USB/serial: a console of AWS settings needs none.
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
  contents.session.setDevicePermissionHandler(() => false);
}

export function isTrustedSender(event: IpcMainInvokeEvent, trustedOrigin: string): boolean {
  const frameUrl = event.senderFrame?.url ?? '';
  return ours.has(event.sender.id) && isSameOrigin(frameUrl, trustedOrigin);
}

export function createMainWindow(preloadPath: string): BrowserWindow {
  return new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'Trellis',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click is one more way for a page to open a window; the open handler denies it, and this removes the path.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
}
