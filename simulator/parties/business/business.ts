/**
 * A business account (SCENARIOS.md A16, S20): a WhatsApp number registered with the chat server like
 * a user's, whose one client is run by whoever hosts it — Meta's Cloud API, a BSP, or the business
 * itself (On-Premises API [ONP]). Customers' clients encrypt to the keys of that client, so the host
 * reads every message; from there webhooks carry it to the BSP and the CRM (or the business's own
 * server). The business party is also its own servers: the end of the route when there is no CRM.
 */
import type { ChatServer } from '../chat-server.js';
import { plainPolicy } from '../actor.js';
import { ClientDevice } from '../client/client-device.js';
import type { World } from '../../world/world.js';
import { type BusinessRoute, BusinessHost } from './host.js';
import type { Retention } from './store.js';

/** Where the business's WhatsApp client runs. */
export type BusinessHosting = 'cloud-api' | 'on-premises' | 'bsp-hosted';

/** The hosts a business is wired to; `holder` runs its client (the business itself for on-premises). */
export interface BusinessWiring {
  readonly server: ChatServer;
  readonly holder: BusinessHost;
  readonly bsp?: BusinessHost;
  readonly crm?: BusinessHost;
  /** Network endpoint id (device label) of the business's client. */
  readonly label: string;
}

export class Business extends BusinessHost {
  readonly kind = 'business';
  private wired?: { route: BusinessRoute; client: ClientDevice };
  /** Customers' devices watched for the chat label, and customers already shown it (label.ts). */
  readonly labelWatch = new WeakSet<ClientDevice>();
  readonly labelShown = new Set<string>();

  constructor(
    world: World,
    id: string,
    readonly number: string,
    readonly hosting: BusinessHosting,
  ) {
    super(world, id, 'external');
  }

  /** The business's own servers keep what reaches them (no retention limit is declared for them). */
  protected retention(): Retention[] {
    return [{ where: `${this.id}'s own servers` }];
  }

  get route(): BusinessRoute {
    if (!this.wired) throw new Error(`business ${this.id} is not wired to its hosts`);
    return this.wired.route;
  }

  /** The business's WhatsApp client (held by the host). */
  get client(): ClientDevice {
    if (!this.wired) throw new Error(`business ${this.id} is not wired to its hosts`);
    return this.wired.client;
  }

  /**
   * Installs the business's client on its holder, registers the number with the chat server, and
   * sets up the route: holder → BSP → CRM, or → the business's own server when there is no CRM.
   */
  wire(wiring: BusinessWiring): ClientDevice {
    const { world } = this;
    const hops = [
      ...new Set(
        [wiring.holder, wiring.bsp, wiring.crm ?? this].filter((h): h is BusinessHost => h !== undefined),
      ),
    ];
    const route: BusinessRoute = { businessId: this.id, number: this.number, hops };
    const client = new ClientDevice({
      world,
      server: wiring.server,
      holder: wiring.holder.id,
      account: this.id,
      number: this.number,
      deviceId: 1,
      label: wiring.label,
      policy: plainPolicy(world, wiring.holder.id),
      notify: (kind, about, detail) => world.notice(this.id, kind, about, detail),
    });
    wiring.server.registerPrimary(this.number, this.id, {
      keys: client.keyUpload(),
      transportKey: client.transportKey.publicKey,
      holder: wiring.holder.id,
      label: wiring.label,
    });
    client.connect();
    for (const hop of hops) hop.serve(route);
    wiring.holder.runClient(client, route);
    this.wired = { route, client };
    world.log('business.wired', {
      business: this.id,
      hosting: this.hosting,
      client: wiring.label,
      route: hops.map((h) => h.id),
    });
    return client;
  }

  /**
   * The business's agent writes to a customer. Agents work at the end of the route (the CRM, or the
   * business's own system); from there the reply goes up to the client, which encrypts it.
   */
  write(messageId: string, customer: { id: string; number: string }, text: string): void {
    const route = this.route;
    this.world.registerItem(messageId, 'message', `${this.id} → ${customer.id}: "${text}"`, this.id, text);
    this.world.observe(
      this.id,
      messageId,
      ['content', 'sender', 'recipient', 'timestamp'],
      { kind: 'authored' },
      text,
    );
    route.hops[route.hops.length - 1]!.compose(route, messageId, customer.number, text);
  }
}
