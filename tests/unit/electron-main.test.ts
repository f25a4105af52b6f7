// The desktop host with Electron faked: security settings, IPC validation and sender checks, events, the menu,
// the single-instance lock and shutdown.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CALL_NAMES, callChannel, eventChannel } from '../../electron/contract.js';
import { APP_INDEX_URL, DESKTOP_CSP } from '../../electron/main/app-protocol.js';
import { startApp, type ClosableService, type RunningApp } from '../../electron/main/app.js';
import type { HostedService } from '../../electron/service/dispatch.js';
import { fakeElectron, FakeWebContents, type FakeElectron } from '../integration/fixtures/fake-electron.js';
import { makeService, type Fixture } from '../integration/fixtures/service-fixture.js';

const TRUSTED = { url: 'app://sightline/index.html', parent: null };

let fx: Fixture | null = null;
let closes = 0;
const logs: string[] = [];
afterEach(async () => {
  await fx?.close();
  fx = null;
  closes = 0;
  logs.length = 0;
});

/** Counts how often each handler is reached, to prove refused calls never reach the service. */
function counted(service: HostedService): { service: ClosableService; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(service, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop === 'string' && (CALL_NAMES as readonly string[]).includes(prop)) {
        return (args: unknown) => {
          calls.push(prop);
          return (value as (a: unknown) => Promise<unknown>).call(target, args);
        };
      }
      if (prop === 'close') return async () => void (closes += 1);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as ClosableService;
  return { service: proxy, calls };
}

async function boot(
  electron: FakeElectron = fakeElectron(),
  platform = 'linux',
): Promise<{ electron: FakeElectron; app: RunningApp | null; calls: string[] }> {
  fx = makeService();
  const { service, calls } = counted(fx.service);
  const app = await startApp(electron, {
    rendererDir: '/nonexistent',
    preloadPath: '/app/dist/electron/preload.cjs',
    createService: async () => service,
    platform,
    log: (m) => logs.push(m),
  });
  return { electron, app, calls };
}

describe('window and session security', () => {
  it('creates the window isolated, sandboxed, without Node, with web security, and loads app://', async () => {
    const { electron } = await boot();
    expect(electron.windows).toHaveLength(1);
    const prefs = electron.windows[0]!.options.webPreferences;
    expect(prefs).toEqual({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: true,
    });
    expect(electron.windows[0]!.loaded).toBe(APP_INDEX_URL);
    expect(electron.app.sandboxed).toBe(true);
    expect(electron.protocolState.privileged).toEqual([
      {
        scheme: 'app',
        privileges: {
          standard: true,
          secure: true,
          supportFetchAPI: true,
          corsEnabled: false,
          stream: false,
        },
      },
    ]);
    expect(electron.protocolState.handlers.has('app')).toBe(true);
  });

  it('turns dev tools off in a packaged app', async () => {
    const { electron } = await boot(fakeElectron({ isPackaged: true }));
    expect(electron.windows[0]!.options.webPreferences.devTools).toBe(false);
  });

  it('sets a strict CSP on every response, replacing any other', async () => {
    const { electron } = await boot();
    let out: any;
    electron.sessionState.headersListener!(
      {
        url: 'app://sightline/index.html',
        responseHeaders: { 'content-security-policy': ['default-src *'], 'X-A': ['1'] },
      },
      (r: unknown) => (out = r),
    );
    expect(out.responseHeaders).toEqual({ 'X-A': ['1'], 'Content-Security-Policy': [DESKTOP_CSP] });
    electron.sessionState.headersListener!(
      { url: 'devtools://devtools/bundled/inspector.html' },
      (r: unknown) => (out = r),
    );
    expect(out).toEqual({}); // DevTools keeps its own policy
    expect(DESKTOP_CSP).toContain("default-src 'none'");
    expect(DESKTOP_CSP).toContain("script-src 'self';");
    expect(DESKTOP_CSP).toContain("connect-src 'self';");
    expect(DESKTOP_CSP).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it('cancels every request that is not app content, and refuses every permission', async () => {
    const { electron } = await boot();
    const cancelled = (url: string) => {
      let out: any;
      electron.sessionState.beforeRequest!({ url }, (r: unknown) => (out = r));
      return out.cancel;
    };
    expect(cancelled('app://sightline/assets/app.js')).toBe(false);
    expect(cancelled('data:image/png;base64,AAAA')).toBe(false);
    for (const url of [
      'https://example.com/x.js',
      'http://127.0.0.1:8080/',
      'file:///etc/passwd',
      'ws://x/',
      'not a url',
    ]) {
      expect(cancelled(url), url).toBe(true);
    }
    let granted: boolean | null = null;
    electron.sessionState.permissionRequest!({}, 'media', (g: boolean) => (granted = g));
    expect(granted).toBe(false);
    expect(electron.sessionState.permissionCheck!()).toBe(false);
  });

  it('blocks navigation away from the app, window.open and webviews in every webContents', async () => {
    const { electron } = await boot();
    for (const contents of [electron.windows[0]!.webContents, new FakeWebContents()]) {
      if (contents !== electron.windows[0]!.webContents)
        electron.app.emit('web-contents-created', {}, contents);
      expect(contents.tryEvent('will-navigate', 'https://evil.example/')).toBe(true);
      expect(contents.tryEvent('will-navigate', 'file:///etc/passwd')).toBe(true);
      expect(contents.tryEvent('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
      expect(contents.tryEvent('will-navigate', 'app://sightline/index.html#/library')).toBe(false);
      expect(contents.tryEvent('will-attach-webview')).toBe(true);
      expect(contents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
      expect(contents.openHandler!({ url: 'app://sightline/index.html' })).toEqual({ action: 'deny' });
    }
  });
});

describe('IPC', () => {
  it('registers exactly one handler per contract call, on the derived channel', async () => {
    const { electron } = await boot();
    expect([...electron.ipc.handlers.keys()].sort()).toEqual(CALL_NAMES.map(callChannel).sort());
  });

  it('answers the app’s own frame with the contract envelope', async () => {
    const { electron, calls } = await boot();
    const result: any = await electron.ipc.invoke(callChannel('listLibrary'), TRUSTED, {});
    expect(result.ok).toBe(true);
    expect(result.value.map((e: any) => e.id)).toEqual(['alpha', 'beta']);
    expect(calls).toEqual(['listLibrary']);
  });

  it('refuses foreign senders without reaching the service', async () => {
    const { electron, calls } = await boot();
    const foreign = [
      { url: 'https://evil.example/', parent: null },
      { url: 'file:///home/user/evil.html', parent: null },
      { url: 'app://other/index.html', parent: null },
      { url: 'app://sightline/index.html', parent: {} }, // a subframe of our page
      null, // the frame navigated away or was destroyed
    ];
    for (const frame of foreign) {
      const result = await electron.ipc.invoke(callChannel('getSettings'), frame, {});
      expect(result, JSON.stringify(frame)).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'This frame may not call the lab service.' },
      });
    }
    expect(calls).toEqual([]);
    expect(logs.filter((l) => l.startsWith('refused getSettings'))).toHaveLength(foreign.length);
  });

  it('refuses bad arguments without reaching the service', async () => {
    const { electron, calls } = await boot();
    const bad: [string, unknown[]][] = [
      ['getScenario', [{}]],
      ['getScenario', [{ id: '../../etc' }]],
      ['getScenario', [{ id: 'alpha', extra: true }]],
      ['getRun', [{ runId: 42 }]],
      ['startRun', [{ scenario: { kind: 'file', path: '/etc/passwd' } }]],
      ['updateSettings', [{ patch: { historyLimit: -1 } }]],
      ['listLibrary', ['not an object']],
      ['listLibrary', [{}, {}]],
      ['listLibrary', []],
    ];
    for (const [name, args] of bad) {
      const result: any = await electron.ipc.invoke(callChannel(name as any), TRUSTED, ...args);
      expect(result.ok, `${name} ${JSON.stringify(args)}`).toBe(false);
      expect(result.error.code).toBe('invalid-args');
    }
    expect(calls).toEqual([]);
  });

  it('forwards service events to the window on the derived channels', async () => {
    const { electron } = await boot();
    fx!.service.emit('libraryChanged', { reason: 'saved', id: 'mine' });
    expect(electron.windows[0]!.webContents.sent).toEqual([
      [eventChannel('libraryChanged'), { reason: 'saved', id: 'mine' }],
    ]);
  });
});

describe('application menu', () => {
  function item(electron: FakeElectron, label: string) {
    for (const top of electron.menuState.template ?? []) {
      for (const sub of top.submenu ?? []) if (sub.label === label) return sub;
    }
    throw new Error(`no menu item ${label}`);
  }

  it('has open scenario, export report and presenter mode, with shortcuts', async () => {
    const { electron } = await boot();
    expect(electron.menuState.applied).toEqual({ built: electron.menuState.template });
    const labels = electron.menuState.template!.map((t) => t.label ?? t.role);
    expect(labels).toEqual(['File', 'editMenu', 'View', 'windowMenu']);
    expect(item(electron, 'Open Scenario…').accelerator).toBe('CmdOrCtrl+O');
    expect(item(electron, 'Export Report…').accelerator).toBe('CmdOrCtrl+E');
    expect(item(electron, 'Presenter Mode').accelerator).toBe('F5');
    const view = electron.menuState.template!.find((t) => t.label === 'View')!;
    expect(view.submenu!.some((s) => s.role === 'toggleDevTools')).toBe(true);
  });

  it('puts the app menu first on macOS and hides dev tools when packaged', async () => {
    const { electron } = await boot(fakeElectron({ isPackaged: true }), 'darwin');
    expect(electron.menuState.template![0]).toEqual({ role: 'appMenu' });
    const view = electron.menuState.template!.find((t) => t.label === 'View')!;
    expect(view.submenu!.some((s) => s.role === 'toggleDevTools' || s.role === 'reload')).toBe(false);
  });

  it('sends menu commands to the window; open reads the chosen file', async () => {
    const { electron } = await boot();
    const sent = electron.windows[0]!.webContents.sent;
    item(electron, 'Export Report…').click!();
    item(electron, 'Presenter Mode').click!();
    expect(sent).toEqual([
      [eventChannel('menuCommand'), { command: 'export-report' }],
      [eventChannel('menuCommand'), { command: 'toggle-presenter' }],
    ]);

    item(electron, 'Open Scenario…').click!(); // cancelled: nothing is sent
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toHaveLength(2);

    const dir = mkdtempSync(join(tmpdir(), 'sightline-open-'));
    try {
      writeFileSync(join(dir, 'drill.yaml'), 'sightline: 1\n');
      electron.dialogState.next = { canceled: false, filePaths: [join(dir, 'drill.yaml')] };
      item(electron, 'Open Scenario…').click!();
      for (let i = 0; i < 50 && sent.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
      expect(sent[2]).toEqual([
        eventChannel('menuCommand'),
        { command: 'open-scenario', fileName: 'drill.yaml', text: 'sightline: 1\n' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('single instance and shutdown', () => {
  it('a second instance quits at once, before creating anything', async () => {
    const { electron, app } = await boot(fakeElectron({ lock: false }));
    expect(app).toBeNull();
    expect(electron.app.quits).toBe(1);
    expect(electron.windows).toHaveLength(0);
    expect(electron.ipc.handlers.size).toBe(0);
    expect(electron.app.sandboxed).toBe(false);
  });

  it('the first instance brings its window forward when another launch starts', async () => {
    const { electron } = await boot();
    const window = electron.windows[0]!;
    window.minimized = true;
    electron.app.emit('second-instance');
    expect(window.restored).toBe(1);
    expect(window.focused).toBe(1);
    expect(electron.app.quits).toBe(0);
  });

  it('quits when the window closes and removes IPC handlers and closes the service on quit', async () => {
    const { electron } = await boot();
    electron.app.emit('window-all-closed');
    expect(electron.app.quits).toBe(1);
    electron.app.emit('before-quit');
    expect(electron.ipc.handlers.size).toBe(0);
    expect(electron.ipc.removed.sort()).toEqual(CALL_NAMES.map(callChannel).sort());
    expect(closes).toBe(1);
  });
});
