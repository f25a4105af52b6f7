// The renderer is served from a privileged custom scheme (app://sightline/) instead of file://: file:// would let a
// page read any local file, and 'self' in the CSP would mean every file on disk. The handler serves only the
// built renderer directory, with the CSP set on every response.
import { readFile } from 'node:fs/promises';
import { buildCsp, cspMetaTag } from '../shared/csp.js';
import {
  contentTypeOf,
  injectHead,
  placeholderPage,
  readText,
  rendererIsBuilt,
  resolveStatic,
} from '../shared/static-files.js';
import type { FrameLike, ProtocolLike, SchemePrivileges } from './deps.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'sightline';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** The desktop renderer needs no network at all: connect-src is 'self' only. */
export const DESKTOP_CSP = buildCsp();

export const APP_SCHEME_PRIVILEGES: { scheme: string; privileges: SchemePrivileges } = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: false },
};

/** Whether a URL belongs to the app (used for navigation and IPC sender checks). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** IPC is answered only for the app's own top-level frame: not subframes, not pages that navigated elsewhere. */
export function isTrustedFrame(frame: FrameLike | null | undefined): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}

function response(body: string | Uint8Array, status: number, type: string): Response {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return new Response(new Uint8Array(bytes), {
    status,
    headers: {
      'Content-Type': type,
      'Content-Security-Policy': DESKTOP_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}

/** Answer one app:// request from `rendererDir`. Exported for tests. */
export async function serveAppRequest(rendererDir: string, requestUrl: string): Promise<Response> {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return response('Bad request', 400, 'text/plain; charset=utf-8');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST)
    return response('Not found', 404, 'text/plain');
  const built = rendererIsBuilt(rendererDir);
  const isRoot = url.pathname === '/' || url.pathname === '/index.html';
  const file = built ? resolveStatic(rendererDir, url.pathname) : null;
  if (!file) {
    if (!built && isRoot)
      return response(
        injectHead(placeholderPage(), cspMetaTag(DESKTOP_CSP)),
        200,
        'text/html; charset=utf-8',
      );
    return response('Not found', 404, 'text/plain; charset=utf-8');
  }
  const type = contentTypeOf(file);
  if (type.startsWith('text/html')) {
    return response(injectHead(readText(file), cspMetaTag(DESKTOP_CSP)), 200, type);
  }
  return response(await readFile(file), 200, type);
}

export function registerAppProtocol(protocol: ProtocolLike, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request.url));
}
