/**
 * The server side of the transport: accepts Noise IK handshakes from any client endpoint, keeps one
 * session per client endpoint (a reconnect replaces it), and hands decrypted payloads to the
 * server's code together with the connection (the client's authenticated static key and login) and
 * the frame's flow metadata — exactly what a real server necessarily learns.
 *
 * When a client endpoint goes offline its session is dropped at once (a model of the TCP connection
 * dying); `send` to a client without a session returns false, and holding the message is the chat
 * server's decision. The owner of the server endpoint routes incoming frames to `handleFrame`.
 */
import { concatBytes } from '../crypto/bytes.js';
import type { KeyPair, RandomSource } from '../crypto/provider.js';
import type { DeliveredFrame } from './network.js';
import { NoiseError, respond } from './noise.js';
import type { TransportContext } from './transport-client.js';
import { FRAME_DATA, FRAME_HANDSHAKE_INIT, FRAME_HANDSHAKE_RESPONSE } from './transport-frame.js';
import { TransportError, TransportSession } from './transport-session.js';

/** An authenticated client connection as the server sees it. */
export interface TransportConnection {
  /** The client's endpoint id (the socket, in server terms). */
  readonly client: string;
  /** The client's address as seen in the IP header. */
  readonly address: string;
  /** The client's static public key, authenticated by the handshake. */
  readonly remoteStatic: Uint8Array;
  /** The handshake payload the client sent (its login). */
  readonly login: Uint8Array;
  /** Virtual time the session opened, ms. */
  readonly openedAt: number;
}

export interface TransportServerOptions {
  /** The server's endpoint id. */
  readonly endpoint: string;
  /** The server's static key pair; clients know its public half. */
  readonly staticKey: KeyPair;
  /** Ephemeral keys are drawn from here. */
  readonly random: RandomSource;
  readonly prologue?: Uint8Array;
  /** Called with each payload a client sends. */
  readonly receive: (connection: TransportConnection, payload: Uint8Array, frame: DeliveredFrame) => void;
  /** Called when a client's session opens (first connect or reconnect). */
  readonly onConnect?: (connection: TransportConnection) => void;
  /** Called when a client's session is dropped because it went offline. */
  readonly onDisconnect?: (connection: TransportConnection) => void;
}

interface ServerSession {
  readonly connection: TransportConnection;
  readonly session: TransportSession;
}

/** The server's Noise endpoint; see the file comment. */
export class TransportServer {
  private readonly sessions = new Map<string, ServerSession>();

  constructor(
    private readonly context: TransportContext,
    private readonly options: TransportServerOptions,
  ) {
    context.network.watch('*', (id, online) => {
      if (online) return;
      if (id === options.endpoint)
        for (const client of [...this.sessions.keys()]) this.drop(client, 'server-offline');
      else this.drop(id, 'offline');
    });
  }

  /** Whether `client` has an open session. */
  isConnected(client: string): boolean {
    return this.sessions.has(client);
  }

  /** The open connection of `client`, if any. */
  connection(client: string): TransportConnection | undefined {
    return this.sessions.get(client)?.connection;
  }

  /** Endpoint ids with an open session, in the order they connected. */
  connectedClients(): string[] {
    return [...this.sessions.keys()];
  }

  /** Seals and sends `payload` to `client`; false when it has no open session (nothing is sent). */
  send(client: string, payload: Uint8Array, carries: readonly string[] = []): boolean {
    const entry = this.sessions.get(client);
    if (entry === undefined) return false;
    this.context.network.send(this.options.endpoint, client, entry.session.seal(payload), {
      label: 'noise.data',
      carries,
    });
    return true;
  }

  /** Handles a frame that arrived at the server endpoint. */
  handleFrame(frame: DeliveredFrame): void {
    const type = frame.bytes[0];
    if (type === FRAME_HANDSHAKE_INIT) this.onHandshake(frame);
    else if (type === FRAME_DATA) this.onData(frame);
    else this.reject(frame, 'malformed');
  }

  private onHandshake(frame: DeliveredFrame): void {
    let pending;
    try {
      pending = respond(
        this.context.crypto,
        this.options.random,
        { staticKey: this.options.staticKey, prologue: this.options.prologue },
        frame.bytes.subarray(1),
      );
    } catch (error) {
      if (!(error instanceof NoiseError)) throw error;
      this.reject(frame, 'bad-handshake');
      return;
    }
    const { message, keys } = pending.reply(new Uint8Array(0));
    const connection: TransportConnection = {
      client: frame.src,
      address: frame.srcAddress,
      remoteStatic: pending.remoteStatic.slice(),
      login: pending.payload.slice(),
      openedAt: this.context.loop.now,
    };
    this.sessions.delete(frame.src);
    this.sessions.set(frame.src, { connection, session: new TransportSession(keys, this.context.crypto) });
    this.context.network.send(
      this.options.endpoint,
      frame.src,
      concatBytes(new Uint8Array([FRAME_HANDSHAKE_RESPONSE]), message),
      { label: 'noise.handshake' },
    );
    this.context.journal.record('transport.accept', { server: this.options.endpoint, client: frame.src });
    this.options.onConnect?.(connection);
  }

  private onData(frame: DeliveredFrame): void {
    const entry = this.sessions.get(frame.src);
    if (entry === undefined) {
      this.reject(frame, 'no-session');
      return;
    }
    let payload: Uint8Array;
    try {
      payload = entry.session.open(frame.bytes);
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      this.reject(frame, error.reason);
      return;
    }
    this.options.receive(entry.connection, payload, frame);
  }

  private drop(client: string, reason: string): void {
    const entry = this.sessions.get(client);
    if (entry === undefined) return;
    this.sessions.delete(client);
    this.context.journal.record('transport.close', { server: this.options.endpoint, client, reason });
    this.options.onDisconnect?.(entry.connection);
  }

  private reject(frame: DeliveredFrame, reason: string): void {
    this.context.journal.record('transport.reject', { at: this.options.endpoint, frame: frame.id, reason });
  }
}
