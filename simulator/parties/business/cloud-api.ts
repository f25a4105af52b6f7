/**
 * Meta's Cloud API host (SCENARIOS.md A16, S20): it runs the business's WhatsApp client in Meta's data
 * centres, so it decrypts every customer message on the business's behalf ([CAPI]) before handing it
 * to the business's webhook. How long and where it keeps the decrypted messages depends on its
 * storage option: by default up to `retention_days` (30, [CAPI]); with Local Storage, data at rest
 * only in the chosen region while in-use copies elsewhere live at most 60 minutes ([LS]); with No
 * Storage, in-use data at most an hour and nothing at rest ([NS]). None of them changes who decrypts.
 */
import { DAY_MS } from '../chat-server.js';
import type { World } from '../../world/world.js';
import { BusinessHost } from './host.js';
import type { Retention } from './store.js';

/** The Cloud API's storage options: `default`, `local` (Local Storage), `none` (No Storage). */
export type CloudApiStorage = 'default' | 'local' | 'none';

/** Messages are kept at most 30 days by default ([CAPI]). */
export const CLOUD_API_RETENTION_DAYS = 30;
/** With Local Storage, in-use data outside the chosen region lives at most 60 minutes ([LS]). */
export const LOCAL_STORAGE_IN_USE_MS = 60 * 60 * 1000;
/** With No Storage, in-use data lives at most one hour ([NS]). */
export const NO_STORAGE_IN_USE_MS = 60 * 60 * 1000;

export interface CloudApiOptions {
  readonly storage: CloudApiStorage;
  readonly retentionDays: number;
}

export class CloudApiHost extends BusinessHost {
  readonly kind = 'cloud-api';

  constructor(
    world: World,
    id: string,
    readonly options: CloudApiOptions = { storage: 'default', retentionDays: CLOUD_API_RETENTION_DAYS },
  ) {
    super(world, id, 'server');
  }

  /** The storage option in force now: the party's setting, tightened by a `no-storage` or `local-storage` defence. */
  storageMode(): CloudApiStorage {
    if (this.options.storage === 'none' || this.world.defences.isOn('no-storage', this.id)) return 'none';
    if (this.options.storage === 'local' || this.world.defences.isOn('local-storage', this.id))
      return 'local';
    return 'default';
  }

  protected retention(): Retention[] {
    const keepMs = this.options.retentionDays * DAY_MS;
    switch (this.storageMode()) {
      case 'none':
        return [{ where: 'in use in Meta data centres (No Storage)', keepMs: NO_STORAGE_IN_USE_MS }];
      case 'local':
        return [
          { where: 'in use outside the chosen region (Local Storage)', keepMs: LOCAL_STORAGE_IN_USE_MS },
          { where: 'at rest in the chosen region (Local Storage)', keepMs },
        ];
      case 'default':
        return [{ where: 'at rest in Meta data centres', keepMs }];
    }
  }
}
