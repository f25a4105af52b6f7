// The workshop server (issue 14): serves the workshop page (dist/renderer/workshop.html) and one WebSocket at
// /ws for the presenter and participants of one room. Loopback by default; the LAN only on explicit opt-in.
// Everything a participant receives is built here from its own party's slice (slice.ts) — the browser filters
// nothing. The server knows no lab-service call: /api/* is refused and the socket has no message that reaches
// the service. Limits: participants per room, message size, a rate per connection and a lockout of addresses
// that guess codes, each refused with a sentence the participant can act on.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { renderSVG } from 'uqr';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { COMMON_HEADERS, buildCsp } from '../shared/csp.js';
import { contentTypeOf, placeholderPage, readText, resolveStatic } from '../shared/static-files.js';
import { hostAllowList, hostAllowed, originAllowed } from '../web/auth.js';
import { CodeLockout, RateLimiter } from './guards.js';
import {
  HOST_MESSAGE_MAX_BYTES,
  PARTICIPANT_MESSAGE_MAX_BYTES,
  RATE_STRIKES_BEFORE_CLOSE,
  SOCKET_PAYLOAD_MAX_BYTES,
  WORKSHOP_SOCKET_PATH,
  answerMessage,
  hostCommand,
  hostMessage,
  joinMessage,
  pingMessage,
  resumeMessage,
  roomCodeSchema,
  type WorkshopErrorCode,
} from './protocol.js';
import { Room, RoomError, type Participant } from './room.js';

export const WORKSHOP_PAGE = 'workshop.html';
/** Default interval between steps while playing. */
export const PLAY_INTERVAL_MS = 4000;
const HOST_RATE_BURST = 200;
const HOST_RATE_PER_SECOND = 100;

export interface WorkshopServerOptions {
  room: Room;
  /** dist/renderer: must contain workshop.html (a placeholder page is served otherwise). */
  rendererDir: string;
  /** Bind to the LAN (all interfaces) instead of loopback: an explicit opt-in. */
  lan?: boolean;
  /** 0 picks a free port. */
  port?: number;
  now?: () => number;
  log?: (message: string, error?: unknown) => void;
}

export interface WorkshopServer {
  port: number;
  /** Where participants go (no code in it: they type the code). */
  joinUrl: string;
  /** The join URL with the code in its fragment, for the QR code (the fragment never reaches a server). */
  qrUrl: string;
  /** The presenter's page, host token in the fragment. */
  presenterUrl: string;
  /** The QR code of qrUrl, as SVG (uqr). */
  qrSvg: string;
  lan: boolean;
  room: Room;
  close(): Promise<void>;
}

/** The first LAN IPv4 address of this machine, for the join URL of a --lan room. */
export function lanAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

/** A connection's role, decided by the server from what it proved. */
type Role = { kind: 'anonymous' } | { kind: 'host' } | { kind: 'participant'; participant: Participant };

interface Conn {
  ws: WebSocket;
  address: string;
  role: Role;
  limiter: RateLimiter;
  strikes: number;
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${port} is already in use; choose another with --port, or --port 0 for any free one.`,
            )
          : error,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

export async function startWorkshopServer(options: WorkshopServerOptions): Promise<WorkshopServer> {
  const room = options.room;
  const now = options.now ?? Date.now;
  const log =
    options.log ?? ((message, error) => console.error(`[sightline workshop] ${message}`, error ?? ''));
  const lan = options.lan ?? false;
  const bindHost = lan ? '0.0.0.0' : '127.0.0.1';
  const lockout = new CodeLockout();
  const conns = new Set<Conn>();
  let allow: Set<string> | 'any' = new Set();
  let csp = '';
  let playTimer: ReturnType<typeof setInterval> | null = null;
  let joinUrl = '';

  const server = createServer((req, res) => {
    try {
      handleHttp(req, res);
    } catch (error) {
      log('request failed', error);
      if (!res.headersSent) sendText(res, 500, 'The request failed.');
    }
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;

  function sendText(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, {
      ...COMMON_HEADERS,
      'Content-Security-Policy': csp,
      'Content-Type': 'text/plain; charset=utf-8',
    });
    res.end(text);
  }

  function handleHttp(req: IncomingMessage, res: ServerResponse): void {
    if (!hostAllowed(allow, req.headers.host))
      return sendText(res, 403, 'This host name is not served here.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Only GET is served here.');
    const url = new URL(req.url ?? '/', 'http://workshop.invalid');
    if (url.pathname.startsWith('/api/')) {
      return sendText(
        res,
        404,
        'The workshop server serves no lab calls; participants only see their party’s view.',
      );
    }
    const page = ['/', '/join', '/host'].includes(url.pathname);
    const file = page
      ? join(options.rendererDir, WORKSHOP_PAGE)
      : resolveStatic(options.rendererDir, url.pathname);
    const headers: Record<string, string> = { ...COMMON_HEADERS, 'Content-Security-Policy': csp };
    let body: Buffer;
    if (page) {
      let html: string;
      try {
        html = readText(file!);
      } catch {
        html = placeholderPage();
      }
      body = Buffer.from(html, 'utf8');
      headers['Content-Type'] = 'text/html; charset=utf-8';
    } else {
      if (!file || file.endsWith('index.html')) return sendText(res, 404, 'No such file.');
      body = readFileSync(file);
      headers['Content-Type'] = contentTypeOf(file);
    }
    headers['Content-Length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  // ---- the socket --------------------------------------------------------------------------------------------
  const wss = new WebSocketServer({ noServer: true, maxPayload: SOCKET_PAYLOAD_MAX_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://workshop.invalid');
    const ok =
      url.pathname === WORKSHOP_SOCKET_PATH &&
      hostAllowed(allow, req.headers.host) &&
      originAllowed(allow, req.headers.origin);
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn: Conn = {
        ws,
        address: req.socket.remoteAddress ?? 'unknown',
        role: { kind: 'anonymous' },
        limiter: new RateLimiter(now()),
        strikes: 0,
      };
      conns.add(conn);
      ws.on('message', (data: RawData, isBinary: boolean) => {
        try {
          onMessage(conn, data, isBinary);
        } catch (error) {
          log('message failed', error);
          refuse(conn, 'bad-message', 'The server could not handle that message.');
        }
      });
      ws.on('close', () => {
        conns.delete(conn);
        if (conn.role.kind === 'participant') sendHostState();
      });
      ws.on('error', (error) => log('socket error', error));
    });
  });

  function send(conn: Conn, text: string): void {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(text);
  }

  function refuse(conn: Conn, code: WorkshopErrorCode, message: string): void {
    send(conn, JSON.stringify({ type: 'error', code, message }));
  }

  function connectedIds(): Set<string> {
    const ids = new Set<string>();
    for (const c of conns) if (c.role.kind === 'participant') ids.add(c.role.participant.id);
    return ids;
  }

  function sendHostState(): void {
    const text = JSON.stringify(room.hostState(joinUrl, lan, connectedIds()));
    for (const c of conns) if (c.role.kind === 'host') send(c, text);
  }

  /** After any change: every participant its own view, every presenter the room. */
  function broadcast(): void {
    for (const c of conns)
      if (c.role.kind === 'participant') send(c, room.participantViewJson(c.role.participant));
    sendHostState();
  }

  function parse(conn: Conn, data: RawData, isBinary: boolean): unknown {
    const limit = conn.role.kind === 'host' ? HOST_MESSAGE_MAX_BYTES : PARTICIPANT_MESSAGE_MAX_BYTES;
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer).byteLength;
    if (isBinary) return refuse(conn, 'bad-message', 'Messages are JSON text.');
    if (size > limit)
      return refuse(conn, 'too-large', `That message is larger than ${limit} bytes and was not read.`);
    try {
      return JSON.parse(
        Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'),
      ) as unknown;
    } catch {
      return refuse(conn, 'bad-message', 'That message is not valid JSON.');
    }
  }

  function onMessage(conn: Conn, data: RawData, isBinary: boolean): void {
    if (!conn.limiter.take(now())) {
      conn.strikes++;
      if (conn.strikes >= RATE_STRIKES_BEFORE_CLOSE) {
        conn.ws.close(1008, 'Too many messages');
        return;
      }
      return refuse(conn, 'rate-limited', 'You are sending messages too fast; wait a moment and try again.');
    }
    const msg = parse(conn, data, isBinary);
    if (msg === undefined) return;
    const type = typeof msg === 'object' && msg !== null ? (msg as { type?: unknown }).type : undefined;
    if (type === 'ping' && pingMessage.safeParse(msg).success) return send(conn, '{"type":"pong"}');
    switch (conn.role.kind) {
      case 'anonymous':
        return onAnonymous(conn, msg, type);
      case 'participant':
        return onParticipant(conn, conn.role.participant, msg, type);
      case 'host':
        return onHost(conn, msg);
    }
  }

  function onAnonymous(conn: Conn, msg: unknown, type: unknown): void {
    if (type === 'host') {
      const m = hostMessage.safeParse(msg);
      if (!m.success || !room.isHost(m.data.token))
        return refuse(conn, 'unknown-token', 'That is not this room’s host token.');
      conn.role = { kind: 'host' };
      // The presenter proved the host token: a rate fit for clicking through steps (and for scripts).
      conn.limiter = new RateLimiter(now(), HOST_RATE_BURST, HOST_RATE_PER_SECOND);
      send(conn, JSON.stringify(hostHello()));
      return sendHostState();
    }
    if (type === 'resume') {
      const m = resumeMessage.safeParse(msg);
      const participant = m.success ? room.participantByToken(m.data.token) : null;
      if (!participant)
        return refuse(
          conn,
          'unknown-token',
          'This browser’s seat in the room is not known here; join again with the code.',
        );
      conn.role = { kind: 'participant', participant };
      send(
        conn,
        JSON.stringify({
          type: 'welcome',
          token: m.data!.token,
          participant: publicParticipant(participant),
          code: room.code,
        }),
      );
      send(conn, room.participantViewJson(participant));
      return sendHostState();
    }
    if (type === 'join') {
      const m = joinMessage.safeParse(msg);
      if (!m.success) return refuse(conn, 'bad-message', 'A join needs a room code and your name.');
      const locked = lockout.lockedFor(conn.address, now());
      if (locked > 0) return refuse(conn, 'locked-out', lockedSentence(locked));
      const code = roomCodeSchema.safeParse(m.data.code);
      if (!code.success || code.data !== room.code) {
        const until = lockout.fail(conn.address, now());
        return until > 0
          ? refuse(conn, 'locked-out', lockedSentence(until))
          : refuse(
              conn,
              'wrong-code',
              'That room code is not right; check the code on the presenter’s screen.',
            );
      }
      lockout.succeed(conn.address);
      try {
        const outcome = room.join(m.data.name, m.data.party);
        if (outcome.kind === 'choose')
          return send(conn, JSON.stringify({ type: 'choose-party', parties: outcome.parties }));
        conn.role = { kind: 'participant', participant: outcome.participant };
        send(
          conn,
          JSON.stringify({
            type: 'welcome',
            token: outcome.token,
            participant: publicParticipant(outcome.participant),
            code: room.code,
          }),
        );
        send(conn, room.participantViewJson(outcome.participant));
        return sendHostState();
      } catch (error) {
        if (error instanceof RoomError) return refuse(conn, error.code, error.message);
        throw error;
      }
    }
    return refuse(conn, 'forbidden', 'Join the room with its code first.');
  }

  function onParticipant(conn: Conn, participant: Participant, msg: unknown, type: unknown): void {
    if (type === 'answer') {
      const m = answerMessage.safeParse(msg);
      if (!m.success)
        return refuse(conn, 'bad-message', 'An answer names the question and one of its answers.');
      try {
        room.answer(participant.id, m.data.promptId, m.data.choice);
      } catch (error) {
        if (error instanceof RoomError) return refuse(conn, error.code, error.message);
        throw error;
      }
      send(conn, room.participantViewJson(participant));
      return sendHostState();
    }
    // Everything else — another party's events, presenter commands, lab calls — is not a participant's to ask.
    return refuse(
      conn,
      'forbidden',
      'Participants can only answer questions; the presenter controls the room.',
    );
  }

  function onHost(conn: Conn, msg: unknown): void {
    const m = hostCommand.safeParse(msg);
    if (!m.success)
      return refuse(
        conn,
        'bad-message',
        `Not a presenter command: ${m.error.issues[0]?.message ?? 'unknown shape'}.`,
      );
    try {
      room.command(m.data);
    } catch (error) {
      if (error instanceof RoomError) return refuse(conn, error.code, error.message);
      throw error;
    }
    if (m.data.type === 'play') startPlaying(m.data.intervalMs ?? PLAY_INTERVAL_MS);
    if (m.data.type === 'pause' || !room.playing) stopPlaying();
    broadcast();
  }

  function startPlaying(intervalMs: number): void {
    stopPlaying();
    if (!room.playing) return;
    playTimer = setInterval(() => {
      room.tick();
      if (!room.playing) stopPlaying();
      broadcast();
    }, intervalMs);
  }

  function stopPlaying(): void {
    if (playTimer) clearInterval(playTimer);
    playTimer = null;
  }

  function lockedSentence(ms: number): string {
    const minutes = Math.max(1, Math.ceil(ms / 60_000));
    return `Too many wrong room codes from your network address; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  }

  function publicParticipant(p: Participant): { id: string; name: string; party: string } {
    return { id: p.id, name: p.name, party: p.party };
  }

  let qrSvg = '';
  let qrUrl = '';
  function hostHello(): unknown {
    return {
      type: 'host-hello',
      qrSvg,
      qrUrl,
      joinUrl,
      run: {
        title: room.run.title,
        scenarioId: room.run.scenarioId,
        variant: room.run.variant,
        seed: room.run.seed,
        journalHash: room.run.journalHash,
        journal: room.run.journal,
        ledger: room.run.ledger,
        matrix: room.run.matrix,
        parties: room.run.parties,
        steps: room.run.steps,
        endT: room.run.endT,
      },
    };
  }

  await listen(server, bindHost, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  allow = hostAllowList(bindHost, port);
  const publicHost = lan ? lanAddress() : '127.0.0.1';
  const origin = `http://${publicHost}:${port}`;
  csp = buildCsp({
    connect: [`ws://${publicHost}:${port}`, `ws://127.0.0.1:${port}`, `ws://localhost:${port}`],
  });
  joinUrl = `${origin}/join`;
  qrUrl = `${joinUrl}#code=${room.code}`;
  qrSvg = renderSVG(qrUrl, { border: 2 });
  const presenterUrl = `http://127.0.0.1:${port}/host#host=${room.hostToken}`;

  return {
    port,
    joinUrl,
    qrUrl,
    presenterUrl,
    qrSvg,
    lan,
    room,
    close: () =>
      new Promise<void>((resolve) => {
        stopPlaying();
        for (const c of conns) c.ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
