/**
 * The World: one simulation run's shared services — virtual clock, seeded randomness, journal,
 * network, observation ledger — and the registry of parties, notices and delivery states that the
 * scenario runner checks expectations against. Parties act only through the protocol and the network;
 * the World never decides what anyone sees.
 */
import type { CryptoProvider } from '../crypto/provider.js';
import type { SeededRandom } from '../crypto/seeded-random.js';
import { contentDigest } from '../ledger/digest.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Field, How, ItemKind } from '../ledger/types.js';
import type { EventLoop } from '../network/event-loop.js';
import type { Journal, JournalFields, JournalMode } from '../network/journal.js';
import type { LinkOptions } from '../network/link.js';
import type { Network } from '../network/network.js';
import { Simulation } from '../network/simulation.js';
import { toHex, utf8 } from '../crypto/bytes.js';
import { Defences, type DefenceSpec } from './defences.js';

/** Options of one run; units in the names. */
export interface WorldOptions {
  readonly seed: string | number;
  readonly crypto: CryptoProvider;
  readonly journalMode?: JournalMode;
  readonly link?: Partial<LinkOptions>;
  readonly maxEvents?: number;
  readonly defences?: readonly DefenceSpec[];
}

/** Something a user's app showed them. */
export interface Notice {
  readonly t: number;
  /** The user (party id) who was shown it. */
  readonly user: string;
  readonly kind: string;
  /** The party it is about, when there is one. */
  readonly about?: string;
  readonly detail?: string;
}

/** Delivery state of one message to one recipient device. */
export interface DeliveryState {
  readonly message: string;
  /** `user.device` as the ground truth knows it (party id of the holder and device label). */
  readonly device: string;
  /** Party id that controls the receiving device. */
  readonly holder: string;
  /** Party id of the account the device belongs to. */
  readonly account: string;
  sentAt?: number;
  deliveredAt?: number;
  readAt?: number;
  lostAt?: number;
  lostReason?: string;
}

/** Base of every party: an id, a kind, and the world it acts in. */
export abstract class Party {
  abstract readonly kind: string;
  constructor(
    readonly world: World,
    readonly id: string,
  ) {}
}

export const DEFAULT_LINK: LinkOptions = { latency_ms: 40, jitter_ms: 10, loss_rate: 0 };

export class World {
  readonly crypto: CryptoProvider;
  readonly random: SeededRandom;
  readonly loop: EventLoop;
  readonly journal: Journal;
  readonly network: Network;
  readonly ledger: Ledger;
  readonly defences: Defences;
  readonly parties = new Map<string, Party>();
  readonly notices: Notice[] = [];
  readonly deliveries = new Map<string, Map<string, DeliveryState>>();

  constructor(options: WorldOptions) {
    this.crypto = options.crypto;
    this.defences = new Defences(options.defences);
    // The engine (clock, generator, journal, ledger journalled, network) comes from Simulation.
    const simulation = new Simulation(options.crypto, {
      seed: options.seed,
      ...DEFAULT_LINK,
      ...options.link,
      ...(options.maxEvents !== undefined ? { max_events: options.maxEvents } : {}),
      journal_mode: options.journalMode ?? 'full',
    });
    this.random = simulation.random;
    this.loop = simulation.loop;
    this.journal = simulation.journal;
    this.network = simulation.network;
    this.ledger = simulation.ledger;
  }

  get now(): number {
    return this.loop.now;
  }

  /** Adds a party to the registry. */
  add<P extends Party>(party: P): P {
    if (this.parties.has(party.id)) throw new Error(`party "${party.id}" already exists`);
    this.parties.set(party.id, party);
    return party;
  }

  /** The party with `id`, checked to be of `kind` when given. */
  party<P extends Party>(id: string, ctor?: abstract new (...args: never[]) => P): P {
    const party = this.parties.get(id);
    if (!party) throw new Error(`no party "${id}"`);
    if (ctor && !(party instanceof ctor)) throw new Error(`party "${id}" is a ${party.kind}`);
    return party as P;
  }

  /** Parties of one class. */
  partiesOf<P extends Party>(ctor: abstract new (...args: never[]) => P): P[] {
    return [...this.parties.values()].filter((p): p is P => p instanceof ctor);
  }

  /** Writes a journal event. */
  log(type: string, fields: JournalFields = {}): void {
    this.journal.record(type, fields);
  }

  /** Registers a ledger item whose content is `text` (the author calls this when composing it). */
  registerItem(
    id: string,
    kind: ItemKind,
    label: string,
    author: string,
    content?: Uint8Array | string,
  ): void {
    if (this.ledger.item(id)) return;
    const bytes = typeof content === 'string' ? utf8(content) : content;
    this.ledger.registerItem({
      id,
      kind,
      label,
      author,
      t: this.now,
      ...(bytes ? { contentDigest: contentDigest(bytes, (data) => this.crypto.sha256(data)) } : {}),
    });
  }

  /**
   * Registers a metadata-only item (a device list, a group's membership, an address book) the
   * first time anyone handles it; it has no content, so no one can ever "see its content".
   */
  ensureItem(id: string, kind: ItemKind, label: string, author?: string): void {
    if (this.ledger.item(id)) return;
    this.ledger.registerItem({ id, kind, label, t: this.now, ...(author ? { author } : {}) });
  }

  /** Records what `party` learned about `item` now. Content needs the plaintext bytes as evidence. */
  observe(
    party: string,
    item: string,
    fields: readonly Field[],
    how: How,
    evidence?: Uint8Array | string,
  ): void {
    if (!this.ledger.item(item)) return;
    const bytes = typeof evidence === 'string' ? utf8(evidence) : evidence;
    this.ledger.observe({ t: this.now, party, item, fields, how, ...(bytes ? { evidence: bytes } : {}) });
  }

  /** Shows `user` a notice (and journals it). */
  notice(user: string, kind: string, about?: string, detail?: string): void {
    const notice: Notice = {
      t: this.now,
      user,
      kind,
      ...(about ? { about } : {}),
      ...(detail ? { detail } : {}),
    };
    this.notices.push(notice);
    this.log('notice', { user, kind, about, detail });
  }

  /** The delivery record of `message` to `device`, created on first use. */
  delivery(message: string, device: string, holder: string, account: string): DeliveryState {
    let perMessage = this.deliveries.get(message);
    if (!perMessage) this.deliveries.set(message, (perMessage = new Map()));
    let state = perMessage.get(device);
    if (!state) perMessage.set(device, (state = { message, device, holder, account }));
    return state;
  }

  private readonly devicesByTransportKey = new Map<string, { holder: string; label: string }>();

  /**
   * Ground truth about a device, keyed by its transport static key: who controls it and its label.
   * Used only to attribute observations in the ledger, never to decide anything.
   */
  registerDeviceTruth(transportKey: Uint8Array, holder: string, label: string): void {
    this.devicesByTransportKey.set(toHex(transportKey), { holder, label });
  }

  deviceTruth(transportKey: Uint8Array): { holder: string; label: string } {
    return (
      this.devicesByTransportKey.get(toHex(transportKey)) ?? { holder: 'unknown', label: 'unknown device' }
    );
  }
}
