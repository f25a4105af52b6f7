/**
 * A Business Solution Provider (SCENARIOS.md S20): it receives the business's messages by webhook
 * (from the Cloud API, or from its own copy of the business's client when it hosts it, the old
 * On-Premises API hosted by a BSP [ONP]), keeps them under its own retention policy, and passes them
 * on to the CRM. Replies from the CRM go back up through it.
 */
import { DAY_MS } from '../chat-server.js';
import type { World } from '../../world/world.js';
import { BusinessHost } from './host.js';
import type { Retention } from './store.js';

export class Bsp extends BusinessHost {
  readonly kind = 'bsp';

  /** @param retentionDays how long it keeps messages; undefined = kept indefinitely. */
  constructor(
    world: World,
    id: string,
    readonly retentionDays?: number,
  ) {
    super(world, id, 'external');
  }

  protected retention(): Retention[] {
    return [
      {
        where: `${this.id} servers`,
        ...(this.retentionDays !== undefined ? { keepMs: this.retentionDays * DAY_MS } : {}),
      },
    ];
  }
}
