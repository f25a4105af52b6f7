// Picking the transport: the Electron preload exposes the contract as window.sightline; browser mode serves the
// page with this launch's token in a meta tag (or the address bar). Nothing else is tried: no token, no lab.
import { CALL_NAMES, LAB_API_GLOBAL, TOKEN_QUERY, type LabApi } from '../../../electron/contract.js';
import { createWebClient, tokenFromPage, type EventSocketConstructor } from '../../../electron/web/client.js';
import type { LabTransport } from './lab.js';

/** What transport selection reads from the page; a parameter so tests can pass a fake page. */
export interface PageEnvironment {
  /** The global object (window). */
  global: Record<string, unknown>;
  location: { origin: string; search: string; pathname: string; hash: string };
  document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null };
  history?: { replaceState(data: unknown, unused: string, url?: string): void };
  fetch?: typeof fetch;
  WebSocket?: EventSocketConstructor;
}

export type TransportChoice = { ok: true; transport: LabTransport } | { ok: false; reason: string };

/** True when `value` has a function for every contract call and `on` (what the preload exposes). */
export function isBridge(value: unknown): value is LabApi {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.on === 'function' && CALL_NAMES.every((name) => typeof record[name] === 'function');
}

/** The Electron transport over the preload's bridge. */
export function electronTransport(bridge: LabApi): LabTransport {
  return { mode: 'electron', api: bridge, eventsReady: () => Promise.resolve(), close: () => {} };
}

/** The token browser mode gave this page: the injected meta tag first, then `?token=` (the dev server). */
export function pageToken(env: PageEnvironment): string | null {
  const meta = tokenFromPage(env.document);
  if (meta) return meta;
  const fromQuery = new URLSearchParams(env.location.search).get(TOKEN_QUERY);
  return fromQuery && fromQuery.length > 0 ? fromQuery : null;
}

/**
 * Take the token out of the address bar: a projected screen should not show it, and the page already holds it
 * (reloads still work: the host also set its cookie).
 */
export function scrubTokenFromAddress(env: PageEnvironment): void {
  const params = new URLSearchParams(env.location.search);
  if (!params.has(TOKEN_QUERY) || !env.history) return;
  params.delete(TOKEN_QUERY);
  const search = params.toString();
  env.history.replaceState(
    null,
    '',
    `${env.location.pathname}${search ? `?${search}` : ''}${env.location.hash}`,
  );
}

/** The browser-mode transport over HTTP calls and the event WebSocket. */
export function webTransport(env: PageEnvironment, token: string): LabTransport {
  const client = createWebClient({
    baseUrl: env.location.origin,
    token,
    ...(env.fetch ? { fetch: env.fetch } : {}),
    ...(env.WebSocket ? { WebSocket: env.WebSocket } : {}),
  });
  return { mode: 'web', api: client, eventsReady: () => client.eventsReady(), close: () => client.close() };
}

/** Electron if the bridge is there, else browser mode if the page has a token, else a reason to show. */
export function chooseTransport(env: PageEnvironment): TransportChoice {
  const bridge = env.global[LAB_API_GLOBAL];
  if (bridge !== undefined) {
    if (isBridge(bridge)) return { ok: true, transport: electronTransport(bridge) };
    return {
      ok: false,
      reason: 'The desktop bridge is present but incomplete; the app and its preload do not match.',
    };
  }
  const token = pageToken(env);
  if (token) {
    scrubTokenFromAddress(env);
    return { ok: true, transport: webTransport(env, token) };
  }
  return {
    ok: false,
    reason:
      'This page has no access token. Open the address Sightline printed when it started (npm run lab:web); it carries the token.',
  };
}
