// The renderer's view of the lab in browser mode: the same LabApi the Electron preload exposes, spoken over the
// web host's HTTP calls and event WebSocket. No Node or DOM imports, so it runs in the renderer and in tests
// (which pass the `ws` package's WebSocket).
import {
  CALL_NAMES,
  EVENTS_PATH,
  TOKEN_HEADER,
  TOKEN_META_NAME,
  TOKEN_QUERY,
  callPath,
  isEventName,
  type CallName,
  type EventName,
  type EventPayload,
  type LabApi,
  type Result,
} from '../contract.js';

/** The parts of a WebSocket the client uses; the browser's and the `ws` package's both fit. */
export interface EventSocket {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(): void;
}
export type EventSocketConstructor = new (url: string) => EventSocket;

export interface WebClientOptions {
  /** The web host's origin, e.g. http://127.0.0.1:5757. */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  WebSocket?: EventSocketConstructor;
  /** Delay before reconnecting the event socket, in milliseconds (doubles up to 10 s). */
  reconnectMs?: number;
}

export type WebClient = LabApi & {
  /** Resolves once the event socket is open (listeners added before then miss nothing sent after). */
  eventsReady(): Promise<void>;
  close(): void;
};

/** The token the web host injected into the index page. */
export function tokenFromPage(doc: {
  querySelector(selector: string): { getAttribute(name: string): string | null } | null;
}): string | null {
  return doc.querySelector(`meta[name="${TOKEN_META_NAME}"]`)?.getAttribute('content') ?? null;
}

const RECONNECT_MAX_MS = 10_000;

export function createWebClient(options: WebClientOptions): WebClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const Socket = options.WebSocket ?? (globalThis as { WebSocket?: EventSocketConstructor }).WebSocket;
  const base = options.baseUrl.replace(/\/+$/, '');
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let socket: EventSocket | null = null;
  let open: Promise<void> | null = null;
  let closed = false;
  let backoff = options.reconnectMs ?? 500;

  async function call(name: CallName, args: unknown): Promise<Result<unknown>> {
    try {
      const response = await doFetch(`${base}${callPath(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: options.token },
        body: JSON.stringify(args ?? {}),
      });
      const body = (await response.json().catch(() => null)) as Result<unknown> | null;
      if (body && typeof body === 'object' && typeof body.ok === 'boolean') return body;
      return {
        ok: false,
        error: { code: 'unavailable', message: `The lab answered HTTP ${response.status}.` },
      };
    } catch (error) {
      return {
        ok: false,
        error: { code: 'unavailable', message: `The lab service cannot be reached: ${String(error)}` },
      };
    }
  }

  function connect(): Promise<void> {
    if (open) return open;
    if (!Socket) return Promise.reject(new Error('No WebSocket implementation is available.'));
    const wsUrl = `${base.replace(/^http/, 'ws')}${EVENTS_PATH}?${TOKEN_QUERY}=${encodeURIComponent(options.token)}`;
    open = new Promise<void>((resolve, reject) => {
      const ws = new Socket(wsUrl);
      socket = ws;
      ws.onopen = () => {
        backoff = options.reconnectMs ?? 500;
        resolve();
      };
      ws.onerror = () => reject(new Error('The event socket could not be opened.'));
      ws.onmessage = (event) => {
        if (typeof event.data !== 'string') return;
        let message: { event?: unknown; payload?: unknown };
        try {
          message = JSON.parse(event.data) as typeof message;
        } catch {
          return;
        }
        if (typeof message.event !== 'string' || !isEventName(message.event)) return;
        for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
      };
      ws.onclose = () => {
        socket = null;
        open = null;
        const wanted = [...listeners.values()].some((set) => set.size > 0);
        if (!closed && wanted) {
          setTimeout(() => {
            if (!closed) connect().catch(() => {});
          }, backoff);
          backoff = Math.min(backoff * 2, RECONNECT_MAX_MS);
        }
      };
    });
    open.catch(() => {});
    return open;
  }

  const api: Record<string, unknown> = {};
  for (const name of CALL_NAMES) api[name] = (args: unknown) => call(name, args);
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => {
    if (!isEventName(event)) throw new Error(`There is no event named "${String(event)}".`);
    const set = listeners.get(event) ?? new Set();
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    listeners.set(event, set);
    connect().catch(() => {});
    return () => set.delete(wrapped);
  };
  api.eventsReady = () => connect();
  api.close = () => {
    closed = true;
    socket?.close();
  };
  return api as WebClient;
}
