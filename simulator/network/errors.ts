/**
 * Errors of the simulation engine. Each carries a stable `code` so the runner can turn it into a
 * located, human-readable problem (and tests can assert on the reason, not on the wording).
 */

/** Why the engine refused to go on. */
export type SimulationErrorCode =
  | 'event-limit' // more events than `max_events` (a runaway scenario or a feedback loop)
  | 'time-in-past' // an event scheduled before the current virtual time
  | 'invalid-time' // a delay or time that is negative, NaN or infinite
  | 'reentrant-run' // runUntil/runUntilIdle called from inside an event
  | 'unknown-endpoint' // a network endpoint id that was never added
  | 'unknown-party' // a party id that was never registered
  | 'duplicate-id' // an endpoint, party or address registered twice
  | 'address-exhausted' // an address pool has no free address left
  | 'invalid-option' // an option outside its documented range
  | 'invalid-journal-entry' // a journal field that cannot be written canonically
  | 'queue-full'; // a bounded buffer (e.g. a transport outbox) would overflow

/** The engine's only error type; `code` says why in one stable word. */
export class SimulationError extends Error {
  override readonly name = 'SimulationError';
  constructor(
    readonly code: SimulationErrorCode,
    message: string,
  ) {
    super(message);
  }
}
