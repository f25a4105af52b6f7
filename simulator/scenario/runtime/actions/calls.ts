/**
 * 1:1 calls (SCENARIOS.md A15, S5): the caller's client sends an end-to-end encrypted offer with a
 * fresh SRTP master secret, the callee's phone rings (or is silenced), picks up, and media flows
 * peer-to-peer or through the service's relay. What each side learns — the key, the other's address
 * — comes from the calling stack's own code (simulator/parties/calls/).
 */
import { CallBook, type PlaceOptions } from '../../../parties/calls/call-stack.js';
import type { ClientDevice } from '../../../parties/client/client-device.js';
import type { RunContext } from '../context.js';
import { accountDevice } from './attacks.js';
import { type ActionHandlers, done } from './types.js';

/** The run's calling state (one call book per run). */
export function callBook(context: RunContext, device: ClientDevice): CallBook {
  let book = context.extensions.get('calls') as CallBook | undefined;
  if (!book) context.extensions.set('calls', (book = new CallBook(context.world, device.options.server)));
  return book;
}

/**
 * Places a call from `caller` to `number`. Every client has a calling stack; it is attached to the
 * devices involved when the first call reaches them.
 */
export function placeCall(
  context: RunContext,
  caller: ClientDevice,
  number: string,
  options: PlaceOptions = {},
): string {
  const book = callBook(context, caller);
  for (const actor of context.actors.values()) {
    for (const device of actor.devices) if (device.number === number && !device.loggedOut) book.stack(device);
  }
  return book.stack(caller).place(number, options);
}

export const callActions: ActionHandlers = {
  call: (action, context) => {
    const caller = accountDevice(context, action.from);
    const number = context.numberOf(action.to);
    const callId = placeCall(context, caller, number);
    return done(`${action.from} calls ${action.to} from ${caller.label} (${callId})`);
  },
};
