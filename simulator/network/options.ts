/**
 * Simulation options in one documented object, units in the names (TigerBeetle style). A scenario's
 * `options` block maps onto this; anything it leaves out takes the default below.
 */
import type { Seed } from '../crypto/seeded-random.js';
import { SimulationError } from './errors.js';
import { DEFAULT_MAX_EVENTS } from './event-loop.js';
import type { JournalMode } from './journal.js';
import { checkLinkOptions, type LinkOptions } from './link.js';

export interface SimulationOptions extends LinkOptions {
  /** Seed of the run's generator: every key, delay and loss is drawn from it. */
  readonly seed: Seed;
  /** Default one-way link latency, ms (a phone on 4G to a nearby data centre: ~40 ms). */
  readonly latency_ms: number;
  /** Default extra delay per frame, uniform in [0, jitter_ms), ms. */
  readonly jitter_ms: number;
  /** Default probability a frame is lost on a link, in [0, 1]. */
  readonly loss_rate: number;
  /** Bound on events executed per run and pending at once; exceeding it is an error. */
  readonly max_events: number;
  /** `full` keeps every journal line; `summary` keeps only the hash and counts (benchmarks). */
  readonly journal_mode: JournalMode;
}

/** The defaults: a clean, fairly fast network, seed 1, full journal. */
export const DEFAULT_SIMULATION_OPTIONS: SimulationOptions = {
  seed: 1,
  latency_ms: 40,
  jitter_ms: 10,
  loss_rate: 0,
  max_events: DEFAULT_MAX_EVENTS,
  journal_mode: 'full',
};

/**
 * Fills in defaults and checks ranges.
 * @throws SimulationError `invalid-option` naming the option and the accepted range.
 */
export function resolveSimulationOptions(options: Partial<SimulationOptions> = {}): SimulationOptions {
  const resolved: SimulationOptions = { ...DEFAULT_SIMULATION_OPTIONS, ...stripUndefined(options) };
  checkLinkOptions(resolved, 'simulation options');
  if (!Number.isSafeInteger(resolved.max_events) || resolved.max_events < 1) {
    throw new SimulationError(
      'invalid-option',
      `simulation options: max_events must be a positive integer, got ${resolved.max_events}`,
    );
  }
  if (resolved.journal_mode !== 'full' && resolved.journal_mode !== 'summary') {
    throw new SimulationError(
      'invalid-option',
      `simulation options: journal_mode must be "full" or "summary"`,
    );
  }
  return resolved;
}

function stripUndefined(options: Partial<SimulationOptions>): Partial<SimulationOptions> {
  return Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as Partial<SimulationOptions>;
}
