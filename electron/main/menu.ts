// The application menu: open a scenario file, export the current run's report, toggle presenter mode, plus
// the platform's standard edit/view/window menus. Actions are injected so the template is testable.
import type { MenuItemOptionsLike } from './deps.js';

export interface MenuActions {
  openScenario(): void;
  exportReport(): void;
  togglePresenter(): void;
}

export const MENU_LABELS = {
  openScenario: 'Open Scenario…',
  exportReport: 'Export Report…',
  togglePresenter: 'Presenter Mode',
} as const;

export function buildMenuTemplate(
  actions: MenuActions,
  options: { platform: string; devTools: boolean },
): MenuItemOptionsLike[] {
  const isMac = options.platform === 'darwin';
  const file: MenuItemOptionsLike = {
    label: 'File',
    submenu: [
      { label: MENU_LABELS.openScenario, accelerator: 'CmdOrCtrl+O', click: () => actions.openScenario() },
      { label: MENU_LABELS.exportReport, accelerator: 'CmdOrCtrl+E', click: () => actions.exportReport() },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemOptionsLike = {
    label: 'View',
    submenu: [
      { label: MENU_LABELS.togglePresenter, accelerator: 'F5', click: () => actions.togglePresenter() },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(options.devTools
        ? [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }]
        : []),
    ],
  };
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
  ];
}
