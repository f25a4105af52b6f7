/**
 * A business host run by a third party outside Meta (a BSP's servers, a CRM's database): one store,
 * kept for a number of days or indefinitely, on an external address (SCENARIOS.md S20, A16).
 */
import { DAY_MS } from '../chat-server.js';
import type { World } from '../../world/world.js';
import { BusinessHost } from './host.js';
import type { Retention } from './store.js';

export abstract class ExternalHost extends BusinessHost {
  /** Where its copy sits, after its id (e.g. `servers`, `database`). */
  protected abstract readonly storeName: string;

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
        where: `${this.id} ${this.storeName}`,
        ...(this.retentionDays !== undefined ? { keepMs: this.retentionDays * DAY_MS } : {}),
      },
    ];
  }
}
