/**
 * The simulation context one run works in: the virtual clock and event loop, the root seeded
 * generator (components take labelled forks), the journal, the observation ledger, the network and
 * the party registry. Party code gets everything it may use from here; nothing reads global state.
 *
 * Ledger writes are journalled too (`ledger.item`, `ledger.observe`), so the journal hash covers
 * who saw what as well as what happened on the wire.
 */
import type { CryptoProvider } from '../crypto/provider.js';
import { SeededRandom } from '../crypto/seeded-random.js';
import { describeHow } from '../ledger/describe.js';
import type { How } from '../ledger/types.js';
import { Ledger } from '../ledger/ledger.js';
import { EventLoop, type EventHandle } from './event-loop.js';
import { Journal } from './journal.js';
import { Network } from './network.js';
import { resolveSimulationOptions, type SimulationOptions } from './options.js';
import { PartyRegistry, type PartyLike } from './parties.js';
import type { TransportContext } from './transport-client.js';

/** One run's world; see the file comment. */
export class Simulation<P extends PartyLike = PartyLike> implements TransportContext {
  readonly options: SimulationOptions;
  readonly loop: EventLoop;
  /** The root generator; take `random.fork(label)` per component rather than drawing from it. */
  readonly random: SeededRandom;
  readonly journal: Journal;
  readonly ledger: Ledger;
  readonly network: Network;
  readonly parties = new PartyRegistry<P>();

  /**
   * @param crypto the provider every party's protocol code uses (noble or node).
   * @param options partial options; the rest come from DEFAULT_SIMULATION_OPTIONS.
   * @throws SimulationError `invalid-option` for an out-of-range option.
   */
  /**
   * Descriptions of the ledger's shared hows (Ledger keeps one frozen copy per distinct how, a few
   * thousand per run): each is written once for the journal, not once per observation.
   */
  private readonly howDescriptions = new Map<How, string>();

  private describe(how: How): string {
    let text = this.howDescriptions.get(how);
    if (text === undefined) {
      text = describeHow(how);
      // Records' hows are frozen (Ledger.internHow), so a kept description never goes stale.
      if (this.howDescriptions.size < MAX_HOW_DESCRIPTIONS) this.howDescriptions.set(how, text);
    }
    return text;
  }

  constructor(
    readonly crypto: CryptoProvider,
    options: Partial<SimulationOptions> = {},
  ) {
    this.options = resolveSimulationOptions(options);
    this.loop = new EventLoop(this.options.max_events);
    this.random = new SeededRandom(this.options.seed);
    this.journal = new Journal(() => this.loop.now, this.options.journal_mode, crypto.createSha256());
    const journalObservation = this.journal.prepare('ledger.observe', [
      'party',
      'item',
      'at',
      'fields',
      'how',
    ]);
    this.ledger = new Ledger(
      {
        onItem: (item) =>
          this.journal.record('ledger.item', { item: item.id, kind: item.kind, author: item.author }),
        onObservation: (o) => journalObservation([o.party, o.item, o.t, o.fields, this.describe(o.how)]),
      },
      (data) => crypto.sha256(data),
    );
    this.network = new Network(this.loop, this.journal, this.random.fork('network'), {
      latency_ms: this.options.latency_ms,
      jitter_ms: this.options.jitter_ms,
      loss_rate: this.options.loss_rate,
    });
    this.journal.record('sim.start', {
      seed: this.options.seed,
      latency_ms: this.options.latency_ms,
      jitter_ms: this.options.jitter_ms,
      loss_rate: this.options.loss_rate,
      max_events: this.options.max_events,
    });
  }

  /** Current virtual time, ms. */
  get now(): number {
    return this.loop.now;
  }

  /** Shorthand for `loop.schedule`. */
  schedule(delayMs: number, run: () => void, label?: string): EventHandle {
    return this.loop.schedule(delayMs, run, label);
  }

  /** Shorthand for `loop.at`. */
  at(timeMs: number, run: () => void, label?: string): EventHandle {
    return this.loop.at(timeMs, run, label);
  }

  /** Runs events up to `timeMs` inclusive; see EventLoop.runUntil. */
  runUntil(timeMs: number): number {
    return this.loop.runUntil(timeMs);
  }

  /** Runs until no event is left; see EventLoop.runUntilIdle. */
  runUntilIdle(): number {
    return this.loop.runUntilIdle();
  }
}

/** Bound on the descriptions kept per run (the ledger shares at most as many hows). */
const MAX_HOW_DESCRIPTIONS = 1 << 16;
