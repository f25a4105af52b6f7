/**
 * A user: a person with a phone number, a primary phone and up to four companions (SCENARIOS.md A8),
 * settings, and the notices their app shows them.
 */
import type { World } from '../world/world.js';
import { Actor, plainPolicy } from './actor.js';
import type { ClientPolicy } from './client/client-device.js';
import type { ClientDevice } from './client/client-device.js';

/** The settings a user starts with (scenario `user` party fields). */
export interface UserSettings {
  readonly securityNotifications: boolean;
  readonly readReceipts: boolean;
  readonly online: boolean;
}

export class User extends Actor {
  readonly kind = 'user';

  constructor(
    world: World,
    id: string,
    readonly number: string,
    readonly settings: UserSettings,
  ) {
    super(world, id);
  }

  policy(): ClientPolicy {
    const base = plainPolicy(this.world, this.id);
    return {
      ...base,
      securityNotifications: () => this.settings.securityNotifications || base.securityNotifications(),
      readReceipts: () => this.settings.readReceipts,
    };
  }

  /** The user's own primary phone, while it is not logged out. */
  get phone(): ClientDevice | undefined {
    return this.primaryFor(this.number);
  }

  /** Devices of the user's own account that the user holds and that are still logged in. */
  get ownDevices(): ClientDevice[] {
    return this.devices.filter((d) => d.number === this.number && !d.loggedOut);
  }
}

/** An attacker: capabilities come only from what it does (SIM swaps, phishing, linking, breaches). */
export class Attacker extends Actor {
  readonly kind = 'attacker';

  policy(): ClientPolicy {
    return plainPolicy(this.world, this.id);
  }
}
