/**
 * A CRM or customer-service dashboard (SCENARIOS.md S20): the end of a business's route, where its
 * agents read customers' messages and write replies. It keeps what it receives under its own
 * retention policy.
 */
import { DAY_MS } from '../chat-server.js';
import type { World } from '../../world/world.js';
import { BusinessHost } from './host.js';
import type { Retention } from './store.js';

export class Crm extends BusinessHost {
  readonly kind = 'crm';

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
        where: `${this.id} database`,
        ...(this.retentionDays !== undefined ? { keepMs: this.retentionDays * DAY_MS } : {}),
      },
    ];
  }
}
