/**
 * The calling stack of a client (SCENARIOS.md A15, S5, S22). Signalling travels as end-to-end
 * encrypted `call-offer` payloads through the chat server: the offer carries a fresh 32-byte SRTP
 * master secret ([WP] "Voice and Video Calls") and, in `text`, the signal (offer / answer / end)
 * with the sender's media candidate. Media then flows as SRTP-like UDP frames, peer-to-peer by
 * default — so each peer's client receives frames from the other's address and learns it — or through
 * the service's relay when either side has "Protect IP address in calls" on ([CALL]).
 *
 * Model choices (stated, since sources leave them open):
 * - A peer learns the other's address from the media frames its own code receives, not from the
 *   candidates in the offer (a silenced or unanswered call reveals no address).
 * - The callee's primary phone picks up after RING_MS; companions ring but do not answer.
 * - `silence-unknown-callers`: a call from a number the callee's device has never exchanged messages
 *   with (its stand-in for the address book) does not ring; it is journalled and shown as silenced.
 * - A zero-click exploit (S22) sits in the ringing path: an offer crafted with `exploit` runs the
 *   attacker's code on the callee's primary as soon as it rings, before anyone answers; a silenced
 *   call never reaches that path.
 */
import { toHex } from '../../crypto/bytes.js';
import type { DeliveredFrame } from '../../network/network.js';
import type { Payload } from '../../world/payload.js';
import type { World } from '../../world/world.js';
import type { ChatServer } from '../chat-server.js';
import type { ClientDevice } from '../client/client-device.js';
import { CallRelay } from './call-relay.js';
import {
  MEDIA_PAYLOAD_BYTES,
  type MediaKeys,
  bindFrame,
  callToken,
  frameToken,
  mediaKeys,
  openMedia,
  sealMedia,
} from './srtp.js';

/** The callee's phone rings this long before the user picks up. */
export const RING_MS = 3_000;
/** An offer delivered later than this (the callee was offline) is a missed call, not a ringing one. */
export const CALL_TIMEOUT_MS = 60_000;
/** A ring-only caller (an exploit call) hangs up after this long. */
export const HANG_UP_MS = 1_500;
/** Media frames each side sends (a short call: enough for observers to see the flow). */
export const MEDIA_FRAMES = 10;
export const MEDIA_INTERVAL_MS = 20;
/** The callee starts sending media this long after answering. */
export const MEDIA_START_MS = 500;

/** Call signalling, carried as JSON in the call-offer payload's `text`. */
interface Signal {
  readonly type: 'offer' | 'answer' | 'end';
  /** Whether the sender wants media relayed (its IP-protection setting, or the call already is). */
  readonly relay?: boolean;
  /** The sender's address for peer-to-peer media; absent when relayed. */
  readonly candidate?: string;
  /** A crafted offer carrying a call-stack exploit (S22). */
  readonly exploit?: boolean;
}

interface ActiveCall {
  readonly id: string;
  readonly role: 'caller' | 'callee';
  /** The other side's number. */
  readonly peer: string;
  readonly keys: MediaKeys;
  readonly token: Uint8Array;
  relayed: boolean;
  candidate?: string;
  ended: boolean;
  framesIn: number;
}

/** How a call is placed. */
export interface PlaceOptions {
  /** Effect of the exploit code when the crafted offer rings on the target's phone. */
  readonly exploit?: (device: ClientDevice) => void;
}

/** Per-run state of calling: each device's stack, the relay, and which calls were picked up. */
export class CallBook {
  private readonly stacks = new WeakMap<ClientDevice, CallStack>();
  /** Exploit effects by call id (the attacker's code, run where the crafted offer rings). */
  readonly exploits = new Map<string, (device: ClientDevice) => void>();
  /** Calls picked up on some device (the service tells the others to stop ringing). */
  readonly answered = new Set<string>();
  private relayParty: CallRelay | undefined;
  private count = 0;

  constructor(
    readonly world: World,
    readonly server: ChatServer,
  ) {}

  /** The calling stack of `device`, attached on first use. */
  stack(device: ClientDevice): CallStack {
    let stack = this.stacks.get(device);
    if (!stack) this.stacks.set(device, (stack = new CallStack(device, this)));
    return stack;
  }

  /** The service's call relay, started on first use. */
  relay(): CallRelay {
    this.relayParty ??= new CallRelay(this.world, this.server.id, `${this.server.id}-relay`);
    return this.relayParty;
  }

  /** Whether the relay is running and `endpoint` is it. */
  isRelay(endpoint: string): boolean {
    return this.relayParty?.endpoint === endpoint;
  }

  nextCallId(from: string, to: string): string {
    return `call:${from}>${to}#${++this.count}`;
  }

  /** Party id owning `number`, for labels and notices. */
  ownerOf(number: string): string {
    return this.server.account(number)?.owner ?? number;
  }
}

/** One device's calling stack. */
export class CallStack {
  private readonly calls = new Map<string, ActiveCall>();
  private readonly byToken = new Map<string, ActiveCall>();

  constructor(
    readonly device: ClientDevice,
    private readonly book: CallBook,
  ) {
    const previous = device.onOtherPayload;
    device.onOtherPayload = (payload, meta) => {
      if (payload.kind === 'call-offer') this.onSignal(payload, meta);
      else previous?.(payload, meta);
    };
    device.peerFrameListeners.push((frame) => this.onFrame(frame));
  }

  private get world(): World {
    return this.device.world;
  }

  /** Calls `number`: a fresh SRTP master secret goes to every device of the callee inside the offer. */
  place(number: string, options: PlaceOptions = {}): string {
    const { world, device } = this;
    const callee = this.book.ownerOf(number);
    const callId = this.book.nextCallId(device.holder, callee);
    const masterSecret = world.random.fork(callId).bytes(32);
    world.registerItem(callId, 'call', `${device.holder} calls ${callee}`, device.holder, masterSecret);
    world.observe(
      device.holder,
      callId,
      ['content', 'sender', 'recipient', 'timestamp'],
      { kind: 'authored' },
      masterSecret,
    );
    const relay = world.defences.isOn('ip-protection-calls', device.options.account);
    const call = this.track(callId, 'caller', number, masterSecret);
    call.relayed = relay;
    if (options.exploit) this.book.exploits.set(callId, options.exploit);
    const signal: Signal = {
      type: 'offer',
      relay,
      ...(relay ? {} : { candidate: world.network.addressOf(device.label) }),
      ...(options.exploit ? { exploit: true } : {}),
    };
    world.log('call.offer', { device: device.label, callId, to: number, relay });
    device.sendPayload(callId, number, { ...this.payload(callId, number, signal), callKey: masterSecret });
    if (options.exploit) {
      world.loop.schedule(HANG_UP_MS, () => this.signal(number, callId, { type: 'end' }), 'call.hang-up');
    }
    return callId;
  }

  private payload(callId: string, to: string, signal: Signal): Payload {
    return {
      kind: 'call-offer',
      messageId: callId,
      from: this.device.number,
      to,
      timestamp: this.world.now,
      text: JSON.stringify(signal),
    };
  }

  private signal(to: string, callId: string, signal: Signal): void {
    this.device.sendPayload(`${callId}/${signal.type}`, to, this.payload(callId, to, signal));
  }

  private track(
    callId: string,
    role: 'caller' | 'callee',
    peer: string,
    masterSecret: Uint8Array,
  ): ActiveCall {
    const { crypto } = this.world;
    const call: ActiveCall = {
      id: callId,
      role,
      peer,
      keys: mediaKeys(crypto, masterSecret),
      token: callToken(crypto, callId),
      relayed: false,
      ended: false,
      framesIn: 0,
    };
    this.calls.set(callId, call);
    this.byToken.set(toHex(call.token), call);
    return call;
  }

  private onSignal(payload: Payload, meta: { from: string; fromDevice: number; messageId: string }): void {
    const callId = payload.messageId ?? meta.messageId;
    if (meta.from === this.device.number) return; // our own other device's call
    let signal: Signal;
    try {
      signal = JSON.parse(payload.text ?? '') as Signal;
    } catch {
      this.world.log('call.bad-signal', { device: this.device.label, callId });
      return;
    }
    if (signal.type === 'offer') this.onOffer(callId, payload, signal, meta);
    else if (signal.type === 'answer') this.onAnswer(callId, signal);
    else this.onEnd(callId);
  }

  private onOffer(
    callId: string,
    payload: Payload,
    signal: Signal,
    meta: { from: string; fromDevice: number },
  ): void {
    const { world, device } = this;
    const caller = this.book.ownerOf(meta.from);
    const masterSecret = payload.callKey ?? new Uint8Array(0);
    world.observe(
      device.holder,
      callId,
      ['content', 'sender', 'recipient', 'timestamp'],
      {
        kind: 'decrypted',
        with: `session ${meta.from}.${meta.fromDevice}→${device.address}`,
      },
      masterSecret,
    );
    if (world.now - (payload.timestamp ?? world.now) > CALL_TIMEOUT_MS) {
      world.log('call.missed', { device: device.label, callId, reason: 'offer arrived too late' });
      device.options.notify('missed-call', caller, callId);
      return;
    }
    if (world.defences.isOn('silence-unknown-callers', device.options.account) && !this.knows(meta.from)) {
      world.log('call.silenced', { device: device.label, callId, from: meta.from });
      device.options.notify('call-silenced', caller, callId);
      return;
    }
    const call = this.track(callId, 'callee', meta.from, masterSecret);
    call.relayed =
      (signal.relay ?? false) || world.defences.isOn('ip-protection-calls', device.options.account);
    if (signal.candidate !== undefined) call.candidate = signal.candidate;
    world.log('call.ringing', { device: device.label, callId, from: meta.from });
    device.options.notify('incoming-call', caller, callId);
    if (signal.exploit && device.deviceId === 1) {
      // Zero-click: the crafted offer is parsed on the ringing path; nobody has to answer.
      world.log('call.exploited', { device: device.label, callId });
      this.book.exploits.get(callId)?.(device);
    }
    if (device.deviceId === 1) world.loop.schedule(RING_MS, () => this.answer(call), 'call.answer');
  }

  /** Whether the callee's device knows `number` (its stand-in for the address book). */
  private knows(number: string): boolean {
    if (this.device.contacts.has(number)) return true;
    for (const stored of this.device.history.values())
      if (stored.from === number || stored.to === number) return true;
    return false;
  }

  private answer(call: ActiveCall): void {
    const { world, device } = this;
    if (call.ended || this.book.answered.has(call.id)) {
      world.log('call.missed', {
        device: device.label,
        callId: call.id,
        reason: call.ended ? 'caller hung up' : 'answered elsewhere',
      });
      if (call.ended) device.options.notify('missed-call', this.book.ownerOf(call.peer), call.id);
      return;
    }
    this.book.answered.add(call.id);
    if (call.relayed) this.bind(call);
    world.log('call.answered', { device: device.label, callId: call.id, relayed: call.relayed });
    this.signal(call.peer, call.id, {
      type: 'answer',
      relay: call.relayed,
      ...(call.relayed ? {} : { candidate: world.network.addressOf(device.label) }),
    });
    world.loop.schedule(MEDIA_START_MS, () => this.sendMedia(call), 'call.media');
  }

  private onAnswer(callId: string, signal: Signal): void {
    const call = this.calls.get(callId);
    if (!call || call.role !== 'caller') return;
    call.relayed = signal.relay ?? false;
    if (signal.candidate !== undefined) call.candidate = signal.candidate;
    if (call.relayed) this.bind(call);
    this.sendMedia(call);
  }

  private onEnd(callId: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    call.ended = true;
    this.world.log('call.ended', { device: this.device.label, callId });
  }

  private bind(call: ActiveCall): void {
    const relay = this.book.relay();
    this.world.network.send(this.device.label, relay.endpoint, bindFrame(call.token, call.id), {
      protocol: 'udp',
      label: 'relay-bind',
      carries: [call.id],
    });
  }

  /** Sends the call's media: to the relay, or straight to the peer's address. */
  private sendMedia(call: ActiveCall): void {
    const { world, device } = this;
    const target = call.relayed
      ? this.book.relay().endpoint
      : world.network.list().find((endpoint) => endpoint.address === call.candidate)?.id;
    if (target === undefined) {
      world.log('call.no-route', { device: device.label, callId: call.id });
      return;
    }
    const silence = new Uint8Array(MEDIA_PAYLOAD_BYTES);
    for (let seq = 0; seq < MEDIA_FRAMES; seq++) {
      world.loop.schedule(
        seq * MEDIA_INTERVAL_MS,
        () => {
          const frame = sealMedia(world.crypto, call.keys, call.token, seq, silence);
          world.network.send(device.label, target, frame, {
            protocol: 'udp',
            label: 'srtp',
            carries: [call.id],
          });
        },
        'call.frame',
      );
    }
  }

  private onFrame(frame: DeliveredFrame): void {
    const token = frameToken(frame.bytes);
    const call = token !== undefined ? this.byToken.get(token) : undefined;
    if (!call) return;
    if (!openMedia(this.world.crypto, call.keys, frame.bytes)) {
      this.world.log('call.media-rejected', { device: this.device.label, callId: call.id });
      return;
    }
    call.framesIn++;
    if (call.framesIn > 1) return;
    const relayed = this.book.isRelay(frame.src);
    this.world.log('call.media', {
      device: this.device.label,
      callId: call.id,
      from: frame.srcAddress,
      relayed,
    });
    if (relayed) return;
    this.world.observe(this.device.holder, call.id, ['ip'], {
      kind: 'routing',
      detail: `peer-to-peer call media from ${frame.srcAddress}`,
    });
  }
}
