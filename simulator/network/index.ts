/** The simulation engine's public API. */
export { SimulationError, type SimulationErrorCode } from './errors.js';
export { EventLoop, DEFAULT_MAX_EVENTS, type EventHandle } from './event-loop.js';
export { EventQueue, type QueuedEvent } from './event-queue.js';
export { canonicalJson, type CanonicalValue } from './canonical-json.js';
export { Journal, type JournalMode, type JournalFields, type JournalEvent } from './journal.js';
export type { RandomStream } from './random.js';
export { AddressAllocator, ipv4ToNumber, numberToIpv4, type AddressPool } from './addresses.js';
export * from './frame-size.js';
export { Link, checkLinkOptions, type LinkOptions, type LinkSample } from './link.js';
export {
  Network,
  type DeliveredFrame,
  type TappedFrame,
  type EndpointSpec,
  type EndpointInfo,
  type TapSpec,
  type SendOptions,
  type SendResult,
  type StatusListener,
} from './network.js';
export * from './noise.js';
export * from './transport-frame.js';
export * from './transport-session.js';
export * from './transport-client.js';
export * from './transport-server.js';
export { DEFAULT_SIMULATION_OPTIONS, resolveSimulationOptions, type SimulationOptions } from './options.js';
export { PartyRegistry, type PartyLike } from './parties.js';
export { Simulation } from './simulation.js';
