/**
 * Linking a companion device in a scenario (SCENARIOS.md A8, S3, S9): the linking handshake, the
 * owner's notice, and the history bundle of recent messages the primary sends the new device (the
 * owner's `history_sync` limits). The same code serves a
 * user linking their own laptop and a victim lured into linking an attacker's browser.
 */
import type { Actor } from '../../parties/actor.js';
import type { ClientDevice } from '../../parties/client/client-device.js';
import { COMPANION_LOGIN_DELAY_MS, linkCompanionDevice } from '../../parties/client/link-companion.js';
import type { User } from '../../parties/user.js';
import { MAX_LINKED_DEVICES } from '../schema-parties.js';
import { type RunContext, RunError } from './context.js';

/**
 * Why the server refuses one more companion for `owner`, or undefined when it accepts: an account
 * may link at most the chat server's `max_linked_devices` (WhatsApp: four, [MD][FAQ-LD]). The refusal
 * is journalled, so a report shows the limit stopping a linking lure.
 */
export function linkRefusal(context: RunContext, owner: User): string | undefined {
  const server = context.server();
  const account = server.account(owner.number);
  if (!account) throw new RunError(`${owner.id} is not registered`);
  const spec = context.specs.get(server.id);
  const max = spec?.kind === 'chat-server' ? spec.max_linked_devices : MAX_LINKED_DEVICES;
  const companions = account.deviceList.length - 1;
  if (companions < max) return undefined;
  context.world.log('server.link-refused', { number: owner.number, companions, max });
  return `${server.id} refuses another linked device for ${owner.id}: ${companions} of ${max} already linked`;
}

/** Links a new companion held by `holder` to `owner`'s account (see {@link linkRefusal}); returns the companion. */
export function linkCompanion(
  context: RunContext,
  owner: User,
  holder: Actor,
  label: string,
  options: { history: boolean },
): ClientDevice {
  const { world } = context;
  const server = context.server();
  const primary = owner.phone;
  if (!primary) throw new RunError(`${owner.id} has no logged-in primary phone to link from`);
  const account = server.account(owner.number);
  if (!account) throw new RunError(`${owner.id} is not registered`);
  const companion = linkCompanionDevice(server, owner, holder, label);
  world.notice(owner.id, 'new-device-linked', holder.id === owner.id ? undefined : holder.id, label);
  if (options.history) {
    const spec = context.specs.get(owner.id);
    const sync = spec?.kind === 'user' ? spec.history_sync : undefined;
    const limits = {
      ...(sync ? { maxAgeMs: sync.max_age } : {}),
      ...(sync?.max_messages !== undefined ? { maxMessages: sync.max_messages } : {}),
    };
    world.loop.schedule(
      COMPANION_LOGIN_DELAY_MS + 1_000,
      () => primary.sendHistory(companion.address, limits),
      'link.history',
    );
  }
  return companion;
}
