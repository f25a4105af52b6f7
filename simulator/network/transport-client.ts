/**
 * The client side of the transport: a device's connection to its chat server over the simulated
 * network, wrapped in Noise IK (noise.ts) and DATA frames (transport-session.ts). An observer on the
 * path sees only addresses, sizes, timing and ciphertext.
 *
 * Behaviour, modelled on a phone app's connection:
 *   - connects whenever its endpoint is online (`autoConnect`, default), and drops the session when
 *     the endpoint goes offline; payloads sent while not connected wait in a bounded outbox;
 *   - retries a handshake that got no answer every HANDSHAKE_RETRY_MS, at most
 *     MAX_HANDSHAKE_ATTEMPTS times per connect;
 *   - no retransmission of DATA frames: a frame lost on the link is lost (loss is a link option;
 *     the messaging layer above re-sends what it must).
 * The owner of the endpoint routes frames from the server to `handleFrame`.
 */
import { concatBytes } from '../crypto/bytes.js';
import type { CryptoProvider, KeyPair, RandomSource } from '../crypto/provider.js';
import { SimulationError } from './errors.js';
import type { EventHandle, EventLoop } from './event-loop.js';
import type { Journal } from './journal.js';
import type { DeliveredFrame, Network } from './network.js';
import { NoiseError, initiate, type InitiatorPending } from './noise.js';
import { FRAME_DATA, FRAME_HANDSHAKE_INIT, FRAME_HANDSHAKE_RESPONSE } from './transport-frame.js';
import { TransportError, TransportSession } from './transport-session.js';

/** Wait before re-sending an unanswered handshake, ms. */
export const HANDSHAKE_RETRY_MS = 5_000;
/** Handshake messages sent per connect before giving up until the next connect or send. */
export const MAX_HANDSHAKE_ATTEMPTS = 5;
/** Payloads held while not connected. */
export const MAX_OUTBOX = 10_000;
/** DATA frames held when they overtake the handshake response (reordering). */
export const MAX_EARLY_FRAMES = 256;

/** Engine services a transport endpoint uses. */
export interface TransportContext {
  readonly network: Network;
  readonly loop: EventLoop;
  readonly journal: Journal;
  readonly crypto: CryptoProvider;
}

export interface TransportClientOptions {
  /** This device's network endpoint id. */
  readonly endpoint: string;
  /** The server's endpoint id. */
  readonly server: string;
  /** The server's static public key (shipped with the app). */
  readonly serverStatic: Uint8Array;
  /** This device's static transport key pair. */
  readonly staticKey: KeyPair;
  /** Ephemeral keys are drawn from here (give each client its own fork). */
  readonly random: RandomSource;
  /** Handshake payload, e.g. the login (account and device); encrypted inside message 1. */
  readonly login?: Uint8Array;
  readonly prologue?: Uint8Array;
  /** Called with each payload the server sends, with the frame that carried it. */
  readonly receive: (payload: Uint8Array, frame: DeliveredFrame) => void;
  /** Called each time a session opens (also after a reconnect). */
  readonly onOpen?: () => void;
  /** Connect whenever the endpoint is online (default true). */
  readonly autoConnect?: boolean;
}

/** Connection state of a client. */
export type TransportClientState = 'closed' | 'handshaking' | 'open';

/** A device's Noise connection to the server; see the file comment. */
export class TransportClient {
  private stateValue: TransportClientState = 'closed';
  private session: TransportSession | undefined;
  private pending: InitiatorPending | undefined;
  private attempts = 0;
  private retryTimer: EventHandle | undefined;
  private readonly outbox: { payload: Uint8Array; carries: readonly string[] }[] = [];
  private readonly early: DeliveredFrame[] = [];

  constructor(
    private readonly context: TransportContext,
    private readonly options: TransportClientOptions,
  ) {
    context.network.watch(options.endpoint, (_id, online) =>
      online ? this.onOnline() : this.close('offline'),
    );
    if ((options.autoConnect ?? true) && context.network.isOnline(options.endpoint)) this.connect();
  }

  get state(): TransportClientState {
    return this.stateValue;
  }

  /** Payloads waiting for a connection. */
  get queued(): number {
    return this.outbox.length;
  }

  /** Starts a handshake unless one is running or the session is open. */
  connect(): void {
    if (this.stateValue !== 'closed') return;
    this.stateValue = 'handshaking';
    this.attempts = 0;
    this.sendHandshake();
  }

  /**
   * Sends `payload` to the server now, or queues a copy of it until the session opens (`payload`
   * itself is not kept, so it may be a view the caller reuses). `carries` names the
   * ledger items inside (ground truth for on-path observers; see SendOptions.carries).
   * @throws SimulationError `queue-full` when MAX_OUTBOX payloads are already waiting.
   */
  send(payload: Uint8Array, carries: readonly string[] = []): void {
    if (this.stateValue === 'open' && this.session !== undefined) {
      this.transmit(this.session.seal(payload), 'noise.data', carries);
      return;
    }
    if (this.outbox.length >= MAX_OUTBOX) {
      throw new SimulationError(
        'queue-full',
        `transport outbox of ${this.options.endpoint} is full (${MAX_OUTBOX})`,
      );
    }
    // A copy: senders may hand over a borrowed view (stanza.ts withStanza) that is reused after the call.
    this.outbox.push({ payload: payload.slice(), carries });
    if (this.stateValue === 'closed' && this.context.network.isOnline(this.options.endpoint)) this.connect();
  }

  /** Drops the session (e.g. the app closed the connection); queued payloads stay. */
  close(reason = 'closed'): void {
    if (this.stateValue === 'closed') return;
    this.stateValue = 'closed';
    this.session = undefined;
    this.pending = undefined;
    this.early.length = 0;
    this.cancelRetry();
    this.context.journal.record('transport.close', { client: this.options.endpoint, reason });
  }

  /** Handles a frame that arrived from the server. Frames from other endpoints are ignored. */
  handleFrame(frame: DeliveredFrame): void {
    if (frame.src !== this.options.server) return;
    const type = frame.bytes[0];
    if (type === FRAME_HANDSHAKE_RESPONSE) this.onResponse(frame);
    else if (type === FRAME_DATA) this.onData(frame);
    else this.reject(frame, 'malformed');
  }

  private onOnline(): void {
    if ((this.options.autoConnect ?? true) || this.outbox.length > 0) this.connect();
  }

  private sendHandshake(): void {
    this.attempts++;
    const login = this.options.login ?? new Uint8Array(0);
    this.pending = initiate(
      this.context.crypto,
      this.options.random,
      {
        staticKey: this.options.staticKey,
        remoteStatic: this.options.serverStatic,
        prologue: this.options.prologue,
      },
      login,
    );
    this.context.journal.record('transport.connect', {
      client: this.options.endpoint,
      server: this.options.server,
      attempt: this.attempts,
    });
    this.transmit(
      concatBytes(new Uint8Array([FRAME_HANDSHAKE_INIT]), this.pending.message),
      'noise.handshake',
    );
    this.retryTimer = this.context.loop.schedule(HANDSHAKE_RETRY_MS, () => this.onRetry(), 'transport.retry');
  }

  private onRetry(): void {
    this.retryTimer = undefined;
    if (this.stateValue !== 'handshaking') return;
    if (this.attempts >= MAX_HANDSHAKE_ATTEMPTS) {
      this.close('handshake-timeout');
      return;
    }
    this.sendHandshake();
  }

  private onResponse(frame: DeliveredFrame): void {
    if (this.stateValue !== 'handshaking' || this.pending === undefined) {
      this.reject(frame, 'unexpected-handshake');
      return;
    }
    let keys;
    try {
      keys = this.pending.finish(frame.bytes.subarray(1)).keys;
    } catch (error) {
      if (!(error instanceof NoiseError)) throw error;
      // A late answer to an earlier attempt: keep waiting for the current one.
      this.reject(frame, 'bad-handshake');
      return;
    }
    this.cancelRetry();
    this.pending = undefined;
    this.session = new TransportSession(keys, this.context.crypto);
    this.stateValue = 'open';
    this.context.journal.record('transport.open', {
      client: this.options.endpoint,
      server: this.options.server,
    });
    // Queued payloads go first, in order, before anything the callbacks below may send.
    for (const { payload, carries } of this.outbox.splice(0)) {
      this.transmit(this.session.seal(payload), 'noise.data', carries);
    }
    this.options.onOpen?.();
    for (const early of this.early.splice(0)) this.onData(early);
  }

  private onData(frame: DeliveredFrame): void {
    if (this.stateValue === 'handshaking') {
      if (this.early.length < MAX_EARLY_FRAMES) this.early.push(frame);
      else this.reject(frame, 'early-overflow');
      return;
    }
    if (this.session === undefined) {
      this.reject(frame, 'no-session');
      return;
    }
    let payload: Uint8Array;
    try {
      payload = this.session.open(frame.bytes);
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      this.reject(frame, error.reason);
      return;
    }
    this.options.receive(payload, frame);
  }

  private transmit(bytes: Uint8Array, label = 'noise.data', carries: readonly string[] = []): void {
    this.context.network.send(this.options.endpoint, this.options.server, bytes, { label, carries });
  }

  private reject(frame: DeliveredFrame, reason: string): void {
    this.context.journal.record('transport.reject', { at: this.options.endpoint, frame: frame.id, reason });
  }

  private cancelRetry(): void {
    if (this.retryTimer !== undefined) this.context.loop.cancel(this.retryTimer);
    this.retryTimer = undefined;
  }
}
