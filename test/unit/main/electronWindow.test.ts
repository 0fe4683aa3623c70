import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import type { Router } from '../../../src/main/ipc/router';
import { FakeBrowserWindow, preventableEvent, recorded } from './electronStandIn';

vi.mock('electron', async () => (await import('./electronStandIn')).electronModule);

const routed: string[] = [];
const router: Router = {
  async dispatch(channel) {
    routed.push(channel);
    return { ok: true, data: { channel } };
  },
};
vi.mock('../../../src/main/context', () => ({
  createAppContext: async () => ({ router, close: async () => undefined }),
}));

const { createMainWindow, hardenWindow, isTrustedSender, openExternalSafely } =
  await import('../../../src/main/window');
const { APP_ORIGIN } = await import('../../../src/main/appProtocol');

/** A fresh window with every lock on, as index.ts makes them. */
function lockedWindow(): FakeBrowserWindow {
  const win = createMainWindow('/app/out/preload/index.cjs') as unknown as FakeBrowserWindow;
  hardenWindow(win as unknown as BrowserWindow, APP_ORIGIN);
  return win;
}

function invokeEvent(win: FakeBrowserWindow | { webContents: { id: number } }, frameUrl: string | null) {
  return {
    sender: win.webContents,
    senderFrame: frameUrl === null ? null : { url: frameUrl },
  } as unknown as IpcMainInvokeEvent;
}

describe('the main window', () => {
  afterEach(() => {
    recorded.openedExternally.length = 0;
  });

  it('runs the renderer isolated, sandboxed and without Node', () => {
    const prefs = lockedWindow().options.webPreferences ?? {};
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    // Absent or false: each of these, if true, reopens a door the settings above close.
    for (const risky of [
      'allowRunningInsecureContent',
      'experimentalFeatures',
      'nodeIntegrationInSubFrames',
      'nodeIntegrationInWorker',
      'webviewTag',
      'enableBlinkFeatures',
    ]) {
      expect(prefs[risky] ?? false, risky).toBe(false);
    }
    expect(String(prefs.disableBlinkFeatures)).toContain('Auxclick');
  });

  it.each([
    'https://evil.example/',
    'http://localhost:5173/',
    'file:///etc/passwd',
    'app://trellis.evil.example/index.html',
    'app://other/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'not a url',
  ])('blocks navigation to %s', (url) => {
    const win = lockedWindow();
    const event = preventableEvent();
    win.webContents.emit('will-navigate', event, url);
    expect(event.defaultPrevented).toBe(true);
  });

  it('lets the app navigate within its own origin', () => {
    const win = lockedWindow();
    const event = preventableEvent();
    win.webContents.emit('will-navigate', event, 'app://trellis/index.html#/iam');
    expect(event.defaultPrevented).toBe(false);
  });

  it('prevents redirects and webviews', () => {
    const win = lockedWindow();
    const redirect = preventableEvent();
    win.webContents.emit('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.defaultPrevented).toBe(true);
    const webview = preventableEvent();
    win.webContents.emit('will-attach-webview', webview, {}, { src: 'https://evil.example/' });
    expect(webview.defaultPrevented).toBe(true);
  });

  it('denies every new window and hands only https links to the system browser', () => {
    const win = lockedWindow();
    const open = win.webContents.windowOpenHandler!;
    const urls = [
      'https://docs.aws.amazon.com/iam/',
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'app://trellis/index.html',
      'ms-msdt:/id PCWDiagnostic',
      'not a url',
    ];
    for (const url of urls) expect(open({ url }), url).toEqual({ action: 'deny' });
    expect(recorded.openedExternally).toEqual(['https://docs.aws.amazon.com/iam/']);
    openExternalSafely('HTTPS://Docs.AWS.amazon.com/a b');
    expect(recorded.openedExternally[1]).toBe('https://docs.aws.amazon.com/a%20b');
  });

  it('denies every permission request and check', () => {
    const session = lockedWindow().webContents.session;
    const permissions = [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
      'clipboard-sanitized-write',
      'display-capture',
      'fullscreen',
      'hid',
      'serial',
      'usb',
      'midi',
      'midiSysex',
      'pointerLock',
      'keyboardLock',
      'idle-detection',
      'storage-access',
      'unknown',
    ];
    for (const permission of permissions) {
      const callback = vi.fn();
      session.permissionRequestHandler!({}, permission, callback, { requestingUrl: 'app://trellis/' });
      expect(callback, permission).toHaveBeenCalledExactlyOnceWith(false);
      expect(session.permissionCheckHandler!({}, permission, 'app://trellis', {}), permission).toBe(false);
    }
    expect(session.devicePermissionHandler!({ deviceType: 'usb', origin: 'app://trellis' })).toBe(false);
  });

  it('trusts IPC only from its own windows showing its own origin', () => {
    const win = lockedWindow();
    expect(isTrustedSender(invokeEvent(win, 'app://trellis/index.html'), APP_ORIGIN)).toBe(true);
    for (const frame of ['https://evil.example/', 'app://trellis.evil/', 'file:///tmp/x.html', 'about:blank', null]) {
      expect(isTrustedSender(invokeEvent(win, frame), APP_ORIGIN), String(frame)).toBe(false);
    }
    // A webContents main never hardened (a devtools or foreign view) is not ours, whatever it shows.
    expect(isTrustedSender(invokeEvent({ webContents: { id: 99_999 } }, 'app://trellis/'), APP_ORIGIN)).toBe(false);
    win.emit('closed');
    expect(isTrustedSender(invokeEvent(win, 'app://trellis/index.html'), APP_ORIGIN)).toBe(false);
  });
});

describe('main wired up (index.ts)', () => {
  let win: FakeBrowserWindow;
  beforeAll(async () => {
    const { app } = await import('./electronStandIn');
    const before = FakeBrowserWindow.instances.length;
    await import('../../../src/main/index');
    app.becomeReady();
    await vi.waitFor(() => expect(FakeBrowserWindow.instances.length).toBe(before + 1));
    win = FakeBrowserWindow.instances.at(-1)!;
  });

  it('loads the renderer from app://, never file://', async () => {
    await vi.waitFor(() => expect(win.loadedUrls).toEqual(['app://trellis/index.html']));
    expect(win.loadedFiles).toEqual([]);
    expect(String(win.options.webPreferences?.preload)).toMatch(/preload[/\\]index\.cjs$/);
  });

  it('refuses IPC from an untrusted sender frame before the router sees it', async () => {
    const handler = recorded.ipcHandlers.get('app.info')!;
    expect(handler).toBeTypeOf('function');
    const before = routed.length;
    const refused = await handler(invokeEvent(win, 'https://evil.example/'), {});
    expect(refused).toEqual({
      ok: false,
      error: { code: 'forbidden-sender', message: 'Request from an untrusted frame.', retryable: false },
    });
    expect(await handler(invokeEvent({ webContents: { id: 99_998 } }, 'app://trellis/'), {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender' },
    });
    expect(routed.length).toBe(before);
    expect(await handler(invokeEvent(win, 'app://trellis/index.html'), {})).toEqual({
      ok: true,
      data: { channel: 'app.info' },
    });
    expect(routed.slice(before)).toEqual(['app.info']);
  });

  it('blocks navigation away from app:// in the real window too', () => {
    const away = preventableEvent();
    win.webContents.emit('will-navigate', away, 'https://evil.example/');
    expect(away.defaultPrevented).toBe(true);
  });
});

describe('main under the dev server (ELECTRON_RENDERER_URL)', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('loads the dev server and trusts its origin alone', async () => {
    // index.ts reads the variable once, at load: load it afresh (the electron stand-in, a mock, is kept and already ready).
    vi.resetModules();
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173/');
    const before = FakeBrowserWindow.instances.length;
    await import('../../../src/main/index');
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(before + 1));
    const devWin = FakeBrowserWindow.instances.at(-1)!;
    await vi.waitFor(() => expect(devWin.loadedUrls).toEqual(['http://localhost:5173/']));

    const verdicts = ['http://localhost:5173/#/iam', 'http://localhost:51730/', 'app://trellis/index.html'].map(
      (url) => {
        const event = preventableEvent();
        devWin.webContents.emit('will-navigate', event, url);
        return event.defaultPrevented;
      },
    );
    expect(verdicts).toEqual([false, true, true]);

    const handler = recorded.ipcHandlers.get('app.info')!;
    const routedBefore = routed.length;
    expect(await handler(invokeEvent(devWin, 'app://trellis/index.html'), {})).toMatchObject({ ok: false });
    expect(await handler(invokeEvent(devWin, 'http://localhost:5173/'), {})).toMatchObject({ ok: true });
    expect(routed.length).toBe(routedBefore + 1);
  });
});
