// The main window: created with the secure web preferences, shown once it has painted.
import { APP_INDEX_URL } from './app-protocol.js';
import type { BrowserWindowConstructor, BrowserWindowLike } from './deps.js';
import { secureWebPreferences } from './security.js';

export function createMainWindow(
  BrowserWindow: BrowserWindowConstructor,
  options: { preloadPath: string; devTools: boolean },
): BrowserWindowLike {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Sightline',
    backgroundColor: '#101418',
    webPreferences: secureWebPreferences(options.preloadPath, options.devTools),
  });
  window.once('ready-to-show', () => window.show());
  return window;
}

export function loadApp(window: BrowserWindowLike): Promise<void> {
  return window.loadURL(APP_INDEX_URL);
}

/** Bring an existing window forward (a second launch, the dock icon). */
export function focusWindow(window: BrowserWindowLike | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
