// Browser mode: the same lab service over loopback HTTP and a WebSocket, for machines without the Electron binary
// and for the e2e tests. Calls are `POST /api/<call>` with a JSON body and answer with the contract's envelope;
// events stream as `{event, payload}` JSON messages on the WebSocket at /api/events. Every request and socket
// must carry this launch's token and name one of our hosts (see auth.ts).
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { API_PREFIX, EVENTS_PATH, TOKEN_META_NAME, isCallName, type LabErrorInfo } from '../contract.js';
import { dispatchCall, type ErrorLog, type HostedService } from '../service/dispatch.js';
import { COMMON_HEADERS, buildCsp, cspMetaTag } from '../shared/csp.js';
import {
  contentTypeOf,
  injectHead,
  placeholderPage,
  readText,
  rendererIsBuilt,
  resolveStatic,
} from '../shared/static-files.js';
import {
  createToken,
  hostAllowList,
  hostAllowed,
  originAllowed,
  presentedToken,
  tokenCookieName,
  tokensMatch,
} from './auth.js';

/** Largest request body accepted: a maximal scenario text plus JSON overhead. */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;
/** A WebSocket client this far behind on events is dropped rather than buffered without bound. */
const WS_BACKLOG_LIMIT_BYTES = 32 * 1024 * 1024;
export const DEFAULT_HOST = '127.0.0.1';

export interface WebHostOptions {
  service: HostedService;
  /** Directory of the built renderer (dist/renderer); a placeholder page is served when it has no index.html. */
  rendererDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); a random one per launch otherwise. */
  token?: string;
  log?: ErrorLog;
}

export interface WebHost {
  /** The address to open in a browser, token included. */
  url: string;
  origin: string;
  host: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** The port is taken or not ours to bind: says which, and what to do instead. */
export class WebHostError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'WebHostError';
  }
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...COMMON_HEADERS,
    ...extra,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: LabErrorInfo['code'], message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(
          new WebHostError(
            `Port ${port} on ${host} is already in use (is Sightline already running?). ` +
              'Start with --port <number> to use another port, or --port 0 for any free one.',
            'EADDRINUSE',
          ),
        );
      } else if (error.code === 'EACCES') {
        reject(
          new WebHostError(
            `Not allowed to listen on ${host}:${port}; choose a port above 1023 with --port.`,
            'EACCES',
          ),
        );
      } else if (error.code === 'EADDRNOTAVAIL') {
        reject(
          new WebHostError(
            `${host} is not an address of this machine; use --host 127.0.0.1.`,
            'EADDRNOTAVAIL',
          ),
        );
      } else {
        reject(error);
      }
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Start the web host; resolves once it is listening. @throws WebHostError when the port cannot be bound. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? DEFAULT_HOST;
  const token = options.token ?? createToken();
  const log: ErrorLog =
    options.log ?? ((message, error) => console.error(`[sightline web] ${message}`, error));
  const service = options.service;
  // Filled in once the port is known; requests cannot arrive before then.
  let allow: Set<string> | 'any' = new Set();
  let cookieName = '';
  let csp = '';

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log('request failed', error);
      if (!res.headersSent)
        sendError(res, 500, 'internal', 'The request failed; the details are in the log.');
      else res.destroy();
    });
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;

  /** The checks every request and upgrade shares. Returns an HTTP status to refuse with, or null. */
  function refusal(req: IncomingMessage, url: URL, acceptCookie: boolean): [number, LabErrorInfo] | null {
    if (!hostAllowed(allow, req.headers.host)) {
      return [
        403,
        {
          code: 'forbidden',
          message: 'This host name is not served here; use the address Sightline printed.',
        },
      ];
    }
    if (!originAllowed(allow, req.headers.origin)) {
      return [403, { code: 'forbidden', message: 'Requests from other sites are not accepted.' }];
    }
    const presented = presentedToken(req, url, acceptCookie ? cookieName : null);
    if (!tokensMatch(token, presented.value)) {
      return [
        401,
        {
          code: 'unauthorized',
          message:
            'Missing or wrong token. Open the address Sightline printed at launch; it carries the token.',
        },
      ];
    }
    return null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sightline.invalid');
    const isApi = url.pathname.startsWith(API_PREFIX);
    const refused = refusal(req, url, !isApi);
    if (refused) {
      sendJson(res, refused[0], { ok: false, error: refused[1] });
      return;
    }
    if (isApi) return handleApi(req, res, url);
    return handleStatic(req, res, url);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === EVENTS_PATH) {
      sendError(res, 426, 'invalid-args', 'Events are served over a WebSocket at this path.');
      return;
    }
    const name = url.pathname.slice(API_PREFIX.length);
    if (!isCallName(name)) {
      sendError(res, 404, 'unknown-call', `There is no call named "${name.slice(0, 64)}".`);
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      sendError(res, 405, 'invalid-args', 'Calls are made with POST.');
      return;
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      sendError(res, 415, 'invalid-args', 'Calls take a JSON body (Content-Type: application/json).');
      return;
    }
    let body: string;
    try {
      body = await readBody(req, BODY_LIMIT_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        sendError(res, 413, 'invalid-args', `The request body is larger than ${BODY_LIMIT_BYTES} bytes.`);
        return;
      }
      throw error;
    }
    let args: unknown;
    try {
      args = body.trim() === '' ? {} : (JSON.parse(body) as unknown);
    } catch {
      sendError(res, 400, 'invalid-args', 'The request body is not valid JSON.');
      return;
    }
    // Contract outcomes (including refused arguments) travel in the envelope with status 200.
    sendJson(res, 200, await dispatchCall(service, name, args, log));
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendError(res, 405, 'invalid-args', 'Only GET and HEAD are served here.');
      return;
    }
    const built = rendererIsBuilt(options.rendererDir);
    const file = built ? resolveStatic(options.rendererDir, url.pathname) : null;
    const isIndex = file ? file.endsWith('index.html') && contentTypeOf(file).startsWith('text/html') : false;
    if (!file && (built || url.pathname !== '/')) {
      sendError(res, 404, 'not-found', 'No such file.');
      return;
    }
    const headers: Record<string, string> = { ...COMMON_HEADERS, 'Content-Security-Policy': csp };
    let content: Buffer;
    if (!file || isIndex) {
      const page = file ? readText(file) : placeholderPage();
      const tags = `${cspMetaTag(csp)}\n<meta name="${TOKEN_META_NAME}" content="${token}">`;
      content = Buffer.from(injectHead(page, tags), 'utf8');
      headers['Content-Type'] = 'text/html; charset=utf-8';
      headers['Set-Cookie'] = `${cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict`;
    } else {
      content = readFileSync(file);
      headers['Content-Type'] = contentTypeOf(file);
    }
    headers['Content-Length'] = String(content.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : content);
  }

  // ---- events over WebSocket ---------------------------------------------------------------------------------
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://sightline.invalid');
    const refused = url.pathname === EVENTS_PATH ? refusal(req, url, false) : [404, null];
    if (refused) {
      const status = refused[0];
      const reason = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found';
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      const unsubscribe = service.subscribe((event) => {
        if (ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > WS_BACKLOG_LIMIT_BYTES) {
          ws.close(1013, 'Too far behind on events');
          return;
        }
        ws.send(JSON.stringify(event));
      });
      ws.on('close', () => {
        unsubscribe();
        sockets.delete(ws);
      });
      ws.on('error', (error) => log('event socket error', error));
      // Clients have nothing to say on this socket; anything they send is ignored.
    });
  });

  const requestedPort = options.port ?? 0;
  await listen(server, host, requestedPort);
  const port = (server.address() as AddressInfo).port;
  allow = hostAllowList(host, port);
  cookieName = tokenCookieName(port);
  const hostForUrl = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const origin = `http://${hostForUrl === '0.0.0.0' || hostForUrl === '[::]' ? '127.0.0.1' : hostForUrl}:${port}`;
  csp = buildCsp({ connect: [`ws://${new URL(origin).host}`] });

  return {
    url: `${origin}/?token=${token}`,
    origin,
    host,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of sockets) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
