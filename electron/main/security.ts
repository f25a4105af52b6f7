// The desktop host's session and webContents hardening, following Electron's security checklist: a strict CSP,
// no remote content, no navigation, no new windows, no webviews, no permissions. (The window's own web
// preferences are in window.ts.)
import { APP_SCHEME, DESKTOP_CSP, isAppUrl } from './app-protocol.js';
import type { SessionLike, WebContentsLike } from './deps.js';

/** Schemes a renderer may load at all; everything else (http, https, file, ws, ftp…) is cancelled. */
const ALLOWED_SCHEMES = new Set([`${APP_SCHEME}:`, 'data:', 'blob:', 'devtools:']);

export function isAllowedRequest(url: string): boolean {
  try {
    return ALLOWED_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/**
 * Applied to every webContents as it is created (app 'web-contents-created'), so no window or frame escapes it:
 * navigation away from the app is cancelled, window.open is denied, webviews are refused.
 */
export function hardenWebContents(
  contents: WebContentsLike,
  log: (message: string) => void = () => {},
): void {
  const blockNavigation = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    log(`blocked navigation to ${url.slice(0, 200)}`);
  };
  contents.on('will-navigate', blockNavigation);
  contents.on('will-redirect', blockNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    log(`blocked window.open of ${url.slice(0, 200)}`);
    return { action: 'deny' };
  });
}

/** Session-wide: CSP header on every response, remote requests cancelled, every permission refused. */
export function hardenSession(session: SessionLike): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    // Only the app's own pages get our policy; DevTools pages keep theirs (everything else is cancelled anyway).
    if (!isAppUrl(details.url)) {
      callback({});
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [DESKTOP_CSP];
    callback({ responseHeaders: headers });
  });
  session.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !isAllowedRequest(details.url) }),
  );
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
