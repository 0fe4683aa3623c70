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

/** One set of locks for every window, so a new window cannot forget one. */
export function hardenWindow(win: BrowserWindow, allowedUrlPrefix: string): void {
  const contents: WebContents = win.webContents;
  ours.add(contents.id);
  win.on('closed', () => ours.delete(contents.id));
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(allowedUrlPrefix)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}

export function isTrustedSender(event: IpcMainInvokeEvent, allowedUrlPrefix: string): boolean {
  const frameUrl = event.senderFrame?.url ?? '';
  return ours.has(event.sender.id) && frameUrl.startsWith(allowedUrlPrefix);
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
      webSecurity: true,
      spellcheck: false,
    },
  });
}
