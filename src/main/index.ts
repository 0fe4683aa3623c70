import { app, BrowserWindow, dialog, protocol, session, type OpenDialogOptions } from 'electron';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version } from '../../package.json';
import { APP_ENTRY_URL, APP_ORIGIN, registerAppScheme, serveAppScheme } from './appProtocol';
import { createAppContext, type AppContext } from './context';
import { registerIpc } from './ipc/electronBridge';
import { RENDERER_CSP } from './rendererFiles';
import { createMainWindow, hardenWindow, isTrustedSender, originOf } from './window';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '../renderer');
const devUrl = process.env.ELECTRON_RENDERER_URL;
// The one origin every trusted frame must load from: the dev server, or our own built files on app://.
const trustedOrigin = (devUrl && originOf(devUrl)) || APP_ORIGIN;

let ctx: AppContext | undefined;

/**
 * The native open dialog for a deploy's source, attached to the focused
 * window. Only the path comes back to main; the renderer never sees it until
 * the bundle is staged.
 */
async function chooseSource(kind: 'folder' | 'zip'): Promise<string | null> {
  const options: OpenDialogOptions =
    kind === 'folder'
      ? { title: 'Choose the app folder to deploy', properties: ['openDirectory'] }
      : {
          title: 'Choose the .zip source bundle to deploy',
          properties: ['openFile'],
          filters: [{ name: 'ZIP archives', extensions: ['zip'] }],
        };
  const parent = BrowserWindow.getFocusedWindow();
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function start(): Promise<void> {
  ctx = await createAppContext({
    mode: 'desktop',
    version,
    dataDir: app.getPath('userData'),
    env: process.env,
    homeDir: homedir(),
    sandbox: { reset: process.argv.includes('--reset-sandbox') },
    log: (m) => console.error(`trellis: ${m}`),
    chooseSource,
  });
  registerIpc(ctx.router, (event) => isTrustedSender(event, trustedOrigin));
  serveAppScheme(protocol, rendererDir);

  // app:// answers carry the CSP themselves; this also covers the dev server and anything else the session loads.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP] } });
  });

  await openWindow();
}

async function openWindow(): Promise<void> {
  const win = createMainWindow(join(here, '../preload/index.cjs'));
  hardenWindow(win, trustedOrigin);
  win.once('ready-to-show', () => win.show());
  await win.loadURL(devUrl ?? APP_ENTRY_URL);
}

// Schemes get their privileges only if registered before the app is ready.
registerAppScheme(protocol);
app.enableSandbox();
app.whenReady().then(start, (err: unknown) => {
  console.error(err);
  app.exit(1);
});
app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => void ctx?.close());
app.on('activate', () => {
  if (ctx && BrowserWindow.getAllWindows().length === 0) void openWindow();
});
