// The workshop pages' one WebSocket to the workshop server (/ws), reconnecting with a capped back-off after a
// phone sleeps or the Wi-Fi drops. On every (re)connect it sends `hello()` — the host token, or a participant's
// resume token — so the server puts the socket back in its role and sends the room as it is now.
// The constructor is a parameter so tests can drive it with a fake socket.
import { WORKSHOP_SOCKET_PATH } from '../../../electron/workshop/protocol.js';

export interface MiniSocket {
  readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
export type MiniSocketConstructor = new (url: string) => MiniSocket;

export interface WorkshopSocketOptions {
  url: string;
  WebSocket: MiniSocketConstructor;
  /** What to send first on each connect (null: nothing, e.g. a participant not joined yet). */
  hello: () => unknown;
  onMessage: (message: { type: string; [key: string]: unknown }) => void;
  onStatus: (status: 'connecting' | 'open' | 'closed') => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
}

/** Back-off before reconnect attempt n (0-based): 0.5 s doubling, at most 8 s. */
export function reconnectDelay(attempt: number): number {
  return Math.min(8000, 500 * 2 ** Math.min(attempt, 5));
}

/** ws:// or wss:// URL of the workshop socket for a page at `origin`. */
export function socketUrl(origin: string): string {
  return origin.replace(/^http/, 'ws') + WORKSHOP_SOCKET_PATH;
}

export interface WorkshopSocket {
  send(message: unknown): boolean;
  close(): void;
}

export function openWorkshopSocket(options: WorkshopSocketOptions): WorkshopSocket {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  let socket: MiniSocket | null = null;
  let attempt = 0;
  let closed = false;

  function connect(): void {
    options.onStatus('connecting');
    const ws = new options.WebSocket(options.url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      options.onStatus('open');
      const hello = options.hello();
      if (hello !== null) ws.send(JSON.stringify(hello));
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let message: unknown;
      try {
        message = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (
        typeof message === 'object' &&
        message !== null &&
        typeof (message as { type?: unknown }).type === 'string'
      )
        options.onMessage(message as { type: string });
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      options.onStatus('closed');
      if (!closed) setTimer(connect, reconnectDelay(attempt++));
    };
    ws.onerror = () => {};
  }
  connect();

  return {
    send(message) {
      if (!socket || socket.readyState !== 1) return false;
      socket.send(JSON.stringify(message));
      return true;
    },
    close() {
      closed = true;
      socket?.close();
    },
  };
}
