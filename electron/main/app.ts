// Composition of the desktop host: single-instance lock, sandbox, hardening, the app:// protocol, IPC, the
// window and the menu, in the order Electron requires. Electron itself is injected (see deps.ts).
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { SCENARIO_TEXT_MAX } from '../contract.js';
import type { ErrorLog, HostedService } from '../service/dispatch.js';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './app-protocol.js';
import type { BrowserWindowLike, DialogLike, ElectronDeps } from './deps.js';
import { forwardEvents, registerIpc, sendEvent } from './ipc.js';
import { buildMenuTemplate } from './menu.js';
import { hardenSession, hardenWebContents } from './security.js';
import { claimSingleInstance } from './single-instance.js';
import { createMainWindow, focusWindow, loadApp } from './window.js';

export interface ClosableService extends HostedService {
  close(): Promise<void>;
}

export interface AppOptions {
  rendererDir: string;
  preloadPath: string;
  createService(): Promise<ClosableService>;
  platform: string;
  log: ErrorLog;
}

export interface RunningApp {
  window: BrowserWindowLike;
  service: ClosableService;
}

/** Ask for a scenario file and read it; null if the user cancelled. @throws Error if the file is too large. */
export async function pickScenarioFile(
  dialog: DialogLike,
): Promise<{ fileName: string; text: string } | null> {
  const choice = await dialog.showOpenDialog({
    title: 'Open Scenario',
    properties: ['openFile'],
    filters: [{ name: 'Sightline scenario', extensions: ['yaml', 'yml'] }],
  });
  const path = choice.filePaths[0];
  if (choice.canceled || !path) return null;
  if ((await stat(path)).size > SCENARIO_TEXT_MAX) {
    throw new Error(`${basename(path)} is larger than a scenario may be (${SCENARIO_TEXT_MAX} bytes).`);
  }
  return { fileName: basename(path), text: await readFile(path, 'utf8') };
}

/**
 * Start the desktop app. Resolves with the window and service, or null when another instance already runs (this
 * one then quits).
 */
export async function startApp(electron: ElectronDeps, options: AppOptions): Promise<RunningApp | null> {
  const { app } = electron;
  let window: BrowserWindowLike | null = null;
  if (!claimSingleInstance(app, () => focusWindow(window))) return null;

  // Before ready: sandbox every renderer, make app:// a secure standard scheme, harden each webContents.
  app.enableSandbox();
  electron.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, (m) => options.log(m, null)),
  );

  await app.whenReady();
  hardenSession(electron.session.defaultSession);
  registerAppProtocol(electron.protocol, options.rendererDir);

  const service = await options.createService();
  const disposeIpc = registerIpc(electron.ipcMain, service, options.log);
  const devTools = !app.isPackaged;
  const mainWindow = createMainWindow(electron.BrowserWindow, { preloadPath: options.preloadPath, devTools });
  window = mainWindow;
  const targets = () => [mainWindow.webContents];
  const stopEvents = forwardEvents(service, targets);

  const menu = buildMenuTemplate(
    {
      openScenario: () => {
        pickScenarioFile(electron.dialog)
          .then((file) => {
            if (file) sendEvent(targets(), 'menuCommand', { command: 'open-scenario', ...file });
          })
          .catch((error: unknown) => options.log('opening a scenario file failed', error));
      },
      exportReport: () => sendEvent(targets(), 'menuCommand', { command: 'export-report' }),
      togglePresenter: () => sendEvent(targets(), 'menuCommand', { command: 'toggle-presenter' }),
    },
    { platform: options.platform, devTools },
  );
  electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(menu) as never);

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    stopEvents();
    disposeIpc();
    service.close().catch((error: unknown) => options.log('closing the lab service failed', error));
  });

  await loadApp(mainWindow);
  return { window: mainWindow, service };
}
