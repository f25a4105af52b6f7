/**
 * A business-side host (SCENARIOS.md A16, S20): Meta's Cloud API, a BSP, a CRM, or the business's own
 * servers. A host may run a business account's WhatsApp client (then customers' messages are
 * end-to-end encrypted *to this host's keys* and its own client decrypts them); it stores what passes
 * through it under its retention rules; and it passes messages along the business's route by HTTPS —
 * webhooks down to the CRM, API calls back up to the client for replies. TLS protects each hop on the
 * wire, so every host on the route receives the plaintext, and records it in the ledger only because
 * its code really handled those bytes.
 */
import { fromUtf8, utf8 } from '../../crypto/bytes.js';
import type { Field } from '../../ledger/types.js';
import type { AddressPool } from '../../network/addresses.js';
import type { Stanza } from '../../world/stanza.js';
import { Party, type World } from '../../world/world.js';
import type { ClientDevice } from '../client/client-device.js';
import { HttpsEndpoint } from './https.js';
import { type HeldMessage, type MessageHolder, MessageStore, type Retention } from './store.js';

/** The hosts a business account's messages pass through, from the one running its client outwards. */
export interface BusinessRoute {
  /** Party id of the business. */
  readonly businessId: string;
  /** The business's phone number (the Cloud API's phone-number id). */
  readonly number: string;
  /** hops[0] runs the client; inbound messages flow to higher indexes, replies to lower ones. */
  readonly hops: readonly BusinessHost[];
}

/** What one hop tells the next (the body of a webhook or an API call). */
export interface BusinessEvent {
  /** `message` carries the text; `status` is a delivery/read status for a reply. */
  readonly kind: 'message' | 'status';
  /** `inbound`: customer → business (down the route); `outbound`: business → customer (up). */
  readonly direction: 'inbound' | 'outbound';
  /** The business's number, to find the route. */
  readonly business: string;
  readonly messageId: string;
  /** Customer or business number. */
  readonly from: string;
  readonly to: string;
  readonly text?: string;
  readonly status?: string;
  readonly timestamp: number;
  /** Party id of the host that sent this hop (what the webhook signature or access token proves). */
  readonly sender?: string;
}

/** Fields a webhook or API body reveals along with the text. */
const MESSAGE_FIELDS: readonly Field[] = ['content', 'sender', 'recipient', 'timestamp', 'size'];

export abstract class BusinessHost extends Party implements MessageHolder {
  readonly https: HttpsEndpoint;
  readonly store: MessageStore;
  /** Business clients this host runs, by business number. */
  readonly clients = new Map<string, ClientDevice>();
  private readonly routes = new Map<string, BusinessRoute>();
  /** Events already handled (re-delivered webhooks, several receipts for one reply). */
  private readonly handled = new Set<string>();
  /** Replies this host's clients sent, whose statuses go down the route. */
  private readonly replies = new Set<string>();

  /** @param pool address range of the host's HTTPS endpoint. */
  constructor(world: World, id: string, pool: AddressPool) {
    super(world, id);
    this.https = new HttpsEndpoint(world, id, pool, (body) => this.onRequest(body));
    this.store = new MessageStore(world, id, (messageId) => this.purge(messageId));
  }

  /** Where and for how long this host keeps a message it handles now (its policy and defences). */
  protected abstract retention(): Retention[];

  /** The messages this host holds right now (what a breach of it would read). */
  storedMessages(): HeldMessage[] {
    return this.store.storedMessages();
  }

  /** This host is on `route`. */
  serve(route: BusinessRoute): void {
    this.routes.set(route.number, route);
  }

  /**
   * This host runs the business's WhatsApp client: what the client decrypts (its own keys, its own
   * session) is handed to the host's code, which stores it and sends it down the route.
   */
  runClient(device: ClientDevice, route: BusinessRoute): void {
    this.serve(route);
    this.clients.set(route.number, device);
    device.taps.push((event) => {
      if (event.kind === 'plaintext') this.onDecrypted(device, route, event.item);
    });
    device.receiptListeners.push((stanza) => this.onReceipt(route, stanza));
  }

  /**
   * The business's agent wrote a reply on this host (the CRM, or the business's own system): it goes
   * up the route to the host running the client, which encrypts it to the customer.
   */
  compose(route: BusinessRoute, messageId: string, customer: string, text: string): void {
    if (this.id !== route.businessId) {
      this.world.observe(
        this.id,
        messageId,
        MESSAGE_FIELDS,
        { kind: 'clear', via: `written in ${this.id} by ${route.businessId}'s agent` },
        text,
      );
    }
    this.handle(route, {
      kind: 'message',
      direction: 'outbound',
      business: route.number,
      messageId,
      from: route.number,
      to: customer,
      text,
      timestamp: this.world.now,
    });
  }

  private onDecrypted(device: ClientDevice, route: BusinessRoute, messageId: string): void {
    const entry = device.history.get(messageId);
    if (!entry || entry.direction !== 'in' || entry.groupId !== undefined) return;
    this.handle(route, {
      kind: 'message',
      direction: 'inbound',
      business: route.number,
      messageId,
      from: entry.from,
      to: route.number,
      text: entry.text,
      timestamp: entry.timestamp,
    });
  }

  private onReceipt(route: BusinessRoute, stanza: Stanza): void {
    const messageId = stanza.messageId ?? '';
    if (stanza.kind !== 'receipt' || !this.replies.has(messageId)) return;
    if (stanza.receipt !== 'delivered' && stanza.receipt !== 'read') return;
    this.handle(route, {
      kind: 'status',
      direction: 'inbound',
      business: route.number,
      messageId,
      from: stanza.user ?? '',
      to: route.number,
      status: stanza.receipt,
      timestamp: this.world.now,
    });
  }

  /** A webhook or API call arrived over HTTPS: TLS is gone at this point, the body is plaintext. */
  private onRequest(body: Uint8Array): void {
    let event: BusinessEvent;
    try {
      event = JSON.parse(fromUtf8(body)) as BusinessEvent;
    } catch {
      this.world.log('business.bad-request', { host: this.id });
      return;
    }
    const route = this.routes.get(event.business);
    if (!route) {
      this.world.log('business.no-route', { host: this.id, business: event.business });
      return;
    }
    const via = `${event.direction === 'inbound' ? 'webhook' : 'API call'} from ${event.sender ?? 'unknown'}`;
    if (event.kind === 'message' && event.text !== undefined) {
      this.world.observe(this.id, event.messageId, MESSAGE_FIELDS, { kind: 'clear', via }, event.text);
    } else if (event.kind === 'status') {
      this.world.observe(this.id, event.messageId, ['recipient', 'timestamp'], {
        kind: 'routing',
        detail: `${event.status} status ${via}`,
      });
    }
    this.handle(route, event);
  }

  /** Keeps the message under this host's retention, then passes it one hop along the route. */
  private handle(route: BusinessRoute, event: BusinessEvent): void {
    const key = `${event.kind}:${event.status ?? ''}:${event.direction}:${event.messageId}`;
    if (this.handled.has(key)) return;
    this.handled.add(key);
    if (event.kind === 'message' && event.text !== undefined)
      this.store.keep(event.messageId, event.text, this.retention());
    const index = route.hops.indexOf(this);
    if (event.direction === 'inbound') {
      const next = route.hops[index + 1];
      if (next) this.post(next, event);
      else if (event.kind === 'message' && event.text !== undefined && route.businessId !== this.id) {
        // The end of the route is where the business's staff read their customers' messages.
        this.world.observe(
          route.businessId,
          event.messageId,
          MESSAGE_FIELDS,
          { kind: 'clear', via: `${this.id} dashboard` },
          event.text,
        );
      }
      return;
    }
    const previous = index > 0 ? route.hops[index - 1] : undefined;
    if (previous) this.post(previous, event);
    else this.sendToCustomer(route, event);
  }

  private post(to: BusinessHost, event: BusinessEvent): void {
    const body = utf8(JSON.stringify({ ...event, sender: this.id }));
    const what = event.direction === 'inbound' ? 'webhook' : 'api';
    const requestId = `${event.kind}:${event.status ?? ''}:${event.direction}:${event.messageId}`;
    this.world.log('business.forward', {
      from: this.id,
      to: to.id,
      messageId: event.messageId,
      kind: event.kind,
      via: what,
    });
    this.https.post(to.https, requestId, body, `${what}.${event.kind}`);
  }

  /** The client this host runs encrypts the reply to the customer's devices (end to end from here). */
  private sendToCustomer(route: BusinessRoute, event: BusinessEvent): void {
    const device = this.clients.get(route.number);
    if (!device || event.text === undefined) {
      this.world.log('business.no-client', {
        host: this.id,
        business: route.businessId,
        messageId: event.messageId,
      });
      return;
    }
    this.replies.add(event.messageId);
    const timestamp = this.world.now;
    device.history.set(event.messageId, {
      messageId: event.messageId,
      from: route.number,
      to: event.to,
      text: event.text,
      timestamp,
      direction: 'out',
    });
    device.sendPayload(event.messageId, event.to, {
      kind: 'text',
      messageId: event.messageId,
      text: event.text,
      from: route.number,
      to: event.to,
      timestamp,
    });
  }

  /** The last stored copy is gone: the client's message store lets go of it too. */
  private purge(messageId: string): void {
    for (const device of this.clients.values()) device.history.delete(messageId);
  }
}
