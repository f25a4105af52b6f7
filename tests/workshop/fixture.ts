// Test helpers for the workshop server: start a room on a library scenario over an in-memory (or file) database,
// and WebSocket clients that record every frame they receive.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { openDatabase, type SqliteDatabase } from '../../electron/storage/database.js';
import { startWorkshop, type Workshop } from '../../electron/workshop/start.js';

export const SCENARIOS = join(import.meta.dirname, '..', '..', 'scenarios');

export async function startRoom(
  scenario: string,
  options: { db?: SqliteDatabase; variant?: string; now?: () => number; fresh?: boolean } = {},
): Promise<{ workshop: Workshop; db: SqliteDatabase; url: string }> {
  const db = options.db ?? openDatabase(':memory:');
  const file = join(SCENARIOS, scenario);
  const workshop = await startWorkshop({
    file,
    text: readFileSync(file, 'utf8'),
    db,
    port: 0,
    rendererDir: join(import.meta.dirname, 'no-renderer'),
    ...(options.variant ? { variant: options.variant } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.fresh ? { fresh: true } : {}),
    log: () => {},
  });
  return { workshop, db, url: `ws://127.0.0.1:${workshop.server.port}/ws` };
}

/** A WebSocket client that keeps every parsed frame and lets a test wait for the next one of a type. */
export class Client {
  readonly frames: any[] = [];
  readonly raw: string[] = [];
  private waiters: { type: string; resolve: (f: any) => void; from: number }[] = [];
  closed: { code: number; reason: string } | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      this.raw.push(text);
      const frame = JSON.parse(text);
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => {
        if (frame.type === w.type) {
          w.resolve(frame);
          return false;
        }
        return true;
      });
    });
    ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  static open(url: string): Promise<Client> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const c = new Client(ws);
      ws.once('open', () => resolve(c));
      ws.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next frame of `type` (received after this call). */
  next(type: string): Promise<any> {
    return new Promise((resolve) => this.waiters.push({ type, resolve, from: this.frames.length }));
  }

  async request(message: unknown, type: string): Promise<any> {
    const p = this.next(type);
    this.send(message);
    return p;
  }

  /** The latest frame of `type` that satisfies `pred`, waiting for it if none has come yet. */
  async until(type: string, pred: (f: any) => boolean, timeoutMs = 10_000): Promise<any> {
    const start = Date.now();
    for (;;) {
      const hit = [...this.frames].reverse().find((f) => f.type === type && pred(f));
      if (hit) return hit;
      if (Date.now() - start > timeoutMs) throw new Error(`no ${type} frame matched within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  last(type: string): any {
    for (let i = this.frames.length - 1; i >= 0; i--) if (this.frames[i].type === type) return this.frames[i];
    return undefined;
  }

  close(): void {
    this.ws.close();
  }
}

export async function host(url: string, token: string): Promise<Client> {
  const c = await Client.open(url);
  const state = c.next('host-state');
  c.send({ type: 'host', token });
  await state;
  return c;
}

export async function participant(url: string, code: string, name: string): Promise<Client> {
  const c = await Client.open(url);
  const view = c.next('view');
  c.send({ type: 'join', code, name });
  await view;
  return c;
}
