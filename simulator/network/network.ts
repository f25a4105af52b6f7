/**
 * The simulated network: endpoints with IPv4 addresses, links with latency/jitter/loss, endpoints
 * that go offline and come back, and on-path taps.
 *
 * What this layer does and does not do:
 *   - A frame to an endpoint that is offline when it arrives is dropped and journalled
 *     (`net.drop`, reason `dst-offline`). Holding messages for offline devices is the chat server's
 *     job (store-and-forward), not the network's.
 *   - A frame sent by an offline endpoint never reaches the wire (`net.drop`, `src-offline`).
 *   - A tap (a network observer, a carrier) sees each frame on the links it taps when the frame is
 *     put on the wire — before any loss — with addresses, size on the wire, time and the bytes.
 *     It never learns endpoint ids: an observer on the path knows addresses, not people.
 *   - TCP frames keep their order on each direction of a link: one client↔server connection is a
 *     TCP stream, which delivers in order (RFC 9293 §3.10), so a frame's arrival is the later of its
 *     jittered time and the previous TCP frame's arrival in that direction. Jitter still spreads
 *     delays; it only reorders UDP frames (calls). Lost frames are lost (loss_rate); the transport
 *     layer copes with loss, and with reordering when `tcpInOrder` is turned off.
 */
import { AddressAllocator, type AddressPool } from './addresses.js';
import type { CanonicalValue } from './canonical-json.js';
import { SimulationError } from './errors.js';
import type { EventLoop } from './event-loop.js';
import { wireSize, type WireProtocol } from './frame-size.js';
import type { Journal } from './journal.js';
import { Link, checkLinkOptions, type LinkOptions } from './link.js';
import type { RandomStream } from './random.js';

/** A frame handed to its destination endpoint. */
export interface DeliveredFrame {
  /** Network-wide frame number (also in the journal). */
  readonly id: number;
  /** Sending endpoint id: treat it as a socket handle, not as knowledge of who the sender is. */
  readonly src: string;
  readonly dst: string;
  readonly srcAddress: string;
  readonly dstAddress: string;
  readonly bytes: Uint8Array;
  readonly protocol: WireProtocol;
  /** Bytes on the wire including IP/TCP or IP/UDP headers (frame-size.ts). */
  readonly size: number;
  readonly sentAt: number;
  readonly deliveredAt: number;
}

/** What an on-path observer sees of one frame. */
export interface TappedFrame {
  readonly id: number;
  /** Virtual time the frame went on the wire, ms. */
  readonly t: number;
  readonly srcAddress: string;
  readonly dstAddress: string;
  readonly protocol: WireProtocol;
  /** Bytes on the wire including headers. */
  readonly size: number;
  /** A copy of the payload bytes on the wire (for the transport: ciphertext only). */
  readonly bytes: Uint8Array;
  /** Ground truth: items the frame carries (SendOptions.carries), to attribute observations. */
  readonly carries: readonly string[];
}

/** An endpoint to add to the network. */
export interface EndpointSpec {
  /** Unique id, e.g. `alice.phone` or `server`. */
  readonly id: string;
  /** Address pool (default `client`); ignored when `address` is given. */
  readonly pool?: AddressPool;
  /** A fixed address instead of the next one from the pool. */
  readonly address?: string;
  /** Whether it starts online (default true). */
  readonly online?: boolean;
  /** Called for each frame delivered to it while online. */
  readonly receive: (frame: DeliveredFrame) => void;
}

/** A registered endpoint as others may inspect it. */
export interface EndpointInfo {
  readonly id: string;
  readonly address: string;
  readonly online: boolean;
}

/** A tap on links: every frame to or from one of `on` (or every frame, for `all`). */
export interface TapSpec {
  readonly on: readonly string[] | 'all';
  readonly see: (frame: TappedFrame) => void;
}

/** Options of one send. */
export interface SendOptions {
  /** Default `tcp`. */
  readonly protocol?: WireProtocol;
  /** Short tag for the journal, e.g. `noise.data`; never the content. */
  readonly label?: string;
  /**
   * Ground truth for the ledger and the views: ids of the items (messages, backups…) this frame
   * carries. No party's logic reads it; taps use it only to attribute what they saw to items.
   */
  readonly carries?: readonly string[];
}

/** Outcome of `send` as the sender's network stack knows it right away. */
export type SendResult = { readonly id: number; readonly status: 'sent' | 'lost' | 'src-offline' };

/** Listener for an endpoint's online/offline changes. */
export type StatusListener = (endpoint: string, online: boolean) => void;

interface Endpoint {
  readonly id: string;
  readonly address: string;
  online: boolean;
  readonly receive: (frame: DeliveredFrame) => void;
  readonly listeners: StatusListener[];
  /** Per destination id: the link and this direction's TCP ordering state (see Route). */
  readonly routes: Map<string, Route>;
}

/**
 * One direction of a link as its source sends on it: found with one lookup by destination id, so
 * sending a frame builds no key strings (two per frame were a measurable share of a long run).
 */
interface Route {
  readonly link: Link;
  /** Arrival time of the last TCP frame in this direction, for in-order delivery. */
  lastTcpArrival: number;
}

interface Tap {
  readonly all: boolean;
  readonly on: ReadonlySet<string>;
  readonly see: (frame: TappedFrame) => void;
}

/** The simulated network; see the file comment. */
export class Network {
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly links = new Map<string, Link>();
  private readonly addresses = new AddressAllocator();
  private readonly taps: Tap[] = [];
  private readonly globalListeners: StatusListener[] = [];
  private nextFrameId = 0;

  /**
   * Whether TCP frames keep their order per direction (default true, as a TCP stream does). Tests
   * of the transport's defences against reordering turn it off before the first frame.
   */
  tcpInOrder = true;

  /**
   * @param defaults link options for pairs without an explicit `connect`.
   * @param random the network's fork of the run's generator; each link forks it by the pair's ids.
   */
  constructor(
    private readonly loop: EventLoop,
    private readonly journal: Journal,
    private readonly random: RandomStream,
    readonly defaults: LinkOptions,
  ) {
    checkLinkOptions(defaults, 'network defaults');
    this.journalSend = journal.prepare('net.send', ['frame', 'src', 'dst', 'size', 'label', 'items']);
    this.journalDeliver = journal.prepare('net.deliver', ['frame']);
  }

  /** The two events of every frame, prepared (Journal.prepare): most journal lines of a run. */
  private readonly journalSend: (values: readonly (CanonicalValue | undefined)[]) => number;
  private readonly journalDeliver: (values: readonly (CanonicalValue | undefined)[]) => number;

  /**
   * Adds an endpoint and assigns its address.
   * @throws SimulationError `duplicate-id` for a used id or address.
   */
  add(spec: EndpointSpec): EndpointInfo {
    if (spec.id.length === 0) throw new SimulationError('invalid-option', 'endpoint id must not be empty');
    if (this.endpoints.has(spec.id))
      throw new SimulationError('duplicate-id', `endpoint "${spec.id}" already exists`);
    const address =
      spec.address !== undefined
        ? this.addresses.reserve(spec.address)
        : this.addresses.allocate(spec.pool ?? 'client');
    const endpoint: Endpoint = {
      id: spec.id,
      address,
      online: spec.online ?? true,
      receive: spec.receive,
      listeners: [],
      routes: new Map(),
    };
    this.endpoints.set(spec.id, endpoint);
    this.journal.record('net.endpoint', { endpoint: spec.id, address, online: endpoint.online });
    return this.info(spec.id);
  }

  /** Id, address and status of an endpoint. */
  info(id: string): EndpointInfo {
    const { address, online } = this.endpoint(id);
    return { id, address, online };
  }

  /** The endpoint's address. */
  addressOf(id: string): string {
    return this.endpoint(id).address;
  }

  isOnline(id: string): boolean {
    return this.endpoint(id).online;
  }

  /** Every endpoint in the order added. */
  list(): EndpointInfo[] {
    return [...this.endpoints.keys()].map((id) => this.info(id));
  }

  /**
   * Sets explicit link options between `a` and `b` (both directions), replacing the defaults.
   * Must be called before the first frame between them so every frame of a pair uses one stream.
   */
  connect(a: string, b: string, options: Partial<LinkOptions> = {}): void {
    this.endpoint(a);
    this.endpoint(b);
    const key = linkKey(a, b);
    if (this.links.has(key)) throw new SimulationError('duplicate-id', `link ${a}–${b} already exists`);
    this.links.set(key, this.makeLink(a, b, { ...this.defaults, ...options }));
  }

  /** Takes an endpoint off the network or brings it back; journalled, listeners told. No-op if unchanged. */
  setOnline(id: string, online: boolean): void {
    const endpoint = this.endpoint(id);
    if (endpoint.online === online) return;
    endpoint.online = online;
    this.journal.record(online ? 'net.online' : 'net.offline', { endpoint: id });
    for (const listener of [...endpoint.listeners]) listener(id, online);
    for (const listener of [...this.globalListeners]) listener(id, online);
  }

  /** Calls `listener` on every status change of `id` (or of any endpoint when `id` is `*`). */
  watch(id: string, listener: StatusListener): () => void {
    const list = id === '*' ? this.globalListeners : this.endpoint(id).listeners;
    list.push(listener);
    return () => {
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /** Adds an on-path tap; returns a function that removes it. Unknown endpoint ids are refused. */
  tap(spec: TapSpec): () => void {
    if (spec.on !== 'all') for (const id of spec.on) this.endpoint(id);
    const tap: Tap = { all: spec.on === 'all', on: new Set(spec.on === 'all' ? [] : spec.on), see: spec.see };
    this.taps.push(tap);
    return () => {
      const i = this.taps.indexOf(tap);
      if (i >= 0) this.taps.splice(i, 1);
    };
  }

  /**
   * Puts `bytes` on the wire from `src` to `dst`. Delivery (or a drop) happens later on the loop.
   * The caller must not mutate `bytes` afterwards.
   */
  send(src: string, dst: string, bytes: Uint8Array, options: SendOptions = {}): SendResult {
    const from = this.endpoint(src);
    const to = this.endpoint(dst);
    const protocol = options.protocol ?? 'tcp';
    const id = this.nextFrameId++;
    const size = wireSize(bytes.length, protocol);
    const label = options.label;
    if (!from.online) {
      this.journal.record('net.drop', { frame: id, src, dst, size, label, reason: 'src-offline' });
      return { id, status: 'src-offline' };
    }
    const sentAt = this.loop.now;
    const carries = options.carries ?? [];
    this.journalSend([id, src, dst, size, label, carries.length > 0 ? carries : undefined]);
    if (this.taps.length > 0)
      this.showTaps(from, to, {
        id,
        t: sentAt,
        srcAddress: from.address,
        dstAddress: to.address,
        protocol,
        size,
        bytes,
        carries,
      });
    const route = this.route(from, dst);
    const fate = route.link.sample();
    if (fate.lost) {
      this.journal.record('net.lost', { frame: id });
      return { id, status: 'lost' };
    }
    let arrival = sentAt + fate.delay_ms;
    if (protocol === 'tcp' && this.tcpInOrder) {
      // Equal times run in scheduling order (EventLoop seq), so ties keep send order too.
      if (route.lastTcpArrival > arrival) arrival = route.lastTcpArrival;
      route.lastTcpArrival = arrival;
    }
    this.loop.at(
      arrival,
      () => {
        if (!to.online) {
          this.journal.record('net.drop', { frame: id, reason: 'dst-offline' });
          return;
        }
        this.journalDeliver([id]);
        to.receive({
          id,
          src,
          dst,
          srcAddress: from.address,
          dstAddress: to.address,
          bytes,
          protocol,
          size,
          sentAt,
          deliveredAt: this.loop.now,
        });
      },
      'net.deliver',
    );
    return { id, status: 'sent' };
  }

  private showTaps(
    from: Endpoint,
    to: Endpoint,
    frame: Omit<TappedFrame, 'bytes'> & { bytes: Uint8Array },
  ): void {
    for (const tap of this.taps) {
      if (tap.all || tap.on.has(from.id) || tap.on.has(to.id))
        tap.see({ ...frame, bytes: frame.bytes.slice() });
    }
  }

  private route(from: Endpoint, dst: string): Route {
    let route = from.routes.get(dst);
    if (route === undefined)
      from.routes.set(dst, (route = { link: this.link(from.id, dst), lastTcpArrival: -1 }));
    return route;
  }

  private link(a: string, b: string): Link {
    const key = linkKey(a, b);
    let link = this.links.get(key);
    if (link === undefined) {
      link = this.makeLink(a, b, this.defaults);
      this.links.set(key, link);
    }
    return link;
  }

  private makeLink(a: string, b: string, options: LinkOptions): Link {
    const [x, y] = a < b ? [a, b] : [b, a];
    return new Link(x, y, options, this.random.fork(`link:${x}|${y}`));
  }

  private endpoint(id: string): Endpoint {
    const endpoint = this.endpoints.get(id);
    if (endpoint === undefined) throw new SimulationError('unknown-endpoint', `no network endpoint "${id}"`);
    return endpoint;
  }
}

function linkKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}
