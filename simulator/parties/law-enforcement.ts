/**
 * A law-enforcement agency making lawful requests to the messaging service (SCENARIOS.md S16, [FBI]).
 * What it gets is what the server itself holds — never content, because the server has none:
 *   - a pen register: the server's routing records for messages to or from the target, from the order
 *     on, handed over every 15 minutes (sender, recipient, time, source IP);
 *   - a search warrant: stored account data — the target's contacts as the server knows them (the
 *     numbers it has exchanged messages with) and the accounts that have the target among theirs,
 *     plus subscriber records (registration time, devices).
 */
import type { ChatServer, RoutingRecord } from './chat-server.js';
import { Party, type World } from '../world/world.js';

/** A pen register's records reach the agency in batches this often ([FBI]: "every 15 minutes"). */
export const PEN_REGISTER_INTERVAL_MS = 15 * 60_000;

/** What a warrant return holds about an account. */
export interface WarrantReturn {
  readonly contacts: readonly string[];
  readonly heldBy: readonly string[];
  readonly devices: readonly number[];
  readonly registeredAt?: number;
}

export class LawEnforcement extends Party {
  readonly kind = 'law-enforcement';
  /** Pen-register records received so far, for views and tests. */
  readonly records: RoutingRecord[] = [];

  constructor(world: World, id: string) {
    super(world, id);
  }

  /**
   * Serves a pen register on `server` for `number` (owned by `owner`): from now on, the server's
   * routing records involving the number are batched and delivered every 15 minutes.
   */
  penRegister(server: ChatServer, number: string, owner: string): void {
    const batch: RoutingRecord[] = [];
    server.routingWatchers.push((record) => {
      if (involves(server, record, number)) batch.push(record);
    });
    const deliver = (): void => {
      const records = batch.splice(0);
      if (records.length > 0) {
        this.world.log('lawful.pen-register-delivery', {
          agency: this.id,
          target: owner,
          records: records.length,
        });
      }
      for (const record of records) {
        this.records.push(record);
        this.world.observe(this.id, record.messageId, ['sender', 'recipient', 'timestamp', 'ip'], {
          kind: 'clear',
          via: `pen register on ${server.id} (${record.from} → ${record.to} from ${record.ip})`,
        });
      }
      this.world.loop.schedule(PEN_REGISTER_INTERVAL_MS, deliver, 'lawful.pen-register');
    };
    this.world.loop.schedule(PEN_REGISTER_INTERVAL_MS, deliver, 'lawful.pen-register');
    this.world.log('lawful.pen-register', { agency: this.id, server: server.id, target: owner });
  }

  /**
   * Serves a search warrant on `server` for `number`: the stored account data comes back at once,
   * recorded against `address-book:<number>` and `registration:<number>`.
   */
  warrant(server: ChatServer, number: string, owner: string): WarrantReturn | undefined {
    const account = server.account(number);
    this.world.log('lawful.warrant', {
      agency: this.id,
      server: server.id,
      target: owner,
      found: account !== undefined,
    });
    if (!account) return undefined;
    const contacts = [...account.contacts].sort();
    const heldBy = [...server.accounts.values()]
      .filter((other) => other.number !== number && other.contacts.has(number))
      .map((other) => other.number)
      .sort();
    const addressBook = `address-book:${number}`;
    this.world.registerItem(
      addressBook,
      'address-book',
      `contacts of ${owner} as the server records them`,
      owner,
    );
    this.world.observe(this.id, addressBook, ['address-book'], {
      kind: 'clear',
      via: `search warrant on ${server.id}: ${contacts.length} contacts, in ${heldBy.length} others' contacts`,
    });
    const registration = `registration:${number}`;
    this.world.registerItem(registration, 'registration', `${owner}'s account`, owner);
    this.world.observe(this.id, registration, ['timestamp', 'device-list'], {
      kind: 'clear',
      via: `search warrant on ${server.id}: subscriber records`,
    });
    return { contacts, heldBy, devices: [...account.deviceList], registeredAt: account.registeredAt };
  }
}

/** Whether a routing record is to or from `number` (group messages count when it is a member). */
function involves(server: ChatServer, record: RoutingRecord, number: string): boolean {
  if (record.from === number) return true;
  if (record.to.startsWith('group:'))
    return server.groups.get(record.to.slice('group:'.length))?.members.has(number) ?? false;
  return record.to.split(',').includes(number);
}
